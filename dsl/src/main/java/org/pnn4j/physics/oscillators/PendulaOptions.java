package org.pnn4j.physics.oscillators;

import java.util.Arrays;
import org.pnn4j.physics.Checks;

/**
 * The options of a {@link PendulaRing}, one immutable value validated in one place (its constructor). Build one
 * with {@link #builder(int)}: the number of pendula is required, every other option has its default as a value.
 *
 * @param size              number of pendula N (at least 1)
 * @param steps             RK4 steps per forward (default 200)
 * @param time              readout time T, s (default 1)
 * @param inputAmplitude    a in θ(0) = a·x, rad per input unit (default 0.5)
 * @param inputMin          lowest input (default -1)
 * @param inputMax          highest input (default 1)
 * @param damping           damping rate γ, s⁻¹ (default 1)
 * @param driveAmplitude    drive A, rad/s² (default 20; 0 switches the drive off)
 * @param driveFrequency    drive angular frequency ω_d, rad/s (default 15)
 * @param readout           the pendula read out, in output order (default all, 0..N-1); copied in and out
 * @param parameterMismatch devices' relative ω0 and c mismatch std (default 0.02)
 * @param measurementNoise  devices' measurement noise std, rad (default 0.01)
 */
public record PendulaOptions(int size, int steps, double time, double inputAmplitude, double inputMin, double inputMax,
                             double damping, double driveAmplitude, double driveFrequency, int[] readout,
                             double parameterMismatch, double measurementNoise) {
    /**
     * Validates every option.
     *
     * @throws IllegalArgumentException naming the option and the value that is out of its range
     */
    public PendulaOptions {
        if (size < 1) throw new IllegalArgumentException("pendula(n) needs at least one pendulum, got n = " + size);
        String owner = "pendula(" + size + ")";
        Checks.atLeast(owner, "RK4 steps", steps, 1);
        Checks.positive(owner, "the readout time T (s)", time);
        Checks.finite(owner, "input amplitude (rad)", inputAmplitude);
        Checks.range(owner, "input range", inputMin, inputMax);
        Checks.nonNegative(owner, "damping γ (s⁻¹)", damping);
        Checks.finite(owner, "drive amplitude (rad/s²)", driveAmplitude);
        Checks.finite(owner, "drive frequency (rad/s)", driveFrequency);
        if (readout == null || readout.length == 0) throw new IllegalArgumentException(owner + ": the readout needs at least one pendulum");
        for (int p : readout)
            if (p < 0 || p >= size)
                throw new IllegalArgumentException(owner + ": readout pendulum " + p + " does not exist; use 0.." + (size - 1));
        readout = readout.clone();
        Checks.nonNegative(owner, "parameter mismatch", parameterMismatch);
        Checks.nonNegative(owner, "measurement noise (rad)", measurementNoise);
    }

    /** The pendula read out, in output order (a copy). */
    @Override
    public int[] readout() {
        return readout.clone();
    }

    /** Equal when every option is (the readout compared element by element). */
    @Override
    public boolean equals(Object other) {
        return other instanceof PendulaOptions p && size == p.size && steps == p.steps && time == p.time
                && inputAmplitude == p.inputAmplitude && inputMin == p.inputMin && inputMax == p.inputMax && damping == p.damping
                && driveAmplitude == p.driveAmplitude && driveFrequency == p.driveFrequency && Arrays.equals(readout, p.readout)
                && parameterMismatch == p.parameterMismatch && measurementNoise == p.measurementNoise;
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hash(size, steps, time, inputAmplitude, inputMin, inputMax, damping, driveAmplitude, driveFrequency,
                parameterMismatch, measurementNoise) + Arrays.hashCode(readout);
    }

    @Override
    public String toString() {
        return "PendulaOptions[size=" + size + ", steps=" + steps + ", time=" + time + ", readout=" + Arrays.toString(readout) + ", ...]";
    }

    /** A builder of {@code size} pendula with every other option at its default. */
    public static Builder builder(int size) {
        int[] all = new int[Math.max(0, size)];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return new Builder(new PendulaOptions(size, 200, 1.0, 0.5, -1, 1, 1.0, 20, 15, all, 0.02, 0.01));
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe; the options it builds are immutable. */
    public static final class Builder {
        private int size, steps;
        private double time, inputAmplitude, inputMin, inputMax, damping, driveAmplitude, driveFrequency;
        private int[] readout;
        private double parameterMismatch, measurementNoise;

        private Builder(PendulaOptions o) {
            size = o.size; steps = o.steps; time = o.time; inputAmplitude = o.inputAmplitude; inputMin = o.inputMin; inputMax = o.inputMax;
            damping = o.damping; driveAmplitude = o.driveAmplitude; driveFrequency = o.driveFrequency; readout = o.readout;
            parameterMismatch = o.parameterMismatch; measurementNoise = o.measurementNoise;
        }

        /** RK4 steps per forward. */
        public Builder optSteps(int steps) { this.steps = steps; return this; }

        /** Readout time T, s. */
        public Builder optTime(double seconds) { time = seconds; return this; }

        /** a in θ(0) = a·x, rad per input unit. */
        public Builder optInputAmplitude(double radians) { inputAmplitude = radians; return this; }

        /** Inputs accepted, [lo, hi]. */
        public Builder optInputRange(double lo, double hi) { inputMin = lo; inputMax = hi; return this; }

        /** Damping rate γ, s⁻¹. */
        public Builder optDamping(double gamma) { damping = gamma; return this; }

        /** Drive amplitude A (rad/s²) and angular frequency ω_d (rad/s). */
        public Builder optDrive(double amplitude, double frequency) { driveAmplitude = amplitude; driveFrequency = frequency; return this; }

        /** The pendula read out, in output order. */
        public Builder optReadout(int... pendula) { readout = pendula.clone(); return this; }

        /** Devices' relative ω0 and c mismatch std. */
        public Builder optParameterMismatch(double relStd) { parameterMismatch = relStd; return this; }

        /** Devices' measurement noise std, rad. */
        public Builder optMeasurementNoise(double radians) { measurementNoise = radians; return this; }

        /** Devices without imperfections: no mismatch, no measurement noise (they then reproduce the model). */
        public Builder optFlawless() { parameterMismatch = 0; measurementNoise = 0; return this; }

        /**
         * The options collected.
         *
         * @throws IllegalArgumentException for an option out of its range (see the record's constructor)
         */
        public PendulaOptions build() {
            return new PendulaOptions(size, steps, time, inputAmplitude, inputMin, inputMax, damping, driveAmplitude, driveFrequency, readout,
                    parameterMismatch, measurementNoise);
        }
    }
}
