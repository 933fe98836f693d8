package org.pnn4j.physics.oscillators;

import java.util.OptionalDouble;
import org.pnn4j.physics.Checks;

/**
 * The options of a {@link CoupledOscillators} network, one immutable value validated in one place (its constructor).
 * Build one with {@link #builder(int)}: the size is required, every other option has its default as a value (DJL's
 * rule: required settings by the factory, optional ones by {@code optX}, {@link Builder#build()} validates).
 *
 * @param size               number of oscillators N (at least 1)
 * @param steps              RK4 steps per forward (default 5)
 * @param time               integration time T, dimensionless (default 0.5)
 * @param inputMin           lowest initial displacement, rad (default -π)
 * @param inputMax           highest initial displacement, rad (default π)
 * @param couplingLimit      limit of |C| (default 1)
 * @param couplingInitStd    std of C's Gaussian initialization (default 0.1)
 * @param fieldLimit         limit of |e| (default 1)
 * @param uniformInit        half-width of a uniform initialization of both C and e, or empty for the default scheme
 *                           (C Gaussian, e uniform in [-0.1, 0.1])
 * @param selfCoupling       whether C's diagonal stays in Q as a self-coupling (default false)
 * @param nonlinearityError  devices' unmodelled nonlinearity η: sin((1+η)q) (default 0.1; above -1)
 * @param extraCouplingStd   std of devices' fixed extra coupling (default 0.2)
 * @param inputNoise         std of devices' per-call input noise, rad (default 0.02)
 * @param inputNoiseObserved whether devices report the noisy input they applied (default false)
 */
public record OscillatorOptions(int size, int steps, double time, double inputMin, double inputMax, double couplingLimit,
                                double couplingInitStd, double fieldLimit, OptionalDouble uniformInit, boolean selfCoupling,
                                double nonlinearityError, double extraCouplingStd, double inputNoise,
                                boolean inputNoiseObserved) {
    /**
     * Validates every option.
     *
     * @throws IllegalArgumentException naming the option and the value that is out of its range
     */
    public OscillatorOptions {
        if (size < 1) throw new IllegalArgumentException("oscillators(n) needs at least one oscillator, got n = " + size);
        String owner = "oscillators(" + size + ")";
        Checks.atLeast(owner, "RK4 steps", steps, 1);
        Checks.positive(owner, "the integration time T", time);
        Checks.range(owner, "input range", inputMin, inputMax);
        Checks.positive(owner, "coupling limit", couplingLimit);
        Checks.nonNegative(owner, "coupling initial std", couplingInitStd);
        Checks.positive(owner, "field limit", fieldLimit);
        if (uniformInit == null) throw new IllegalArgumentException(owner + ": uniformInit must be a value or OptionalDouble.empty()");
        if (uniformInit.isPresent()) Checks.nonNegative(owner, "uniform initialization bound", uniformInit.getAsDouble());
        if (!(nonlinearityError > -1) || Double.isInfinite(nonlinearityError))
            throw new IllegalArgumentException(owner + ": nonlinearity error η must be finite and > -1, got " + nonlinearityError);
        Checks.nonNegative(owner, "extra coupling std", extraCouplingStd);
        Checks.nonNegative(owner, "input noise std", inputNoise);
    }

    /** A builder of {@code size} oscillators with every other option at its default. */
    public static Builder builder(int size) {
        return new Builder(new OscillatorOptions(size, 5, 0.5, -Math.PI, Math.PI, 1, 0.1, 1, OptionalDouble.empty(), false, 0.1, 0.2, 0.02, false));
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe; the options it builds are immutable. */
    public static final class Builder {
        private int size, steps;
        private double time, inputMin, inputMax, couplingLimit, couplingInitStd, fieldLimit;
        private OptionalDouble uniformInit;
        private boolean selfCoupling, inputNoiseObserved;
        private double nonlinearityError, extraCouplingStd, inputNoise;

        private Builder(OscillatorOptions o) {
            size = o.size; steps = o.steps; time = o.time; inputMin = o.inputMin; inputMax = o.inputMax;
            couplingLimit = o.couplingLimit; couplingInitStd = o.couplingInitStd; fieldLimit = o.fieldLimit;
            uniformInit = o.uniformInit; selfCoupling = o.selfCoupling; nonlinearityError = o.nonlinearityError;
            extraCouplingStd = o.extraCouplingStd; inputNoise = o.inputNoise; inputNoiseObserved = o.inputNoiseObserved;
        }

        /** RK4 steps per forward. */
        public Builder optSteps(int steps) { this.steps = steps; return this; }

        /** Integration time T (dimensionless). */
        public Builder optTime(double time) { this.time = time; return this; }

        /** Initial displacements accepted, [lo, hi] rad. */
        public Builder optInputRange(double lo, double hi) { inputMin = lo; inputMax = hi; return this; }

        /** Limit of |C| and std of its Gaussian initialization. */
        public Builder optCoupling(double limit, double initStd) { couplingLimit = limit; couplingInitStd = initStd; return this; }

        /** Limit of |e|. */
        public Builder optFieldLimit(double limit) { fieldLimit = limit; return this; }

        /** C and e initialized uniform in [-bound, bound]. */
        public Builder optUniformInit(double bound) { uniformInit = OptionalDouble.of(bound); return this; }

        /** Whether C's diagonal acts as a self-coupling. */
        public Builder optSelfCoupling(boolean keepDiagonal) { selfCoupling = keepDiagonal; return this; }

        /** Devices' unmodelled nonlinearity η. */
        public Builder optNonlinearityError(double eta) { nonlinearityError = eta; return this; }

        /** Std of devices' fixed extra coupling. */
        public Builder optExtraCouplingStd(double std) { extraCouplingStd = std; return this; }

        /** Std of devices' per-call input noise, rad. */
        public Builder optInputNoise(double std) { inputNoise = std; return this; }

        /** Whether devices report the noisy input they applied. */
        public Builder optInputNoiseObserved(boolean observed) { inputNoiseObserved = observed; return this; }

        /** Devices without imperfections: η, extra coupling and input noise all 0 (they then reproduce the model). */
        public Builder optFlawless() { nonlinearityError = 0; extraCouplingStd = 0; inputNoise = 0; return this; }

        /**
         * The options collected.
         *
         * @throws IllegalArgumentException for an option out of its range (see the record's constructor)
         */
        public OscillatorOptions build() {
            return new OscillatorOptions(size, steps, time, inputMin, inputMax, couplingLimit, couplingInitStd, fieldLimit, uniformInit,
                    selfCoupling, nonlinearityError, extraCouplingStd, inputNoise, inputNoiseObserved);
        }
    }
}
