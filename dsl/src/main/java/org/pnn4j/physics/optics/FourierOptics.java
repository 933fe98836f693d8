package org.pnn4j.physics.optics;

import java.util.ArrayList;
import java.util.List;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.noise.NoiseProcess;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.SimulatedDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.ComplexTensor;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * A Fourier-optics processor (4f system): an SLM encodes the input on a coherent field, a lens takes it to
 * the Fourier plane, a trainable phase mask and a complex transmission matrix act there, a second lens
 * takes it back, and a camera reads the field magnitude, average-pooled to the output size.
 *
 * <h2>Shapes and pipeline</h2>
 * The field has n = {@link #of(int) n} pixels (1-D) or n = h·w pixels ({@link #of(int, int)}, 2-D, flattened
 * row-major: inputs are [batch, h·w]). Per sample:
 * <pre>
 *   u   = e^{i·span·x}            (phase encoding, default; span π rad)   or   u = x   (amplitude encoding)
 *   U   = FFT(u)                   (1-D, or 2-D over h×w; unnormalized)
 *   U'  = U · e^{i·mask}           (parameter "mask" [n], rad, in [-2π, 2π], applied modulo 2π)
 *   V_j = Σ_i U'_i T_ij            (transmission T [n, n]: fixed random, identity, or trainable)
 *   v   = IFFT(V)                  (with the 1/n factor, so T = identity and mask = 0 return u)
 *   y   = pool(|v|)                (magnitude; or |v|² with {@link #intensityReadout()})
 * </pre>
 * Pooling averages contiguous groups of pixels: in 1-D, m = {@link #outputs(int)} groups with boundaries
 * ⌊g·n/m⌋; in 2-D, blocks of a {@link #outputs(int, int) rows × cols} grid, flattened row-major. Outputs are
 * [batch, m] in field-magnitude units (an input field of magnitude 1 has |u| = 1).
 *
 * <p>The default transmission is a fixed random complex Gaussian matrix with E|T_ij|² = 1/n (a scattering
 * medium that keeps the mean energy), drawn from {@link #transmissionSeed}; {@link #noTransmission()} makes
 * it the identity, {@link #trainableTransmission()} makes its real and imaginary parts the parameters
 * {@code "transmissionReal"} and {@code "transmissionImag"} [n, n] in [-1, 1].
 *
 * <h2>Physical realization ({@link #device})</h2>
 * Input phases (phase encoding) and mask phases are quantized by an SLM of {@link #slmBits} bits (default
 * 8); each device has a fixed per-pixel mask miscalibration, a Gaussian phase offset with std
 * {@link #maskMiscalibration} rad (default 0.05); the camera adds shot noise (std shotNoise·√y, default 0)
 * and read noise (additive Gaussian std {@link #readNoise}, default 0.01, output units).
 * The magnitude is computed as √(|v|² + 10⁻¹²) so that its gradient stays finite at dark pixels.
 *
 * <p>Immutable: every option returns a new description; interdependent options are checked when the
 * substrate is first used.
 */
public final class FourierOptics implements Substrate {
    private static final double TWO_PI = 2 * Math.PI;

    private final FourierOpticsOptions o;

    private transient Derived derived;

    private FourierOptics(FourierOpticsOptions options) {
        this.o = options;
    }

    /** A copy with one change to the options, validated by {@link FourierOpticsOptions.Builder#build()}. */
    private FourierOptics with(java.util.function.UnaryOperator<FourierOpticsOptions.Builder> change) {
        return new FourierOptics(change.apply(o.toBuilder()).build());
    }

    /**
     * A 1-D field of {@code pixels} pixels (default outputs: min(16, pixels)).
     *
     * @throws IllegalArgumentException if {@code pixels < 1}
     */
    public static FourierOptics of(int pixels) {
        if (pixels < 1) throw new IllegalArgumentException("fourierOptics: the field needs at least 1 pixel, got " + pixels);
        return new FourierOptics(FourierOpticsOptions.builder(1, pixels, false).build());
    }

    /**
     * A 2-D field of {@code height × width} pixels, inputs flattened row-major (default outputs: a
     * min(4, height) × min(4, width) grid).
     *
     * @throws IllegalArgumentException if a side is below 1
     */
    public static FourierOptics of(int height, int width) {
        if (height < 1 || width < 1)
            throw new IllegalArgumentException("fourierOptics: the field needs at least 1×1 pixels, got " + height + "×" + width);
        return new FourierOptics(FourierOpticsOptions.builder(height, width, true).build());
    }

    /** A substrate with these options (validated when they were built). */
    public static FourierOptics of(FourierOpticsOptions options) {
        return new FourierOptics(java.util.Objects.requireNonNull(options, "options"));
    }

    /** This substrate's options, one immutable value. */
    public FourierOpticsOptions options() {
        return o;
    }

    /**
     * Number of outputs m of a 1-D field (at most its pixels).
     *
     * @throws IllegalArgumentException if {@code m < 1} or the field is 2-D (use {@link #outputs(int, int)})
     */
    public FourierOptics outputs(int m) {
        if (o.twoD()) throw new IllegalArgumentException("fourierOptics(" + o.height() + "x" + o.width() + "): a 2-D field pools onto a grid; use outputs(rows, cols)");
        if (m < 1) throw new IllegalArgumentException("fourierOptics: outputs must be at least 1, got " + m);
        return with(b -> b.optOutputs(1, m));
    }

    /**
     * Output grid of a 2-D field: {@code rows × cols} pooling blocks (flattened row-major).
     *
     * @throws IllegalArgumentException if a side is below 1 or the field is 1-D
     */
    public FourierOptics outputs(int rows, int cols) {
        if (!o.twoD()) throw new IllegalArgumentException("fourierOptics(" + o.width() + "): a 1-D field has outputs(m)");
        if (rows < 1 || cols < 1) throw new IllegalArgumentException("fourierOptics: output grid must be at least 1×1, got " + rows + "×" + cols);
        return with(b -> b.optOutputs(rows, cols));
    }

    /**
     * Phase encoding (the default): input x in [0, 1] becomes the field e^{i·span·x}, span in rad (default π).
     *
     * @throws IllegalArgumentException if the span is not in (0, 2π]
     */
    public FourierOptics phaseEncoding(double spanRad) {
        return with(b -> b.optPhaseEncoding(spanRad));
    }

    /** Amplitude encoding: input x in [0, 1] becomes the real field amplitude x. */
    public FourierOptics amplitudeEncoding() {
        return with(FourierOpticsOptions.Builder::optAmplitudeEncoding);
    }

    /** A fixed random transmission matrix drawn from {@code seed} (the default, seed 1234). */
    public FourierOptics transmissionSeed(long seed) {
        return with(b -> b.optTransmissionSeed(seed));
    }

    /** No transmission matrix (the identity): a pure 4f system with a Fourier-plane phase mask. */
    public FourierOptics noTransmission() {
        return with(b -> b.optTransmission(FourierOpticsOptions.Transmission.IDENTITY));
    }

    /** A trainable transmission matrix: parameters {@code "transmissionReal"}, {@code "transmissionImag"} [n, n] in [-1, 1]. */
    public FourierOptics trainableTransmission() {
        return with(b -> b.optTransmission(FourierOpticsOptions.Transmission.TRAINABLE));
    }

    /** Reads the intensity |v|² instead of the magnitude |v|. */
    public FourierOptics intensityReadout() {
        return with(b -> b.optIntensityReadout(true));
    }

    /**
     * SLM phase bit depth of devices (default 8).
     *
     * @throws IllegalArgumentException if outside 1..16
     */
    public FourierOptics slmBits(int bits) {
        return with(b -> b.optSlmBits(bits));
    }

    /**
     * Std of each device's fixed per-pixel phase-mask offset, rad (default 0.05).
     *
     * @throws IllegalArgumentException if negative
     */
    public FourierOptics maskMiscalibration(double rad) {
        return with(b -> b.optMaskMiscalibration(rad));
    }

    /**
     * Camera read-noise std, output units (default 0.01).
     *
     * @throws IllegalArgumentException if negative
     */
    public FourierOptics readNoise(double std) {
        return with(b -> b.optReadNoise(std));
    }

    /**
     * Camera shot-noise scale: std shotNoise·√y on an output y (default 0).
     *
     * @throws IllegalArgumentException if negative
     */
    public FourierOptics shotNoise(double scale) {
        return with(b -> b.optShotNoise(scale));
    }

    /**
     * The same substrate with flawless devices: mask miscalibration and camera noise off (SLM quantization, a property
     * of the modulator's design, stays). The name of "no imperfections" on every substrate.
     */
    public FourierOptics flawless() {
        return with(FourierOpticsOptions.Builder::optFlawless);
    }

    /**
     * Further noise on the measured outputs [batch, M] of every device, applied after the built-in detector
     * noise (and, for SHG, before per-shot normalization): e.g. drift or a noise model of the
     * {@code noise} package. Each device starts its own process from its seed.
     */
    public FourierOptics outputNoise(NoiseModel model) {
        return with(b -> b.optOutputNoise(model));
    }

    // ------------------------------------------------------------------ derived state

    private static final class Derived {
        int n, rows, cols, m;
        Tensor pooling;        // [n, m], averaging
        Tensor fixedRe, fixedIm; // [n, n] fixed transmission, null for identity or trainable
    }

    private Derived d() {
        Derived x = derived;
        if (x == null) derived = x = derive();
        return x;
    }

    private Derived derive() {
        Derived x = new Derived();
        x.n = o.height() * o.width();
        x.rows = o.outputRows().orElse(o.twoD() ? Math.min(4, o.height()) : 1);
        x.cols = o.outputColumns().orElse(o.twoD() ? Math.min(4, o.width()) : Math.min(16, o.width()));
        if (x.rows > o.height() || x.cols > o.width())
            throw new IllegalArgumentException("fourierOptics: outputs " + (o.twoD() ? x.rows + "×" + x.cols : String.valueOf(x.cols))
                    + " exceed the field of " + (o.twoD() ? o.height() + "×" + o.width() : o.width()) + " pixels; use fewer outputs");
        x.m = x.rows * x.cols;
        float[] p = new float[x.n * x.m];
        int[] count = new int[x.m];
        int[] group = new int[x.n];
        for (int r = 0; r < o.height(); r++)
            for (int c = 0; c < o.width(); c++) {
                int gr = (int) ((long) r * x.rows / o.height()), gc = (int) ((long) c * x.cols / o.width());
                int g = gr * x.cols + gc;
                group[r * o.width() + c] = g;
                count[g]++;
            }
        for (int i = 0; i < x.n; i++) p[i * x.m + group[i]] = 1f / count[group[i]];
        x.pooling = Tensor.wrap(p, x.n, x.m);
        if (o.transmission() == FourierOpticsOptions.Transmission.RANDOM) {
            Rng rng = new Rng(o.transmissionSeed());
            double std = Math.sqrt(0.5 / x.n);
            x.fixedRe = Tensor.randn(rng, std, x.n, x.n);
            x.fixedIm = Tensor.randn(rng, std, x.n, x.n);
        }
        return x;
    }

    // ------------------------------------------------------------------ Substrate

    @Override
    public String name() {
        Derived x = d();
        return o.twoD() ? "fourierOptics(" + o.height() + "x" + o.width() + " -> " + x.rows + "x" + x.cols + ")"
                : "fourierOptics(" + o.width() + " -> " + x.cols + ")";
    }

    @Override
    public int inputSize() {
        return o.height() * o.width();
    }

    @Override
    public int outputSize() {
        return d().m;
    }

    /** 0 (phase 0, or amplitude 0). */
    @Override
    public double inputMin() {
        return 0;
    }

    /** 1 (phase = the encoding span, or amplitude 1). */
    @Override
    public double inputMax() {
        return 1;
    }

    /**
     * {@code "mask"} [n] (rad, [-2π, 2π], initially uniform in [0, 2π)); with {@link #trainableTransmission()}
     * also {@code "transmissionReal"} and {@code "transmissionImag"} [n, n] in [-1, 1], initially Gaussian
     * with std √(1/(2n)).
     */
    @Override
    public List<ParameterSpec> parameters() {
        int n = o.height() * o.width();
        List<ParameterSpec> ps = new ArrayList<>();
        ps.add(ParameterSpec.uniform("mask", -TWO_PI, TWO_PI, 0, TWO_PI, "rad", n));
        if (o.transmission() == FourierOpticsOptions.Transmission.TRAINABLE) {
            double std = Math.sqrt(0.5 / n);
            ps.add(ParameterSpec.gaussian("transmissionReal", -1, 1, std, "", n, n));
            ps.add(ParameterSpec.gaussian("transmissionImag", -1, 1, std, "", n, n));
        }
        return List.copyOf(ps);
    }

    /** The ideal readout [batch, m], differentiable in the inputs, the mask and a trainable transmission. */
    @Override
    public Tensor model(Tensor x, Params theta) {
        return propagate(encode(x.mul(o.amplitudeEncoding() ? 1 : o.inputPhaseSpan())), theta.get("mask"), theta);
    }

    /** The field on the SLM: amplitude x, or phase (already scaled to rad). */
    private ComplexTensor encode(Tensor valueOrPhase) {
        return o.amplitudeEncoding() ? ComplexTensor.real(valueOrPhase) : ComplexTensor.expi(valueOrPhase);
    }

    private Tensor propagate(ComplexTensor u, Tensor mask, Params theta) {
        Derived dd = d();
        ComplexTensor f = fft(u, true).mul(ComplexTensor.expi(mask));
        if (o.transmission() == FourierOpticsOptions.Transmission.RANDOM) f = f.matmul(ComplexTensor.of(dd.fixedRe, dd.fixedIm));
        else if (o.transmission() == FourierOpticsOptions.Transmission.TRAINABLE)
            f = f.matmul(ComplexTensor.of(theta.get("transmissionReal"), theta.get("transmissionImag")));
        Tensor power = fft(f, false).abs2();
        Tensor detected = o.intensityReadout() ? power : power.add(1e-12).sqrt();
        return detected.matmul(dd.pooling);
    }

    /** 1-D transform of [batch, n], or 2-D over [batch, h, w] flattened. */
    private ComplexTensor fft(ComplexTensor u, boolean forward) {
        if (!o.twoD()) return forward ? u.fft() : u.ifft();
        int b = u.shape()[0];
        ComplexTensor rowsDone = transform(u.reshape(b, o.height(), o.width()), forward);              // along w
        ComplexTensor t = ComplexTensor.of(rowsDone.re().permute(0, 2, 1), rowsDone.im().permute(0, 2, 1));
        ComplexTensor colsDone = transform(t, forward);                                          // along h
        return ComplexTensor.of(colsDone.re().permute(0, 2, 1), colsDone.im().permute(0, 2, 1)).reshape(b, o.height() * o.width());
    }

    private static ComplexTensor transform(ComplexTensor u, boolean forward) {
        return forward ? u.fft() : u.ifft();
    }

    /** A simulated device: its mask miscalibration is drawn from {@code seed}. */
    @Override
    public PhysicalDevice device(long seed) {
        return new Device(this, seed);
    }

    @Override
    public String toString() {
        return name();
    }

    /** One 4f setup with its own SLM miscalibration and camera noise. */
    private static final class Device extends SimulatedDevice {
        private final FourierOptics s;
        private final float[] maskOffset; // rad per Fourier-plane pixel
        private final NoiseProcess extraNoise;

        Device(FourierOptics s, long seed) {
            super(s, seed);
            this.s = s;
            int n = s.o.height() * s.o.width();
            maskOffset = new float[n];
            for (int i = 0; i < n; i++) maskOffset[i] = (float) (s.o.maskMiscalibration() * rng.nextGaussian());
            extraNoise = s.o.outputNoise().start(rng.split());
        }

        @Override
        protected void saveMoreState(java.io.DataOutput out) throws java.io.IOException {
            extraNoise.saveState(out);
        }

        @Override
        protected void restoreMoreState(java.io.DataInput in) throws java.io.IOException {
            extraNoise.restoreState(in);
        }

        @Override
        protected Tensor realize(Tensor x, Params theta) {
            int n = s.o.height() * s.o.width();
            float[] in = x.toArray();
            if (!s.o.amplitudeEncoding()) {
                for (int i = 0; i < in.length; i++) in[i] = (float) (in[i] * s.o.inputPhaseSpan());
                Slm.quantizeInPlace(in, s.o.slmBits());
            }
            float[] mask = theta.get("mask").toArray();
            Slm.quantizeInPlace(mask, s.o.slmBits());
            for (int i = 0; i < n; i++) mask[i] += maskOffset[i];
            Tensor ideal = s.propagate(s.encode(Tensor.wrap(in, x.shape())), Tensor.wrap(mask, n), theta);
            float[] y = ideal.toArray();
            for (int i = 0; i < y.length; i++) {
                double v = y[i];
                v += s.o.shotNoise() * Math.sqrt(Math.max(0, v)) * rng.nextGaussian();
                v += s.o.readNoise() * rng.nextGaussian();
                y[i] = (float) v;
            }
            return extraNoise.apply(Tensor.wrap(y, ideal.shape()));
        }
    }
}
