package org.pnn4j.noise;

import java.util.Arrays;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * The imperfections drawn once per device instance and then fixed: parameter programming (gain and offset)
 * error and crosstalk between channels. Nothing here is drawn on a call.
 */
final class PerInstanceError {
    private PerInstanceError() {}

    /** y_c = x_c·(1 + g_c) + o_c with g_c ~ N(0, σ_g²) and o_c ~ N(0, σ_o²) drawn once per instance and channel. */
    record ProgrammingError(double offsetSigma, double relativeGainSigma) implements NoiseModel {
        ProgrammingError {
            Signals.nonNegative("programmingError: offsetSigma", offsetSigma);
            Signals.nonNegative("programmingError: relativeGainSigma", relativeGainSigma);
        }

        @Override
        public NoiseProcess start(Rng rng) {
            Rng fixed = rng.split();
            Signals.Width width = new Signals.Width(toString());
            float[][] gainOffset = new float[2][];
            return signal -> {
                if (width.fix(signal)) {
                    int c = width.channels();
                    float[] gain = new float[c], offset = new float[c];
                    for (int i = 0; i < c; i++) {
                        gain[i] = (float) (1 + relativeGainSigma * fixed.nextGaussian());
                        offset[i] = (float) (offsetSigma * fixed.nextGaussian());
                    }
                    gainOffset[0] = gain;
                    gainOffset[1] = offset;
                }
                float[] g = gainOffset[0], o = gainOffset[1];
                float[] x = signal.array(), y = new float[x.length];
                int c = g.length;
                for (int i = 0; i < x.length; i++) y[i] = x[i] * g[i % c] + o[i % c];
                return Signals.like(signal, y);
            };
        }

        @Override
        public String toString() {
            return "programmingError(" + Signals.num(offsetSigma) + ", " + Signals.num(relativeGainSigma) + ")";
        }
    }

    /**
     * y_i = x_i + κ_{i,i-1}·x_{i-1} + κ_{i,i+1}·x_{i+1}, each coupling κ ~ N(mean, σ²) drawn once per instance
     * and per direction of each link; channels are neighbours in row-major order, the chain is open.
     */
    record NeighbourCrosstalk(double coupling, double couplingSigma) implements NoiseModel {
        NeighbourCrosstalk {
            Signals.finite("neighbourCrosstalk: coupling", coupling);
            Signals.nonNegative("neighbourCrosstalk: couplingSigma", couplingSigma);
        }

        @Override
        public NoiseProcess start(Rng rng) {
            Rng fixed = rng.split();
            Signals.Width width = new Signals.Width(toString());
            // fromLeft[i] = κ_{i,i-1}, fromRight[i] = κ_{i,i+1}; the missing ends stay 0
            float[][] k = new float[2][];
            return signal -> {
                if (width.fix(signal)) {
                    int c = width.channels();
                    float[] fromLeft = new float[c], fromRight = new float[c];
                    for (int i = 0; i + 1 < c; i++) {
                        fromRight[i] = (float) (coupling + couplingSigma * fixed.nextGaussian());
                        fromLeft[i + 1] = (float) (coupling + couplingSigma * fixed.nextGaussian());
                    }
                    k[0] = fromLeft;
                    k[1] = fromRight;
                }
                float[] left = k[0], right = k[1];
                int c = left.length;
                float[] x = signal.array(), y = new float[x.length];
                for (int s = 0; s < x.length; s += c)
                    for (int i = 0; i < c; i++) {
                        double v = x[s + i];
                        if (i > 0) v += left[i] * (double) x[s + i - 1];
                        if (i + 1 < c) v += right[i] * (double) x[s + i + 1];
                        y[s + i] = (float) v;
                    }
                return Signals.like(signal, y);
            };
        }

        @Override
        public String toString() {
            return "neighbourCrosstalk(" + Signals.num(coupling) + ", " + Signals.num(couplingSigma) + ")";
        }
    }

    /** y = M·x per sample with a given matrix M [c, c]. */
    static final class GivenCrosstalk implements NoiseModel {
        private final Tensor mixingTransposed;
        private final int channels;

        GivenCrosstalk(Tensor mixing) {
            int[] s = mixing.shape();
            if (s.length != 2 || s[0] != s[1])
                throw new ShapeMismatchException("crosstalk: the mixing matrix must be square [channels, channels], got " + Arrays.toString(s));
            if (!mixing.isFinite()) throw new IllegalArgumentException("crosstalk: the mixing matrix has a NaN or infinite entry");
            this.channels = s[0];
            try (Grad.Scope off = Grad.off()) {
                this.mixingTransposed = Tensor.of(mixing.array(), s).transpose().detach();
            }
        }

        @Override
        public NoiseProcess start(Rng rng) {
            rng.split();
            return signal -> {
                int c = Signals.channels(signal);
                if (c != channels)
                    throw new ShapeMismatchException("crosstalk: the mixing matrix is " + channels + "x" + channels
                            + " but the signal has " + c + " channels per sample (shape " + Arrays.toString(signal.shape()) + ")");
                try (Grad.Scope off = Grad.off()) {
                    Tensor flat = Tensor.wrap(signal.array(), Signals.batch(signal), c);
                    Tensor y = flat.matmul(mixingTransposed);
                    return Tensor.wrap(y.toArray(), signal.shape());
                }
            };
        }

        @Override
        public String toString() {
            return "crosstalk(" + channels + "x" + channels + " matrix)";
        }
    }
}
