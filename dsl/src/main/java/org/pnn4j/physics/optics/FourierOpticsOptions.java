package org.pnn4j.physics.optics;

import java.util.Objects;
import java.util.OptionalInt;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.physics.Checks;

/**
 * The options of a {@link FourierOptics} substrate, one immutable value validated in one place (its constructor;
 * outputs against the field's size are checked when the substrate is first used). The output grid, whose default
 * follows from the field, is an optional value, empty meaning "derived" (1-D: min(16, pixels) outputs; 2-D: a
 * min(4, height) × min(4, width) grid). Build with {@link #builder(int, int, boolean)} ({@code optX} setters,
 * {@link Builder#build()} validates).
 *
 * @param height             field rows (1 for a 1-D field)
 * @param width              field columns (pixels of a 1-D field)
 * @param twoD               whether the field is 2-D (transformed along both axes)
 * @param outputRows         rows of the output grid, or empty for the default
 * @param outputColumns      columns of the output grid (outputs of a 1-D field), or empty for the default
 * @param amplitudeEncoding  whether input x is the field amplitude (true) or its phase span·x (false, the default)
 * @param inputPhaseSpan     phase for input 1, rad, in (0, 2π] (default π)
 * @param transmission       the transmission matrix after the input plane (default a fixed random one)
 * @param transmissionSeed   seed of the fixed random transmission (default 1234)
 * @param intensityReadout   whether the camera reads |v|² (true) or |v| (false, the default)
 * @param slmBits            SLM phase bit depth of devices, 1..16 (default 8)
 * @param maskMiscalibration devices' fixed per-pixel mask offset std, rad (default 0.05)
 * @param readNoise          devices' camera read-noise std, output units (default 0.01)
 * @param shotNoise          devices' shot-noise scale: std shotNoise·√y (default 0)
 * @param outputNoise        further noise on devices' outputs (default none)
 */
public record FourierOpticsOptions(int height, int width, boolean twoD, OptionalInt outputRows, OptionalInt outputColumns,
                                   boolean amplitudeEncoding, double inputPhaseSpan, Transmission transmission, long transmissionSeed,
                                   boolean intensityReadout, int slmBits, double maskMiscalibration, double readNoise, double shotNoise,
                                   NoiseModel outputNoise) {
    /** The transmission matrix between the input plane and the Fourier plane. */
    public enum Transmission {
        /** A fixed random complex matrix drawn from {@code transmissionSeed}. */
        RANDOM,
        /** None (the identity): a pure 4f system. */
        IDENTITY,
        /** A trainable one: parameters {@code "transmissionReal"}, {@code "transmissionImag"} [n, n] in [-1, 1]. */
        TRAINABLE
    }

    /**
     * Validates every option on its own.
     *
     * @throws IllegalArgumentException naming the option and the value that is out of its range
     */
    public FourierOpticsOptions {
        if (height < 1 || width < 1 || (!twoD && height != 1))
            throw new IllegalArgumentException("fourierOptics: the field needs at least 1×1 pixels (1 row when 1-D), got " + height + "×" + width);
        outputRows.ifPresent(r -> Checks.atLeast("fourierOptics", "output rows", r, 1));
        outputColumns.ifPresent(c -> Checks.atLeast("fourierOptics", "outputs", c, 1));
        if (!(inputPhaseSpan > 0 && inputPhaseSpan <= 2 * Math.PI + 1e-9))
            throw new IllegalArgumentException("fourierOptics: input phase span must be in (0, 2π] rad, got " + inputPhaseSpan);
        Objects.requireNonNull(transmission, "transmission");
        Slm.checkBits(slmBits);
        Checks.nonNegative("fourierOptics", "mask miscalibration", maskMiscalibration);
        Checks.nonNegative("fourierOptics", "read noise", readNoise);
        Checks.nonNegative("fourierOptics", "shot noise", shotNoise);
        Objects.requireNonNull(outputNoise, "outputNoise");
    }

    /** A builder of a {@code height × width} field (2-D when {@code twoD}) with every other option at its default. */
    public static Builder builder(int height, int width, boolean twoD) {
        return new Builder(new FourierOpticsOptions(height, width, twoD, OptionalInt.empty(), OptionalInt.empty(), false, Math.PI,
                Transmission.RANDOM, 1234, false, 8, 0.05, 0.01, 0, NoiseModel.none()));
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe; the options it builds are immutable. */
    public static final class Builder {
        private final int height, width;
        private final boolean twoD;
        private OptionalInt outputRows, outputColumns;
        private boolean amplitudeEncoding, intensityReadout;
        private double inputPhaseSpan, maskMiscalibration, readNoise, shotNoise;
        private Transmission transmission;
        private long transmissionSeed;
        private int slmBits;
        private NoiseModel outputNoise;

        private Builder(FourierOpticsOptions o) {
            height = o.height; width = o.width; twoD = o.twoD; outputRows = o.outputRows; outputColumns = o.outputColumns;
            amplitudeEncoding = o.amplitudeEncoding; inputPhaseSpan = o.inputPhaseSpan; transmission = o.transmission;
            transmissionSeed = o.transmissionSeed; intensityReadout = o.intensityReadout; slmBits = o.slmBits;
            maskMiscalibration = o.maskMiscalibration; readNoise = o.readNoise; shotNoise = o.shotNoise; outputNoise = o.outputNoise;
        }

        /** The output grid, rows × columns (1 × m for m outputs of a 1-D field). */
        public Builder optOutputs(int rows, int columns) { outputRows = OptionalInt.of(rows); outputColumns = OptionalInt.of(columns); return this; }

        /** Phase encoding with span {@code rad}. */
        public Builder optPhaseEncoding(double rad) { amplitudeEncoding = false; inputPhaseSpan = rad; return this; }

        /** Amplitude encoding. */
        public Builder optAmplitudeEncoding() { amplitudeEncoding = true; return this; }

        /** The transmission matrix kind. */
        public Builder optTransmission(Transmission kind) { transmission = kind; return this; }

        /** A fixed random transmission drawn from {@code seed}. */
        public Builder optTransmissionSeed(long seed) { transmission = Transmission.RANDOM; transmissionSeed = seed; return this; }

        /** Whether the camera reads the intensity. */
        public Builder optIntensityReadout(boolean on) { intensityReadout = on; return this; }

        /** SLM phase bit depth of devices. */
        public Builder optSlmBits(int bits) { slmBits = bits; return this; }

        /** Devices' mask miscalibration std, rad. */
        public Builder optMaskMiscalibration(double rad) { maskMiscalibration = rad; return this; }

        /** Devices' read-noise std. */
        public Builder optReadNoise(double std) { readNoise = std; return this; }

        /** Devices' shot-noise scale. */
        public Builder optShotNoise(double scale) { shotNoise = scale; return this; }

        /** Further noise on devices' outputs. */
        public Builder optOutputNoise(NoiseModel model) { outputNoise = model; return this; }

        /** Devices without imperfections: mask miscalibration and camera noise 0 (SLM quantization stays). */
        public Builder optFlawless() { maskMiscalibration = 0; readNoise = 0; shotNoise = 0; return this; }

        /**
         * The options collected.
         *
         * @throws IllegalArgumentException for an option out of its range (see the record's constructor)
         */
        public FourierOpticsOptions build() {
            return new FourierOpticsOptions(height, width, twoD, outputRows, outputColumns, amplitudeEncoding, inputPhaseSpan, transmission,
                    transmissionSeed, intensityReadout, slmBits, maskMiscalibration, readNoise, shotNoise, outputNoise);
        }
    }
}
