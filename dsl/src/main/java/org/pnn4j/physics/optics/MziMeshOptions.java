package org.pnn4j.physics.optics;

import java.util.Objects;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.physics.Checks;

/**
 * The options of an {@link MziMesh} substrate, one immutable value validated in one place (its constructor). Build
 * with {@link #builder(int)} ({@code optX} setters, {@link Builder#build()} validates).
 *
 * @param modes               waveguide modes N (inputs and outputs; at least 2): N(N−1)/2 MZIs
 * @param coherentDetection   whether the outputs are the output fields' quadratures [Re E, Im E] (2N outputs, with a
 *                            trainable output phase screen) instead of the intensities |E|² (N outputs; default)
 * @param insertionLossDb     optical power lost in each MZI (and in the loss-matched waveguide beside it), dB (default
 *                            0.1); the model knows it (a design figure), and so does the adjoint measurement
 * @param splittingRatioError devices' std of each directional coupler's power splitting ratio around 50:50, as a
 *                            fraction (default 0.02: 50 ± 2%); fabrication, fixed per device
 * @param phaseError          devices' std of each phase shifter's fixed phase offset, rad (default 0.05: what is
 *                            left after calibration)
 * @param thermalCrosstalk    devices' fraction of each heater's phase that also reaches the phase shifters of the same
 *                            kind in the neighbouring MZIs of its column (default 0.01)
 * @param readNoise           devices' output detector read-noise std, output units (default 1e-3)
 * @param shotNoise           devices' output shot-noise scale: std shotNoise·√y on an intensity y (default 0)
 * @param monitorNoise        devices' std of each in-chip power monitor reading used by the adjoint measurement, and
 *                            of each quadrature of the coherent receivers at the input and output ports, in units of
 *                            one mode's full-scale power (default 1e-3)
 * @param outputNoise         further noise on devices' outputs (default none)
 */
public record MziMeshOptions(int modes, boolean coherentDetection, double insertionLossDb, double splittingRatioError,
                             double phaseError, double thermalCrosstalk, double readNoise, double shotNoise,
                             double monitorNoise, NoiseModel outputNoise) {
    /**
     * Validates every option on its own.
     *
     * @throws IllegalArgumentException naming the option and the value that is out of its range
     */
    public MziMeshOptions {
        Checks.atLeast("mziMesh", "modes", modes, 2);
        Checks.nonNegative("mziMesh", "insertion loss per MZI (dB)", insertionLossDb);
        Checks.nonNegative("mziMesh", "splitting ratio error", splittingRatioError);
        if (splittingRatioError > 0.2)
            throw new IllegalArgumentException("mziMesh: splitting ratio error must be at most 0.2 (couplers of 50 ± 20%), got "
                    + splittingRatioError);
        Checks.nonNegative("mziMesh", "phase error (rad)", phaseError);
        Checks.nonNegative("mziMesh", "thermal crosstalk", thermalCrosstalk);
        if (thermalCrosstalk >= 0.5)
            throw new IllegalArgumentException("mziMesh: thermal crosstalk must be below 0.5 (a fraction of a heater's phase), got "
                    + thermalCrosstalk);
        Checks.nonNegative("mziMesh", "read noise", readNoise);
        Checks.nonNegative("mziMesh", "shot noise", shotNoise);
        Checks.nonNegative("mziMesh", "monitor noise", monitorNoise);
        Objects.requireNonNull(outputNoise, "outputNoise");
    }

    /**
     * A builder of an N-mode mesh with every other option at its default.
     *
     * @throws IllegalArgumentException (at {@link Builder#build()}) if {@code modes < 2}
     */
    public static Builder builder(int modes) {
        return new Builder(new MziMeshOptions(2, false, 0.1, 0.02, 0.05, 0.01, 1e-3, 0, 1e-3, NoiseModel.none())).optModes(modes);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe; the options it builds are immutable. */
    public static final class Builder {
        private int modes;
        private boolean coherentDetection;
        private double insertionLossDb, splittingRatioError, phaseError, thermalCrosstalk, readNoise, shotNoise, monitorNoise;
        private NoiseModel outputNoise;

        private Builder(MziMeshOptions o) {
            modes = o.modes; coherentDetection = o.coherentDetection; insertionLossDb = o.insertionLossDb;
            splittingRatioError = o.splittingRatioError; phaseError = o.phaseError; thermalCrosstalk = o.thermalCrosstalk;
            readNoise = o.readNoise; shotNoise = o.shotNoise; monitorNoise = o.monitorNoise; outputNoise = o.outputNoise;
        }

        /** Waveguide modes N. */
        public Builder optModes(int n) { modes = n; return this; }

        /** Coherent detection of the output fields (2N outputs) instead of intensities. */
        public Builder optCoherentDetection(boolean on) { coherentDetection = on; return this; }

        /** Power lost per MZI, dB. */
        public Builder optInsertionLossDb(double db) { insertionLossDb = db; return this; }

        /** Devices' coupler splitting-ratio std (fraction). */
        public Builder optSplittingRatioError(double fraction) { splittingRatioError = fraction; return this; }

        /** Devices' fixed phase-offset std, rad. */
        public Builder optPhaseError(double rad) { phaseError = rad; return this; }

        /** Devices' thermal crosstalk to neighbouring MZIs (fraction). */
        public Builder optThermalCrosstalk(double fraction) { thermalCrosstalk = fraction; return this; }

        /** Devices' output read-noise std. */
        public Builder optReadNoise(double std) { readNoise = std; return this; }

        /** Devices' output shot-noise scale. */
        public Builder optShotNoise(double scale) { shotNoise = scale; return this; }

        /** Devices' power-monitor and coherent-receiver noise std. */
        public Builder optMonitorNoise(double std) { monitorNoise = std; return this; }

        /** Further noise on devices' outputs. */
        public Builder optOutputNoise(NoiseModel model) { outputNoise = model; return this; }

        /**
         * Devices without imperfections: lossless MZIs, exact 50:50 couplers, no phase errors, no crosstalk, no
         * detector or monitor noise (further output noise is kept: it was asked for explicitly).
         */
        public Builder optFlawless() {
            insertionLossDb = 0; splittingRatioError = 0; phaseError = 0; thermalCrosstalk = 0; readNoise = 0; shotNoise = 0;
            monitorNoise = 0;
            return this;
        }

        /**
         * The options collected.
         *
         * @throws IllegalArgumentException for an option out of its range (see the record's constructor)
         */
        public MziMeshOptions build() {
            return new MziMeshOptions(modes, coherentDetection, insertionLossDb, splittingRatioError, phaseError, thermalCrosstalk,
                    readNoise, shotNoise, monitorNoise, outputNoise);
        }
    }
}
