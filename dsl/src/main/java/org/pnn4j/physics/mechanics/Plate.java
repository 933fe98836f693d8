package org.pnn4j.physics.mechanics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.SimulatedDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Function;
import org.pnn4j.tensor.Tensor;

/**
 * A driven mechanical plate described by its vibration modes (as in the physics-aware training paper's
 * oscillating-plate network). Each mode m obeys
 * <pre>  q̈ₘ + (ωₘ/Qₘ)q̇ₘ + ωₘ²qₘ + βₘqₘ³ = bₘ·u(t)</pre>
 * from rest, and the readout (a laser vibrometer) gives y(t) = Σₘ cₘq̇ₘ(t), sampled at {@link #outputSize()}
 * equally spaced times: output k is read at t = (k+1)·T/K, with T the total drive duration.
 *
 * <p><b>Drive encoding.</b> The actuator voltage u(t) is piecewise constant over segments of
 * {@link #segmentDuration(double)} seconds: the first {@code inputs} segments carry the sample's input values
 * (V), then the {@code parameterSegments} segments carry the trainable parameter {@code "drive"} (V), so the
 * trained segments act on the plate's state left by the inputs.
 *
 * <p><b>Units.</b> q in µm, u in V, t in s, ωₘ in rad/s (set through frequencies in Hz), bₘ in µm·s⁻²/V,
 * βₘ in µm⁻²·s⁻², cₘ in V·s/µm, outputs in V.
 *
 * <p><b>Defaults</b> (drawn from the seed of {@link #of(int, long)}): frequencies uniform in 200–1000 Hz,
 * Q in 20–60, static gain bₘ/ωₘ² of ±(0.5–1) µm/V, cubic stiffness βₘ = 0.2·ωₘ² µm⁻² (the cubic force equals
 * the linear one at 2.2 µm), readout cₘ = ±(0.5–1)/ωₘ V·s/µm, segments of 1 ms, 40 RK4 steps each.
 *
 * <p><b>Physical device:</b> a per-instance relative mismatch of every ωₘ (default 0.5 %), a common relative
 * frequency shift that random-walks over calls like the plate's temperature (default step 1e-4 per call), and
 * additive Gaussian sensor noise on every output (default 5 mV).
 *
 * <p>Immutable: every option returns a new plate.
 */
public final class Plate implements Substrate {
    private final PlateOptions o;
    private final double[] freqHz, quality, beta, b, c;
    private final int inputs, parameterSegments, outputs, steps;
    private final double segment, driveMax;

    private Plate(PlateOptions options) {
        this.o = options;
        freqHz = o.frequenciesHz(); quality = o.qualityFactors(); beta = o.cubicStiffness(); b = o.driveCoupling(); c = o.readoutCoupling();
        inputs = o.inputs(); parameterSegments = o.parameterSegments(); outputs = o.outputs(); steps = o.stepsPerSegment();
        segment = o.segmentDuration(); driveMax = o.driveAmplitude();
    }

    /** A plate of {@code modes} modes with the default properties drawn from seed 0. */
    public static Plate of(int modes) {
        return of(modes, 0);
    }

    /**
     * A plate of {@code modes} modes whose default properties (see the class doc) are drawn from {@code seed}.
     *
     * @throws IllegalArgumentException if {@code modes < 1}
     */
    public static Plate of(int modes, long seed) {
        return new Plate(PlateOptions.builder(modes, seed).build());
    }

    /** A plate with these options (validated when they were built). */
    public static Plate of(PlateOptions options) {
        return new Plate(java.util.Objects.requireNonNull(options, "options"));
    }

    /** This plate's options, one immutable value. */
    public PlateOptions options() {
        return o;
    }

    /** A copy with one change to the options, validated by {@link PlateOptions.Builder#build()}. */
    private Plate with(java.util.function.UnaryOperator<PlateOptions.Builder> change) {
        return new Plate(change.apply(o.toBuilder()).build());
    }

    // ------------------------------------------------------------------ options

    /** This plate with {@code n} input segments (and inputs per sample). @throws IllegalArgumentException if n &lt; 1 */
    public Plate inputs(int n) {
        return with(p -> p.optInputs(n));
    }

    /** This plate with its parameter segments spread among the input segments ({@link PlateOptions#interleaved()}). */
    public Plate interleaved(boolean on) {
        return with(b -> b.optInterleaved(on));
    }

    /** This plate with {@code n} trainable drive segments after the inputs (0 allowed). @throws IllegalArgumentException if n &lt; 0 */
    public Plate parameterSegments(int n) {
        return with(p -> p.optParameterSegments(n));
    }

    /** This plate read at {@code k} equally spaced times. @throws IllegalArgumentException if k &lt; 1 or k exceeds the steps */
    public Plate outputs(int k) {
        return with(p -> p.optOutputs(k));
    }

    /** This plate with drive segments of {@code seconds}. @throws IllegalArgumentException if not positive or RK4 would be unstable */
    public Plate segmentDuration(double seconds) {
        return with(p -> p.optSegmentDuration(seconds));
    }

    /** This plate with {@code n} RK4 steps per segment. @throws IllegalArgumentException if n &lt; 1 or RK4 would be unstable */
    public Plate stepsPerSegment(int n) {
        return with(p -> p.optStepsPerSegment(n));
    }

    /** This plate accepting inputs in [-volts, volts] and drive parameters in [-volts, volts]. */
    public Plate driveAmplitude(double volts) {
        return with(p -> p.optDriveAmplitude(volts));
    }

    /** This plate with modal frequencies {@code hz} (Hz, one per mode). @throws IllegalArgumentException for a wrong count or non-positive value */
    public Plate frequencies(double... hz) {
        return with(p -> p.optFrequencies(hz));
    }

    /** This plate with quality factors {@code q} (one per mode, &gt; 0). */
    public Plate qualityFactors(double... q) {
        return with(p -> p.optQualityFactors(q));
    }

    /** This plate with cubic stiffness βₘ (µm⁻²·s⁻², one per mode, ≥ 0 for a hardening plate; any sign allowed). */
    public Plate cubicStiffness(double... betas) {
        return with(p -> p.optCubicStiffness(betas));
    }

    /** This plate without cubic stiffness (a linear plate). */
    public Plate linear() {
        return with(PlateOptions.Builder::optLinear);
    }

    /** This plate with actuator couplings bₘ (µm·s⁻²/V, one per mode). */
    public Plate driveCoupling(double... couplings) {
        return with(p -> p.optDriveCoupling(couplings));
    }

    /** This plate with readout couplings cₘ (V·s/µm, one per mode). */
    public Plate readoutCoupling(double... couplings) {
        return with(p -> p.optReadoutCoupling(couplings));
    }

    /** This plate whose devices add Gaussian sensor noise of standard deviation {@code volts}. */
    public Plate sensorNoise(double volts) {
        return with(p -> p.optSensorNoise(volts));
    }

    /** This plate whose devices' common relative frequency shift random-walks by {@code relativePerCall} (std) per call. */
    public Plate frequencyDrift(double relativePerCall) {
        return with(p -> p.optFrequencyDrift(relativePerCall));
    }

    /** This plate whose devices' modal frequencies differ from the nominal ones by a relative Gaussian error of std {@code relative}. */
    public Plate frequencyMismatch(double relative) {
        return with(p -> p.optFrequencyMismatch(relative));
    }

    /** This plate with flawless devices: sensor noise, frequency drift and mismatch off (the name on every substrate). */
    public Plate flawless() {
        return with(PlateOptions.Builder::optFlawless);
    }

    // ------------------------------------------------------------------ description

    /** Number of modes. */
    public int modes() {
        return freqHz.length;
    }

    /** Nominal modal frequencies, Hz (a copy). */
    public double[] frequenciesHz() {
        return freqHz.clone();
    }

    /** Segment duration, s. */
    public double segmentDuration() {
        return segment;
    }

    /** RK4 steps per segment. */
    public int stepsPerSegment() {
        return steps;
    }

    /** Total drive segments (inputs then parameter segments). */
    public int segments() {
        return inputs + parameterSegments;
    }

    /** Times at which the outputs are read, s. */
    public double[] outputTimes() {
        int[] n = sampleSteps();
        double[] t = new double[n.length];
        for (int k = 0; k < n.length; k++) t[k] = n[k] * segment / steps;
        return t;
    }

    private int totalSteps() {
        return (inputs + parameterSegments) * steps;
    }

    private int[] sampleSteps() {
        return org.pnn4j.physics.DriveLayout.sampleSteps(totalSteps(), outputs);
    }

    ModalIntegrator.Modes modes(double relativeShift, double[] mismatchFactor) {
        int m = modes();
        double[] w = new double[m], g = new double[m];
        for (int i = 0; i < m; i++) {
            w[i] = 2 * Math.PI * freqHz[i] * (1 + relativeShift) * (mismatchFactor == null ? 1 : mismatchFactor[i]);
            g[i] = w[i] / quality[i];
        }
        return new ModalIntegrator.Modes(w, g, beta.clone(), b.clone(), c.clone());
    }

    @Override
    public String name() {
        return "mech(" + modes() + ")";
    }

    @Override
    public int inputSize() {
        return inputs;
    }

    @Override
    public int outputSize() {
        return outputs;
    }

    @Override
    public double inputMin() {
        return -driveMax;
    }

    @Override
    public double inputMax() {
        return driveMax;
    }

    /** One parameter, {@code "drive"} [parameterSegments] in V, initialized uniformly in half its range. */
    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.uniform("drive", -driveMax, driveMax, -driveMax / 2, driveMax / 2, "V", parameterSegments));
    }

    /** The drive segments [batch, segments]: the inputs followed by the {@code "drive"} parameter. */
    Tensor driveSegments(Tensor x, Params theta) {
        if (parameterSegments == 0) return x;
        Tensor d = theta.get("drive");
        return org.pnn4j.physics.DriveLayout.segments(x, d, o.interleaved());
    }

    /**
     * The ideal plate: RK4 of the nominal modes, differentiated by the adjoint of the discrete RK4 steps (a
     * {@link Function}, so the tape holds one node however many steps are taken).
     *
     * @throws org.pnn4j.tensor.ShapeMismatchException if x is not [batch, inputs]
     */
    @Override
    public Tensor model(Tensor x, Params theta) {
        if (x.rank() != 2 || x.dim(1) != inputs)
            throw new org.pnn4j.tensor.ShapeMismatchException("substrate '" + name() + "' expects inputs [batch, " + inputs
                    + "], got shape " + Arrays.toString(x.shape()));
        return integrate(modes(0, null)).apply(driveSegments(x, theta));
    }

    /** Runs the modes on drive segments u [batch, segments] (V); the op's VJP is the discrete adjoint. */
    Function integrate(ModalIntegrator.Modes m) {
        int[] sample = sampleSteps();
        double h = segment / steps;
        int segs = segments(), rows = (segs + 1) * steps;
        return Function.of("plate RK4", in -> {
            float[] u = in[0].array();
            int batch = in[0].dim(0);
            float[] y = new float[batch * outputs];
            double[] drive = new double[segs], out = new double[outputs];
            for (int s = 0; s < batch; s++) {
                for (int j = 0; j < segs; j++) drive[j] = u[s * segs + j];
                ModalIntegrator.forward(m, drive, steps, h, sample, null, null, out);
                for (int k = 0; k < outputs; k++) y[s * outputs + k] = (float) out[k];
            }
            return Tensor.wrap(y, batch, outputs);
        }, (in, out, g) -> {
            float[] u = in[0].array(), gy = g.array();
            int batch = in[0].dim(0);
            float[] gu = new float[batch * segs];
            double[] drive = new double[segs], o = new double[outputs], gk = new double[outputs];
            double[][] q = new double[rows][], v = new double[rows][];
            for (int s = 0; s < batch; s++) {
                for (int j = 0; j < segs; j++) drive[j] = u[s * segs + j];
                for (int k = 0; k < outputs; k++) gk[k] = gy[s * outputs + k];
                ModalIntegrator.forward(m, drive, steps, h, sample, q, v, o);
                double[] r = ModalIntegrator.adjoint(m, drive, steps, h, sample, q, v, gk);
                for (int j = 0; j < segs; j++) gu[s * segs + j] = (float) r[j];
            }
            return new Tensor[] {Tensor.wrap(gu, batch, segs)};
        });
    }

    @Override
    public Device device(long seed) {
        return new Device(this, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d inputs + %d drive segments of %.3g s (%d RK4 steps each), %d outputs, f = %s Hz",
                name(), inputs, parameterSegments, segment, steps, outputs, Arrays.toString(freqHz));
    }

    /**
     * One simulated plate: its modal frequencies carry a fixed mismatch drawn from the seed, and a common
     * relative shift that random-walks over calls (temperature); outputs carry Gaussian sensor noise.
     */
    public static final class Device extends SimulatedDevice implements PhysicalDevice {
        private final Plate plate;
        private final double[] mismatchFactor;
        private double shift;

        private Device(Plate plate, long seed) {
            super(plate, seed);
            this.plate = plate;
            mismatchFactor = new double[plate.modes()];
            for (int i = 0; i < mismatchFactor.length; i++) mismatchFactor[i] = 1 + plate.o.frequencyMismatch() * rng.nextGaussian();
        }

        /** The current relative frequency shift from drift (0 before the first call). */
        public double frequencyShift() {
            return shift;
        }

        /** This instance's current modal frequencies, Hz (mismatch and drift included). */
        public double[] frequenciesHz() {
            double[] f = plate.frequenciesHz();
            for (int i = 0; i < f.length; i++) f[i] *= mismatchFactor[i] * (1 + shift);
            return f;
        }

        @Override
        protected void saveMoreState(java.io.DataOutput out) throws java.io.IOException {
            out.writeDouble(shift);
        }

        @Override
        protected void restoreMoreState(java.io.DataInput in) throws java.io.IOException {
            shift = in.readDouble();
        }

        @Override
        protected Tensor realize(Tensor x, Params theta) {
            Tensor y = plate.integrate(plate.modes(shift, mismatchFactor)).apply(plate.driveSegments(x, theta));
            float[] d = y.toArray();
            double sensorNoise = plate.o.sensorNoise();
            if (sensorNoise > 0) for (int i = 0; i < d.length; i++) d[i] += (float) (sensorNoise * rng.nextGaussian());
            shift += plate.o.frequencyDrift() * rng.nextGaussian();
            return Tensor.wrap(d, y.shape());
        }
    }
}
