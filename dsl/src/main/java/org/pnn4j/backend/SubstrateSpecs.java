package org.pnn4j.backend;

import java.util.Locale;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.physics.electronics.DiodeCircuit;
import org.pnn4j.physics.mechanics.Plate;
import org.pnn4j.physics.optics.FourierOptics;
import org.pnn4j.physics.optics.Shg;
import org.pnn4j.physics.oscillators.CoupledOscillators;
import org.pnn4j.physics.oscillators.PendulaRing;

/**
 * Built-in substrates by a short spec {@code kind[:n,n,...]}, as the device server's {@code --substrate} and
 * remote clients name them. Both ends build the same substrate from the same spec, so its
 * {@link Substrate#name()} (the key on the wire) agrees.
 *
 * <table>
 * <caption>specs</caption>
 * <tr><th>spec</th><th>substrate</th></tr>
 * <tr><td>{@code oscillators:N}</td><td>{@code CoupledOscillators.of(N)}</td></tr>
 * <tr><td>{@code pendula:N}</td><td>{@code PendulaRing.of(N)}</td></tr>
 * <tr><td>{@code shg} or {@code shg:BINS,IN,OUT}</td><td>{@code Shg.shg()} or {@code Shg.of(BINS, IN, OUT)}</td></tr>
 * <tr><td>{@code fourier:PIXELS}</td><td>{@code FourierOptics.of(PIXELS)}</td></tr>
 * <tr><td>{@code plate:MODES}</td><td>{@code Plate.of(MODES)}</td></tr>
 * <tr><td>{@code diode}</td><td>{@code DiodeCircuit.of()}</td></tr>
 * <tr><td>{@code acoustic:IN,CONTROLS,OUT}</td><td>{@code Cavity.acoustic(IN, CONTROLS, OUT)}</td></tr>
 * <tr><td>{@code microwave:IN,CONTROLS,OUT}</td><td>{@code Cavity.microwave(IN, CONTROLS, OUT)}</td></tr>
 * </table>
 */
public final class SubstrateSpecs {
    private SubstrateSpecs() {}

    /** The accepted forms, for help texts and errors. */
    public static final String FORMS = "oscillators:N, pendula:N, shg, shg:BINS,IN,OUT, fourier:PIXELS, plate:MODES, diode, "
            + "acoustic:IN,CONTROLS,OUT, microwave:IN,CONTROLS,OUT";

    /**
     * The substrate a spec names.
     *
     * @throws IllegalArgumentException for an unknown kind or wrong numbers, listing the accepted forms
     */
    public static Substrate parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String kind = colon < 0 ? s : s.substring(0, colon);
        int[] n = colon < 0 ? new int[0] : numbers(spec, s.substring(colon + 1));
        try {
            return switch (kind) {
                case "oscillators" -> CoupledOscillators.of(exactly(spec, n, 1)[0]);
                case "pendula" -> PendulaRing.of(exactly(spec, n, 1)[0]);
                case "shg" -> n.length == 0 ? Shg.shg() : build3(spec, n, (a, b, c) -> Shg.of(a, b, c));
                case "fourier" -> FourierOptics.of(exactly(spec, n, 1)[0]);
                case "plate" -> Plate.of(exactly(spec, n, 1)[0]);
                case "diode" -> { exactly(spec, n, 0); yield DiodeCircuit.of(); }
                case "acoustic" -> build3(spec, n, Cavity::acoustic);
                case "microwave" -> build3(spec, n, Cavity::microwave);
                default -> throw new IllegalArgumentException("unknown substrate kind '" + kind + "' in '" + spec + "'; use one of: " + FORMS);
            };
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().contains(FORMS)) throw e;
            throw new IllegalArgumentException("substrate spec '" + spec + "': " + e.getMessage(), e);
        }
    }

    private interface Three {
        Substrate make(int a, int b, int c);
    }

    private static Substrate build3(String spec, int[] n, Three f) {
        int[] v = exactly(spec, n, 3);
        return f.make(v[0], v[1], v[2]);
    }

    private static int[] exactly(String spec, int[] n, int count) {
        if (n.length != count)
            throw new IllegalArgumentException("substrate spec '" + spec + "' needs " + count + " number" + (count == 1 ? "" : "s")
                    + " after the kind, got " + n.length + "; use one of: " + FORMS);
        return n;
    }

    private static int[] numbers(String spec, String list) {
        String[] parts = list.split(",");
        int[] n = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                n[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("substrate spec '" + spec + "': '" + parts[i].trim() + "' is not a whole number; use one of: " + FORMS);
            }
            if (n[i] < 1) throw new IllegalArgumentException("substrate spec '" + spec + "': sizes must be at least 1, got " + n[i]);
        }
        return n;
    }
}
