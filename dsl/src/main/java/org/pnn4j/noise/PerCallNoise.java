package org.pnn4j.noise;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.BiFunction;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * The noise models drawn fresh on every call, element by element: additive and multiplicative Gaussian,
 * shot noise (exact Poisson or its Gaussian approximation), and quantization (deterministic).
 */
final class PerCallNoise {
    private PerCallNoise() {}

    /** A process whose only state is its own random stream (saved and restored with the process). */
    static final class Seeded implements NoiseProcess {
        private final Rng own;
        private final BiFunction<Rng, Tensor, Tensor> body;

        Seeded(Rng own, BiFunction<Rng, Tensor, Tensor> body) {
            this.own = own;
            this.body = body;
        }

        @Override
        public Tensor apply(Tensor signal) {
            return body.apply(own, signal);
        }

        @Override
        public void saveState(DataOutput out) throws IOException {
            Signals.writeRng(out, own);
        }

        @Override
        public void restoreState(DataInput in) throws IOException {
            Signals.readRng(in, own);
        }
    }

    /** y = x + σ·n. */
    record AdditiveGaussian(double sigma) implements NoiseModel {
        AdditiveGaussian {
            Signals.nonNegative("additiveGaussian: sigma", sigma);
        }

        @Override
        public NoiseProcess start(Rng rng) {
            return new Seeded(rng.split(), (own, signal) -> {
                float[] x = signal.array(), y = new float[x.length];
                for (int i = 0; i < x.length; i++) y[i] = (float) (x[i] + sigma * own.nextGaussian());
                return Signals.like(signal, y);
            });
        }

        @Override
        public String toString() {
            return "additiveGaussian(" + Signals.num(sigma) + ")";
        }
    }

    /** y = x·(1 + σ_rel·n). */
    record MultiplicativeGaussian(double relativeSigma) implements NoiseModel {
        MultiplicativeGaussian {
            Signals.nonNegative("multiplicativeGaussian: relativeSigma", relativeSigma);
        }

        @Override
        public NoiseProcess start(Rng rng) {
            return new Seeded(rng.split(), (own, signal) -> {
                float[] x = signal.array(), y = new float[x.length];
                for (int i = 0; i < x.length; i++) y[i] = (float) (x[i] * (1 + relativeSigma * own.nextGaussian()));
                return Signals.like(signal, y);
            });
        }

        @Override
        public String toString() {
            return "multiplicativeGaussian(" + Signals.num(relativeSigma) + ")";
        }
    }

    /** y = N / g with N ~ Poisson(g·max(x, 0)) (exact), or y = x + √(max(x, 0)/g)·n (Gaussian approximation). */
    record ShotNoise(double countsPerUnit, boolean gaussian) implements NoiseModel {
        ShotNoise {
            if (!(countsPerUnit > 0) || Double.isInfinite(countsPerUnit))
                throw new IllegalArgumentException((gaussian ? "shotNoiseGaussian" : "shotNoise")
                        + ": countsPerUnit (detected counts per unit of signal) must be finite and > 0, got " + countsPerUnit);
        }

        @Override
        public NoiseProcess start(Rng rng) {
            double g = countsPerUnit;
            return new Seeded(rng.split(), (own, signal) -> {
                float[] x = signal.array(), y = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    float v = x[i];
                    if (Float.isNaN(v)) {
                        y[i] = v; // left for the device's output check to report with its context
                    } else if (gaussian) {
                        y[i] = v > 0 ? (float) (v + Math.sqrt(v / g) * own.nextGaussian()) : v;
                    } else {
                        y[i] = (float) (Poisson.sample(own, Math.max(0, g * v)) / g);
                    }
                }
                return Signals.like(signal, y);
            });
        }

        @Override
        public String toString() {
            return (gaussian ? "shotNoiseGaussian(" : "shotNoise(") + Signals.num(countsPerUnit) + ")";
        }
    }

    /** Rounding to 2^bits evenly spaced levels from lo to hi inclusive, clipping outside. */
    record Quantization(int bits, double lo, double hi) implements NoiseModel {
        Quantization {
            if (bits < 1 || bits > 24)
                throw new IllegalArgumentException("quantization: bits must be in [1, 24] (a float32 signal has a 24-bit significand), got " + bits);
            Signals.finite("quantization: lo", lo);
            Signals.finite("quantization: hi", hi);
            if (!(hi > lo)) throw new IllegalArgumentException("quantization: full-scale range [" + lo + ", " + hi + "] is empty; need lo < hi");
        }

        /** The spacing of adjacent levels (one LSB), in the signal's unit. */
        double step() {
            return (hi - lo) / ((1 << bits) - 1);
        }

        @Override
        public NoiseProcess start(Rng rng) {
            rng.split(); // keeps every model's start taking the same share of the caller's stream
            double step = step();
            int top = (1 << bits) - 1;
            return signal -> {
                float[] x = signal.array(), y = new float[x.length];
                for (int i = 0; i < x.length; i++) {
                    float v = x[i];
                    if (Float.isNaN(v)) {
                        y[i] = v;
                        continue;
                    }
                    double k = Math.floor((v - lo) / step + 0.5);
                    k = Math.max(0, Math.min(top, k));
                    y[i] = (float) (k == top ? hi : lo + k * step);
                }
                return Signals.like(signal, y);
            };
        }

        @Override
        public String toString() {
            return "quantization(" + bits + ", " + Signals.num(lo) + ", " + Signals.num(hi) + ")";
        }
    }
}
