package org.pnn4j.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class PerCallNoiseTest {
    static final int N = 100_000;

    /** 10^5 draws as one call: a batch of 1000 samples of 100 channels, all equal to {@code value}. */
    static float[] draws(NoiseModel model, double value, long seed) {
        return model.start(new Rng(seed)).apply(Tensor.full(value, 1000, 100)).array();
    }

    @Test
    void additiveGaussianHasMeanSignalAndVarianceSigmaSquared() {
        double sigma = 0.3, x = 2.5;
        Moments m = Moments.of(draws(NoiseModel.additiveGaussian(sigma), x, 1));
        assertEquals(x, m.mean, m.meanBound(sigma * sigma));
        assertEquals(sigma * sigma, m.variance, m.gaussianVarianceBound(sigma * sigma));
    }

    @Test
    void multiplicativeGaussianScalesItsSpreadWithTheSignal() {
        double rel = 0.05;
        for (double x : new double[] {4.0, -0.5}) {
            double sd = Math.abs(x) * rel;
            Moments m = Moments.of(draws(NoiseModel.multiplicativeGaussian(rel), x, 2));
            assertEquals(x, m.mean, m.meanBound(sd * sd));
            assertEquals(sd * sd, m.variance, m.gaussianVarianceBound(sd * sd));
        }
        for (float v : draws(NoiseModel.multiplicativeGaussian(rel), 0, 3)) assertEquals(0f, v);
    }

    /** Exact Poisson in both of its samplers (inversion below a mean of 10 counts, PTRS above). */
    @ParameterizedTest
    @ValueSource(doubles = {0.7, 4, 9.5, 10.5, 37, 1e4})
    void shotNoiseCountsArePoissonWithVarianceEqualToMean(double lambda) {
        double gain = 256; // counts per unit; a power of two keeps counts/gain exact in float
        float[] y = draws(NoiseModel.shotNoise(gain), lambda / gain, 4);
        double[] counts = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            counts[i] = y[i] * gain;
            assertEquals(Math.rint(counts[i]), counts[i], 1e-9, "counts are whole");
        }
        Moments m = Moments.of(counts);
        assertEquals(lambda, m.mean, m.meanBound(lambda));
        assertEquals(lambda, m.variance, m.poissonVarianceBound(lambda));
        if (lambda < 5) { // the probability of no count at all, P(0) = e^-λ, within 5σ of the binomial estimate
            int zeros = 0;
            for (double c : counts) if (c == 0) zeros++;
            double p0 = Math.exp(-lambda);
            assertEquals(p0, zeros / (double) N, 5 * Math.sqrt(p0 * (1 - p0) / N));
        }
    }

    /**
     * The whole histogram, not only two moments: Pearson's χ² against the Poisson pmf over the bins with at
     * least 5 expected counts (tails merged). χ² with d degrees of freedom has mean d and sd √(2d); the bound
     * d + 5√(2d) is a 5σ bound.
     */
    @ParameterizedTest
    @ValueSource(doubles = {4, 37})
    void shotNoiseHistogramMatchesThePoissonPmf(double lambda) {
        float[] y = draws(NoiseModel.shotNoise(1), lambda, 10);
        int max = (int) (lambda + 20 * Math.sqrt(lambda) + 20);
        long[] hist = new long[max + 1];
        for (float v : y) hist[Math.min(max, (int) v)]++;
        // bins of consecutive counts, each closed once it expects 5 draws; the remainder joins the last bin
        java.util.List<double[]> bins = new java.util.ArrayList<>(); // {expected, seen}
        double expected = 0, seen = 0, logP = -lambda, expectedTotal = 0;
        for (int k = 0; k <= max; k++) {
            if (k > 0) logP += Math.log(lambda / k);
            double e = k == max ? N - expectedTotal : N * Math.exp(logP); // the last count stands for all above
            expectedTotal += e;
            expected += e;
            seen += hist[k];
            if (expected >= 5 && k < max) {
                bins.add(new double[] {expected, seen});
                expected = 0;
                seen = 0;
            }
        }
        double[] last = bins.get(bins.size() - 1);
        last[0] += expected;
        last[1] += seen;
        double chi2 = 0;
        for (double[] b : bins) chi2 += (b[1] - b[0]) * (b[1] - b[0]) / b[0];
        int dof = bins.size() - 1;
        assertTrue(chi2 < dof + 5 * Math.sqrt(2 * dof), "chi2 = " + chi2 + " over " + dof + " degrees of freedom");
    }

    @Test
    void shotNoiseReadsNegativeSignalAsDarkness() {
        for (float v : draws(NoiseModel.shotNoise(100), -0.2, 5)) assertEquals(0f, v);
    }

    @ParameterizedTest
    @ValueSource(doubles = {100, 1e4, 1e6})
    void gaussianShotNoiseMatchesPoissonMomentsAtLargeCounts(double lambda) {
        double gain = 1000, x = lambda / gain, var = x / gain;
        float[] y = draws(NoiseModel.shotNoiseGaussian(gain), x, 6);
        Moments m = Moments.of(y);
        assertEquals(x, m.mean, m.meanBound(var));
        assertEquals(var, m.variance, m.gaussianVarianceBound(var));
        long whole = 0;
        for (float v : y) if (Math.abs(v * gain - Math.rint(v * gain)) < 1e-6) whole++;
        assertTrue(whole < N / 100, "the approximation is continuous, not counts");
    }

    @Test
    void gaussianShotNoiseLeavesNonPositiveSignalAlone() {
        for (float v : draws(NoiseModel.shotNoiseGaussian(100), -0.2, 7)) assertEquals(-0.2f, v);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 6, 10})
    void quantizationErrorIsAtMostHalfAnLsbWithTwoToTheBitsLevels(int bits) {
        double lo = -0.75, hi = 1.25, lsb = (hi - lo) / ((1 << bits) - 1);
        Rng r = new Rng(8);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) x[i] = (float) r.uniform(lo - 0.5, hi + 0.5); // a quarter of them outside
        float[] y = NoiseModel.quantization(bits, lo, hi).start(new Rng(9)).apply(Tensor.wrap(x.clone(), N)).array();
        TreeSet<Float> levels = new TreeSet<>();
        for (int i = 0; i < N; i++) {
            levels.add(y[i]);
            double k = (y[i] - lo) / lsb;
            assertEquals(Math.rint(k), k, 1e-4, "every output is a level");
            if (x[i] < lo) assertEquals((float) lo, y[i]);
            else if (x[i] > hi) assertEquals((float) hi, y[i]);
            else assertTrue(Math.abs(y[i] - x[i]) <= lsb / 2 + 1e-6, "error " + (y[i] - x[i]) + " exceeds half an LSB " + lsb / 2);
        }
        assertEquals(1 << bits, levels.size());
        assertEquals((float) lo, levels.first());
        assertEquals((float) hi, levels.last());
    }

    @Test
    void quantizationIsDeterministicAndKeepsNaN() {
        NoiseProcess q = NoiseModel.quantization(4, 0, 1).start(new Rng(1));
        Tensor x = Tensor.vector(0.1f, 0.5f, Float.NaN, 2f);
        assertArrayEquals(q.apply(x).array(), q.apply(x).array());
        assertTrue(Float.isNaN(q.apply(x).get(2)));
        assertEquals(1f, q.apply(x).get(3));
    }

    @Test
    void perCallNoiseIsFreshOnEveryCallAndLeavesTheInputAlone() {
        Tensor x = Tensor.full(1, 4, 8);
        float[] before = x.toArray();
        NoiseProcess p = NoiseModel.additiveGaussian(0.1).start(new Rng(3));
        float[] a = p.apply(x).array(), b = p.apply(x).array();
        assertNotEquals(a[0], b[0]);
        assertArrayEquals(before, x.array());
        assertArrayEquals(new int[] {4, 8}, p.apply(x).shape());
    }

    @Test
    void badSettingsAreRejectedWithTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> NoiseModel.additiveGaussian(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NoiseModel.multiplicativeGaussian(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> NoiseModel.shotNoise(0));
        assertThrows(IllegalArgumentException.class, () -> NoiseModel.shotNoiseGaussian(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> NoiseModel.quantization(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> NoiseModel.quantization(25, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> NoiseModel.quantization(8, 1, 1));
    }
}
