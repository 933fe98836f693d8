package org.pnn4j.physics.cavities;

import java.util.Arrays;
import java.util.List;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.SimulatedDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.ComplexTensor;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * A reverberant wave cavity used as a layer: y = |T·s(x, θ)|², with T a fixed complex scattering matrix
 * [outputs × sources] (the cavity, drawn from {@link #seed(long)}: i.i.d. complex Gaussian with variance
 * 1/sources per entry, or a Haar-random unitary with {@link #lossless()}), s the complex source vector and
 * the outputs the powers read by the detectors (arbitrary power units: |s| = 1 per source gives outputs of
 * order 1).
 *
 * <p><b>Acoustic</b> ({@link #acoustic}): speakers. The first {@code inputs} speakers play the inputs as
 * amplitudes in [0, 1] with zero phase; the {@code controls} control speakers play the trainable amplitudes
 * {@code "controlAmplitude"} ∈ [0, 1] with trainable phases {@code "controlPhase"} ∈ [−π, π] rad.
 *
 * <p><b>Microwave</b> ({@link #microwave}): a programmable metasurface of {@code inputs + controls} elements,
 * each with {@code bits} bits (L = 2^bits states) that reflect the incident wave with unit amplitude and phase
 * 2π·ℓ/L for state ℓ ∈ {0, …, L−1} (1 bit: 0 or π; 2 bits: 0, π/2, π, 3π/2). The first {@code inputs}
 * elements take the state ℓ = x·(L−1) from the inputs x ∈ [0, 1]; the others take
 * {@code "elementLevel"} ∈ [0, L−1]. The hardware sets the nearest state (rounding ℓ); the ideal model
 * relaxes the bits by using the continuous phase 2π·ℓ/L for non-integer ℓ, so it is differentiable and agrees
 * with the hardware wherever ℓ is a whole state. The incident illumination of each element is part of T.
 *
 * <p><b>Physical device</b>: T perturbed per instance by a complex Gaussian of relative std
 * {@link #scatteringMismatch} (default 0.05, i.e. each entry moves by 5 % of its typical size), and additive
 * Gaussian detector noise of std {@link #detectorNoise} (default 0.01 power units) on every output.
 *
 * <p>Immutable: every option returns a new cavity.
 */
public final class Cavity implements Substrate {
    /** The kind of cavity and source. */
    public enum Kind {
        /** Speakers with continuous amplitudes and phases. */
        ACOUSTIC,
        /** A programmable metasurface with 1- or 2-bit elements. */
        MICROWAVE
    }

    private final CavityOptions o;
    private final Kind kind;
    private final int inputs, controls, outputs;
    private final float[] tRe, tIm;

    private Cavity(CavityOptions options) {
        this.o = options;
        kind = o.kind();
        inputs = o.inputs();
        controls = o.controls();
        outputs = o.outputs();
        tRe = new float[outputs * sources()];
        tIm = new float[outputs * sources()];
        drawScattering();
    }

    /**
     * An acoustic cavity with {@code inputs} data speakers, {@code controls} trainable control speakers and
     * {@code outputs} microphones.
     *
     * @throws IllegalArgumentException if inputs or outputs &lt; 1 or controls &lt; 0
     */
    public static Cavity acoustic(int inputs, int controls, int outputs) {
        return new Cavity(CavityOptions.builder(Kind.ACOUSTIC, inputs, controls, outputs).build());
    }

    /**
     * A microwave cavity with a 1-bit metasurface of {@code inputs} data elements and {@code controls}
     * trainable elements, read by {@code outputs} receiving antennas.
     *
     * @throws IllegalArgumentException if inputs or outputs &lt; 1 or controls &lt; 0
     */
    public static Cavity microwave(int inputs, int controls, int outputs) {
        return new Cavity(CavityOptions.builder(Kind.MICROWAVE, inputs, controls, outputs).build());
    }

    /** A cavity with these options (validated when they were built). */
    public static Cavity of(CavityOptions options) {
        return new Cavity(java.util.Objects.requireNonNull(options, "options"));
    }

    /** This cavity's options, one immutable value. */
    public CavityOptions options() {
        return o;
    }

    /** A copy with one change to the options, validated by {@link CavityOptions.Builder#build()}. */
    private Cavity with(java.util.function.UnaryOperator<CavityOptions.Builder> change) {
        return new Cavity(change.apply(o.toBuilder()).build());
    }

    /** This cavity with T drawn from {@code seed}. */
    public Cavity seed(long newSeed) {
        return with(b -> b.optSeed(newSeed));
    }

    /**
     * This cavity with a lossless (unitary) T, so Σ outputs = Σ|s|².
     *
     * @throws IllegalArgumentException unless outputs equal sources (inputs + controls)
     */
    public Cavity lossless() {
        return with(b -> b.optLossless(true));
    }

    /**
     * This microwave cavity with {@code n}-bit elements.
     *
     * @throws IllegalArgumentException if n is not 1 or 2, or the cavity is acoustic (where only 1, the default, is accepted)
     */
    public Cavity bits(int n) {
        return with(b -> b.optBits(n));
    }

    /** This cavity whose devices perturb T by relative std {@code relative}. */
    public Cavity scatteringMismatch(double relative) {
        return with(b -> b.optScatteringMismatch(relative));
    }

    /** This cavity whose detectors add Gaussian noise of std {@code power} (output units). */
    public Cavity detectorNoise(double power) {
        return with(b -> b.optDetectorNoise(power));
    }

    /**
     * This cavity with flawless devices: no scattering mismatch, no detector noise (the metasurface's bits, a design
     * choice, stay). The name of "no imperfections" on every substrate.
     */
    public Cavity flawless() {
        return with(CavityOptions.Builder::optFlawless);
    }

    /** Draws T from the seed: complex Gaussian entries, or a Haar unitary when lossless. */
    private void drawScattering() {
        int n = sources();
        Rng rng = new Rng(o.seed());
        if (!o.lossless()) {
            double sd = Math.sqrt(0.5 / n);
            for (int i = 0; i < tRe.length; i++) { tRe[i] = (float) (sd * rng.nextGaussian()); tIm[i] = (float) (sd * rng.nextGaussian()); }
            return;
        }
        // Haar unitary: Gram-Schmidt on the rows of a complex Gaussian matrix (in double)
        double[][] re = new double[n][n], im = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { re[i][j] = rng.nextGaussian(); im[i][j] = rng.nextGaussian(); }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                double pr = 0, pi = 0; // <row k, row i> = Σ conj(a_k) a_i
                for (int j = 0; j < n; j++) { pr += re[k][j] * re[i][j] + im[k][j] * im[i][j]; pi += re[k][j] * im[i][j] - im[k][j] * re[i][j]; }
                for (int j = 0; j < n; j++) { re[i][j] -= pr * re[k][j] - pi * im[k][j]; im[i][j] -= pr * im[k][j] + pi * re[k][j]; }
            }
            double norm = 0;
            for (int j = 0; j < n; j++) norm += re[i][j] * re[i][j] + im[i][j] * im[i][j];
            norm = Math.sqrt(norm);
            for (int j = 0; j < n; j++) {
                re[i][j] /= norm;
                im[i][j] /= norm;
                tRe[i * n + j] = (float) re[i][j];
                tIm[i * n + j] = (float) im[i][j];
            }
        }
    }

    /** Which cavity this is. */
    public Kind kind() { return kind; }

    /** Sources: speakers or metasurface elements, inputs + controls. */
    public int sources() { return inputs + controls; }

    /** Bits per metasurface element (1 for an acoustic cavity, where it has no meaning). */
    public int bits() { return o.bits(); }

    /** States per metasurface element, 2^bits. */
    public int levels() { return 1 << o.bits(); }

    /** The scattering matrix T [outputs, sources], as a complex tensor (copies). */
    public ComplexTensor scattering() {
        return ComplexTensor.of(Tensor.of(tRe.clone(), outputs, sources()), Tensor.of(tIm.clone(), outputs, sources()));
    }

    @Override
    public String name() {
        return CavityOptions.name(kind, inputs, controls, outputs);
    }

    @Override
    public int inputSize() { return inputs; }

    @Override
    public int outputSize() { return outputs; }

    @Override
    public double inputMin() { return 0; }

    @Override
    public double inputMax() { return 1; }

    /**
     * Acoustic: {@code "controlAmplitude"} [controls] in [0, 1] and {@code "controlPhase"} [controls] in [−π, π]
     * rad (periodic). Microwave: {@code "elementLevel"} [controls] in [0, 2^bits − 1].
     */
    @Override
    public List<ParameterSpec> parameters() {
        if (kind == Kind.ACOUSTIC)
            return List.of(ParameterSpec.uniform("controlAmplitude", 0, 1, "", controls),
                    ParameterSpec.uniform("controlPhase", -Math.PI, Math.PI, "rad", controls).asPeriodic());
        return List.of(ParameterSpec.uniform("elementLevel", 0, levels() - 1, "", controls));
    }

    /** The source vector s [batch, sources]; {@code quantized} rounds metasurface levels to whole states. */
    ComplexTensor sources(Tensor x, Params theta, boolean quantized) {
        if (x.rank() != 2 || x.dim(1) != inputs)
            throw new ShapeMismatchException("substrate '" + name() + "' expects inputs [batch, " + inputs + "], got shape "
                    + Arrays.toString(x.shape()));
        int batch = x.dim(0);
        if (kind == Kind.ACOUSTIC) {
            Tensor a = theta.get("controlAmplitude").reshape(1, controls), phi = theta.get("controlPhase").reshape(1, controls);
            Tensor re = Tensor.concat(1, x, a.mul(phi.cos()).broadcastTo(batch, controls));
            Tensor im = Tensor.concat(1, Tensor.zeros(batch, inputs), a.mul(phi.sin()).broadcastTo(batch, controls));
            return ComplexTensor.of(re, im);
        }
        Tensor level = Tensor.concat(1, x.mul(levels() - 1), theta.get("elementLevel").reshape(1, controls).broadcastTo(batch, controls));
        if (quantized) level = quantize(level);
        return ComplexTensor.expi(level.mul(2 * Math.PI / levels()));
    }

    /** Rounds metasurface levels to the nearest whole state in [0, 2^bits − 1] (what the hardware sets; not differentiable). */
    public Tensor quantize(Tensor level) {
        float[] d = level.toArray();
        int top = levels() - 1;
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.max(0, Math.min(top, Math.rint(d[i])));
        return Tensor.wrap(d, level.shape());
    }

    /**
     * The ideal cavity: |s·Tᵀ|² with relaxed (continuous) metasurface phases.
     *
     * @throws ShapeMismatchException if x is not [batch, inputs]
     */
    @Override
    public Tensor model(Tensor x, Params theta) {
        return detect(sources(x, theta, false), scattering());
    }

    private Tensor detect(ComplexTensor s, ComplexTensor t) {
        ComplexTensor tt = ComplexTensor.of(t.re().transpose(), t.im().transpose());
        return s.matmul(tt).abs2();
    }

    @Override
    public Device device(long deviceSeed) {
        return new Device(this, deviceSeed);
    }

    @Override
    public String toString() {
        return name() + (kind == Kind.MICROWAVE ? ", " + o.bits() + "-bit elements" : "") + (o.lossless() ? ", lossless" : "") + ", T from seed " + o.seed();
    }

    /** One simulated cavity: T perturbed once per instance, detector noise on every call. */
    public static final class Device extends SimulatedDevice {
        private final Cavity cavity;
        private final ComplexTensor t;

        private Device(Cavity cavity, long seed) {
            super(cavity, seed);
            this.cavity = cavity;
            int n = cavity.sources();
            float[] re = cavity.tRe.clone(), im = cavity.tIm.clone();
            double sd = cavity.o.scatteringMismatch() * Math.sqrt(0.5 / n);
            for (int i = 0; i < re.length; i++) { re[i] += (float) (sd * rng.nextGaussian()); im[i] += (float) (sd * rng.nextGaussian()); }
            t = ComplexTensor.of(Tensor.wrap(re, cavity.outputs, n), Tensor.wrap(im, cavity.outputs, n));
        }

        /** This instance's scattering matrix (the nominal T plus its mismatch). */
        public ComplexTensor scattering() {
            return t;
        }

        @Override
        protected Tensor realize(Tensor x, Params theta) {
            float[] y = cavity.detect(cavity.sources(x, theta, true), t).toArray();
            double noise = cavity.o.detectorNoise();
            if (noise > 0) for (int i = 0; i < y.length; i++) y[i] += (float) (noise * rng.nextGaussian());
            return Tensor.wrap(y, x.dim(0), cavity.outputs);
        }
    }
}
