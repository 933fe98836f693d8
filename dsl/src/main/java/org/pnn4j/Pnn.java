package org.pnn4j;

import java.nio.file.Path;
import org.pnn4j.nn.Activation;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.LayerNorm;
import org.pnn4j.nn.Linear;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.physics.cavities.RecordedAcoustic;
import org.pnn4j.physics.electronics.DiodeCircuit;
import org.pnn4j.physics.mechanics.Plate;
import org.pnn4j.physics.optics.FourierOptics;
import org.pnn4j.physics.optics.Shg;
import org.pnn4j.physics.oscillators.CoupledOscillators;
import org.pnn4j.physics.oscillators.PendulaRing;

/**
 * Static factories that read like the math; {@code import static org.pnn4j.Pnn.*} and write
 * {@code Network.of(linear(12, 48), tanh(), linear(48, 7))} or, with physical layers,
 * {@code Network.of(linear(12, 32), optical(shg().bins(64).inputs(32).outputs(16)), linear(16, 7))}.
 * Physical layers start in physics-aware mode on the substrate's simulated device of seed 0.
 */
public final class Pnn {
    private Pnn() {}

    /** Affine layer from {@code in} to {@code out} features with bias. */
    public static Layer linear(int in, int out) {
        return new Linear(in, out, true);
    }

    /** Affine layer without bias. */
    public static Layer linear(int in, int out, boolean bias) {
        return new Linear(in, out, bias);
    }

    /** max(x, 0). */
    public static Layer relu() {
        return Activation.relu();
    }

    /** tanh x. */
    public static Layer tanh() {
        return Activation.tanh();
    }

    /** Logistic sigmoid. */
    public static Layer sigmoid() {
        return Activation.sigmoid();
    }

    /** x·sigmoid(x). */
    public static Layer silu() {
        return Activation.silu();
    }

    /** Exact GELU. */
    public static Layer gelu() {
        return Activation.gelu();
    }

    /** Softmax over the last axis. */
    public static Layer softmax() {
        return Activation.softmax();
    }

    /** Log-softmax over the last axis. */
    public static Layer logSoftmax() {
        return Activation.logSoftmax();
    }

    /** Layer normalization over {@code features}. */
    public static Layer layerNorm(int features) {
        return new LayerNorm(features);
    }

    /** Flattens each sample to a vector. */
    public static Layer flatten() {
        return Activation.flatten();
    }

    /**
     * A new substrate from a lambda over tensor ops (its ideal model); set its widths, ranges, parameters,
     * reality gap and noise with the returned description's options.
     */
    public static CustomSubstrate substrate(String name, CustomSubstrate.Model model) {
        return CustomSubstrate.of(name, model);
    }

    /** A physical layer on {@code substrate}, run on its simulated device of seed 0, in physics-aware mode. */
    public static PhysicalLayer physical(Substrate substrate) {
        return new PhysicalLayer(substrate, 0);
    }

    /** A physical layer on {@code substrate}, run on its simulated device of the given seed. */
    public static PhysicalLayer physical(Substrate substrate, long deviceSeed) {
        return new PhysicalLayer(substrate, deviceSeed);
    }

    /** The broadband second-harmonic-generation substrate with its defaults (64 bins, 32 inputs, 16 outputs). */
    public static Shg shg() {
        return Shg.shg();
    }

    /** An optical layer: ultrafast second-harmonic generation with an SLM-shaped pulse (see {@link Shg}). */
    public static PhysicalLayer optical(Shg shg) {
        return physical(shg);
    }

    /** A Fourier-optics layer (FFT, trainable phase mask, transmission, inverse FFT, magnitude, pooling). */
    public static PhysicalLayer fourierOptics(FourierOptics optics) {
        return physical(optics);
    }

    /** A 1-D Fourier-optics layer on {@code pixels} pixels with its defaults. */
    public static PhysicalLayer fourierOptics(int pixels) {
        return physical(FourierOptics.of(pixels));
    }

    /** A driven plate of {@code modes} modes (see {@link Plate}), to configure and pass to {@link #mech(Plate)}. */
    public static Plate plate(int modes) {
        return Plate.of(modes);
    }

    /** A mechanical layer: a driven nonlinear plate read out by a velocity sensor. */
    public static PhysicalLayer mech(Plate plate) {
        return physical(plate);
    }

    /** A mechanical layer on a plate of {@code modes} modes with its defaults. */
    public static PhysicalLayer mech(int modes) {
        return physical(Plate.of(modes));
    }

    /** An electronic layer: a driven RLC circuit with a diode across the capacitor (see {@link DiodeCircuit}). */
    public static PhysicalLayer electronic(DiodeCircuit circuit) {
        return physical(circuit);
    }

    /** An electronic layer with the default circuit. */
    public static PhysicalLayer electronic() {
        return physical(DiodeCircuit.of());
    }

    /**
     * An acoustic-cavity layer.
     *
     * @throws IllegalArgumentException if the cavity is a microwave one
     */
    public static PhysicalLayer acoustic(Cavity cavity) {
        if (cavity.kind() != Cavity.Kind.ACOUSTIC)
            throw new IllegalArgumentException("acoustic(...) needs an acoustic cavity, got " + cavity.name() + "; use microwave(...)");
        return physical(cavity);
    }

    /** An acoustic-cavity layer: {@code inputs} driven speakers, {@code controls} trainable speakers, {@code outputs} microphones. */
    public static PhysicalLayer acoustic(int inputs, int controls, int outputs) {
        return physical(Cavity.acoustic(inputs, controls, outputs));
    }

    /**
     * A microwave-cavity layer with a programmable metasurface.
     *
     * @throws IllegalArgumentException if the cavity is an acoustic one
     */
    public static PhysicalLayer microwave(Cavity cavity) {
        if (cavity.kind() != Cavity.Kind.MICROWAVE)
            throw new IllegalArgumentException("microwave(...) needs a microwave cavity, got " + cavity.name() + "; use acoustic(...)");
        return physical(cavity);
    }

    /** A microwave-cavity layer: {@code inputs} input elements, {@code controls} trainable elements, {@code outputs} antennas. */
    public static PhysicalLayer microwave(int inputs, int controls, int outputs) {
        return physical(Cavity.microwave(inputs, controls, outputs));
    }

    /**
     * A layer on the acoustic cavity fitted to the measured data in {@code folder} (x_data.csv, y_data.csv of the
     * local-learning paper; see {@link RecordedAcoustic}).
     */
    public static PhysicalLayer recordedAcoustic(Path folder) {
        return physical(RecordedAcoustic.fit(folder));
    }

    /**
     * A layer of {@code n} coupled nonlinear oscillators (the physics-aware-training paper's model system):
     * inputs set the initial positions, the trainable coupling C and field e shape the dynamics, the output is
     * the positions at T (see {@link CoupledOscillators}).
     */
    public static PhysicalLayer oscillators(int n) {
        return physical(CoupledOscillators.of(n));
    }

    /** A coupled-oscillator layer configured by {@code oscillators}. */
    public static PhysicalLayer oscillators(CoupledOscillators oscillators) {
        return physical(oscillators);
    }

    /** A ring of {@code n} driven, coupled pendula with trainable natural frequencies and couplings (see {@link PendulaRing}). */
    public static PhysicalLayer pendula(int n) {
        return physical(PendulaRing.of(n));
    }

    /** A pendula-ring layer configured by {@code ring}. */
    public static PhysicalLayer pendula(PendulaRing ring) {
        return physical(ring);
    }
}
