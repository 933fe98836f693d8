package org.pnn4j.physics.optics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Broadband second-harmonic generation (SHG) of a spectrally shaped femtosecond pulse: the optical physical
 * neural network of physics-aware training (Wright et al., Nature 2022).
 *
 * <h2>Physics</h2>
 * The pump pulse is described on {@code N = bins()} frequency bins k = 0..N-1 (bin units throughout). The
 * carrier, Ω = 0, lies at k = (N-1)/2: the middle of the bins, which for even N falls between bins N/2 - 1 and
 * N/2 (no bin sits on it); its second harmonic is SH bin N-1, where the phase mismatch vanishes and the readout
 * window is centred. The spectral field amplitude A_k is Gaussian by default: the spectral
 * <em>intensity</em> A_k² = exp(-Ω_k²/w²) with Ω_k = k - (N-1)/2 and intensity FWHM = 2w√(ln 2) bins
 * ({@link #spectralFwhm}), peak amplitude 1; {@link #spectrum(float[])} sets any other spectrum. A
 * spatial light modulator (SLM) in a pulse shaper applies a spectral phase φ_k (rad), and optionally an
 * amplitude transmission t_k in [0, 1], so that E_k = t_k A_k e^{iφ_k}. In a thin χ⁽²⁾ crystal the
 * second-harmonic field on SH bin s = 0..2N-2 (SH frequency = sum of the two pump frequencies) is the
 * autoconvolution of the pump spectrum, weighted by the phase-matching factor:
 * <pre>
 *   E_SH(s) = sinc(Δk(s)·L/2) · Σ_k E_k E_{s-k},     Δk(s) = κ·(s - (N-1))
 * </pre>
 * with sinc(u) = sin(u)/u, crystal length L in mm ({@link #crystalLength}) and the phase-mismatch slope κ
 * in rad/mm per SH bin ({@link #phaseMismatchSlope}); L → 0 gives a flat (infinitely broad) phase matching.
 * The spectrometer integrates |E_SH|² over {@code M = outputs()} contiguous groups of a window of SH bins
 * centred on the SH carrier ({@link #readoutWindow}).
 *
 * <h2>Encoding</h2>
 * Input j in [0, 1] becomes the phase {@code inputPhaseSpan · x_j} rad (default span π, so that 0 and 1
 * stay distinct; 2π would make them the same SLM setting) on <em>input bin</em> j. The n input bins are
 * spread evenly over the spectrum: input j sits on bin ⌊(j + ½)·N/n⌋ ({@link #inputBins()}). With
 * {@link Encoding#SEPARATE_BINS} (default) the trainable parameter {@code "phase"} (rad, range [-2π, 2π],
 * applied modulo 2π by the SLM) sets the N - n remaining bins; with {@link Encoding#ADDED} it has N
 * elements added to every bin's phase (input phases included). {@link #trainableAmplitude()} adds the
 * parameter {@code "amplitude"} [N] in [0, 1], the SLM amplitude transmission per bin.
 *
 * <h2>Readout units</h2>
 * Outputs are the SH energies of the M groups divided by the SH energy that a transform-limited pulse
 * (flat phase, full amplitude) puts into the whole readout window: dimensionless, in [0, 1], summing to 1
 * for a transform-limited pulse with flat phase matching. With {@link #normalizePerShot()} every sample is
 * instead divided by its own total over the M outputs (a ratiometric readout that cancels pump-energy
 * fluctuations). {@link #shSpectrum} gives the unbinned |E_SH|² in field units (pump peak amplitude 1).
 *
 * <h2>Physical realization ({@link #device})</h2>
 * The ideal {@link #model} is continuous and noiseless. A device differs by
 * <ul>
 *   <li>SLM phase quantization to {@link #slmBits} bits (default 8: error ≤ π/256 rad);</li>
 *   <li>a per-device SLM phase calibration error: a fixed Gaussian offset per bin, std
 *       {@link #slmCalibrationError} rad;</li>
 *   <li>a per-device crystal length error: the device's L is L·(1 + ε), ε Gaussian with std
 *       {@link #crystalLengthError} (a slightly different phase-matching bandwidth);</li>
 *   <li>per-shot pump-energy jitter: each sample (one laser shot) has pump energy U(1 + δ), δ Gaussian with
 *       relative std {@link #pumpEnergyJitter}. The pump field scales as √U and the SH field as the pump
 *       field squared, so the SH energy scales as U²: every output of that shot is multiplied by
 *       (1 + δ)² ≈ 1 + 2δ, a relative spread of about 2σ;</li>
 *   <li>shot noise: Gaussian approximation of Poisson statistics, std {@code shotNoise·√y} on an output of
 *       mean y (output units; equivalent to 1/shotNoise² photoelectrons per output unit);</li>
 *   <li>detector read noise: additive Gaussian with std {@link #readNoise} (output units).</li>
 * </ul>
 *
 * <h2>Computation</h2>
 * The autoconvolution runs by zero-padded FFT for N ≥ 64 and directly (O(N²), hand-written VJP) below.
 * Measured forward + backward for a batch of 64 on one core: N=64: FFT 0.94 ms, direct 0.97 ms; N=128:
 * 1.8 ms vs 3.3 ms; N=256: 3.6 ms vs 12.4 ms.
 *
 * <p>Instances are immutable: every option returns a new description. Options that depend on each other
 * (bins, inputs, outputs, readout window, spectrum length) are checked together when the substrate is first
 * used, with an {@link IllegalArgumentException} naming the option.
 */
public final class Shg implements Substrate {
    /** How inputs and trainable phases share the SLM's frequency bins. */
    public enum Encoding {
        /** Inputs on n bins spread evenly over the spectrum, the parameter {@code "phase"} on the other N - n. */
        SEPARATE_BINS,
        /** Inputs on n bins spread evenly; the parameter {@code "phase"} [N] is added to the phase of every bin. */
        ADDED
    }

    private static final double TWO_PI = 2 * Math.PI;
    private static final int FFT_FROM_BINS = 64;

    private final ShgOptions o;

    private transient Derived derived;

    private Shg(ShgOptions options) {
        this.o = options;
    }

    /** A copy with one change to the options, validated by {@link ShgOptions.Builder#build()}. */
    private Shg with(java.util.function.UnaryOperator<ShgOptions.Builder> change) {
        return new Shg(change.apply(o.toBuilder()).build());
    }

    // ------------------------------------------------------------------ factories and options

    /** The default description: 64 bins, 32 input bins, 16 outputs, Gaussian spectrum, default noise. */
    public static Shg shg() {
        return new Shg(ShgOptions.builder().build());
    }

    /**
     * An SHG substrate with {@code bins} frequency bins, {@code inputs} input bins and {@code outputs} readout groups.
     *
     * @throws IllegalArgumentException if a count is not positive
     */
    public static Shg of(int bins, int inputs, int outputs) {
        return shg().bins(bins).inputs(inputs).outputs(outputs);
    }

    /** An SHG substrate with these options (validated when they were built). */
    public static Shg of(ShgOptions options) {
        return new Shg(java.util.Objects.requireNonNull(options, "options"));
    }

    /** This substrate's options, one immutable value. */
    public ShgOptions options() {
        return o;
    }

    /**
     * Number of pump frequency bins N on the SLM.
     *
     * @throws IllegalArgumentException if {@code n < 2}
     */
    public Shg bins(int n) {
        return with(b -> b.optBins(n));
    }

    /**
     * Number of input values n (input bins). With {@link Encoding#SEPARATE_BINS} n must be below N, so that a
     * parameter bin remains; with {@link Encoding#ADDED} n ≤ N.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public Shg inputs(int n) {
        return with(b -> b.optInputs(n));
    }

    /**
     * Number of readout groups M of the SH spectrum (at most the readout window).
     *
     * @throws IllegalArgumentException if {@code m < 1}
     */
    public Shg outputs(int m) {
        return with(b -> b.optOutputs(m));
    }

    /**
     * Width of the readout window, in SH bins, centred on the SH carrier (default N; at most 2N-1).
     *
     * @throws IllegalArgumentException if {@code shBins < 1}
     */
    public Shg readoutWindow(int shBins) {
        return with(b -> b.optReadoutWindow(shBins));
    }

    /** How inputs and the parameter {@code "phase"} share the bins (default {@link Encoding#SEPARATE_BINS}). */
    public Shg encoding(Encoding e) {
        return with(b -> b.optEncoding(e));
    }

    /**
     * Phase applied for input 1, rad (input x gets span·x; default π).
     *
     * @throws IllegalArgumentException if the span is not in (0, 2π]
     */
    public Shg inputPhaseSpan(double rad) {
        return with(b -> b.optInputPhaseSpan(rad));
    }

    /**
     * Gaussian pump spectrum with spectral-intensity FWHM {@code bins} (default N/4).
     *
     * @throws IllegalArgumentException if the width is not positive and finite
     */
    public Shg spectralFwhm(double fwhmBins) {
        return with(b -> b.optSpectralFwhm(fwhmBins));
    }

    /**
     * Any pump spectrum: the field amplitude per bin (length N, non-negative, not all zero; arbitrary units,
     * field-proportional). Replaces the Gaussian.
     *
     * @throws IllegalArgumentException if a value is negative or not finite, or all are zero
     */
    public Shg spectrum(float[] fieldAmplitude) {
        return with(b -> b.optSpectrum(fieldAmplitude));
    }

    /**
     * Crystal length L, mm (default 1). 0 gives flat phase matching.
     *
     * @throws IllegalArgumentException if negative or not finite
     */
    public Shg crystalLength(double mm) {
        return with(b -> b.optCrystalLength(mm));
    }

    /**
     * Phase-mismatch slope κ = dΔk/ds, rad/mm per SH bin (default 0.1): Δk(s) = κ·(s - (N-1)).
     *
     * @throws IllegalArgumentException if not finite
     */
    public Shg phaseMismatchSlope(double radPerMmPerBin) {
        return with(b -> b.optPhaseMismatchSlope(radPerMmPerBin));
    }

    /** Adds the trainable SLM amplitude transmission {@code "amplitude"} [N] in [0, 1] (initially 1). */
    public Shg trainableAmplitude() {
        return with(b -> b.optTrainableAmplitude(true));
    }

    /** Divides every sample's outputs by their sum (ratiometric readout), in the model and the device. */
    public Shg normalizePerShot() {
        return with(b -> b.optNormalizePerShot(true));
    }

    /**
     * SLM phase bit depth of devices (default 8).
     *
     * @throws IllegalArgumentException if outside 1..16
     */
    public Shg slmBits(int bits) {
        return with(b -> b.optSlmBits(bits));
    }

    /**
     * Shot-noise scale of devices: std shotNoise·√y on an output y (output units; default 0.01).
     *
     * @throws IllegalArgumentException if negative
     */
    public Shg shotNoise(double scale) {
        return with(b -> b.optShotNoise(scale));
    }

    /**
     * Per-shot relative std of the pump pulse energy (default 0.01); the SH outputs vary about twice as much.
     *
     * @throws IllegalArgumentException if negative
     */
    public Shg pumpEnergyJitter(double relativeStd) {
        return with(b -> b.optPumpEnergyJitter(relativeStd));
    }

    /**
     * Additive detector read-noise std, output units (default 0.001).
     *
     * @throws IllegalArgumentException if negative
     */
    public Shg readNoise(double std) {
        return with(b -> b.optReadNoise(std));
    }

    /**
     * Std of the per-device, per-bin SLM phase calibration offset, rad (default 0.05).
     *
     * @throws IllegalArgumentException if negative
     */
    public Shg slmCalibrationError(double rad) {
        return with(b -> b.optSlmCalibrationError(rad));
    }

    /**
     * Relative std of the per-device crystal length error, which changes the phase-matching bandwidth (default 0.02).
     *
     * @throws IllegalArgumentException if negative
     */
    public Shg crystalLengthError(double relativeStd) {
        return with(b -> b.optCrystalLengthError(relativeStd));
    }

    /**
     * The same substrate with flawless devices: every per-call noise and per-device error off (SLM quantization, a
     * property of the modulator's design, stays). The name of "no imperfections" on every substrate; the ideal
     * {@link #model} is something else (it has no quantization either).
     */
    public Shg flawless() {
        return with(ShgOptions.Builder::optFlawless);
    }

    /**
     * Further noise on the measured outputs [batch, M] of every device, applied after the built-in detector
     * noise (and, for SHG, before per-shot normalization): e.g. drift or a noise model of the
     * {@code noise} package. Each device starts its own process from its seed.
     */
    public Shg outputNoise(NoiseModel model) {
        return with(b -> b.optOutputNoise(model));
    }

    // ------------------------------------------------------------------ derived state

    private static final class Derived {
        int n, in, out, win, paramBins;
        int[] inputBins, paramBinIndex;
        float[] amplitude;   // pump field amplitude per bin
        float[] sinc;        // ideal phase-matching factor per SH bin
        Tensor inputPlacement; // [n, N], scaled by the input phase span
        Tensor paramPlacement; // [P, N]
        Tensor binning;      // [2N-1, M]
        double referenceEnergy;
    }

    private Derived d() {
        Derived x = derived;
        if (x == null) derived = x = derive();
        return x;
    }

    private Derived derive() {
        Derived x = new Derived();
        int n = o.bins();
        x.n = n;
        x.in = o.inputs().orElse(n / 2);
        if (o.encoding() == Encoding.SEPARATE_BINS && x.in >= n)
            throw new IllegalArgumentException("shg: " + x.in + " inputs leave no parameter bin among " + n
                    + " bins; use fewer inputs, more bins, or encoding(ADDED)");
        if (x.in > n) throw new IllegalArgumentException("shg: " + x.in + " inputs exceed the " + n + " bins; use more bins");
        x.win = o.window().orElse(n);
        if (x.win > 2 * n - 1)
            throw new IllegalArgumentException("shg: readout window " + x.win + " exceeds the " + (2 * n - 1) + " SH bins of " + n + " pump bins");
        x.out = o.outputs().orElse(Math.min(16, x.win));
        if (x.out > x.win)
            throw new IllegalArgumentException("shg: " + x.out + " outputs exceed the readout window of " + x.win
                    + " SH bins; use fewer outputs or a wider readoutWindow");
        float[] spectrum = o.spectrum().orElse(null);
        if (spectrum != null && spectrum.length != n)
            throw new IllegalArgumentException("shg: the spectrum has " + spectrum.length + " bins but the substrate has " + n
                    + "; give one amplitude per bin");

        x.amplitude = new float[n];
        if (spectrum != null) {
            System.arraycopy(spectrum, 0, x.amplitude, 0, n);
        } else {
            double f = o.fwhm().orElse(n / 4.0);
            double w = f / (2 * Math.sqrt(Math.log(2)));
            for (int k = 0; k < n; k++) {
                double om = k - (n - 1) / 2.0;
                x.amplitude[k] = (float) Math.exp(-om * om / (2 * w * w));
            }
        }
        x.sinc = sinc(n, o.crystalLengthMm());

        x.inputBins = new int[x.in];
        boolean[] isInput = new boolean[n];
        for (int j = 0; j < x.in; j++) {
            x.inputBins[j] = (int) Math.floor((j + 0.5) * n / x.in);
            isInput[x.inputBins[j]] = true;
        }
        float[] ip = new float[x.in * n];
        for (int j = 0; j < x.in; j++) ip[j * n + x.inputBins[j]] = (float) o.inputPhaseSpan();
        x.inputPlacement = Tensor.wrap(ip, x.in, n);
        if (o.encoding() == Encoding.ADDED) {
            x.paramBins = n;
            x.paramBinIndex = new int[n];
            for (int k = 0; k < n; k++) x.paramBinIndex[k] = k;
        } else {
            x.paramBins = n - x.in;
            x.paramBinIndex = new int[x.paramBins];
            for (int k = 0, p = 0; k < n; k++) if (!isInput[k]) x.paramBinIndex[p++] = k;
        }
        float[] pp = new float[x.paramBins * n];
        for (int p = 0; p < x.paramBins; p++) pp[p * n + x.paramBinIndex[p]] = 1;
        x.paramPlacement = Tensor.wrap(pp, x.paramBins, n);

        int sh = 2 * n - 1, start = (sh - x.win) / 2;
        float[] b = new float[sh * x.out];
        for (int g = 0; g < x.out; g++) {
            int lo = start + (int) ((long) g * x.win / x.out), hi = start + (int) ((long) (g + 1) * x.win / x.out);
            for (int s = lo; s < hi; s++) b[s * x.out + g] = 1;
        }
        x.binning = Tensor.wrap(b, sh, x.out);

        // reference: a transform-limited pulse with flat phase matching, whole window
        double ref = 0;
        for (int s = start; s < start + x.win; s++) {
            double e = 0;
            for (int k = Math.max(0, s - n + 1); k <= Math.min(n - 1, s); k++) e += (double) x.amplitude[k] * x.amplitude[s - k];
            ref += e * e;
        }
        if (!(ref > 0))
            throw new IllegalArgumentException("shg: a transform-limited pulse puts no SH energy into the readout window of "
                    + x.win + " bins; widen the window or the spectrum");
        x.referenceEnergy = ref;
        return x;
    }

    private float[] sinc(int n, double lengthMm) {
        float[] s = new float[2 * n - 1];
        for (int i = 0; i < s.length; i++) {
            double u = o.mismatchSlope() * (i - (n - 1)) * lengthMm / 2;
            s[i] = (float) (Math.abs(u) < 1e-8 ? 1 : Math.sin(u) / u);
        }
        return s;
    }

    // ------------------------------------------------------------------ Substrate

    @Override
    public String name() {
        Derived x = d();
        return "shg(bins=" + x.n + ", inputs=" + x.in + ", outputs=" + x.out + ")";
    }

    @Override
    public int inputSize() {
        return d().in;
    }

    @Override
    public int outputSize() {
        return d().out;
    }

    /** 0: the input encoding applies phase 0. */
    @Override
    public double inputMin() {
        return 0;
    }

    /** 1: the input encoding applies {@link #inputPhaseSpan} rad. */
    @Override
    public double inputMax() {
        return 1;
    }

    /** Number of pump frequency bins N. */
    public int bins() {
        return d().n;
    }

    /** The bins carrying inputs 0..n-1, in input order (a copy). */
    public int[] inputBins() {
        return d().inputBins.clone();
    }

    /** The bins the parameter {@code "phase"} sets, in element order (a copy). */
    public int[] parameterBins() {
        return d().paramBinIndex.clone();
    }

    /** The pump field amplitude per bin (a copy; peak 1 for the default Gaussian). */
    public float[] pumpAmplitude() {
        return d().amplitude.clone();
    }

    /**
     * {@code "phase"} [P] (rad, [-2π, 2π], initially uniform in [0, 2π); periodic: the SLM applies it modulo 2π); with {@link #trainableAmplitude()}
     * also {@code "amplitude"} [N] in [0, 1], initially 1.
     */
    @Override
    public List<ParameterSpec> parameters() {
        Derived x = d();
        List<ParameterSpec> ps = new ArrayList<>();
        ps.add(ParameterSpec.uniform("phase", -TWO_PI, TWO_PI, 0, TWO_PI, "rad", x.paramBins).asPeriodic());
        if (o.trainableAmplitude())
            ps.add(new ParameterSpec("amplitude", new int[] {x.n}, 0, 1, "", true, (rng, s) -> Tensor.ones(s)));
        return List.copyOf(ps);
    }

    /**
     * The ideal SH readout [batch, M] (see the class comment for units), differentiable in the inputs and
     * parameters.
     */
    @Override
    public Tensor model(Tensor x, Params theta) {
        return readout(shSpectrum(x, theta));
    }

    /**
     * The ideal, unbinned SH power spectrum |E_SH(s)|² [batch, 2N-1], in field units (pump peak amplitude 1),
     * differentiable.
     */
    public Tensor shSpectrum(Tensor x, Params theta) {
        Derived dd = d();
        return secondHarmonic(field(spectralPhase(x, theta), theta), dd.sinc).abs2();
    }

    /** The commanded spectral phase [batch, N], rad. */
    private Tensor spectralPhase(Tensor x, Params theta) {
        Derived dd = d();
        Tensor phase = x.matmul(dd.inputPlacement);
        Tensor p = theta.get("phase");
        return phase.add(p.reshape(1, dd.paramBins).matmul(dd.paramPlacement));
    }

    private ComplexTensor field(Tensor phase, Params theta) {
        Derived dd = d();
        Tensor amp = Tensor.of(dd.amplitude, dd.n);
        if (o.trainableAmplitude()) amp = amp.mul(theta.get("amplitude"));
        return ComplexTensor.polar(amp, phase);
    }

    private static ComplexTensor secondHarmonic(ComplexTensor e, float[] sinc) {
        int n = e.shape()[e.shape().length - 1];
        ComplexTensor sh = n >= FFT_FROM_BINS ? Autoconvolution.fft(e) : Autoconvolution.direct(e);
        return sh.mul(Tensor.of(sinc, sinc.length));
    }

    private Tensor readout(Tensor shPower) {
        Derived dd = d();
        Tensor y = shPower.matmul(dd.binning).div(dd.referenceEnergy);
        return o.normalizePerShot() ? perShot(y) : y;
    }

    private static Tensor perShot(Tensor y) {
        return y.div(y.sum(1, true).add(1e-12));
    }

    /** A simulated device; its SLM calibration offsets and crystal length error are drawn from {@code seed}. */
    @Override
    public PhysicalDevice device(long seed) {
        return new Device(this, seed);
    }

    @Override
    public String toString() {
        return name();
    }

    /** One SHG setup: its own SLM calibration and crystal, with per-shot noise. */
    private static final class Device extends SimulatedDevice {
        private final Shg s;
        private final float[] calibrationOffset; // rad per bin
        private final float[] sinc;
        private final NoiseProcess extraNoise;

        Device(Shg s, long seed) {
            super(s, seed);
            this.s = s;
            Derived dd = s.d();
            calibrationOffset = new float[dd.n];
            for (int k = 0; k < dd.n; k++) calibrationOffset[k] = (float) (s.o.slmCalibrationError() * rng.nextGaussian());
            double lengthFactor = Math.max(0, 1 + s.o.crystalLengthError() * rng.nextGaussian());
            sinc = s.sinc(dd.n, s.o.crystalLengthMm() * lengthFactor);
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
            Derived dd = s.d();
            float[] phase = s.spectralPhase(x, theta).toArray();
            Slm.quantizeInPlace(phase, s.o.slmBits());
            for (int i = 0; i < phase.length; i++) phase[i] += calibrationOffset[i % dd.n];
            ComplexTensor e = s.field(Tensor.wrap(phase, x.dim(0), dd.n), theta);
            Tensor power = secondHarmonic(e, sinc).abs2();
            float[] y = power.matmul(dd.binning).div(dd.referenceEnergy).toArray();
            int m = dd.out;
            for (int b = 0; b < x.dim(0); b++) {
                // pump energy U(1+δ): pump field ∝ √(1+δ), SH field ∝ (pump field)² ∝ 1+δ, SH energy ∝ (1+δ)²
                double pumpEnergyFactor = Math.max(0, 1 + s.o.pumpEnergyJitter() * rng.nextGaussian());
                double gain = pumpEnergyFactor * pumpEnergyFactor;
                for (int j = b * m; j < (b + 1) * m; j++) {
                    double v = y[j] * gain;
                    v += s.o.shotNoise() * Math.sqrt(Math.max(0, v)) * rng.nextGaussian();
                    v += s.o.readNoise() * rng.nextGaussian();
                    y[j] = (float) v;
                }
            }
            Tensor out = extraNoise.apply(Tensor.wrap(y, x.dim(0), m));
            return s.o.normalizePerShot() ? perShot(out) : out;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "device of %s", s.name());
        }
    }
}
