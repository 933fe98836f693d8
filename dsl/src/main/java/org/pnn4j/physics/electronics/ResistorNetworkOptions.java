package org.pnn4j.physics.electronics;

import java.util.Objects;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.physics.Checks;

/**
 * The options of a {@link ResistorNetwork}, one immutable value validated in one place (its constructor). Build one
 * with {@link #builder(int, int, int)}: the sizes are required, every other option has its default as a value.
 *
 * @param inputs               input nodes, each held at its input voltage by a source (at least 1)
 * @param hidden               hidden free nodes (at least 0)
 * @param outputs              output free nodes, whose voltages are the outputs (at least 1)
 * @param inputVoltage         inputs lie in [-inputVoltage, inputVoltage], V (&gt; 0; default 1)
 * @param supplyVoltage        the two supply rails' voltages ±supplyVoltage, V (&gt;= 0; default 1): with ground they
 *                             let the outputs reach affine, not only convex, combinations of the inputs
 * @param conductanceMin       lowest edge conductance, mS (&gt; 0; default 0.1, i.e. 10 kΩ)
 * @param conductanceMax       highest edge conductance, mS (&gt; conductanceMin; default 10, i.e. 100 Ω)
 * @param conductanceTolerance devices' relative standard deviation of each edge's conductance from its setting, drawn
 *                             once per device (component tolerance, the reality gap; &gt;= 0, below 0.5; default 0.05)
 * @param voltmeterNoise       devices' rms noise of every node-voltage reading, V (&gt;= 0; default 1e-3)
 * @param outputNoise          further noise on devices' outputs (default none)
 */
public record ResistorNetworkOptions(int inputs, int hidden, int outputs, double inputVoltage, double supplyVoltage,
                                     double conductanceMin, double conductanceMax, double conductanceTolerance,
                                     double voltmeterNoise, NoiseModel outputNoise) {
    private static final String OWNER = "resistor network";

    /**
     * Validates every option.
     *
     * @throws IllegalArgumentException naming the option and the value that is out of its range
     */
    public ResistorNetworkOptions {
        Checks.atLeast(OWNER, "inputs", inputs, 1);
        Checks.atLeast(OWNER, "hidden nodes", hidden, 0);
        Checks.atLeast(OWNER, "outputs", outputs, 1);
        Checks.positive(OWNER, "input voltage (V)", inputVoltage);
        Checks.nonNegative(OWNER, "supply voltage (V)", supplyVoltage);
        Checks.positive(OWNER, "lowest conductance (mS)", conductanceMin);
        Checks.range(OWNER, "conductance range (mS)", conductanceMin, conductanceMax);
        Checks.nonNegative(OWNER, "conductance tolerance", conductanceTolerance);
        if (conductanceTolerance >= 0.5)
            throw new IllegalArgumentException(OWNER + ": conductance tolerance must be below 0.5 (a relative std), got " + conductanceTolerance);
        Checks.nonNegative(OWNER, "voltmeter noise (V)", voltmeterNoise);
        Objects.requireNonNull(outputNoise, "outputNoise");
    }

    /**
     * A builder for a network of {@code inputs} input nodes, {@code hidden} hidden nodes and {@code outputs} output
     * nodes, every other option at its default; {@link Builder#build()} validates the sizes too.
     */
    public static Builder builder(int inputs, int hidden, int outputs) {
        return new Builder(inputs, hidden, outputs);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder(inputs, hidden, outputs);
        b.inputVoltage = inputVoltage; b.supplyVoltage = supplyVoltage; b.conductanceMin = conductanceMin; b.conductanceMax = conductanceMax;
        b.conductanceTolerance = conductanceTolerance; b.voltmeterNoise = voltmeterNoise; b.outputNoise = outputNoise;
        return b;
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe; the options it builds are immutable. */
    public static final class Builder {
        private final int inputs, hidden, outputs;
        private double inputVoltage = 1, supplyVoltage = 1, conductanceMin = 0.1, conductanceMax = 10, conductanceTolerance = 0.05,
                voltmeterNoise = 1e-3;
        private NoiseModel outputNoise = NoiseModel.none();

        private Builder(int inputs, int hidden, int outputs) {
            this.inputs = inputs; this.hidden = hidden; this.outputs = outputs;
        }

        /** Inputs in [-volts, volts]. */
        public Builder optInputVoltage(double volts) { inputVoltage = volts; return this; }

        /** Supply rails at ±volts (0: both at ground). */
        public Builder optSupplyVoltage(double volts) { supplyVoltage = volts; return this; }

        /** Edge conductances in [lo, hi] mS. */
        public Builder optConductanceRange(double loMilliSiemens, double hiMilliSiemens) {
            conductanceMin = loMilliSiemens; conductanceMax = hiMilliSiemens; return this;
        }

        /** Devices' relative std of each edge's conductance from its setting. */
        public Builder optConductanceTolerance(double relativeSigma) { conductanceTolerance = relativeSigma; return this; }

        /** Devices' rms node-voltage reading noise, V. */
        public Builder optVoltmeterNoise(double volts) { voltmeterNoise = volts; return this; }

        /** Further noise on devices' outputs. */
        public Builder optOutputNoise(NoiseModel model) { outputNoise = model; return this; }

        /** Devices without imperfections: exact conductances, no reading noise, no output noise. */
        public Builder optFlawless() { conductanceTolerance = 0; voltmeterNoise = 0; outputNoise = NoiseModel.none(); return this; }

        /**
         * The options collected.
         *
         * @throws IllegalArgumentException for an option out of its range (see the record's constructor)
         */
        public ResistorNetworkOptions build() {
            return new ResistorNetworkOptions(inputs, hidden, outputs, inputVoltage, supplyVoltage, conductanceMin, conductanceMax,
                    conductanceTolerance, voltmeterNoise, outputNoise);
        }
    }
}
