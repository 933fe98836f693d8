package org.pnn4j.backend;

import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.SubstrateKinds;
import org.pnn4j.physics.SubstrateProvider;

/**
 * Substrates by a short spec {@code kind[:n,n,...]}, as the device server's {@code --substrate} and remote clients
 * name them: the kinds of every {@link SubstrateProvider} on the class path ({@link SubstrateKinds}). Both ends build
 * the same substrate from the same spec, so its {@link Substrate#name()} (the key on the wire) agrees.
 *
 * <table>
 * <caption>built-in specs</caption>
 * <tr><th>spec</th><th>substrate</th></tr>
 * <tr><td>{@code oscillators:N}</td><td>{@code CoupledOscillators.of(N)}</td></tr>
 * <tr><td>{@code pendula:N}</td><td>{@code PendulaRing.of(N)}</td></tr>
 * <tr><td>{@code shg} or {@code shg:BINS,IN,OUT}</td><td>{@code Shg.shg()} or {@code Shg.of(BINS, IN, OUT)}</td></tr>
 * <tr><td>{@code fourier:PIXELS}</td><td>{@code FourierOptics.of(PIXELS)}</td></tr>
 * <tr><td>{@code mzi:MODES}</td><td>{@code MziMesh.of(MODES)}</td></tr>
 * <tr><td>{@code plate:MODES}</td><td>{@code Plate.of(MODES)}</td></tr>
 * <tr><td>{@code diode}</td><td>{@code DiodeCircuit.of()}</td></tr>
 * <tr><td>{@code transistor}</td><td>{@code TransistorCircuit.of()}</td></tr>
 * <tr><td>{@code resistors:IN,HIDDEN,OUT} or {@code resistors:IN,OUT}</td><td>{@code ResistorNetwork.of(IN, HIDDEN, OUT)} (HIDDEN 0)</td></tr>
 * <tr><td>{@code acoustic:IN,CONTROLS,OUT}</td><td>{@code Cavity.acoustic(IN, CONTROLS, OUT)}</td></tr>
 * <tr><td>{@code microwave:IN,CONTROLS,OUT}</td><td>{@code Cavity.microwave(IN, CONTROLS, OUT)}</td></tr>
 * </table>
 */
public final class SubstrateSpecs {
    private SubstrateSpecs() {}

    /** The accepted forms (those of the providers on the class path when this class was loaded), for help texts and errors. */
    public static final String FORMS = SubstrateKinds.forms();

    /**
     * The substrate a spec names ({@link SubstrateKinds#parse}).
     *
     * @throws IllegalArgumentException for an unknown kind or wrong numbers, listing the accepted forms
     */
    public static Substrate parse(String spec) {
        return SubstrateKinds.parse(spec);
    }
}
