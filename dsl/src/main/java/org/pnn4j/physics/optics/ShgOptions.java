package org.pnn4j.physics.optics;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.physics.Checks;

/**
 * The options of an {@link Shg} substrate, one immutable value validated in one place (its constructor; the checks
 * across options that need the derived layout, such as inputs below bins, run when the substrate is first used).
 * Options whose default follows from others are optional values, empty meaning "derived": the number of inputs
 * (bins/2), outputs (min(16, window)), the readout window (bins), and the Gaussian spectrum's FWHM (bins/4).
 * Build with {@link #builder()} ({@code optX} setters, {@link Builder#build()} validates).
 *
 * @param bins                pump frequency bins N (at least 2; default 64)
 * @param inputs              input bins n, or empty for N/2
 * @param outputs             readout groups M, or empty for min(16, window)
 * @param window              readout window in SH bins, or empty for N
 * @param encoding            how inputs and the phase parameter share the bins (default separate bins)
 * @param inputPhaseSpan      phase for input 1, rad, in (0, 2π] (default π)
 * @param fwhm                Gaussian spectrum's intensity FWHM in bins, or empty for N/4 (unused with a spectrum)
 * @param spectrum            an explicit pump field amplitude per bin, or empty for the Gaussian
 * @param crystalLengthMm     crystal length L, mm (default 1; 0: flat phase matching)
 * @param mismatchSlope       phase-mismatch slope κ, rad/mm per SH bin (default 0.1)
 * @param trainableAmplitude  whether the SLM amplitude is a trainable parameter (default false)
 * @param normalizePerShot    whether outputs are divided by their sum per sample (default false)
 * @param slmBits             SLM phase bit depth of devices, 1..16 (default 8)
 * @param shotNoise           devices' shot-noise scale: std shotNoise·√y (default 0.01)
 * @param pumpEnergyJitter    devices' relative pump energy std per shot (default 0.01)
 * @param readNoise           devices' detector read-noise std, output units (default 1e-3)
 * @param slmCalibrationError devices' fixed per-bin SLM phase error std, rad (default 0.05)
 * @param crystalLengthError  devices' relative crystal length error std (default 0.02)
 * @param outputNoise         further noise on devices' outputs (default none)
 */
public record ShgOptions(int bins, OptionalInt inputs, OptionalInt outputs, OptionalInt window, Shg.Encoding encoding,
                         double inputPhaseSpan, OptionalDouble fwhm, Optional<float[]> spectrum, double crystalLengthMm,
                         double mismatchSlope, boolean trainableAmplitude, boolean normalizePerShot, int slmBits,
                         double shotNoise, double pumpEnergyJitter, double readNoise, double slmCalibrationError,
                         double crystalLengthError, NoiseModel outputNoise) {
    /**
     * Validates every option on its own.
     *
     * @throws IllegalArgumentException naming the option and the value that is out of its range
     */
    public ShgOptions {
        Checks.atLeast("shg", "bins", bins, 2);
        inputs.ifPresent(n -> Checks.atLeast("shg", "inputs", n, 1));
        outputs.ifPresent(m -> Checks.atLeast("shg", "outputs", m, 1));
        window.ifPresent(w -> Checks.atLeast("shg", "readout window (SH bins)", w, 1));
        Objects.requireNonNull(encoding, "encoding");
        if (!(inputPhaseSpan > 0 && inputPhaseSpan <= 2 * Math.PI + 1e-9))
            throw new IllegalArgumentException("shg: input phase span must be in (0, 2π] rad, got " + inputPhaseSpan);
        fwhm.ifPresent(f -> Checks.positive("shg", "spectral FWHM (bins)", f));
        spectrum = spectrum.map(ShgOptions::checkedSpectrum);
        Checks.nonNegative("shg", "crystal length (mm)", crystalLengthMm);
        Checks.finite("shg", "phase-mismatch slope (rad/mm per bin)", mismatchSlope);
        Slm.checkBits(slmBits);
        Checks.nonNegative("shg", "shot noise", shotNoise);
        Checks.nonNegative("shg", "pump energy jitter", pumpEnergyJitter);
        Checks.nonNegative("shg", "read noise", readNoise);
        Checks.nonNegative("shg", "SLM calibration error", slmCalibrationError);
        Checks.nonNegative("shg", "crystal length error", crystalLengthError);
        Objects.requireNonNull(outputNoise, "outputNoise");
    }

    private static float[] checkedSpectrum(float[] fieldAmplitude) {
        boolean any = false;
        for (int i = 0; i < fieldAmplitude.length; i++) {
            float v = fieldAmplitude[i];
            if (!(v >= 0 && Float.isFinite(v)))
                throw new IllegalArgumentException("shg: spectrum amplitude at bin " + i + " is " + v + "; amplitudes must be finite and >= 0");
            any |= v > 0;
        }
        if (!any) throw new IllegalArgumentException("shg: the spectrum is zero everywhere; give at least one positive amplitude");
        return fieldAmplitude.clone();
    }

    /** A builder with every option at its default (64 bins, 32 inputs, 16 outputs, Gaussian spectrum, default noise). */
    public static Builder builder() {
        return new Builder(new ShgOptions(64, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), Shg.Encoding.SEPARATE_BINS,
                Math.PI, OptionalDouble.empty(), Optional.empty(), 1, 0.1, false, false, 8, 0.01, 0.01, 1e-3, 0.05, 0.02, NoiseModel.none()));
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe; the options it builds are immutable. */
    public static final class Builder {
        private int bins, slmBits;
        private OptionalInt inputs, outputs, window;
        private Shg.Encoding encoding;
        private double inputPhaseSpan, crystalLengthMm, mismatchSlope;
        private OptionalDouble fwhm;
        private Optional<float[]> spectrum;
        private boolean trainableAmplitude, normalizePerShot;
        private double shotNoise, pumpEnergyJitter, readNoise, slmCalibrationError, crystalLengthError;
        private NoiseModel outputNoise;

        private Builder(ShgOptions o) {
            bins = o.bins; inputs = o.inputs; outputs = o.outputs; window = o.window; encoding = o.encoding;
            inputPhaseSpan = o.inputPhaseSpan; fwhm = o.fwhm; spectrum = o.spectrum; crystalLengthMm = o.crystalLengthMm;
            mismatchSlope = o.mismatchSlope; trainableAmplitude = o.trainableAmplitude; normalizePerShot = o.normalizePerShot;
            slmBits = o.slmBits; shotNoise = o.shotNoise; pumpEnergyJitter = o.pumpEnergyJitter; readNoise = o.readNoise;
            slmCalibrationError = o.slmCalibrationError; crystalLengthError = o.crystalLengthError; outputNoise = o.outputNoise;
        }

        /** Pump frequency bins N. */
        public Builder optBins(int n) { bins = n; return this; }

        /** Input bins n. */
        public Builder optInputs(int n) { inputs = OptionalInt.of(n); return this; }

        /** Readout groups M. */
        public Builder optOutputs(int m) { outputs = OptionalInt.of(m); return this; }

        /** Readout window, SH bins. */
        public Builder optReadoutWindow(int shBins) { window = OptionalInt.of(shBins); return this; }

        /** How inputs and the phase parameter share the bins. */
        public Builder optEncoding(Shg.Encoding e) { encoding = e; return this; }

        /** Phase for input 1, rad. */
        public Builder optInputPhaseSpan(double rad) { inputPhaseSpan = rad; return this; }

        /** A Gaussian spectrum of intensity FWHM {@code fwhmBins} (replaces an explicit spectrum). */
        public Builder optSpectralFwhm(double fwhmBins) { fwhm = OptionalDouble.of(fwhmBins); spectrum = Optional.empty(); return this; }

        /** An explicit pump field amplitude per bin (replaces the Gaussian). */
        public Builder optSpectrum(float[] fieldAmplitude) { spectrum = Optional.of(fieldAmplitude.clone()); return this; }

        /** Crystal length, mm. */
        public Builder optCrystalLength(double mm) { crystalLengthMm = mm; return this; }

        /** Phase-mismatch slope, rad/mm per SH bin. */
        public Builder optPhaseMismatchSlope(double radPerMmPerBin) { mismatchSlope = radPerMmPerBin; return this; }

        /** Whether the SLM amplitude is trainable. */
        public Builder optTrainableAmplitude(boolean on) { trainableAmplitude = on; return this; }

        /** Whether outputs are normalized per shot. */
        public Builder optNormalizePerShot(boolean on) { normalizePerShot = on; return this; }

        /** SLM phase bit depth of devices. */
        public Builder optSlmBits(int bits) { slmBits = bits; return this; }

        /** Devices' shot-noise scale. */
        public Builder optShotNoise(double scale) { shotNoise = scale; return this; }

        /** Devices' relative pump energy std. */
        public Builder optPumpEnergyJitter(double relativeStd) { pumpEnergyJitter = relativeStd; return this; }

        /** Devices' read-noise std. */
        public Builder optReadNoise(double std) { readNoise = std; return this; }

        /** Devices' SLM calibration error std, rad. */
        public Builder optSlmCalibrationError(double rad) { slmCalibrationError = rad; return this; }

        /** Devices' relative crystal length error std. */
        public Builder optCrystalLengthError(double relativeStd) { crystalLengthError = relativeStd; return this; }

        /** Further noise on devices' outputs. */
        public Builder optOutputNoise(NoiseModel model) { outputNoise = model; return this; }

        /** Devices without imperfections: every per-call noise and per-device error 0 (SLM quantization stays). */
        public Builder optFlawless() {
            shotNoise = 0; pumpEnergyJitter = 0; readNoise = 0; slmCalibrationError = 0; crystalLengthError = 0;
            return this;
        }

        /**
         * The options collected.
         *
         * @throws IllegalArgumentException for an option out of its range (see the record's constructor)
         */
        public ShgOptions build() {
            return new ShgOptions(bins, inputs, outputs, window, encoding, inputPhaseSpan, fwhm, spectrum, crystalLengthMm, mismatchSlope,
                    trainableAmplitude, normalizePerShot, slmBits, shotNoise, pumpEnergyJitter, readNoise, slmCalibrationError,
                    crystalLengthError, outputNoise);
        }
    }
}
