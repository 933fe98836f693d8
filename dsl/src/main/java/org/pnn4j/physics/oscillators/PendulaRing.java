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

    private final PendulaOptions o;

    private PendulaRing(PendulaOptions options) {
        this.o = options;
    }

    /**
     * A ring of {@code n} pendula with the default settings (see the class description).
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static PendulaRing of(int n) {
        return new PendulaRing(PendulaOptions.builder(n).build());
    }

    /** A ring with these options (validated when they were built). */
    public static PendulaRing of(PendulaOptions options) {
        return new PendulaRing(java.util.Objects.requireNonNull(options, "options"));
    }

    /** This ring's options, one immutable value. */
    public PendulaOptions options() {
        return o;
    }

    /** A copy with one change to the options, validated by {@link PendulaOptions.Builder#build()}. */
    private PendulaRing with(java.util.function.UnaryOperator<PendulaOptions.Builder> change) {
        return new PendulaRing(change.apply(o.toBuilder()).build());
    }

    /**
     * The same ring integrated with {@code steps} RK4 steps (default 200).
     *
     * @throws IllegalArgumentException if {@code steps < 1}
     */
    public PendulaRing steps(int steps) {
        return with(b -> b.optSteps(steps));
    }

    /**
     * The same ring read out at time T seconds (default 1 s).
     *
     * @throws IllegalArgumentException if T is not positive and finite
     */
    public PendulaRing time(double seconds) {
        return with(b -> b.optTime(seconds));
    }

    /**
     * The same ring with initial angles θ(0) = a·x, a in rad per input unit (default 0.5).
     *
     * @throws IllegalArgumentException if a is not finite
     */
    public PendulaRing inputAmplitude(double radians) {
        return with(b -> b.optInputAmplitude(radians));
    }

    /**
     * The same ring accepting inputs in [lo, hi] (default [-1, 1]).
     *
     * @throws IllegalArgumentException if the range is empty or not finite
     */
    public PendulaRing inputRange(double lo, double hi) {
        return with(b -> b.optInputRange(lo, hi));
    }

    /**
     * The same ring with damping rate γ in s⁻¹ (default 1).
     *
     * @throws IllegalArgumentException if γ is negative or not finite
     */
    public PendulaRing damping(double gamma) {
        return with(b -> b.optDamping(gamma));
    }

    /**
     * The same ring driven by A cos(ω_d t) cos θ with A in rad/s² and ω_d in rad/s (default 20 rad/s² at 15 rad/s;
     * A = 0 switches the drive off).
     *
     * @throws IllegalArgumentException if either value is not finite
     */
    public PendulaRing drive(double amplitude, double frequency) {
        return with(b -> b.optDrive(amplitude, frequency));
    }

    /**
     * The same ring read out at the given pendula, in that order (default all, 0..N-1).
     *
     * @throws IllegalArgumentException if no index is given or one lies outside [0, N)
     */
    public PendulaRing readout(int... pendula) {
        return with(b -> b.optReadout(pendula));
    }

    /**
     * Devices whose ω0 and c each differ from the set values by a factor 1 + δ, δ ~ Gaussian(0, relStd), drawn
     * once per instance (default 0.02; 0 removes the mismatch).
     *
     * @throws IllegalArgumentException if relStd is negative or not finite
     */
    public PendulaRing parameterMismatch(double relStd) {
        return with(b -> b.optParameterMismatch(relStd));
    }

    /**
     * Devices that add Gaussian noise of {@code radians} standard deviation to every θ(T) they read (default 0.01).
     *
     * @throws IllegalArgumentException if the value is negative or not finite
     */
    public PendulaRing measurementNoise(double radians) {
        return with(b -> b.optMeasurementNoise(radians));
    }

    /**
     * The same ring with flawless devices: no parameter mismatch, no measurement noise, so a device measures what the
     * model computes (the name of "no imperfections" on every substrate).
     */
    public PendulaRing flawless() {
        return with(PendulaOptions.Builder::optFlawless);
    }

    /** Number of pendula N. */
    public int size() {
        return o.size();
    }

    /** RK4 steps per forward. */
    public int steps() {
        return o.steps();
    }

    /** Readout time T, s. */
    public double time() {
        return o.time();
    }

    @Override
    public String name() {
        return "pendula(" + o.size() + ")";
    }

    @Override
    public int inputSize() {
        return o.size();
    }

    @Override
    public int outputSize() {
        return o.readout().length;
    }

    @Override
    public double inputMin() {
        return o.inputMin();
    }

    @Override
    public double inputMax() {
        return o.inputMax();
    }

    /** {@code omega0} [N] in [10, 20] rad/s and {@code c} [N] in [1, 20] s⁻², both initialized uniform over the range. */
    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.uniform("omega0", OMEGA0_MIN, OMEGA0_MAX, "rad/s", o.size()),
                ParameterSpec.uniform("c", COUPLING_MIN, COUPLING_MAX, "s^-2", o.size()));
    }

    private PendulaRk4 kernel() {
        return new PendulaRk4(o.steps(), o.time(), o.inputAmplitude(), o.damping(), o.driveAmplitude(), o.driveFrequency(), o.readout());
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
        OscillatorChecks.checkFinite(this, y, o.steps(), o.time() / o.steps(),
                String.format(Locale.ROOT, " (h·ω should stay below ~1), a smaller drive (A = %g rad/s²) or parameters inside their ranges", o.driveAmplitude()));
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
                        + "readout %s; device mismatch %g, measurement noise %g rad", name(), o.steps(), o.time(), o.inputAmplitude(), o.damping(),
                o.driveAmplitude(), o.driveFrequency(), Arrays.toString(o.readout()), o.parameterMismatch(), o.measurementNoise());
    }

    private static final class Device extends SimulatedDevice {
        private final PendulaRing ring;
        private final float[] omegaFactor, couplingFactor;
        private final PendulaRk4 kernel;

        Device(PendulaRing ring, long seed) {
            super(ring, seed);
            this.ring = ring;
            int n = ring.o.size();
            double mismatch = ring.o.parameterMismatch();
            omegaFactor = new float[n];
            couplingFactor = new float[n];
            for (int i = 0; i < n; i++) omegaFactor[i] = (float) (1 + mismatch * rng.nextGaussian());
            for (int i = 0; i < n; i++) couplingFactor[i] = (float) (1 + mismatch * rng.nextGaussian());
            kernel = ring.kernel();
        }

        @Override
        protected Tensor realize(Tensor x, Params theta) {
            int n = ring.o.size();
            double noise = ring.o.measurementNoise();
            Tensor omega0 = theta.get("omega0").mul(Tensor.wrap(omegaFactor.clone(), n));
            Tensor c = theta.get("c").mul(Tensor.wrap(couplingFactor.clone(), n));
            float[] y = kernel.apply(x, omega0, c).array();
            if (noise > 0)
                for (int i = 0; i < y.length; i++) y[i] += (float) (noise * rng.nextGaussian());
            return Tensor.wrap(y, x.dim(0), ring.outputSize());
        }
    }

    /** For tests: the factors (1 + δ) on ω0 then on c of a device made by {@link #device}. */
    static float[][] mismatch(PhysicalDevice device) {
        Device d = (Device) device;
        return new float[][] {d.omegaFactor.clone(), d.couplingFactor.clone()};
    }
}
