package org.pnn4j.physics.oscillators;

import java.util.List;
import java.util.Locale;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.SimulatedDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Function;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * A network of N coupled nonlinear oscillators, the substrate of the physics-aware-training paper's code
 * examples (Wright et al., Nature 2022). Per sample, positions q and momenta p in R^N (dimensionless; time in
 * units of the uncoupled small-amplitude period / 2π) follow
 * <pre>
 *   dq/dt = p
 *   dp/dt = -sin q + e + (sin q)·Q,     Q = sym(C) with its diagonal replaced by minus its column sums
 * </pre>
 * where sym(C) = (C + Cᵀ)/2, so Q is symmetric and each of its rows sums to zero (the coupling pulls on
 * differences of sin q only). The input sets q(0) = x with p(0) = 0; the output is q(T). Integration is classic
 * fixed-step RK4, {@link #steps} steps to {@link #time} T (defaults 5 and 0.5).
 *
 * <p>Parameters: {@code C} [N, N], dimensionless, range [-limit, +limit] ({@link #coupling}) (default 1), initialized
 * Gaussian(0, initStd) (default 0.1) clamped to the range; {@code e} [N], dimensionless constant
 * force, range [-{@link #fieldLimit}, +limit] (default 1), initialized uniform in [-0.1, 0.1]. Inputs lie in
 * [{@link #inputMin}, {@link #inputMax}] (default [-π, π], radians of the initial displacement).
 *
 * <p>The ideal {@link #model} builds Q once per call with ordinary tensor ops (so gradients reach C) and runs the
 * whole integration as one fused op whose backward is the adjoint of the discrete RK4 map. A {@link #device}
 * differs from the model by an unmodelled nonlinearity sin((1+η)q) (default η = 0.1), a fixed extra coupling
 * built like Q from {@link #extraCouplingStd}·randn(N, N) drawn once per instance (default 0.2), and Gaussian
 * noise of standard deviation {@link #inputNoise} (default 0.02) added to the inputs on every call. With
 * {@link #inputNoiseObserved(boolean)} the device reports the noisy inputs it applied, and physics-aware training
 * runs the model's backward there (the reference example's semantics).
 *
 * <pre>{@code
 * CoupledOscillators osc = CoupledOscillators.of(100).steps(5).time(0.5);
 * Tensor y = osc.model(x, theta);             // [batch, 100]
 * PhysicalDevice dev = osc.device(42);
 * }</pre>
 * Instances are immutable; every option returns a new description.
 */
public final class CoupledOscillators implements Substrate {
    private final OscillatorOptions o;

    private CoupledOscillators(OscillatorOptions options) {
        this.o = options;
    }

    /**
     * A network of {@code n} oscillators with the default settings (5 RK4 steps to T = 0.5, inputs in [-π, π],
     * C in [-1, 1], e in [-1, 1]; device: η = 0.1, extra coupling std 0.2, input noise 0.02).
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static CoupledOscillators of(int n) {
        return new CoupledOscillators(OscillatorOptions.builder(n).build());
    }

    /** A network with these options (validated when they were built). */
    public static CoupledOscillators of(OscillatorOptions options) {
        return new CoupledOscillators(java.util.Objects.requireNonNull(options, "options"));
    }

    /** This network's options, one immutable value. */
    public OscillatorOptions options() {
        return o;
    }

    /** A copy with one change to the options, validated by {@link OscillatorOptions.Builder#build()}. */
    private CoupledOscillators with(java.util.function.UnaryOperator<OscillatorOptions.Builder> change) {
        return new CoupledOscillators(change.apply(o.toBuilder()).build());
    }

    /**
     * The same network integrated with {@code steps} RK4 steps (default 5).
     *
     * @throws IllegalArgumentException if {@code steps < 1}
     */
    public CoupledOscillators steps(int steps) {
        return with(b -> b.optSteps(steps));
    }

    /**
     * The same network read out at dimensionless time {@code time} T (default 0.5).
     *
     * @throws IllegalArgumentException if T is not positive and finite
     */
    public CoupledOscillators time(double time) {
        return with(b -> b.optTime(time));
    }

    /**
     * The same network accepting initial displacements in [lo, hi] (radians; default [-π, π]).
     *
     * @throws IllegalArgumentException if the range is empty or not finite
     */
    public CoupledOscillators inputRange(double lo, double hi) {
        return with(b -> b.optInputRange(lo, hi));
    }

    /**
     * The same network with C limited to [-limit, limit] (dimensionless; default 1) and initialized
     * Gaussian(0, initStd) clamped to that range (default 0.1).
     *
     * @throws IllegalArgumentException if limit is not positive or initStd is negative
     */
    public CoupledOscillators coupling(double limit, double initStd) {
        return with(b -> b.optCoupling(limit, initStd));
    }

    /**
     * The same network with C and e both initialized uniform in [-bound, bound] instead of the defaults (C Gaussian,
     * e uniform in [-0.1, 0.1]). With {@code bound = 1/√N} this is the default initialization of a PyTorch
     * {@code nn.Linear(N, N)} (weight and bias), which the physics-aware-training reference example uses for C and e:
     * for a large network it keeps the diagonal of Q (minus a column sum of N couplings) of order one.
     *
     * @throws IllegalArgumentException if bound is negative or not finite
     */
    public CoupledOscillators uniformInit(double bound) {
        return with(b -> b.optUniformInit(bound));
    }

    /**
     * The same network with C's diagonal kept in Q as a trainable self-coupling, as the physics-aware-training
     * reference example builds Q (its {@code C2Q}): Q = sym(C) with Q_ii = -Σ_j sym(C)_ji, the sum including
     * C_ii itself, so the restoring force of oscillator i becomes -(1 + C_ii) sin q_i. By default the diagonal of C
     * is dropped (Q_ii = -Σ_{j≠i} sym(C)_ji) and C_ii has no effect. A device's extra coupling is built the same way,
     * so it then also perturbs each oscillator's restoring force.
     */
    public CoupledOscillators selfCoupling(boolean keepDiagonal) {
        return with(b -> b.optSelfCoupling(keepDiagonal));
    }

    /** Whether C's diagonal acts as a self-coupling ({@link #selfCoupling(boolean)}). */
    public boolean selfCoupling() {
        return o.selfCoupling();
    }

    /**
     * The same network with the constant force e limited to [-limit, limit] (dimensionless; default 1).
     *
     * @throws IllegalArgumentException if limit is not positive
     */
    public CoupledOscillators fieldLimit(double limit) {
        return with(b -> b.optFieldLimit(limit));
    }

    /**
     * Devices whose restoring force is sin((1+η)q) instead of sin q (default η = 0.1; 0 removes this gap).
     *
     * @throws IllegalArgumentException if η is not finite or η <= -1
     */
    public CoupledOscillators nonlinearityError(double eta) {
        return with(b -> b.optNonlinearityError(eta));
    }

    /**
     * Devices with an extra fixed coupling built like Q from std·randn(N, N), drawn once per instance
     * (default 0.2; 0 removes it).
     *
     * @throws IllegalArgumentException if std is negative or not finite
     */
    public CoupledOscillators extraCouplingStd(double std) {
        return with(b -> b.optExtraCouplingStd(std));
    }

    /**
     * Devices that add Gaussian noise of standard deviation {@code std} (radians) to every input on every call
     * (default 0.02; 0 removes it).
     *
     * @throws IllegalArgumentException if std is negative or not finite
     */
    public CoupledOscillators inputNoise(double std) {
        return with(b -> b.optInputNoise(std));
    }

    /**
     * Devices that report the noisy initial displacements x + n they actually applied ({@link PhysicalDevice#measure}),
     * so that physics-aware training evaluates the model's vector-Jacobian product there instead of at the commanded x
     * (default false: the noise is unknown to the trainer, as actuation noise on hardware usually is). True is the
     * physics-aware-training reference example's setting: its computer adds the noise to the initial condition
     * before the physical call, and its backward pass runs the model at that noisy input. On the Fashion-MNIST
     * network this is worth about 5 points after 750 steps (PyTorch, reference semantics: 81.6% with, 76.2% without).
     */
    public CoupledOscillators inputNoiseObserved(boolean observed) {
        return with(b -> b.optInputNoiseObserved(observed));
    }

    /**
     * The same network with flawless devices: no nonlinearity error, no extra coupling, no input noise, so a device
     * measures what the model computes (the name of "no imperfections" on every substrate).
     */
    public CoupledOscillators flawless() {
        return with(OscillatorOptions.Builder::optFlawless);
    }

    /** Whether devices report the noisy input they applied ({@link #inputNoiseObserved(boolean)}). */
    public boolean inputNoiseObserved() {
        return o.inputNoiseObserved();
    }

    /** Number of oscillators N. */
    public int size() {
        return o.size();
    }

    /** RK4 steps per forward. */
    public int steps() {
        return o.steps();
    }

    /** Integration time T (dimensionless). */
    public double time() {
        return o.time();
    }

    /** Devices' per-call input noise standard deviation (radians). */
    public double inputNoise() {
        return o.inputNoise();
    }

    @Override
    public String name() {
        return "oscillators(" + o.size() + ")";
    }

    @Override
    public int inputSize() {
        return o.size();
    }

    @Override
    public int outputSize() {
        return o.size();
    }

    @Override
    public double inputMin() {
        return o.inputMin();
    }

    @Override
    public double inputMax() {
        return o.inputMax();
    }

    /** {@code C} [N, N] (coupling, dimensionless) and {@code e} [N] (constant force, dimensionless). */
    @Override
    public List<ParameterSpec> parameters() {
        int n = o.size();
        double cl = o.couplingLimit(), fl = o.fieldLimit();
        if (o.uniformInit().isPresent()) {
            double u = o.uniformInit().getAsDouble();
            return List.of(ParameterSpec.uniform("C", -cl, cl, -u, u, "", n, n), ParameterSpec.uniform("e", -fl, fl, -u, u, "", n));
        }
        return List.of(ParameterSpec.gaussian("C", -cl, cl, o.couplingInitStd(), "", n, n), ParameterSpec.uniform("e", -fl, fl, -0.1, 0.1, "", n));
    }

    /**
     * The coupling matrix Q of the dynamics built from C: (C + Cᵀ)/2 with the diagonal replaced by minus the
     * column sums of its off-diagonal part. One fused op with a hand-written VJP, so gradients flow back to C.
     *
     * @param c [N, N]
     * @return Q [N, N], symmetric, every row and column summing to zero
     * @throws IllegalArgumentException if c is not square
     */
    public static Tensor couplingMatrix(Tensor c) {
        return couplingMatrix(c, false);
    }

    /**
     * The coupling matrix Q built from C, with C's diagonal dropped ({@code selfCoupling} false, as
     * {@link #couplingMatrix(Tensor)}) or kept as a self-coupling (true: Q_ii = -Σ_j sym(C)_ji including C_ii, the
     * reference example's C2Q; rows then sum to -C_ii). One fused op with a hand-written VJP.
     *
     * @throws IllegalArgumentException if c is not square
     */
    public static Tensor couplingMatrix(Tensor c, boolean selfCoupling) {
        if (c.rank() != 2 || c.dim(0) != c.dim(1))
            throw new IllegalArgumentException("the coupling C must be a square [N, N] matrix, got shape "
                    + java.util.Arrays.toString(c.shape()));
        int n = c.dim(0);
        // one fused op (a dozen N×N tensor ops before: 18% of a training step at N = 1610)
        return Function.of("couplingMatrix", in -> Tensor.wrap(coupling(in[0].array(), n, selfCoupling), n, n),
                (in, out, g) -> new Tensor[] {Tensor.wrap(couplingVjp(g.array(), n, selfCoupling), n, n)}).apply(c);
    }

    /** Q from C, both [N, N] row-major, in a new array: minus the graph Laplacian of sym(C) ({@link DiffusiveCoupling}). */
    private static float[] coupling(float[] c, int n, boolean selfCoupling) {
        return DiffusiveCoupling.dense(c, n, selfCoupling, null, new float[n * n]);
    }

    /**
     * dL/dC from G = dL/dQ, in a new array: the off-diagonal S_ij = (C_ij + C_ji)/2 enters Q_ij, Q_ji, and (negated)
     * Q_ii and Q_jj, so dL/dC_ij = (G_ij + G_ji - G_ii - G_jj)/2 for i ≠ j; the diagonal of C is unused unless it is
     * a self coupling ({@link DiffusiveCoupling#vjp}).
     */
    static float[] couplingVjp(float[] g, int n, boolean selfCoupling) {
        return DiffusiveCoupling.vjp(g, n, selfCoupling, new float[n * n]);
    }

    /**
     * The ideal model: q(T) for q(0) = x, p(0) = 0, integrated by one fused RK4 op.
     *
     * @param x     initial displacements [batch, N] (radians)
     * @param theta {@code C} [N, N] and {@code e} [N]
     * @return q(T) [batch, N]
     * @throws org.pnn4j.tensor.ShapeMismatchException if x or a parameter has the wrong shape
     * @throws IllegalStateException if the integration produced NaN or infinity (unstable step or parameters)
     */
    @Override
    public Tensor model(Tensor x, Params theta) {
        OscillatorChecks.checkShape(this, x, theta);
        // Q(C) built inside the integration op, straight into its packed layout (same floats as couplingMatrix)
        Tensor y = new OscillatorRk4(o.steps(), o.time(), 1, true).applyCoupling(x, theta.get("C"), theta.get("e"), o.selfCoupling(), null);
        OscillatorChecks.checkFinite(this, y, o.steps(), o.time() / o.steps(), "");
        return y;
    }

    /**
     * A simulated physical instance: sin((1+η)q) dynamics, a fixed extra coupling drawn from {@code seed}, and
     * fresh input noise on every call.
     */
    @Override
    public PhysicalDevice device(long seed) {
        return new Device(this, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: RK4 %d steps to T = %g; C in [-%g, %g], e in [-%g, %g]; device η = %g, "
                        + "extra coupling std %g, input noise %g", name(), o.steps(), o.time(), o.couplingLimit(), o.couplingLimit(),
                o.fieldLimit(), o.fieldLimit(), o.nonlinearityError(), o.extraCouplingStd(), o.inputNoise());
    }

    private static final class Device extends SimulatedDevice {
        private final CoupledOscillators osc;
        private final Tensor extraQ;
        private final OscillatorRk4 kernel;

        Device(CoupledOscillators osc, long seed) {
            super(osc, seed);
            this.osc = osc;
            try (Grad.Scope off = Grad.off()) {
                this.extraQ = couplingMatrix(Tensor.randn(rng.split(), osc.o.extraCouplingStd(), osc.o.size(), osc.o.size()), osc.o.selfCoupling());
            }
            this.kernel = new OscillatorRk4(osc.o.steps(), osc.o.time(), 1 + osc.o.nonlinearityError(), true);
        }

        @Override
        protected Tensor actuate(Tensor x) {
            double std = osc.o.inputNoise();
            if (std == 0) return x;
            float[] noisy = x.array().clone();
            for (int i = 0; i < noisy.length; i++) noisy[i] += (float) (std * rng.nextGaussian());
            return Tensor.wrap(noisy, x.shape());
        }

        @Override
        protected boolean actuationObserved() {
            return osc.o.inputNoiseObserved();
        }

        @Override
        protected Tensor realize(Tensor x, Params theta) {
            // Q(C) + the extra coupling in one pass inside the integration op, through its work array (measure calls
            // this with gradients off, so nothing is recorded)
            return kernel.applyCoupling(x, theta.get("C"), theta.get("e"), osc.o.selfCoupling(), extraQ.array());
        }
    }

    /** For tests: the fixed extra coupling of a device made by {@link #device}. */
    static Tensor extraCoupling(PhysicalDevice device) {
        return ((Device) device).extraQ;
    }
}
