package org.pnn4j.physics.oscillators;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.SimulatedDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Tensor;

/**
 * A ring of N coupled, damped, driven pendula. Angles θₙ (rad) follow
 * <pre>
 *   θ̈ₙ = -ω0ₙ² sin θₙ + cₙ₋₁(θₙ₋₁ - θₙ) + cₙ(θₙ₊₁ - θₙ) - γθ̇ₙ + A cos(ω_d t) cos θₙ
 * </pre>
 * with periodic boundary (pendulum N-1 neighbours pendulum 0; spring cₙ joins pendula n and n+1). The input sets
 * θ(0) = a·x (a in rad per input unit) with θ̇(0) = 0; the output is θ(T) (rad) at the {@link #readout} pendula
 * (default all). Integration is classic fixed-step RK4.
 *
 * <p>Trainable parameters: {@code omega0} [N], natural frequencies in [10, 20] rad/s (initialized uniform over the
 * range), and {@code c} [N], spring couplings in [1, 20] s⁻² (initialized uniform over the range). Fixed settings
 * and their defaults: a = 0.5 rad, inputs in [-1, 1], damping γ = 1 s⁻¹, drive A = 20 rad/s² at ω_d = 15 rad/s,
 * T = 1 s in 200 steps (h = 5 ms). The fastest mode of the ring has ω ≤ sqrt(20² + 4·20) ≈ 22 rad/s, so
 * h·ω ≤ 0.11: RK4 is far inside its stability limit (h·ω < 2.8) and its phase error over T is about 1e-5 rad.
 *
 * <p>A {@link #device} has a per-instance parameter mismatch (ω0 and c each multiplied by 1 + δ, δ ~
 * Gaussian(0, {@link #parameterMismatch}), default 2%, drawn once per instance) and Gaussian measurement noise of
 * {@link #measurementNoise} rad (default 0.01) on every θ(T) read.
 *
 * <pre>{@code
 * PendulaRing ring = PendulaRing.of(8).time(1.0).steps(200).drive(20, 15).readout(0, 4);
 * }</pre>
 * Instances are immutable; every option returns a new description.
 */
public final class PendulaRing implements Substrate {
    /** Natural-frequency range, rad/s. */
    public static final double OMEGA0_MIN = 10, OMEGA0_MAX = 20;
    /** Coupling range, s⁻². */
    public static final double COUPLING_MIN = 1, COUPLING_MAX = 20;

    private final int n;
    private int steps = 200;
    private double time = 1.0;
    private double amplitude = 0.5;
    private double inputMin = -1, inputMax = 1;
    private double damping = 1.0;
    private double drive = 20, driveFrequency = 15;
    private int[] readout;
    private double parameterMismatch = 0.02, measurementNoise = 0.01;

    private PendulaRing(int n) {
        this.n = n;
        this.readout = new int[n];
        for (int i = 0; i < n; i++) readout[i] = i;
    }

    private PendulaRing copy() {
        PendulaRing r = new PendulaRing(n);
        r.steps = steps;
        r.time = time;
        r.amplitude = amplitude;
        r.inputMin = inputMin;
        r.inputMax = inputMax;
        r.damping = damping;
        r.drive = drive;
        r.driveFrequency = driveFrequency;
        r.readout = readout.clone();
        r.parameterMismatch = parameterMismatch;
        r.measurementNoise = measurementNoise;
        return r;
    }

    /**
     * A ring of {@code n} pendula with the default settings (see the class description).
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static PendulaRing of(int n) {
        if (n < 1) throw new IllegalArgumentException("pendula(n) needs at least one pendulum, got n = " + n);
        return new PendulaRing(n);
    }

    /**
     * The same ring integrated with {@code steps} RK4 steps (default 200).
     *
     * @throws IllegalArgumentException if {@code steps < 1}
     */
    public PendulaRing steps(int steps) {
        if (steps < 1) throw new IllegalArgumentException(name() + ": RK4 needs at least one step, got " + steps);
        PendulaRing r = copy();
        r.steps = steps;
        return r;
    }

    /**
     * The same ring read out at time T seconds (default 1 s).
     *
     * @throws IllegalArgumentException if T is not positive and finite
     */
    public PendulaRing time(double seconds) {
        if (!(seconds > 0) || Double.isInfinite(seconds))
            throw new IllegalArgumentException(name() + ": the readout time T must be positive and finite seconds, got " + seconds);
        PendulaRing r = copy();
        r.time = seconds;
        return r;
    }

    /**
     * The same ring with initial angles θ(0) = a·x, a in rad per input unit (default 0.5).
     *
     * @throws IllegalArgumentException if a is not finite
     */
    public PendulaRing inputAmplitude(double radians) {
        if (!Double.isFinite(radians)) throw new IllegalArgumentException(name() + ": input amplitude must be finite, got " + radians);
        PendulaRing r = copy();
        r.amplitude = radians;
        return r;
    }

    /**
     * The same ring accepting inputs in [lo, hi] (default [-1, 1]).
     *
     * @throws IllegalArgumentException if the range is empty or not finite
     */
    public PendulaRing inputRange(double lo, double hi) {
        if (!(lo < hi) || Double.isInfinite(lo) || Double.isInfinite(hi))
            throw new IllegalArgumentException(name() + ": input range [" + lo + ", " + hi + "] must be finite with lo < hi");
        PendulaRing r = copy();
        r.inputMin = lo;
        r.inputMax = hi;
        return r;
    }

    /**
     * The same ring with damping rate γ in s⁻¹ (default 1).
     *
     * @throws IllegalArgumentException if γ is negative or not finite
     */
    public PendulaRing damping(double gamma) {
        if (!(gamma >= 0) || Double.isInfinite(gamma))
            throw new IllegalArgumentException(name() + ": damping γ must be finite and >= 0 s⁻¹, got " + gamma);
        PendulaRing r = copy();
        r.damping = gamma;
        return r;
    }

    /**
     * The same ring driven by A cos(ω_d t) cos θ with A in rad/s² and ω_d in rad/s (default 20 rad/s² at 15 rad/s;
     * A = 0 switches the drive off).
     *
     * @throws IllegalArgumentException if either value is not finite
     */
    public PendulaRing drive(double amplitude, double frequency) {
        if (!Double.isFinite(amplitude) || !Double.isFinite(frequency))
            throw new IllegalArgumentException(name() + ": drive amplitude and frequency must be finite, got " + amplitude
                    + " rad/s² and " + frequency + " rad/s");
        PendulaRing r = copy();
        r.drive = amplitude;
        r.driveFrequency = frequency;
        return r;
    }

    /**
     * The same ring read out at the given pendula, in that order (default all, 0..N-1).
     *
     * @throws IllegalArgumentException if no index is given or one lies outside [0, N)
     */
    public PendulaRing readout(int... pendula) {
        if (pendula.length == 0) throw new IllegalArgumentException(name() + ": the readout needs at least one pendulum");
        for (int p : pendula)
            if (p < 0 || p >= n)
                throw new IllegalArgumentException(name() + ": readout pendulum " + p + " does not exist; use 0.." + (n - 1));
        PendulaRing r = copy();
        r.readout = pendula.clone();
        return r;
    }

    /**
     * Devices whose ω0 and c each differ from the set values by a factor 1 + δ, δ ~ Gaussian(0, relStd), drawn
     * once per instance (default 0.02; 0 removes the mismatch).
     *
     * @throws IllegalArgumentException if relStd is negative or not finite
     */
    public PendulaRing parameterMismatch(double relStd) {
        if (!(relStd >= 0) || Double.isInfinite(relStd))
            throw new IllegalArgumentException(name() + ": parameter mismatch must be finite and >= 0, got " + relStd);
        PendulaRing r = copy();
        r.parameterMismatch = relStd;
        return r;
    }

    /**
     * Devices that add Gaussian noise of {@code radians} standard deviation to every θ(T) they read (default 0.01).
     *
     * @throws IllegalArgumentException if the value is negative or not finite
     */
    public PendulaRing measurementNoise(double radians) {
        if (!(radians >= 0) || Double.isInfinite(radians))
            throw new IllegalArgumentException(name() + ": measurement noise must be finite and >= 0 rad, got " + radians);
        PendulaRing r = copy();
        r.measurementNoise = radians;
        return r;
    }

    /** Number of pendula N. */
    public int size() {
        return n;
    }

    /** RK4 steps per forward. */
    public int steps() {
        return steps;
    }

    /** Readout time T, s. */
    public double time() {
        return time;
    }

    /** Initial-angle scale a, rad per input unit. */
    public double inputAmplitude() {
        return amplitude;
    }

    /** Damping rate γ, s⁻¹. */
    public double damping() {
        return damping;
    }

    /** Drive amplitude A, rad/s². */
    public double driveAmplitude() {
        return drive;
    }

    /** Drive angular frequency ω_d, rad/s. */
    public double driveFrequency() {
        return driveFrequency;
    }

    /** The pendula read out, in output order. */
    public int[] readout() {
        return readout.clone();
    }

    /** Devices' relative parameter mismatch (standard deviation). */
    public double parameterMismatch() {
        return parameterMismatch;
    }

    /** Devices' measurement noise, rad. */
    public double measurementNoise() {
        return measurementNoise;
    }

    @Override
    public String name() {
        return "pendula(" + n + ")";
    }

    @Override
    public int inputSize() {
        return n;
    }

    @Override
    public int outputSize() {
        return readout.length;
    }

    @Override
    public double inputMin() {
        return inputMin;
    }

    @Override
    public double inputMax() {
        return inputMax;
    }

    /** {@code omega0} [N] in [10, 20] rad/s and {@code c} [N] in [1, 20] s⁻², both initialized uniform over the range. */
    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.uniform("omega0", OMEGA0_MIN, OMEGA0_MAX, "rad/s", n),
                ParameterSpec.uniform("c", COUPLING_MIN, COUPLING_MAX, "s^-2", n));
    }

    private PendulaRk4 kernel() {
        return new PendulaRk4(steps, time, amplitude, damping, drive, driveFrequency, readout);
    }

    /**
     * The ideal model: θ(T) at the readout pendula, integrated by one fused RK4 op.
     *
     * @param x     inputs [batch, N]; θ(0) = a·x
     * @param theta {@code omega0} [N] (rad/s) and {@code c} [N] (s⁻²)
     * @return θ(T) [batch, readout], rad
     * @throws org.pnn4j.tensor.ShapeMismatchException if x or a parameter has the wrong shape
     * @throws IllegalStateException if the integration produced NaN or infinity (too large a step or drive)
     */
    @Override
    public Tensor model(Tensor x, Params theta) {
        OscillatorChecks.checkShape(this, x, theta);
        Tensor y = kernel().apply(x, theta.get("omega0"), theta.get("c"));
        OscillatorChecks.checkFinite(this, y, steps, time / steps,
                String.format(Locale.ROOT, " (h·ω should stay below ~1), a smaller drive (A = %g rad/s²) or parameters inside their ranges", drive));
        return y;
    }

    /** A simulated physical instance: ω0 and c mismatch drawn from {@code seed}, fresh measurement noise per call. */
    @Override
    public PhysicalDevice device(long seed) {
        return new Device(this, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: RK4 %d steps to T = %g s; θ(0) = %g rad·x; γ = %g s^-1; drive %g rad/s^2 at %g rad/s; "
                        + "readout %s; device mismatch %g, measurement noise %g rad", name(), steps, time, amplitude, damping,
                drive, driveFrequency, Arrays.toString(readout), parameterMismatch, measurementNoise);
    }

    private static final class Device extends SimulatedDevice {
        private final PendulaRing ring;
        private final float[] omegaFactor, couplingFactor;
        private final PendulaRk4 kernel;

        Device(PendulaRing ring, long seed) {
            super(ring, seed);
            this.ring = ring;
            omegaFactor = new float[ring.n];
            couplingFactor = new float[ring.n];
            for (int i = 0; i < ring.n; i++) omegaFactor[i] = (float) (1 + ring.parameterMismatch * rng.nextGaussian());
            for (int i = 0; i < ring.n; i++) couplingFactor[i] = (float) (1 + ring.parameterMismatch * rng.nextGaussian());
            kernel = ring.kernel();
        }

        @Override
        protected Tensor realize(Tensor x, Params theta) {
            Tensor omega0 = theta.get("omega0").mul(Tensor.wrap(omegaFactor.clone(), ring.n));
            Tensor c = theta.get("c").mul(Tensor.wrap(couplingFactor.clone(), ring.n));
            float[] y = kernel.apply(x, omega0, c).array();
            if (ring.measurementNoise > 0)
                for (int i = 0; i < y.length; i++) y[i] += (float) (ring.measurementNoise * rng.nextGaussian());
            return Tensor.wrap(y, x.dim(0), ring.readout.length);
        }
    }

    /** For tests: the factors (1 + δ) on ω0 then on c of a device made by {@link #device}. */
    static float[][] mismatch(PhysicalDevice device) {
        Device d = (Device) device;
        return new float[][] {d.omegaFactor.clone(), d.couplingFactor.clone()};
    }
}
