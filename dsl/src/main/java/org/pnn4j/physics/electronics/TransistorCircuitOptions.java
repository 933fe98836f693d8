package org.pnn4j.physics.electronics;

import org.pnn4j.physics.Checks;

/**
 * The options of a {@link TransistorCircuit}, one immutable value validated in one place (its constructor). Build one
 * with {@link #builder()}: every option has its default as a value (DJL's rule: optional settings by {@code optX},
 * {@link Builder#build()} validates).
 *
 * @param supplyVoltage      supply V_CC, V (&gt; 0; default 5)
 * @param resistance         series resistance R of the collector load, Ω (&gt; 0; default 250)
 * @param inductance         inductance L of the collector load, H (&gt; 0; default 0.1)
 * @param capacitance        capacitance C from the collector to ground, F (&gt; 0; default 1e-7)
 * @param baseResistance     base resistor R_B, Ω (&gt; 0; default 20e3)
 * @param biasVoltage        DC bias V_bias added to the drive at the base resistor, V (finite; default 1.5)
 * @param saturationCurrent  transistor saturation current Is, A (&gt; 0; default 1e-14)
 * @param forwardBeta        forward current gain β_F (&gt; 0; default 100)
 * @param reverseBeta        reverse current gain β_R (&gt; 0; default 1)
 * @param temperature        temperature, K (&gt; 0; default 300): thermal voltage and Johnson noise
 * @param inputs             input segments, one per input (at least 1; default 4)
 * @param parameterSegments  trainable drive segments (at least 0; default 4)
 * @param outputs            readout times (at least 1 and at most the integration steps; default 4)
 * @param stepsPerSegment    trapezoidal steps per segment (at least 1; default 40)
 * @param segmentDuration    drive segment duration, s (&gt; 0; default 100e-6)
 * @param driveAmplitude     inputs and drive parameters lie in [-driveAmplitude, driveAmplitude], V (&gt; 0; default 1)
 * @param johnsonNoise       whether devices add the load resistor's Johnson noise (default true)
 * @param adcBits            devices' ADC bits, 0..24 (default 12; 0 reads the analog value)
 * @param adcFullScale       devices' ADC range [-adcFullScale, adcFullScale], V (&gt; 0; default 8)
 * @param gainDrift          devices' per-call relative std of the readout gain's random walk (&gt;= 0; default 1e-3)
 * @param betaMismatch       devices' fabrication spread of β_F: a device's β_F is β_F·exp(σ·N(0,1)), σ this value
 *                           (&gt;= 0; default 0.05)
 * @param resonanceMismatch  devices' fabrication spread of the resonance: a device's C is C·exp(−2σ·N(0,1)), so its
 *                           resonance frequency is f₀·exp(σ·N(0,1)), σ this value (&gt;= 0; default 0.01)
 * @param interleaved        whether the parameter segments are spread among the input segments, one before every
 *                           ⌈inputs/parameterSegments⌉ inputs (the first one before the first input), so that every output
 *                           can depend on them (default false: all parameter segments after the inputs)
 */
public record TransistorCircuitOptions(double supplyVoltage, double resistance, double inductance, double capacitance,
                                       double baseResistance, double biasVoltage, double saturationCurrent, double forwardBeta,
                                       double reverseBeta, double temperature, int inputs, int parameterSegments, int outputs,
                                       int stepsPerSegment, double segmentDuration, double driveAmplitude, boolean johnsonNoise,
                                       int adcBits, double adcFullScale, double gainDrift, double betaMismatch,
                                       double resonanceMismatch, boolean interleaved) {
    private static final String OWNER = "transistor circuit";

    /**
     * Validates every option, and that there are at least as many integration steps as outputs.
     *
     * @throws IllegalArgumentException naming the option and the value that is out of its range
     */
    public TransistorCircuitOptions {
        Checks.positive(OWNER, "supply voltage (V)", supplyVoltage);
        Checks.positive(OWNER, "resistance (Ω)", resistance);
        Checks.positive(OWNER, "inductance (H)", inductance);
        Checks.positive(OWNER, "capacitance (F)", capacitance);
        Checks.positive(OWNER, "base resistance (Ω)", baseResistance);
        Checks.finite(OWNER, "bias voltage (V)", biasVoltage);
        Checks.positive(OWNER, "saturation current (A)", saturationCurrent);
        Checks.positive(OWNER, "forward beta", forwardBeta);
        Checks.positive(OWNER, "reverse beta", reverseBeta);
        Checks.positive(OWNER, "temperature (K)", temperature);
        Checks.atLeast(OWNER, "inputs", inputs, 1);
        Checks.atLeast(OWNER, "parameterSegments", parameterSegments, 0);
        Checks.atLeast(OWNER, "outputs", outputs, 1);
        Checks.atLeast(OWNER, "stepsPerSegment", stepsPerSegment, 1);
        Checks.positive(OWNER, "segment duration (s)", segmentDuration);
        Checks.positive(OWNER, "drive amplitude (V)", driveAmplitude);
        if (adcBits < 0 || adcBits > 24)
            throw new IllegalArgumentException(OWNER + ": ADC bits must be in 0..24 (0 for an analog readout), got " + adcBits);
        Checks.positive(OWNER, "ADC full scale (V)", adcFullScale);
        Checks.nonNegative(OWNER, "gain drift", gainDrift);
        Checks.nonNegative(OWNER, "beta mismatch", betaMismatch);
        Checks.nonNegative(OWNER, "resonance mismatch", resonanceMismatch);
        long totalSteps = (long) (inputs + parameterSegments) * stepsPerSegment;
        if (outputs > totalSteps)
            throw new IllegalArgumentException(OWNER + ": " + outputs + " outputs need at least as many steps, got " + totalSteps
                    + "; raise stepsPerSegment or lower outputs");
    }

    /** A builder with every option at its default (see the record's components). */
    public static Builder builder() {
        return new Builder(new TransistorCircuitOptions(5, 250, 0.1, 1e-7, 20e3, 1.5, 1e-14, 100, 1, 300, 4, 4, 4, 40, 100e-6, 1,
                true, 12, 8, 1e-3, 0.05, 0.01, false));
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe; the options it builds are immutable. */
    public static final class Builder {
        private double supplyVoltage, resistance, inductance, capacitance, baseResistance, biasVoltage, saturationCurrent;
        private double forwardBeta, reverseBeta, temperature, segmentDuration, driveAmplitude, adcFullScale, gainDrift;
        private double betaMismatch, resonanceMismatch;
        private int inputs, parameterSegments, outputs, stepsPerSegment, adcBits;
        private boolean johnsonNoise, interleaved;

        private Builder(TransistorCircuitOptions o) {
            supplyVoltage = o.supplyVoltage; resistance = o.resistance; inductance = o.inductance; capacitance = o.capacitance;
            baseResistance = o.baseResistance; biasVoltage = o.biasVoltage; saturationCurrent = o.saturationCurrent;
            forwardBeta = o.forwardBeta; reverseBeta = o.reverseBeta; temperature = o.temperature; inputs = o.inputs;
            parameterSegments = o.parameterSegments; outputs = o.outputs; stepsPerSegment = o.stepsPerSegment;
            segmentDuration = o.segmentDuration; driveAmplitude = o.driveAmplitude; johnsonNoise = o.johnsonNoise;
            adcBits = o.adcBits; adcFullScale = o.adcFullScale; gainDrift = o.gainDrift; betaMismatch = o.betaMismatch;
            resonanceMismatch = o.resonanceMismatch; interleaved = o.interleaved;
        }

        /** Supply voltage V_CC, V. */
        public Builder optSupplyVoltage(double volts) { supplyVoltage = volts; return this; }

        /** Series resistance of the collector load, Ω. */
        public Builder optResistance(double ohms) { resistance = ohms; return this; }

        /** Inductance of the collector load, H. */
        public Builder optInductance(double henries) { inductance = henries; return this; }

        /** Capacitance from the collector to ground, F. */
        public Builder optCapacitance(double farads) { capacitance = farads; return this; }

        /** Base resistor R_B, Ω. */
        public Builder optBaseResistance(double ohms) { baseResistance = ohms; return this; }

        /** DC bias added to the drive at the base resistor, V. */
        public Builder optBiasVoltage(double volts) { biasVoltage = volts; return this; }

        /** Transistor saturation current Is, A. */
        public Builder optSaturationCurrent(double amperes) { saturationCurrent = amperes; return this; }

        /** Forward current gain β_F. */
        public Builder optForwardBeta(double beta) { forwardBeta = beta; return this; }

        /** Reverse current gain β_R. */
        public Builder optReverseBeta(double beta) { reverseBeta = beta; return this; }

        /** Temperature, K. */
        public Builder optTemperature(double kelvin) { temperature = kelvin; return this; }

        /** Input segments (and inputs per sample). */
        public Builder optInputs(int count) { inputs = count; return this; }

        /** Trainable drive segments. */
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

        /** Whether devices add the load resistor's Johnson noise. */
        public Builder optJohnsonNoise(boolean on) { johnsonNoise = on; return this; }

        /** Devices' ADC: {@code bits} bits over [-fullScaleVolts, fullScaleVolts] ({@code bits = 0}: analog readout). */
        public Builder optAdc(int bits, double fullScaleVolts) { adcBits = bits; adcFullScale = fullScaleVolts; return this; }

        /** Devices' per-call relative gain drift std. */
        public Builder optGainDrift(double perCall) { gainDrift = perCall; return this; }

        /** Devices' fabrication spread: relative std of β_F and of the resonance frequency (see the record's components). */
        public Builder optMismatch(double beta, double resonance) { betaMismatch = beta; resonanceMismatch = resonance; return this; }

        /** Devices without imperfections: no Johnson noise, no ADC, no gain drift, no fabrication mismatch. */
        public Builder optFlawless() { johnsonNoise = false; adcBits = 0; gainDrift = 0; betaMismatch = 0; resonanceMismatch = 0; return this; }

        /**
         * The options collected.
         *
         * @throws IllegalArgumentException for an option out of its range (see the record's constructor)
         */
        public TransistorCircuitOptions build() {
            return new TransistorCircuitOptions(supplyVoltage, resistance, inductance, capacitance, baseResistance, biasVoltage,
                    saturationCurrent, forwardBeta, reverseBeta, temperature, inputs, parameterSegments, outputs, stepsPerSegment,
                    segmentDuration, driveAmplitude, johnsonNoise, adcBits, adcFullScale, gainDrift, betaMismatch, resonanceMismatch,
                    interleaved);
        }
    }
}
