package org.pnn4j.physics.mechanics;

import java.util.Arrays;
import java.util.Locale;
import org.pnn4j.physics.Checks;
import org.pnn4j.tensor.Rng;

/**
 * The options of a {@link Plate}, one immutable value validated in one place (its constructor). Build one with
 * {@link #builder(int, long)}: the number of modes is required and the seed draws the default modal properties (see
 * {@link Plate}); every other option has its default as a value (DJL's rule: required settings by the factory,
 * optional ones by {@code optX}, {@link Builder#build()} validates). The per-mode arrays are copied in and out.
 *
 * @param modes             number of modes M (at least 1)
 * @param frequenciesHz     nominal modal frequencies fₘ, Hz (finite, &gt; 0; one per mode)
 * @param qualityFactors    quality factors Qₘ (finite, &gt; 0)
 * @param cubicStiffness    cubic stiffness βₘ, µm⁻²·s⁻² (finite, any sign)
 * @param driveCoupling     actuator couplings bₘ, µm·s⁻²/V (finite)
 * @param readoutCoupling   readout couplings cₘ, V·s/µm (finite)
 * @param inputs            input segments, one per input (at least 1; default 4)
 * @param parameterSegments trainable drive segments after the inputs (at least 0; default 4)
 * @param outputs           readout times (at least 1 and at most the integration steps; default 4)
 * @param stepsPerSegment   RK4 steps per segment (at least 1; default 40)
 * @param segmentDuration   drive segment duration, s (&gt; 0; default 1e-3); ω_max·h must stay at most 1
 * @param driveAmplitude    inputs and drive parameters lie in [-driveAmplitude, driveAmplitude], V (&gt; 0; default 1)
 * @param sensorNoise       devices' Gaussian sensor noise std, V (default 0.005)
 * @param frequencyDrift    devices' per-call std of the common relative frequency random walk (default 1e-4)
 * @param frequencyMismatch devices' relative std of their fixed modal frequency error (default 0.005)
 * @param interleaved       whether the parameter segments are spread among the input segments, one before every
 *                          ⌈inputs/parameterSegments⌉ inputs (the first one before the first input), so that every output
 *                          can depend on them (default false: all parameter segments after the inputs)
 */
public record PlateOptions(int modes, double[] frequenciesHz, double[] qualityFactors, double[] cubicStiffness, double[] driveCoupling,
                           double[] readoutCoupling, int inputs, int parameterSegments, int outputs, int stepsPerSegment,
                           double segmentDuration, double driveAmplitude, double sensorNoise, double frequencyDrift,
                           double frequencyMismatch, boolean interleaved) {
    /**
     * Validates every option, and the two that depend on each other: RK4's accuracy (ω_max·h ≤ 1) and at least as
     * many integration steps as outputs.
     *
     * @throws IllegalArgumentException naming the option and the value that is out of its range
     */
    public PlateOptions {
        if (modes < 1) throw new IllegalArgumentException("a plate needs at least one mode, got " + modes);
        frequenciesHz = perMode(frequenciesHz, modes, "frequencies (Hz)", true);
        qualityFactors = perMode(qualityFactors, modes, "quality factors", true);
        cubicStiffness = perMode(cubicStiffness, modes, "cubic stiffness", false);
        driveCoupling = perMode(driveCoupling, modes, "drive couplings", false);
        readoutCoupling = perMode(readoutCoupling, modes, "readout couplings", false);
        Checks.atLeast("plate", "inputs", inputs, 1);
        Checks.atLeast("plate", "parameterSegments", parameterSegments, 0);
        Checks.atLeast("plate", "outputs", outputs, 1);
        Checks.atLeast("plate", "stepsPerSegment", stepsPerSegment, 1);
        Checks.positive("plate", "segment duration (s)", segmentDuration);
        Checks.positive("plate", "drive amplitude (V)", driveAmplitude);
        Checks.nonNegative("plate", "sensorNoise", sensorNoise);
        Checks.nonNegative("plate", "frequencyDrift", frequencyDrift);
        Checks.nonNegative("plate", "frequencyMismatch", frequencyMismatch);
        double wmax = 0;
        for (double f : frequenciesHz) wmax = Math.max(wmax, 2 * Math.PI * f);
        double wh = wmax * segmentDuration / stepsPerSegment;
        if (wh > 1.0)
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "plate: highest mode %.4g Hz with a step of %.4g s gives ω·h = %.3g > 1 (RK4 inaccurate, unstable above 2.8); "
                            + "raise stepsPerSegment or shorten the segments", wmax / 2 / Math.PI, segmentDuration / stepsPerSegment, wh));
        int totalSteps = (inputs + parameterSegments) * stepsPerSegment;
        if (outputs > totalSteps)
            throw new IllegalArgumentException("plate: " + outputs + " outputs need at least as many integration steps, got " + totalSteps);
    }

    private static double[] perMode(double[] values, int modes, String what, boolean positive) {
        if (values.length != modes)
            throw new IllegalArgumentException("plate has " + modes + " modes but " + values.length + " " + what + " were given");
        for (double v : values)
            if (!Double.isFinite(v) || (positive && v <= 0))
                throw new IllegalArgumentException("plate: " + what + " must be finite" + (positive ? " and > 0" : "") + ", got " + v);
        return values.clone();
    }

    /** Nominal modal frequencies, Hz (a copy). */
    @Override
    public double[] frequenciesHz() {
        return frequenciesHz.clone();
    }

    /** Quality factors (a copy). */
    @Override
    public double[] qualityFactors() {
        return qualityFactors.clone();
    }

    /** Cubic stiffness, µm⁻²·s⁻² (a copy). */
    @Override
    public double[] cubicStiffness() {
        return cubicStiffness.clone();
    }

    /** Actuator couplings, µm·s⁻²/V (a copy). */
    @Override
    public double[] driveCoupling() {
        return driveCoupling.clone();
    }

    /** Readout couplings, V·s/µm (a copy). */
    @Override
    public double[] readoutCoupling() {
        return readoutCoupling.clone();
    }

    /** Whether both hold the same options (arrays compared by content). */
    @Override
    public boolean equals(Object other) {
        return other instanceof PlateOptions p && modes == p.modes && Arrays.equals(frequenciesHz, p.frequenciesHz) && Arrays.equals(qualityFactors, p.qualityFactors)
                && Arrays.equals(cubicStiffness, p.cubicStiffness) && Arrays.equals(driveCoupling, p.driveCoupling)
                && Arrays.equals(readoutCoupling, p.readoutCoupling) && inputs == p.inputs && parameterSegments == p.parameterSegments
                && outputs == p.outputs && stepsPerSegment == p.stepsPerSegment && Double.compare(segmentDuration, p.segmentDuration) == 0
                && Double.compare(driveAmplitude, p.driveAmplitude) == 0 && Double.compare(sensorNoise, p.sensorNoise) == 0
                && Double.compare(frequencyDrift, p.frequencyDrift) == 0 && Double.compare(frequencyMismatch, p.frequencyMismatch) == 0;
    }

    /** A hash consistent with {@link #equals(Object)}. */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(modes, Arrays.hashCode(frequenciesHz), Arrays.hashCode(qualityFactors), Arrays.hashCode(cubicStiffness),
                Arrays.hashCode(driveCoupling), Arrays.hashCode(readoutCoupling), inputs, parameterSegments, outputs, stepsPerSegment,
                segmentDuration, driveAmplitude, sensorNoise, frequencyDrift, frequencyMismatch);
    }

    /** The options, arrays spelled out. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PlateOptions[modes=%d, frequenciesHz=%s, qualityFactors=%s, cubicStiffness=%s, driveCoupling=%s, "
                        + "readoutCoupling=%s, inputs=%d, parameterSegments=%d, outputs=%d, stepsPerSegment=%d, segmentDuration=%s, "
                        + "driveAmplitude=%s, sensorNoise=%s, frequencyDrift=%s, frequencyMismatch=%s]",
                modes, Arrays.toString(frequenciesHz), Arrays.toString(qualityFactors), Arrays.toString(cubicStiffness), Arrays.toString(driveCoupling),
                Arrays.toString(readoutCoupling), inputs, parameterSegments, outputs, stepsPerSegment, segmentDuration, driveAmplitude,
                sensorNoise, frequencyDrift, frequencyMismatch);
    }

    /**
     * A builder of a plate of {@code modes} modes whose modal properties are drawn from {@code seed} (frequencies
     * uniform in 200–1000 Hz, sorted; Q in 20–60; βₘ = 0.2·ωₘ²; bₘ/ωₘ² = ±(0.5–1) µm/V; cₘ = ±(0.5–1)/ωₘ V·s/µm), every
     * other option at its default.
     *
     * @throws IllegalArgumentException if {@code modes < 1}
     */
    public static Builder builder(int modes, long seed) {
        if (modes < 1) throw new IllegalArgumentException("a plate needs at least one mode, got " + modes);
        Rng rng = new Rng(seed);
        double[] f = new double[modes], q = new double[modes], beta = new double[modes], b = new double[modes], c = new double[modes];
        for (int m = 0; m < modes; m++) f[m] = rng.uniform(200, 1000);
        Arrays.sort(f);
        for (int m = 0; m < modes; m++) {
            double w = 2 * Math.PI * f[m];
            q[m] = rng.uniform(20, 60);
            beta[m] = 0.2 * w * w;
            b[m] = w * w * rng.uniform(0.5, 1) * (rng.nextDouble() < 0.5 ? -1 : 1);
            c[m] = rng.uniform(0.5, 1) * (rng.nextDouble() < 0.5 ? -1 : 1) / w;
        }
        return new Builder(new PlateOptions(modes, f, q, beta, b, c, 4, 4, 4, 40, 1e-3, 1, 0.005, 1e-4, 0.005, false));
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe; the options it builds are immutable. */
    public static final class Builder {
        private final int modes;
        private double[] frequenciesHz, qualityFactors, cubicStiffness, driveCoupling, readoutCoupling;
        private int inputs, parameterSegments, outputs, stepsPerSegment;
        private double segmentDuration, driveAmplitude, sensorNoise, frequencyDrift, frequencyMismatch;
        private boolean interleaved;

        private Builder(PlateOptions o) {
            modes = o.modes; frequenciesHz = o.frequenciesHz; qualityFactors = o.qualityFactors; cubicStiffness = o.cubicStiffness;
            driveCoupling = o.driveCoupling; readoutCoupling = o.readoutCoupling; inputs = o.inputs; parameterSegments = o.parameterSegments;
            outputs = o.outputs; stepsPerSegment = o.stepsPerSegment; segmentDuration = o.segmentDuration; driveAmplitude = o.driveAmplitude;
            sensorNoise = o.sensorNoise; frequencyDrift = o.frequencyDrift; frequencyMismatch = o.frequencyMismatch;
            interleaved = o.interleaved;
        }

        /** Modal frequencies, Hz, one per mode. */
        public Builder optFrequencies(double... hz) { frequenciesHz = hz.clone(); return this; }

        /** Quality factors, one per mode. */
        public Builder optQualityFactors(double... q) { qualityFactors = q.clone(); return this; }

        /** Cubic stiffness βₘ, µm⁻²·s⁻², one per mode. */
        public Builder optCubicStiffness(double... betas) { cubicStiffness = betas.clone(); return this; }

        /** No cubic stiffness: a linear plate. */
        public Builder optLinear() { cubicStiffness = new double[modes]; return this; }

        /** Actuator couplings bₘ, µm·s⁻²/V, one per mode. */
        public Builder optDriveCoupling(double... couplings) { driveCoupling = couplings.clone(); return this; }

        /** Readout couplings cₘ, V·s/µm, one per mode. */
        public Builder optReadoutCoupling(double... couplings) { readoutCoupling = couplings.clone(); return this; }

        /** Input segments (and inputs per sample). */
        public Builder optInputs(int n) { inputs = n; return this; }

        /** Trainable drive segments after the inputs. */
        public Builder optParameterSegments(int n) { parameterSegments = n; return this; }

        /** Whether the parameter segments are spread among the input segments (see the record's components). */
        public Builder optInterleaved(boolean on) { interleaved = on; return this; }

        /** Readout times. */
        public Builder optOutputs(int k) { outputs = k; return this; }

        /** RK4 steps per segment. */
        public Builder optStepsPerSegment(int n) { stepsPerSegment = n; return this; }

        /** Drive segment duration, s. */
        public Builder optSegmentDuration(double seconds) { segmentDuration = seconds; return this; }

        /** Range of inputs and drive parameters, [-volts, volts]. */
        public Builder optDriveAmplitude(double volts) { driveAmplitude = volts; return this; }

        /** Devices' sensor noise std, V. */
        public Builder optSensorNoise(double volts) { sensorNoise = volts; return this; }

        /** Devices' per-call relative frequency drift std. */
        public Builder optFrequencyDrift(double relativePerCall) { frequencyDrift = relativePerCall; return this; }

        /** Devices' relative modal frequency mismatch std. */
        public Builder optFrequencyMismatch(double relative) { frequencyMismatch = relative; return this; }

        /** Devices without imperfections: sensor noise, frequency drift and mismatch all 0. */
        public Builder optFlawless() { sensorNoise = 0; frequencyDrift = 0; frequencyMismatch = 0; return this; }

        /**
         * The options collected.
         *
         * @throws IllegalArgumentException for an option out of its range (see the record's constructor)
         */
        public PlateOptions build() {
            return new PlateOptions(modes, frequenciesHz, qualityFactors, cubicStiffness, driveCoupling, readoutCoupling, inputs, parameterSegments,
                    outputs, stepsPerSegment, segmentDuration, driveAmplitude, sensorNoise, frequencyDrift, frequencyMismatch, interleaved);
        }
    }
}
