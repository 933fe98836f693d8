package org.pnn4j.physics.cavities;

import java.util.Locale;
import java.util.Objects;
import org.pnn4j.physics.Checks;

/**
 * The options of a {@link Cavity}, one immutable value validated in one place (its constructor). Build one with
 * {@link #builder(Cavity.Kind, int, int, int)}: the kind and the sizes are required, every other option has its
 * default as a value (DJL's rule: required settings by the factory, optional ones by {@code optX},
 * {@link Builder#build()} validates).
 *
 * @param kind               acoustic speakers or a microwave metasurface
 * @param inputs             data sources (at least 1)
 * @param controls           trainable sources (at least 0)
 * @param outputs            detectors (at least 1)
 * @param bits               bits per metasurface element, 1 or 2 (default 1; an acoustic cavity keeps 1, where it has no meaning)
 * @param seed               seed of the scattering matrix T (default 0)
 * @param lossless           whether T is a Haar-random unitary (default false; needs outputs = inputs + controls)
 * @param scatteringMismatch devices' relative std of their fixed perturbation of T (default 0.05)
 * @param detectorNoise      devices' Gaussian detector noise std, output power units (default 0.01)
 */
public record CavityOptions(Cavity.Kind kind, int inputs, int controls, int outputs, int bits, long seed, boolean lossless,
                            double scatteringMismatch, double detectorNoise) {
    /**
     * Validates every option.
     *
     * @throws IllegalArgumentException naming the option and the value that is out of its range
     */
    public CavityOptions {
        Objects.requireNonNull(kind, "kind");
        if (inputs < 1 || controls < 0 || outputs < 1)
            throw new IllegalArgumentException(kind.name().toLowerCase(Locale.ROOT) + " cavity needs inputs >= 1, controls >= 0 and outputs >= 1, got "
                    + inputs + ", " + controls + ", " + outputs);
        String name = name(kind, inputs, controls, outputs);
        if (kind != Cavity.Kind.MICROWAVE && bits != 1) throw new IllegalArgumentException(name + ": bits apply to microwave metasurfaces only");
        if (bits != 1 && bits != 2) throw new IllegalArgumentException(name + ": metasurface elements have 1 or 2 bits, got " + bits);
        if (lossless && outputs != inputs + controls)
            throw new IllegalArgumentException("a lossless " + name + " needs as many outputs as sources (" + (inputs + controls) + "), got " + outputs);
        Checks.nonNegative(name, "scattering mismatch", scatteringMismatch);
        Checks.nonNegative(name, "detector noise", detectorNoise);
    }

    /** The substrate's name, e.g. {@code "acoustic(4, 2, 3)"}. */
    static String name(Cavity.Kind kind, int inputs, int controls, int outputs) {
        return (kind == Cavity.Kind.ACOUSTIC ? "acoustic(" : "microwave(") + inputs + ", " + controls + ", " + outputs + ")";
    }

    /**
     * A builder of a {@code kind} cavity with {@code inputs} data sources, {@code controls} trainable sources and
     * {@code outputs} detectors, every other option at its default.
     *
     * @throws IllegalArgumentException if inputs or outputs &lt; 1 or controls &lt; 0
     */
    public static Builder builder(Cavity.Kind kind, int inputs, int controls, int outputs) {
        return new Builder(new CavityOptions(kind, inputs, controls, outputs, 1, 0, false, 0.05, 0.01));
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe; the options it builds are immutable. */
    public static final class Builder {
        private final Cavity.Kind kind;
        private final int inputs, controls, outputs;
        private int bits;
        private long seed;
        private boolean lossless;
        private double scatteringMismatch, detectorNoise;

        private Builder(CavityOptions o) {
            kind = o.kind; inputs = o.inputs; controls = o.controls; outputs = o.outputs; bits = o.bits; seed = o.seed;
            lossless = o.lossless; scatteringMismatch = o.scatteringMismatch; detectorNoise = o.detectorNoise;
        }

        /** Bits per metasurface element (microwave only). */
        public Builder optBits(int n) { bits = n; return this; }

        /** Seed of the scattering matrix T. */
        public Builder optSeed(long newSeed) { seed = newSeed; return this; }

        /** A lossless (unitary) T. */
        public Builder optLossless(boolean unitary) { lossless = unitary; return this; }

        /** Devices' relative perturbation of T. */
        public Builder optScatteringMismatch(double relative) { scatteringMismatch = relative; return this; }

        /** Devices' detector noise std, output units. */
        public Builder optDetectorNoise(double power) { detectorNoise = power; return this; }

        /** Devices without imperfections: no scattering mismatch, no detector noise (the bits, a design choice, stay). */
        public Builder optFlawless() { scatteringMismatch = 0; detectorNoise = 0; return this; }

        /**
         * The options collected.
         *
         * @throws IllegalArgumentException for an option out of its range (see the record's constructor)
         */
        public CavityOptions build() {
            return new CavityOptions(kind, inputs, controls, outputs, bits, seed, lossless, scatteringMismatch, detectorNoise);
        }
    }
}
