package org.pnn4j.physics.electronics;

import org.pnn4j.physics.Checks;

/**
 * The options of a {@link DiodeCircuit}, one immutable value validated in one place (its constructor). Build one with
 * {@link #builder()}: every option has its default as a value (DJL's rule: optional settings by {@code optX},
 * {@link Builder#build()} validates).
 *
 * @param resistance        series resistance R, Ω (&gt; 0; default 20)
 * @param inductance        inductance L, H (&gt; 0; default 10e-3)
 * @param capacitance       capacitance C, F (&gt; 0; default 1e-6)
 * @param saturationCurrent diode saturation current Is, A (&gt; 0; default 1e-14; 1e-30 switches the diode off)
 * @param idealityFactor    diode ideality factor n (&gt; 0; default 1)
 * @param temperature       temperature, K (&gt; 0; default 300): thermal voltage and Johnson noise
 * @param inputs            input segments, one per input (at least 1; default 4)
 * @param parameterSegments trainable drive segments after the inputs (at least 0; default 4)
 * @param outputs           readout times (at least 1 and at most the integration steps; default 4)
 * @param stepsPerSegment   trapezoidal steps per segment (at least 1; default 40)
 * @param segmentDuration   drive segment duration, s (&gt; 0; default 100e-6)
 * @param driveAmplitude    inputs and drive parameters lie in [-driveAmplitude, driveAmplitude], V (&gt; 0; default 2)
 * @param johnsonNoise      whether devices add the resistor's Johnson noise (default true)
 * @param adcBits           devices' ADC bits, 0..24 (default 12; 0 reads the analog value)
 * @param adcFullScale      devices' ADC range [-adcFullScale, adcFullScale], V (&gt; 0; default 4)
 * @param gainDrift         devices' per-call relative std of the readout gain's random walk (default 1e-3)
 * @param interleaved       whether the parameter segments are spread among the input segments, one before every
 *                          ⌈inputs/parameterSegments⌉ inputs (the first one before the first input), so that every output
 *                          can depend on them (default false: all parameter segments after the inputs)
 */
public record DiodeCircuitOptions(double resistance, double inductance, double capacitance, double saturationCurrent,
                                  double idealityFactor, double temperature, int inputs, int parameterSegments, int outputs,
                                  int stepsPerSegment, double segmentDuration, double driveAmplitude, boolean johnsonNoise,
                                  int adcBits, double adcFullScale, double gainDrift, boolean interleaved) {
    private static final String OWNER = "diode circuit";

    /**
     * Validates every option, and that there are at least as many integration steps as outputs.
     *
     * @throws IllegalArgumentException naming the option and the value that is out of its range
     */
    public DiodeCircuitOptions {
        Checks.positive(OWNER, "resistance (Ω)", resistance);
        Checks.positive(OWNER, "inductance (H)", inductance);
        Checks.positive(OWNER, "capacitance (F)", capacitance);
        Checks.positive(OWNER, "saturation current (A)", saturationCurrent);
        Checks.positive(OWNER, "ideality factor", idealityFactor);
        Checks.positive(OWNER, "temperature (K)", temperature);
        Checks.atLeast(OWNER, "inputs", inputs, 1);
        Checks.atLeast(OWNER, "parameterSegments", parameterSegments, 0);
        Checks.atLeast(OWNER, "outputs", outputs, 1);
        Checks.atLeast(OWNER, "stepsPerSegment", stepsPerSegment, 1);
        Checks.positive(OWNER, "segment duration (s)", segmentDuration);
        Checks.positive(OWNER, "drive amplitude (V)", driveAmplitude);
        if (adcBits < 0 || adcBits > 24) throw new IllegalArgumentException("diode circuit: ADC bits must be in 0..24, got " + adcBits);
        Checks.positive(OWNER, "ADC full scale (V)", adcFullScale);
        Checks.nonNegative(OWNER, "gain drift", gainDrift);
        int totalSteps = (inputs + parameterSegments) * stepsPerSegment;
        if (outputs > totalSteps)
            throw new IllegalArgumentException("diode circuit: " + outputs + " outputs need at least as many steps, got " + totalSteps);
    }

    /** A builder with every option at its default (see the record's components). */
    public static Builder builder() {
        return new Builder(new DiodeCircuitOptions(20, 10e-3, 1e-6, 1e-14, 1, 300, 4, 4, 4, 40, 100e-6, 2, true, 12, 4, 1e-3, false));
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe; the options it builds are immutable. */
    public static final class Builder {
        private double resistance, inductance, capacitance, saturationCurrent, idealityFactor, temperature;
        private int inputs, parameterSegments, outputs, stepsPerSegment, adcBits;
        private double segmentDuration, driveAmplitude, adcFullScale, gainDrift;
        private boolean johnsonNoise, interleaved;

        private Builder(DiodeCircuitOptions o) {
            resistance = o.resistance; inductance = o.inductance; capacitance = o.capacitance; saturationCurrent = o.saturationCurrent;
            idealityFactor = o.idealityFactor; temperature = o.temperature; inputs = o.inputs; parameterSegments = o.parameterSegments;
            outputs = o.outputs; stepsPerSegment = o.stepsPerSegment; segmentDuration = o.segmentDuration; driveAmplitude = o.driveAmplitude;
            johnsonNoise = o.johnsonNoise; adcBits = o.adcBits; adcFullScale = o.adcFullScale; gainDrift = o.gainDrift;
            interleaved = o.interleaved;
        }

        /** Series resistance, Ω. */
        public Builder optResistance(double ohms) { resistance = ohms; return this; }

        /** Inductance, H. */
        public Builder optInductance(double henries) { inductance = henries; return this; }

        /** Capacitance, F. */
        public Builder optCapacitance(double farads) { capacitance = farads; return this; }

        /** Diode saturation current, A. */
        public Builder optSaturationCurrent(double amperes) { saturationCurrent = amperes; return this; }

        /** Diode ideality factor. */
        public Builder optIdealityFactor(double factor) { idealityFactor = factor; return this; }

        /** Temperature, K. */
        public Builder optTemperature(double kelvin) { temperature = kelvin; return this; }

        /** Input segments (and inputs per sample). */
        public Builder optInputs(int count) { inputs = count; return this; }

        /** Trainable drive segments after the inputs. */
        public Builder optParameterSegments(int count) { parameterSegments = count; return this; }

        /** Whether the parameter segments are spread among the input segments (see the record's components). */
        public Builder optInterleaved(boolean on) { interleaved = on; return this; }

        /** Readout times. */
        public Builder optOutputs(int count) { outputs = count; return this; }

        /** Trapezoidal steps per segment. */
        public Builder optStepsPerSegment(int count) { stepsPerSegment = count; return this; }

        /** Drive segment duration, s. */
        public Builder optSegmentDuration(double seconds) { segmentDuration = seconds; return this; }

        /** Range of inputs and drive parameters, [-volts, volts]. */
        public Builder optDriveAmplitude(double volts) { driveAmplitude = volts; return this; }

        /** Whether devices add the resistor's Johnson noise. */
        public Builder optJohnsonNoise(boolean on) { johnsonNoise = on; return this; }

        /** Devices' ADC: {@code bits} bits over [-fullScaleVolts, fullScaleVolts] ({@code bits = 0}: analog readout). */
        public Builder optAdc(int bits, double fullScaleVolts) { adcBits = bits; adcFullScale = fullScaleVolts; return this; }

        /** Devices' per-call relative gain drift std. */
        public Builder optGainDrift(double perCall) { gainDrift = perCall; return this; }

        /** Devices without imperfections: no Johnson noise, no ADC, no gain drift. */
        public Builder optFlawless() { johnsonNoise = false; adcBits = 0; gainDrift = 0; return this; }

        /**
         * The options collected.
         *
         * @throws IllegalArgumentException for an option out of its range (see the record's constructor)
         */
        public DiodeCircuitOptions build() {
            return new DiodeCircuitOptions(resistance, inductance, capacitance, saturationCurrent, idealityFactor, temperature, inputs,
                    parameterSegments, outputs, stepsPerSegment, segmentDuration, driveAmplitude, johnsonNoise, adcBits, adcFullScale, gainDrift, interleaved);
        }
    }
}
