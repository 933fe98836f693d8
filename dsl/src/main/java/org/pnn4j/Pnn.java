package org.pnn4j;

import java.nio.file.Path;
import org.pnn4j.nn.Activation;
import org.pnn4j.nn.ElementwiseAffine;
import org.pnn4j.nn.FeatureWindow;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.LayerNorm;
import org.pnn4j.nn.Linear;
import org.pnn4j.nn.Patches;
import org.pnn4j.nn.Scale;
import org.pnn4j.nn.ToRange;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.physics.cavities.RecordedAcoustic;
import org.pnn4j.physics.electronics.DiodeCircuit;
import org.pnn4j.physics.electronics.TransistorCircuit;
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

    /**
     * The substrate a spec {@code kind[:n,n,...]} names, of any kind a {@link org.pnn4j.physics.SubstrateProvider} on
     * the class path declares (built in: {@code oscillators:N}, {@code shg}, ...; see
     * {@link org.pnn4j.physics.SubstrateKinds}), e.g. {@code physical(substrate("pendula:8"))}.
     *
     * @throws IllegalArgumentException for an unknown kind or wrong numbers, listing the accepted forms
     */
    public static Substrate substrate(String spec) {
        return org.pnn4j.physics.SubstrateKinds.parse(spec);
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

    /**
     * An electronic layer on a transistor circuit: a common-emitter stage with a resonant collector load, modelled on
     * the physics-aware training paper's transistor-based circuit (see {@link TransistorCircuit}).
     */
    public static PhysicalLayer electronic(TransistorCircuit circuit) {
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

    /**
     * Cuts {@code height}×{@code width} images (a batch [batch, height·width]) into non-overlapping
     * {@code patch}×{@code patch} patches, each zero-padded to {@code padTo} features: output
     * [batch, patches, padTo]. A physical layer of width {@code padTo} applied next is shared by all patches
     * (see {@link Patches}); {@code flatten()} then joins each image's patch outputs.
     */
    public static Layer patches(int height, int width, int patch, int padTo) {
        return new Patches(height, width, patch, padTo);
    }

    /** Appends zeros to the last axis up to {@code width} features (e.g. 1600 features into a 1610-wide layer). */
    public static Layer padFeatures(int width) {
        return FeatureWindow.padTo(width);
    }

    /** Keeps the last {@code k} features of the last axis (e.g. the 10 oscillators read out as logits). */
    public static Layer lastFeatures(int k) {
        return FeatureWindow.last(k);
    }

    /** The margin {@link #toRange(Substrate)} keeps free at each end of a substrate's input range: 5% of its width. */
    public static final double TO_RANGE_MARGIN = 0.05;

    /**
     * Maps activations into {@code substrate}'s input range with a margin of {@link #TO_RANGE_MARGIN} at each end (a
     * sigmoid squashed into [lo + 0.05·(hi − lo), hi − 0.05·(hi − lo)]): put it before the substrate's physical layer so
     * that the device always receives inputs it accepts.
     *
     * @throws IllegalArgumentException if the substrate's input range is unbounded
     */
    public static ToRange toRange(Substrate substrate) {
        return toRange(substrate, TO_RANGE_MARGIN);
    }

    /**
     * Maps activations into {@code substrate}'s input range, keeping {@code margin} of its width free at each end.
     *
     * @throws IllegalArgumentException if the range is unbounded or the margin is outside [0, 0.5)
     */
    public static ToRange toRange(Substrate substrate, double margin) {
        if (!Double.isFinite(substrate.inputMin()) || !Double.isFinite(substrate.inputMax()))
            throw new IllegalArgumentException("substrate '" + substrate.name() + "' takes inputs in [" + substrate.inputMin() + ", "
                    + substrate.inputMax() + "], an unbounded range: toRange needs finite bounds; use toRange(lo, hi, margin) "
                    + "with the range you want to drive it in");
        return new ToRange(substrate.inputMin(), substrate.inputMax(), margin);
    }

    /**
     * Maps activations into [lo + margin·(hi − lo), hi − margin·(hi − lo)] by a squashed sigmoid (see {@link ToRange}).
     *
     * @param lo     lowest value, in the unit of the layer that follows
     * @param hi     highest value, same unit
     * @param margin fraction of the range kept free at each end, in [0, 0.5)
     * @throws IllegalArgumentException for an unbounded or empty range or a margin outside [0, 0.5)
     */
    public static ToRange toRange(double lo, double hi, double margin) {
        return new ToRange(lo, hi, margin);
    }

    /** Multiplies by one trainable scalar (dimensionless) that starts at {@code initial}. */
    public static Layer scale(double initial) {
        return new Scale(initial);
    }

    /**
     * The Fashion-MNIST network of coupled nonlinear oscillators of the physics-aware-training paper's reference
     * example (Wright et al., "Deep physical neural networks trained with backpropagation", Nature 601, 549 (2022);
     * code: mcmahon-lab/Physics-Aware-Training, "Example 2 Fashion MNIST classification with PNN and PAT"), on
     * simulated devices of seed 0. See {@link #fashionMnistOscillators(long)}.
     */
    public static Network fashionMnistOscillators() {
        return fashionMnistOscillators(0);
    }

    /**
     * The Fashion-MNIST reference network of coupled oscillators, its physical layers on simulated devices of
     * seed {@code deviceSeed} (the 100-oscillator layer) and {@code deviceSeed + 1} (the 1610-oscillator layer):
     * <pre>
     *   [batch, 784] pixels in [0, 1] (radians of initial displacement)
     *   → patches(28, 28, 7, 100)     16 patches of 7×7 = 49 pixels, each zero-padded to 100     [batch, 16, 100]
     *   → oscillators(100)            one network shared by all 16 patches                     [batch, 16, 100]
     *   → flatten() → padFeatures(1610)                                                        [batch, 1610]
     *   → oscillators(1610)
     *   → lastFeatures(10) → scale(s)  the last 10 positions times one trainable factor = logits [batch, 10]
     * </pre>
     * Both oscillator layers use {@link #FASHION_MNIST_SMALL} and {@link #FASHION_MNIST_LARGE}: the substrate
     * defaults (5 RK4 steps to T = 0.5; device η = 0.1, extra coupling std 0.2, input noise 0.02, as in the reference)
     * with C and e initialized uniform in ±1/√N like the reference's {@code nn.Linear} layers, C's diagonal kept as a
     * self-coupling (the reference's {@code C2Q}), the devices reporting the noisy initial displacements they applied
     * so that PAT's backward runs the model there (the reference adds the input noise before its PAT function:
     * {@link CoupledOscillators#inputNoiseObserved(boolean)}), and the large layer accepting positions in [-2π, 2π].
     * Train it with batch 32, Adam(1e-3) and {@code Augmentation.horizontalFlip(28, 28)}, as the reference does.
     */
    public static Network fashionMnistOscillators(long deviceSeed) {
        return fashionMnistOscillators(deviceSeed, FASHION_MNIST_SCALE);
    }

    /**
     * {@link #fashionMnistOscillators(long)} with the trainable output scale starting at {@code initialScale}
     * instead of {@link #FASHION_MNIST_SCALE}.
     */
    public static Network fashionMnistOscillators(long deviceSeed, double initialScale) {
        return Network.of(
                patches(28, 28, 7, 100),
                physical(FASHION_MNIST_SMALL, deviceSeed),
                flatten(),
                padFeatures(1610),
                physical(FASHION_MNIST_LARGE, deviceSeed + 1),
                lastFeatures(10),
                scale(initialScale));
    }

    /** The shared 100-oscillator layer of {@link #fashionMnistOscillators(long)}. */
    public static final CoupledOscillators FASHION_MNIST_SMALL = CoupledOscillators.of(100).uniformInit(0.1).selfCoupling(true)
            .inputNoiseObserved(true);

    /** The 1610-oscillator layer of {@link #fashionMnistOscillators(long)}. */
    public static final CoupledOscillators FASHION_MNIST_LARGE = CoupledOscillators.of(1610).inputRange(-2 * Math.PI, 2 * Math.PI)
            .uniformInit(1 / Math.sqrt(1610)).selfCoupling(true).inputNoiseObserved(true);

    /**
     * Initial value of the trainable output scale of {@link #fashionMnistOscillators(long)}: 1, as in the reference
     * example. With the reference's initialization of C and e (uniform in ±1/√N, see
     * {@link CoupledOscillators#uniformInit}) a start at 1 trains better by PAT than a start at 10: on 6400 training
     * images (one epoch, seed 1) 74.6% against 69.9% device test accuracy on 2000 test images.
     */
    public static final double FASHION_MNIST_SCALE = 1;

    // ---- MZI mesh (a linear, reciprocal photonic layer whose device measures its own gradients)

    /**
     * A layer on a Clements MZI mesh of {@code modes} waveguide modes (intensity detection, default imperfections;
     * see {@link org.pnn4j.physics.optics.MziMesh}), on the simulated chip of seed 0. Its device measures its own gradients for
     * {@link org.pnn4j.train.Method#inSituAdjoint()}.
     *
     * @throws IllegalArgumentException if {@code modes < 2}
     */
    public static PhysicalLayer mziMesh(int modes) {
        return physical(org.pnn4j.physics.optics.MziMesh.of(modes));
    }

    /** A layer on a configured MZI mesh (e.g. {@code MziMesh.of(6).coherentDetection().flawless()}), on the chip of seed 0. */
    public static PhysicalLayer mziMesh(org.pnn4j.physics.optics.MziMesh mesh) {
        return physical(mesh);
    }

    // ---- an equilibrium substrate for equilibrium propagation and coupled learning

    /**
     * A self-learning resistor network of {@code inputs} input nodes, {@code hidden} hidden nodes and {@code outputs}
     * output nodes, to configure and pass to {@link #resistive(org.pnn4j.physics.electronics.ResistorNetwork)} (see
     * {@link org.pnn4j.physics.electronics.ResistorNetwork}: conductances in mS, voltages in V).
     *
     * @throws IllegalArgumentException for inputs or outputs below 1 or hidden below 0
     */
    public static org.pnn4j.physics.electronics.ResistorNetwork resistorNetwork(int inputs, int hidden, int outputs) {
        return org.pnn4j.physics.electronics.ResistorNetwork.of(inputs, hidden, outputs);
    }

    /**
     * A resistive layer: a resistor network settling to Kirchhoff's equilibrium, trainable by
     * {@code Method.equilibriumPropagation(beta)} and {@code Method.coupledLearning(eta)} as well as by the other methods.
     */
    public static PhysicalLayer resistive(org.pnn4j.physics.electronics.ResistorNetwork network) {
        return physical(network);
    }

    /** A resistive layer on a network of {@code inputs}, {@code hidden} and {@code outputs} nodes with its defaults. */
    public static PhysicalLayer resistive(int inputs, int hidden, int outputs) {
        return physical(org.pnn4j.physics.electronics.ResistorNetwork.of(inputs, hidden, outputs));
    }

    // ---- per-element rescaling between physical layers (the PAT paper's)

    /**
     * y_i = a_i·x_i + b_i over the last axis of width {@code width}, a and b trainable (start 1 and 0): the
     * physics-aware training paper's element-wise rescaling between physical layers. See {@link ElementwiseAffine}.
     *
     * @throws IllegalArgumentException if {@code width < 1}
     */
    public static Layer affine(int width) {
        return new ElementwiseAffine(width);
    }

    /**
     * {@link #affine(int)} starting at a_i = {@code gain}, b_i = {@code offset}.
     *
     * @throws IllegalArgumentException if {@code width < 1} or a start value is not finite
     */
    public static Layer affine(int width, double gain, double offset) {
        return new ElementwiseAffine(width, gain, offset);
    }
}
