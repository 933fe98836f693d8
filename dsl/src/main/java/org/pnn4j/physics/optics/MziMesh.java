package org.pnn4j.physics.optics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.noise.NoiseProcess;
import org.pnn4j.physics.AdjointDevice;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.SimulatedDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.ComplexTensor;
import org.pnn4j.tensor.Tensor;

/**
 * A programmable photonic chip: a rectangular mesh of Mach-Zehnder interferometers on N waveguide modes (Clements,
 * Humphreys, Metcalf, Kolthammer and Walmsley, Optica 3:1460, 2016), the linear, reciprocal layer of coherent
 * photonic neural networks (Shen et al. 2017; Pai et al., Science 380:398, 2023). Its devices measure their own
 * gradients in situ by the adjoint method ({@link AdjointDevice}).
 *
 * <h2>Layout</h2>
 * N columns; column c holds an MZI on every mode pair (m, m+1) with m ≡ c (mod 2), m + 1 &lt; N, so the mesh has
 * K = N(N−1)/2 MZIs, numbered column by column, top to bottom. A mode without an MZI in a column passes straight,
 * through a waveguide loss-matched to an MZI (Clements' balanced design): every path loses insertionLossDb in each
 * column, {@link #lossyColumns()}·insertionLossDb in all, so a lossy mesh is t^{columns} times a unitary matrix.
 *
 * <h2>One MZI</h2>
 * An external phase shifter φ on the top input arm, a directional coupler, an internal phase shifter θ on the top
 * arm, a second coupler, and the column's insertion loss t = 10^(−dB/20) (amplitude):
 * <pre>
 *   M = t · C(α₂) · diag(e^{iθ}, 1) · C(α₁) · diag(e^{iφ}, 1),    C(α) = [[cos α, i sin α], [i sin α, cos α]]
 * </pre>
 * with α = π/4 for an ideal 50:50 coupler (cross-coupled power sin²α). θ = π is the bar state, θ = 0 the cross state.
 * Each factor is symmetric, so the mesh is reciprocal: light sent backward sees the transpose Uᵀ.
 *
 * <h2>Inputs, outputs, parameters</h2>
 * Input x ∈ [−1, 1]ᴺ is the <b>real field amplitude</b> launched into each mode (a push-pull modulator: the sign is
 * a phase of 0 or π; |x|² is the power as a fraction of one mode's full scale). The output field is E = U·x; the
 * outputs are the detected intensities |E|² [batch, N] in the same power unit, or with
 * {@link #coherentDetection()} the quadratures [Re E, Im E] [batch, 2N] of a coherent receiver. Parameters:
 * {@code "theta"} [K] and {@code "phi"} [K], rad, in [−2π, 2π] (a heater applies the phase modulo 2π), initially
 * uniform in [0, 2π); with coherent detection also the output phase screen {@code "outputPhase"} [N] of Clements'
 * decomposition (intensities do not depend on it, so it exists only there).
 *
 * <h2>The model and the devices</h2>
 * The model ({@link #model}) is the ideal chip: exact 50:50 couplers, the nominal insertion loss, phases as set;
 * differentiable through the tensor autograd (complex fields as real/imaginary pairs, {@link ComplexTensor}).
 * A device ({@link #device}) has what real chips have: each coupler's splitting ratio 0.5 + splittingRatioError·N(0,1)
 * (fabrication), a fixed phase offset phaseError·N(0,1) on every phase shifter, thermal crosstalk (each heater's
 * phase, modulo 2π, reaches the same kind of shifter in the neighbouring MZIs of its column, times thermalCrosstalk),
 * detector shot and read noise on the outputs, and noisy in-chip power monitors for the adjoint measurement. The
 * device's propagation runs in double precision.
 *
 * <h2>The adjoint measurement (Hughes et al., Optica 5:864, 2018)</h2>
 * Write the loss's sensitivity to the output field as a = ∂L/∂E (Wirtinger: dL = 2 Re Σ aₖ dEₖ): a = g ⊙ conj(E)
 * for intensities with g = ∂L/∂|E|², a = (g_Re − i g_Im)/2 for quadratures. For a phase shifter, with F the forward
 * field just after it and A the adjoint field there (a sent backward from the outputs, which by reciprocity is
 * (Bᵀa) for the part B of the mesh after the shifter), ∂L/∂φ = 2 Re(i·F·A), and ∂L/∂x = 2 Re(Uᵀa). The device
 * obtains them from intensities, per sample:
 * <ol>
 *   <li>forward run: input x; the power monitors read I_f = |F|² at every shifter; a coherent receiver reads the
 *       output field E (to form a);</li>
 *   <li>adjoint run: κ·a injected backward at the outputs (κ = |x|/|a| matches its power to the forward run's); the
 *       monitors read I_a = |κA|²; coherent receivers at the input ports read x_adj = κ·Uᵀa, so ∂L/∂x = 2 Re(x_adj)/κ;</li>
 *   <li>interference run: x − i·conj(x_adj) sent forward (the time-reversed adjoint field with the input, from an IQ
 *       modulator); on a lossless mesh the field at each shifter is F − i·conj(κA), and the monitors read I_s;</li>
 *   <li>∂L/∂φ = (I_s − I_f − I_a)/κ = 2 Re(i·F·A).</li>
 * </ol>
 * Summed over the batch. This is what the device returns: its couplers' errors and phase offsets are in the fields
 * it measures (so the gradient is the device's, not the model's); its monitor noise is in the readings. Loss weakens
 * the time-reversed field of step 3: at a shifter behind c lossy columns it arrives as r²·conj(κA) with r = t^c, so
 * the device computes (I_s − I_f − r⁴·I_a)/(κ·r²) from its calibrated loss figure (exact for the balanced mesh). The
 * gradient is with respect to the phase actually at each shifter, so residual thermal crosstalk is not undone.
 *
 * <p>Immutable: every option returns a new description.
 */
public final class MziMesh implements Substrate {
    private static final double TWO_PI = 2 * Math.PI;

    private final MziMeshOptions o;
    private final int k;            // MZIs
    private final int[] top;        // per MZI: its upper mode
    private final int[] columnStart; // MZIs of column c: [columnStart[c], columnStart[c + 1])
    private transient Tensor[][] selections; // per column: [upper, lower, upperᵀ, lowerᵀ, straight]

    private MziMesh(MziMeshOptions options) {
        this.o = options;
        int n = o.modes();
        List<Integer> tops = new ArrayList<>();
        columnStart = new int[n + 1];
        for (int c = 0; c < n; c++) {
            columnStart[c] = tops.size();
            for (int m = c % 2; m + 1 < n; m += 2) tops.add(m);
        }
        columnStart[n] = tops.size();
        k = tops.size();
        top = tops.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * An N-mode mesh with intensity detection and the default imperfections.
     *
     * @throws IllegalArgumentException if {@code modes < 2}
     */
    public static MziMesh of(int modes) {
        return new MziMesh(MziMeshOptions.builder(modes).build());
    }

    /** A mesh with these options (validated when they were built). */
    public static MziMesh of(MziMeshOptions options) {
        return new MziMesh(Objects.requireNonNull(options, "options"));
    }

    private MziMesh with(UnaryOperator<MziMeshOptions.Builder> change) {
        return new MziMesh(change.apply(o.toBuilder()).build());
    }

    /** This substrate's options, one immutable value. */
    public MziMeshOptions options() {
        return o;
    }

    /** Coherent detection: the outputs are [Re E, Im E] (2N values) and the output phase screen is trainable. */
    public MziMesh coherentDetection() {
        return with(b -> b.optCoherentDetection(true));
    }

    /**
     * Power lost in each MZI, dB (default 0.1), in the model and the devices.
     *
     * @throws IllegalArgumentException if negative
     */
    public MziMesh insertionLossDb(double db) {
        return with(b -> b.optInsertionLossDb(db));
    }

    /**
     * Std of each coupler's power splitting ratio around 0.5 on devices (default 0.02).
     *
     * @throws IllegalArgumentException if negative or above 0.2
     */
    public MziMesh splittingRatioError(double fraction) {
        return with(b -> b.optSplittingRatioError(fraction));
    }

    /**
     * Std of each phase shifter's fixed offset on devices, rad (default 0.05).
     *
     * @throws IllegalArgumentException if negative
     */
    public MziMesh phaseError(double rad) {
        return with(b -> b.optPhaseError(rad));
    }

    /**
     * Fraction of a heater's phase reaching the neighbouring MZIs' shifters of the same kind (default 0.01).
     *
     * @throws IllegalArgumentException if negative or 0.5 and above
     */
    public MziMesh thermalCrosstalk(double fraction) {
        return with(b -> b.optThermalCrosstalk(fraction));
    }

    /**
     * Output detector read-noise std, output units (default 1e-3).
     *
     * @throws IllegalArgumentException if negative
     */
    public MziMesh readNoise(double std) {
        return with(b -> b.optReadNoise(std));
    }

    /**
     * Output shot-noise scale: std shotNoise·√y on an intensity y (default 0).
     *
     * @throws IllegalArgumentException if negative
     */
    public MziMesh shotNoise(double scale) {
        return with(b -> b.optShotNoise(scale));
    }

    /**
     * Std of the power monitors' and coherent receivers' readings in the adjoint measurement (default 1e-3).
     *
     * @throws IllegalArgumentException if negative
     */
    public MziMesh monitorNoise(double std) {
        return with(b -> b.optMonitorNoise(std));
    }

    /** The same mesh with flawless devices (see {@link MziMeshOptions.Builder#optFlawless()}): lossless, exact, noiseless. */
    public MziMesh flawless() {
        return with(MziMeshOptions.Builder::optFlawless);
    }

    /** Further noise on every device's measured outputs, after the detector noise. */
    @Override
    public MziMesh outputNoise(NoiseModel model) {
        return with(b -> b.optOutputNoise(model));
    }

    /** Waveguide modes N. */
    public int modes() {
        return o.modes();
    }

    /** MZIs K = N(N−1)/2. */
    public int mzis() {
        return k;
    }

    /** The upper mode of MZI {@code i} (its lower mode is one more). */
    public int upperMode(int i) {
        Objects.checkIndex(i, k);
        return top[i];
    }

    /** Columns that hold an MZI (N, or 1 for N = 2): every light path loses insertionLossDb in each of them. */
    public int lossyColumns() {
        int c = 0;
        for (int i = 0; i < o.modes(); i++) if (columnStart[i + 1] > columnStart[i]) c++;
        return c;
    }

    // ------------------------------------------------------------------ Substrate

    @Override
    public String name() {
        return "mziMesh(" + o.modes() + (o.coherentDetection() ? ", coherent" : "") + ")";
    }

    @Override
    public int inputSize() {
        return o.modes();
    }

    @Override
    public int outputSize() {
        return o.coherentDetection() ? 2 * o.modes() : o.modes();
    }

    /** −1: a field amplitude of full scale with phase π. */
    @Override
    public double inputMin() {
        return -1;
    }

    /** 1: a field amplitude of full scale. */
    @Override
    public double inputMax() {
        return 1;
    }

    /** {@code "√P"}: a field amplitude, in units of the square root of one mode's full-scale power. */
    @Override
    public String inputUnit() {
        return "√P";
    }

    /** {@code "P"} (intensities: one mode's full-scale power) or {@code "√P"} (quadratures). */
    @Override
    public String outputUnit() {
        return o.coherentDetection() ? "√P" : "P";
    }

    /** {@code "theta"} [K], {@code "phi"} [K] and, with coherent detection, {@code "outputPhase"} [N]: rad, in [−2π, 2π]. */
    @Override
    public List<ParameterSpec> parameters() {
        List<ParameterSpec> ps = new ArrayList<>();
        ps.add(ParameterSpec.uniform("theta", -TWO_PI, TWO_PI, 0, TWO_PI, "rad", k));
        ps.add(ParameterSpec.uniform("phi", -TWO_PI, TWO_PI, 0, TWO_PI, "rad", k));
        if (o.coherentDetection()) ps.add(ParameterSpec.uniform("outputPhase", -TWO_PI, TWO_PI, 0, TWO_PI, "rad", o.modes()));
        return List.copyOf(ps);
    }

    /** The ideal chip's outputs [batch, N] (or [batch, 2N]), differentiable in the inputs and every phase. */
    @Override
    public Tensor model(Tensor x, Params theta) {
        Tensor[][] sel = selections();
        double t = Math.pow(10, -o.insertionLossDb() / 20);
        Tensor th = theta.get("theta"), ph = theta.get("phi");
        Tensor re = x, im = Tensor.zeros(x.shape());
        for (int c = 0; c < o.modes(); c++) {
            int from = columnStart[c], to = columnStart[c + 1], p = to - from;
            if (p == 0) continue;
            ComplexTensor eTheta = ComplexTensor.expi(th.slice(0, from, to)), ePhi = ComplexTensor.expi(ph.slice(0, from, to));
            ComplexTensor one = ComplexTensor.real(Tensor.ones(p)), i = ComplexTensor.of(Tensor.zeros(p), Tensor.ones(p));
            ComplexTensor plus = eTheta.add(one).mul(0.5), minus = eTheta.sub(one).mul(0.5); // (e^{iθ} ± 1)/2
            ComplexTensor m11 = ePhi.mul(minus), m12 = i.mul(plus), m21 = i.mul(ePhi).mul(plus), m22 = minus.mul(-1);
            ComplexTensor z = ComplexTensor.of(re, im);
            ComplexTensor a = select(z, sel[c][0]), b = select(z, sel[c][1]);
            ComplexTensor ya = m11.mul(a).add(m12.mul(b)), yb = m21.mul(a).add(m22.mul(b));
            ComplexTensor next = select(ya, sel[c][2]).add(select(yb, sel[c][3])).add(select(z, sel[c][4])).mul(t);
            re = next.re();
            im = next.im();
        }
        ComplexTensor e = ComplexTensor.of(re, im);
        if (!o.coherentDetection()) return e.abs2();
        e = e.mul(ComplexTensor.expi(theta.get("outputPhase")));
        return Tensor.concat(1, e.re(), e.im());
    }

    private static ComplexTensor select(ComplexTensor z, Tensor realMatrix) {
        return ComplexTensor.of(z.re().matmul(realMatrix), z.im().matmul(realMatrix));
    }

    /** Per column, 0/1 matrices that pick the upper and lower modes of its MZIs, put them back, and pass the rest. */
    private Tensor[][] selections() {
        Tensor[][] s = selections;
        if (s != null) return s;
        int n = o.modes();
        s = new Tensor[n][];
        for (int c = 0; c < n; c++) {
            int from = columnStart[c], p = columnStart[c + 1] - from;
            float[] up = new float[n * p], low = new float[n * p], upT = new float[p * n], lowT = new float[p * n], straight = new float[n * n];
            boolean[] used = new boolean[n];
            for (int j = 0; j < p; j++) {
                int m = top[from + j];
                up[m * p + j] = 1;
                low[(m + 1) * p + j] = 1;
                upT[j * n + m] = 1;
                lowT[j * n + m + 1] = 1;
                used[m] = used[m + 1] = true;
            }
            for (int m = 0; m < n; m++) if (!used[m]) straight[m * n + m] = 1;
            s[c] = new Tensor[] {Tensor.wrap(up, n, p), Tensor.wrap(low, n, p), Tensor.wrap(upT, p, n), Tensor.wrap(lowT, p, n),
                    Tensor.wrap(straight, n, n)};
        }
        selections = s;
        return s;
    }

    /** A simulated chip: its couplers' splitting errors and phase offsets are drawn from {@code seed}. */
    @Override
    public PhysicalDevice device(long seed) {
        return new Device(this, seed);
    }

    @Override
    public String toString() {
        return name();
    }

    // ------------------------------------------------------------------ the simulated chip

    /**
     * One fabricated chip. Phase shifters are numbered θ of MZI i → i, φ of MZI i → K + i, output phase j → 2K + j.
     * Package-private for the double-precision tests of the adjoint measurement.
     */
    static final class Device extends SimulatedDevice implements AdjointDevice {
        private final MziMesh s;
        private final int n, k, shifters;
        private final double t; // amplitude transmission of one MZI
        private final double[] c1, s1, c2, s2; // per MZI: the two couplers' cos α and sin α
        private final double[] offset;        // per shifter, rad
        private final double[] reach;         // per shifter: amplitude transmission from the inputs to it, t^(lossy columns before)
        private final int[][] neighbours;      // per MZI: the MZIs next to it in its column
        private final NoiseProcess extraNoise;
        private long adjointCalls;

        Device(MziMesh s, long seed) {
            super(s, seed);
            this.s = s;
            MziMeshOptions o = s.o;
            n = o.modes();
            k = s.k;
            shifters = 2 * k + (o.coherentDetection() ? n : 0);
            t = Math.pow(10, -o.insertionLossDb() / 20);
            c1 = new double[k]; s1 = new double[k]; c2 = new double[k]; s2 = new double[k];
            for (int i = 0; i < k; i++) {
                double a1 = coupler(o.splittingRatioError() * rng.nextGaussian()), a2 = coupler(o.splittingRatioError() * rng.nextGaussian());
                c1[i] = Math.cos(a1); s1[i] = Math.sin(a1); c2[i] = Math.cos(a2); s2[i] = Math.sin(a2);
            }
            reach = new double[shifters];
            int lossy = 0;
            for (int c = 0; c < n; c++) {
                for (int i = s.columnStart[c]; i < s.columnStart[c + 1]; i++) reach[i] = reach[k + i] = Math.pow(t, lossy);
                if (s.columnStart[c + 1] > s.columnStart[c]) lossy++;
            }
            for (int j = 2 * k; j < shifters; j++) reach[j] = Math.pow(t, lossy);
            offset = new double[shifters];
            for (int j = 0; j < shifters; j++) offset[j] = o.phaseError() * rng.nextGaussian();
            neighbours = new int[k][];
            for (int c = 0; c < n; c++)
                for (int i = s.columnStart[c]; i < s.columnStart[c + 1]; i++) {
                    List<Integer> nb = new ArrayList<>();
                    if (i > s.columnStart[c]) nb.add(i - 1);
                    if (i + 1 < s.columnStart[c + 1]) nb.add(i + 1);
                    neighbours[i] = nb.stream().mapToInt(Integer::intValue).toArray();
                }
            extraNoise = o.outputNoise().start(rng.split());
        }

        /** The coupling angle of a coupler whose cross-coupled power is 0.5 + error (kept inside (0.01, 0.99)). */
        private static double coupler(double error) {
            return Math.asin(Math.sqrt(Math.max(0.01, Math.min(0.99, 0.5 + error))));
        }

        private static double wrap(double phase) {
            return phase - TWO_PI * Math.floor(phase / TWO_PI);
        }

        /** The phases at the shifters for the commanded θ, φ (and output phases, or null): heaters, offsets, crosstalk. */
        double[] actualPhases(double[] theta, double[] phi, double[] outputPhase) {
            double chi = s.o.thermalCrosstalk();
            double[] a = new double[shifters];
            for (int i = 0; i < k; i++) {
                double th = wrap(theta[i]), ph = wrap(phi[i]);
                for (int j : neighbours[i]) {
                    th += chi * wrap(theta[j]);
                    ph += chi * wrap(phi[j]);
                }
                a[i] = th + offset[i];
                a[k + i] = ph + offset[k + i];
            }
            for (int j = 2 * k; j < shifters; j++) a[j] = wrap(outputPhase[j - 2 * k]) + offset[j];
            return a;
        }

        private double[] actualPhases(Params theta) {
            return actualPhases(doubles(theta.get("theta")), doubles(theta.get("phi")),
                    s.o.coherentDetection() ? doubles(theta.get("outputPhase")) : null);
        }

        private static double[] doubles(Tensor t) {
            float[] f = t.toArray();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = f[i];
            return d;
        }

        /**
         * Propagates one sample's field (re, im, length N, replaced by the output field) forward through the chip at
         * the actual phases {@code a}; records the field just after every shifter into (fRe, fIm) when they are not null.
         */
        void forwardField(double[] a, double[] re, double[] im, double[] fRe, double[] fIm) {
            for (int c = 0; c < n; c++) {
                if (s.columnStart[c] == s.columnStart[c + 1]) continue;
                for (int i = s.columnStart[c]; i < s.columnStart[c + 1]; i++) {
                    int m = s.top[i];
                    double cp = Math.cos(a[k + i]), sp = Math.sin(a[k + i]), ct = Math.cos(a[i]), st = Math.sin(a[i]);
                    // external phase on the upper arm
                    double u1r = cp * re[m] - sp * im[m], u1i = sp * re[m] + cp * im[m], u2r = re[m + 1], u2i = im[m + 1];
                    if (fRe != null) { fRe[k + i] = u1r; fIm[k + i] = u1i; }
                    // first coupler: v1 = c u1 + i s u2, v2 = i s u1 + c u2
                    double v1r = c1[i] * u1r - s1[i] * u2i, v1i = c1[i] * u1i + s1[i] * u2r;
                    double v2r = c1[i] * u2r - s1[i] * u1i, v2i = c1[i] * u2i + s1[i] * u1r;
                    // internal phase on the upper arm
                    double w1r = ct * v1r - st * v1i, w1i = st * v1r + ct * v1i;
                    if (fRe != null) { fRe[i] = w1r; fIm[i] = w1i; }
                    // second coupler
                    re[m] = c2[i] * w1r - s2[i] * v2i;
                    im[m] = c2[i] * w1i + s2[i] * v2r;
                    re[m + 1] = c2[i] * v2r - s2[i] * w1i;
                    im[m + 1] = c2[i] * v2i + s2[i] * w1r;
                }
                for (int j = 0; j < n; j++) { re[j] *= t; im[j] *= t; } // the column's loss, balanced over its paths
            }
            for (int j = 0; j < shifters - 2 * k; j++) {
                double c = Math.cos(a[2 * k + j]), sn = Math.sin(a[2 * k + j]), r = re[j], q = im[j];
                re[j] = c * r - sn * q;
                im[j] = sn * r + c * q;
                if (fRe != null) { fRe[2 * k + j] = re[j]; fIm[2 * k + j] = im[j]; }
            }
        }

        /**
         * Sends a field injected at the outputs (re, im, length N, replaced by the field leaving the input ports)
         * backward through the reciprocal chip (the transposed transfer); records the backward field at every shifter
         * (at the same point as {@link #forwardField} records the forward one) into (aRe, aIm).
         */
        void backwardField(double[] a, double[] re, double[] im, double[] aRe, double[] aIm) {
            for (int j = 0; j < shifters - 2 * k; j++) {
                aRe[2 * k + j] = re[j];
                aIm[2 * k + j] = im[j];
                double c = Math.cos(a[2 * k + j]), sn = Math.sin(a[2 * k + j]), r = re[j], q = im[j];
                re[j] = c * r - sn * q;
                im[j] = sn * r + c * q;
            }
            for (int c = n - 1; c >= 0; c--) {
                if (s.columnStart[c] == s.columnStart[c + 1]) continue;
                for (int j = 0; j < n; j++) { re[j] *= t; im[j] *= t; }
                for (int i = s.columnStart[c + 1] - 1; i >= s.columnStart[c]; i--) {
                    int m = s.top[i];
                    double cp = Math.cos(a[k + i]), sp = Math.sin(a[k + i]), ct = Math.cos(a[i]), st = Math.sin(a[i]);
                    double x1r = re[m], x1i = im[m], x2r = re[m + 1], x2i = im[m + 1];
                    // the second coupler (symmetric, so its transpose is itself)
                    double b1r = c2[i] * x1r - s2[i] * x2i, b1i = c2[i] * x1i + s2[i] * x2r;
                    double b2r = c2[i] * x2r - s2[i] * x1i, b2i = c2[i] * x2i + s2[i] * x1r;
                    aRe[i] = b1r; aIm[i] = b1i;
                    double e1r = ct * b1r - st * b1i, e1i = st * b1r + ct * b1i;
                    double d1r = c1[i] * e1r - s1[i] * b2i, d1i = c1[i] * e1i + s1[i] * b2r;
                    double d2r = c1[i] * b2r - s1[i] * e1i, d2i = c1[i] * b2i + s1[i] * e1r;
                    aRe[k + i] = d1r; aIm[k + i] = d1i;
                    re[m] = cp * d1r - sp * d1i;
                    im[m] = sp * d1r + cp * d1i;
                    re[m + 1] = d2r;
                    im[m + 1] = d2i;
                }
            }
        }

        /** The ideal (noiseless) detected outputs of an output field. */
        private void detect(double[] re, double[] im, double[] out) {
            for (int j = 0; j < n; j++) {
                if (s.o.coherentDetection()) {
                    out[j] = re[j];
                    out[n + j] = im[j];
                } else out[j] = re[j] * re[j] + im[j] * im[j];
            }
        }

        /** The chip's noiseless outputs for one sample at commanded phases, in double precision (for tests). */
        double[] outputsExact(double[] x, double[] theta, double[] phi, double[] outputPhase) {
            double[] a = actualPhases(theta, phi, outputPhase), re = x.clone(), im = new double[n], out = new double[s.outputSize()];
            forwardField(a, re, im, null, null);
            detect(re, im, out);
            return out;
        }

        @Override
        protected Tensor realize(Tensor x, Params theta) {
            double[] a = actualPhases(theta);
            int batch = x.dim(0), outs = s.outputSize();
            float[] in = x.toArray(), y = new float[batch * outs];
            double[] re = new double[n], im = new double[n], out = new double[outs];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < n; j++) { re[j] = in[b * n + j]; im[j] = 0; }
                forwardField(a, re, im, null, null);
                detect(re, im, out);
                for (int j = 0; j < outs; j++) {
                    double v = out[j];
                    if (!s.o.coherentDetection()) v += s.o.shotNoise() * Math.sqrt(Math.max(0, v)) * rng.nextGaussian();
                    v += s.o.readNoise() * rng.nextGaussian();
                    y[b * outs + j] = (float) v;
                }
            }
            return extraNoise.apply(Tensor.wrap(y, batch, outs));
        }

        @Override
        protected void saveMoreState(DataOutput out) throws IOException {
            extraNoise.saveState(out);
            out.writeLong(adjointCalls);
        }

        @Override
        protected void restoreMoreState(DataInput in) throws IOException {
            extraNoise.restoreState(in);
            adjointCalls = in.readLong();
        }

        // -------------------------------------------------------------- the adjoint measurement

        /** The forward run's record: the applied input, the actual phases, the monitors' readings, the output field read. */
        private record Run(Device device, Measurement measurement, double[][] x, double[] phases, double[][] forwardPower,
                           double[][] outRe, double[][] outIm) implements ForwardRun {}

        @Override
        public ForwardRun forwardForAdjoint(Tensor x, Params theta) {
            Measurement m = measure(x, theta);
            double[] a = actualPhases(theta);
            int batch = x.dim(0);
            float[] in = m.input().toArray(), y = m.output().toArray();
            double[][] xs = new double[batch][n], power = new double[batch][], outRe = new double[batch][n], outIm = new double[batch][n];
            double noise = s.o.monitorNoise();
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < n; j++) xs[b][j] = in[b * n + j];
                double[] re = xs[b].clone(), im = new double[n], fRe = new double[shifters], fIm = new double[shifters];
                forwardField(a, re, im, fRe, fIm);
                power[b] = monitor(fRe, fIm, noise);
                for (int j = 0; j < n; j++) {
                    if (s.o.coherentDetection()) { // the outputs are the receiver's reading of the field
                        outRe[b][j] = y[b * 2 * n + j];
                        outIm[b][j] = y[b * 2 * n + n + j];
                    } else { // a coherent receiver tapping the outputs
                        outRe[b][j] = re[j] + noise * rng.nextGaussian();
                        outIm[b][j] = im[j] + noise * rng.nextGaussian();
                    }
                }
            }
            return new Run(this, m, xs, a, power, outRe, outIm);
        }

        /** The monitors' readings |field|² + noise. */
        private double[] monitor(double[] re, double[] im, double noise) {
            double[] p = new double[re.length];
            for (int j = 0; j < p.length; j++) p[j] = re[j] * re[j] + im[j] * im[j] + (noise > 0 ? noise * rng.nextGaussian() : 0);
            return p;
        }

        @Override
        public Gradients adjoint(ForwardRun forwardRun, Tensor outputGradient) {
            if (!(forwardRun instanceof Run run) || run.device != this)
                throw new IllegalArgumentException("adjoint measurement on " + s.name() + ": the forward run was not made on this device; "
                        + "call forwardForAdjoint on the same device first");
            int batch = run.x.length, outs = s.outputSize();
            if (!Arrays.equals(outputGradient.shape(), new int[] {batch, outs}))
                throw new IllegalArgumentException("adjoint measurement on " + s.name() + ": the output gradient must be [" + batch + ", "
                        + outs + "], got " + Arrays.toString(outputGradient.shape()));
            if (!outputGradient.isFinite())
                throw new IllegalArgumentException("adjoint measurement on " + s.name() + ": the output gradient is not finite");
            long t0 = System.nanoTime();
            float[] g = outputGradient.toArray();
            double[] grad = new double[shifters];
            float[] inputGrad = new float[batch * n];
            double[] gs = new double[outs], ig = new double[n];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < outs; j++) gs[j] = g[b * outs + j];
                measureOneSample(run.phases, run.x[b], run.forwardPower[b], run.outRe[b], run.outIm[b], gs, grad, ig);
                for (int j = 0; j < n; j++) inputGrad[b * n + j] = (float) ig[j];
            }
            adjointCalls += adjointRuns();
            Map<String, Tensor> ps = new LinkedHashMap<>();
            ps.put("theta", floats(grad, 0, k));
            ps.put("phi", floats(grad, k, k));
            if (s.o.coherentDetection()) ps.put("outputPhase", floats(grad, 2 * k, n));
            return new Gradients(Tensor.wrap(inputGrad, batch, n), ps, (System.nanoTime() - t0) / 1e9);
        }

        private static Tensor floats(double[] v, int from, int len) {
            float[] f = new float[len];
            for (int i = 0; i < len; i++) f[i] = (float) v[from + i];
            return Tensor.wrap(f, len);
        }

        /**
         * The adjoint and interference runs of one sample: adds ∂L/∂(phase at each shifter) to {@code shifterGrad} and
         * writes ∂L/∂x into {@code inputGrad}, from the monitors' and receivers' (noisy) readings.
         */
        void measureOneSample(double[] a, double[] x, double[] forwardPower, double[] outRe, double[] outIm, double[] g,
                              double[] shifterGrad, double[] inputGrad) {
            double noise = s.o.monitorNoise();
            // the adjoint source a = ∂L/∂E (Wirtinger), formed digitally from the output gradient and the output field read
            double[] sr = new double[n], si = new double[n];
            for (int j = 0; j < n; j++) {
                if (s.o.coherentDetection()) { sr[j] = g[j] / 2; si[j] = -g[n + j] / 2; }
                else { sr[j] = g[j] * outRe[j]; si[j] = -g[j] * outIm[j]; }
            }
            double na = 0, nx = 0;
            for (int j = 0; j < n; j++) { na += sr[j] * sr[j] + si[j] * si[j]; nx += x[j] * x[j]; }
            Arrays.fill(inputGrad, 0);
            if (na == 0) return; // no error signal: nothing to send back
            double kappa = nx > 0 ? Math.sqrt(nx / na) : 1 / Math.sqrt(na);
            for (int j = 0; j < n; j++) { sr[j] *= kappa; si[j] *= kappa; }
            // adjoint run: backward from the outputs; monitors at the shifters, coherent receivers at the input ports
            double[] aRe = new double[shifters], aIm = new double[shifters];
            backwardField(a, sr, si, aRe, aIm);
            double[] adjointPower = monitor(aRe, aIm, noise);
            for (int j = 0; j < n; j++) {
                if (noise > 0) {
                    sr[j] += noise * rng.nextGaussian();
                    si[j] += noise * rng.nextGaussian();
                }
                inputGrad[j] = 2 * sr[j] / kappa;
            }
            // interference run: x − i·conj(x_adj) forward
            double[] re = new double[n], im = new double[n];
            for (int j = 0; j < n; j++) { re[j] = x[j] - si[j]; im[j] = -sr[j]; }
            double[] gRe = new double[shifters], gIm = new double[shifters];
            forwardField(a, re, im, gRe, gIm);
            double[] sumPower = monitor(gRe, gIm, noise);
            // the time-reversed field reaches shifter j weakened by the loss before it, r² = reach[j]² (both ways):
            // I_s = I_f + r⁴·I_a + 2r²·Re(i·F·κA), corrected with the chip's calibrated loss figure
            for (int j = 0; j < shifters; j++) {
                double r2 = reach[j] * reach[j];
                shifterGrad[j] += (sumPower[j] - forwardPower[j] - r2 * r2 * adjointPower[j]) / (kappa * r2);
            }
        }

        /**
         * The adjoint measurement of one sample at commanded phases, in double precision (for tests): ∂L/∂(phase at each
         * shifter) for ∂L/∂y = {@code g}, with this device's imperfections and monitor noise.
         */
        double[] adjointExact(double[] x, double[] g, double[] theta, double[] phi, double[] outputPhase) {
            double[] a = actualPhases(theta, phi, outputPhase), re = x.clone(), im = new double[n], fRe = new double[shifters],
                    fIm = new double[shifters];
            forwardField(a, re, im, fRe, fIm);
            double[] grad = new double[shifters];
            measureOneSample(a, x, monitor(fRe, fIm, s.o.monitorNoise()), re, im, g, grad, new double[n]);
            return grad;
        }

        @Override
        public long adjointCalls() {
            return adjointCalls;
        }
    }
}
