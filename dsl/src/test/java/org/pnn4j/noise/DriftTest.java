package org.pnn4j.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jtransforms.fft.DoubleFFT_1D;
import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class DriftTest {
    /** The drift seen by each channel over {@code calls} calls on a zero signal [batch, channels]: [channel][call]. */
    static double[][] trace(NoiseModel drift, int calls, int batch, int channels, long seed) {
        NoiseProcess p = drift.start(new Rng(seed));
        Tensor zero = Tensor.zeros(batch, channels);
        double[][] d = new double[channels][calls];
        for (int t = 0; t < calls; t++) {
            float[] y = p.apply(zero).array();
            for (int c = 0; c < channels; c++) {
                d[c][t] = y[c];
                for (int b = 1; b < batch; b++) assertEquals(y[c], y[b * channels + c], "one offset per call for the whole batch");
            }
        }
        return d;
    }

    @Test
    void linearDriftGrowsByTheRateOnEveryCall() {
        double[][] d = trace(NoiseModel.linearDrift(0.25), 10, 3, 2, 1);
        for (int t = 0; t < 10; t++) {
            assertEquals(0.25 * t, d[0][t], 1e-6);
            assertEquals(0.25 * t, d[1][t], 1e-6);
        }
    }

    @Test
    void randomWalkVarianceGrowsLinearlyInCalls() {
        double sigma = 0.1;
        int channels = 20_000, calls = 100;
        double[][] d = trace(NoiseModel.randomWalkDrift(sigma).perChannel(), calls + 1, 1, channels, 2);
        for (int t : new int[] {1, 10, 25, 50, 100}) {
            double[] atT = new double[channels];
            for (int c = 0; c < channels; c++) atT[c] = d[c][t];
            Moments m = Moments.of(atT);
            double expected = t * sigma * sigma;
            assertEquals(0, m.mean, m.meanBound(expected), "call " + t);
            assertEquals(expected, m.variance, m.gaussianVarianceBound(expected), "call " + t);
        }
        for (int c = 0; c < channels; c++) assertEquals(0, d[c][0], "undrifted on the first call");
    }

    @Test
    void commonDriftIsSharedAndPerChannelDriftIsIndependent() {
        double[][] common = trace(NoiseModel.randomWalkDrift(0.1), 50, 2, 8, 3);
        for (int c = 1; c < 8; c++) assertArrayEquals(common[0], common[c]);
        double[][] own = trace(NoiseModel.randomWalkDrift(0.1).perChannel(), 50, 2, 8, 3);
        assertFalse(java.util.Arrays.equals(own[0], own[1]));
    }

    @Test
    void multiplicativeDriftScalesTheSignal() {
        NoiseProcess p = NoiseModel.linearDrift(0.1).multiplicative().start(new Rng(1));
        Tensor x = Tensor.full(2, 1, 3);
        p.apply(x);
        p.apply(x);
        assertEquals(2 * 1.2, p.apply(x).get(0, 1), 1e-6); // call 2: y = x·(1 + 0.1·2)
    }

    @Test
    void pinkDriftHasRmsSigmaAtEveryCall() {
        double sigma = 0.2;
        int channels = 20_000;
        double[][] d = trace(NoiseModel.pinkDrift(sigma, 1e3).perChannel(), 40, 1, channels, 4);
        for (int t : new int[] {0, 39}) {
            double[] atT = new double[channels];
            for (int c = 0; c < channels; c++) atT[c] = d[c][t];
            Moments m = Moments.of(atT);
            assertEquals(0, m.mean, m.meanBound(sigma * sigma));
            assertEquals(sigma * sigma, m.variance, m.gaussianVarianceBound(sigma * sigma), "call " + t);
        }
    }

    /**
     * The periodogram of the 1/f drift (Hann window, 16 channels averaged, 10 log bins per decade) fitted
     * between 10^-3 and 3·10^-2 cycles per call, inside the 1/f band of τ = 1..10^4 calls. Over seeds 1..5
     * the fitted slope was -0.99 to -1.03; the tolerance ±0.15 is robust for any seed.
     */
    @Test
    void pinkDriftSpectrumFallsAsOneOverF() {
        int calls = 1 << 16, channels = 16;
        double[][] d = trace(NoiseModel.pinkDrift(1, 1e4).perChannel(), calls, 1, channels, 5);
        double slope = logLogSlope(averagePeriodogram(d), 1e-3, 3e-2);
        assertEquals(-1, slope, 0.15, "spectral slope " + slope);
        // a white process in the same fit has slope 0 and a random walk -2: the fit tells them apart
        assertEquals(-2, logLogSlope(averagePeriodogram(trace(NoiseModel.randomWalkDrift(1).perChannel(), calls, 1, channels, 5)), 1e-3, 3e-2), 0.3);
    }

    static double[] averagePeriodogram(double[][] series) {
        int n = series[0].length;
        double[] power = new double[n / 2];
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        for (double[] s : series) {
            double mean = 0;
            for (double v : s) mean += v / n;
            double[] w = new double[n];
            for (int t = 0; t < n; t++) w[t] = (s[t] - mean) * (0.5 - 0.5 * Math.cos(2 * Math.PI * t / (n - 1)));
            fft.realForward(w);
            for (int k = 1; k < n / 2; k++) power[k] += w[2 * k] * w[2 * k] + w[2 * k + 1] * w[2 * k + 1];
        }
        return power;
    }

    /** Least-squares slope of log P against log f, P averaged in bins a tenth of a decade wide. */
    static double logLogSlope(double[] power, double fLo, double fHi) {
        int n = 2 * power.length, bins = 0;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (double e = Math.log10(fLo); e < Math.log10(fHi) - 1e-9; e += 0.1) {
            double a = Math.pow(10, e), b = Math.pow(10, e + 0.1), p = 0, lf = 0;
            int k0 = (int) Math.ceil(a * n), count = 0;
            for (int k = Math.max(1, k0); k < power.length && (double) k / n < b; k++) {
                p += power[k];
                lf += Math.log10((double) k / n);
                count++;
            }
            if (count == 0) continue;
            double x = lf / count, y = Math.log10(p / count);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            bins++;
        }
        return (bins * sxy - sx * sy) / (bins * sxx - sx * sx);
    }

    @Test
    void pinkTimeConstantsAreLogSpacedThreePerDecade() {
        double[] tau = Drift.pinkTimeConstants(1e4);
        assertEquals(13, tau.length);
        assertEquals(1, tau[0], 1e-12);
        assertEquals(1e4, tau[12], 1e-6);
        for (int i = 1; i < tau.length; i++) assertEquals(Math.pow(10, 1.0 / 3), tau[i] / tau[i - 1], 1e-9);
    }

    @Test
    void driftOptionsShowInTheDescription() {
        assertEquals("randomWalkDrift(0.001).common()", NoiseModel.randomWalkDrift(1e-3).toString());
        assertEquals("pinkDrift(0.01, 10000).perChannel().multiplicative()",
                NoiseModel.pinkDrift(0.01, 1e4).multiplicative().perChannel().toString());
        Drift d = NoiseModel.linearDrift(1).perChannel();
        assertTrue(d.isPerChannel());
        assertFalse(d.common().isPerChannel());
        assertTrue(d.multiplicative().isMultiplicative());
        assertFalse(d.multiplicative().additive().isMultiplicative());
        assertEquals(NoiseModel.linearDrift(1).perChannel(), d);
        assertNotEquals(NoiseModel.linearDrift(1), d);
    }

    @Test
    void aDriftProcessKeepsItsChannelCount() {
        NoiseProcess p = NoiseModel.randomWalkDrift(0.1).perChannel().start(new Rng(1));
        p.apply(Tensor.zeros(2, 4));
        var e = assertThrows(IllegalArgumentException.class, () -> p.apply(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("4 channels"), e.getMessage());
    }

    @Test
    void badDriftSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> NoiseModel.linearDrift(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> NoiseModel.randomWalkDrift(-0.1));
        assertThrows(IllegalArgumentException.class, () -> NoiseModel.pinkDrift(0.1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> NoiseModel.pinkDrift(-0.1, 100));
    }
}
