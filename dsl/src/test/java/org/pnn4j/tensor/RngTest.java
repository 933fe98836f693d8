package org.pnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedGivesSameStream() {
        Rng a = new Rng(42), b = new Rng(42);
        for (int i = 0; i < 1000; i++) assertEquals(a.nextLong(), b.nextLong());
        assertNotEquals(new Rng(42).nextLong(), new Rng(43).nextLong());
    }

    @Test
    void streamIsPinnedAcrossJdks() {
        // the first values for seed 0 are part of the reproducibility contract: changing them breaks saved runs
        Rng r = new Rng(0);
        long first = r.nextLong();
        assertEquals(first, new Rng(0).nextLong());
        assertEquals(0x99EC5F36CB75F2B4L, first);
    }

    @Test
    void gaussianMomentsWithinConfidenceBounds() {
        Rng r = new Rng(5);
        int n = 100_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian();
            s += g;
            s2 += g * g;
        }
        double mean = s / n, var = s2 / n - mean * mean;
        assertEquals(0, mean, 5 / Math.sqrt(n)); // 5 sigma
        assertEquals(1, var, 5 * Math.sqrt(2.0 / n));
    }

    @Test
    void nextIntIsUniformAndInRange() {
        Rng r = new Rng(6);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[r.nextInt(7)]++;
        for (int c : counts) assertEquals(10_000, c, 500);
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @Test
    void stateRestoresTheExactStream() {
        Rng r = new Rng(9);
        r.nextGaussian(); // leaves a spare Gaussian in the state
        long[] saved = r.state();
        double[] expected = {r.nextGaussian(), r.nextDouble(), r.nextGaussian()};
        Rng other = new Rng(1);
        other.restore(saved);
        assertArrayEquals(expected, new double[] {other.nextGaussian(), other.nextDouble(), other.nextGaussian()});
        assertThrows(IllegalArgumentException.class, () -> other.restore(new long[3]));
    }

    @Test
    void permutationContainsEveryIndexOnce() {
        int[] p = new Rng(3).permutation(100);
        boolean[] seen = new boolean[100];
        for (int i : p) seen[i] = true;
        for (boolean b : seen) assertTrue(b);
    }
}
