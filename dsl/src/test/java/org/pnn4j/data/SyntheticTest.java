package org.pnn4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SyntheticTest {

    private static void assertBalanced(Dataset d, int n, int k) {
        assertEquals(n, d.size());
        assertArrayEquals(new int[] {2}, d.sampleShape());
        assertEquals(k, d.numClasses());
        for (int c : d.classCounts()) assertTrue(Math.abs(c - n / (double) k) <= 1, "class count " + c);
        assertEquals(List.of("x", "y"), d.featureNames());
    }

    @Test
    void everyGeneratorGivesBalancedTwoDimensionalClasses() {
        assertBalanced(Synthetic.xor(101, 0.1, 1), 101, 2);
        assertBalanced(Synthetic.moons(100, 0.1, 1), 100, 2);
        assertBalanced(Synthetic.circles(100, 0.05, 0.5, 1), 100, 2);
        assertBalanced(Synthetic.stripes(99, 3, 1), 99, 3);
        assertBalanced(Synthetic.quadrants(102, 0.0, 1), 102, 4);
    }

    @Test
    void sameSeedGivesSameDataAndOtherSeedDiffers() {
        List<Function<Long, Dataset>> gens = List.of(s -> Synthetic.xor(50, 0.1, s), s -> Synthetic.moons(50, 0.1, s),
                s -> Synthetic.circles(50, 0.1, 0.3, s), s -> Synthetic.stripes(50, 4, s), s -> Synthetic.quadrants(50, 0.1, s));
        for (var g : gens) {
            assertArrayEquals(g.apply(5L).features().toArray(), g.apply(5L).features().toArray());
            assertArrayEquals(g.apply(5L).labels(), g.apply(5L).labels());
            assertFalse(java.util.Arrays.equals(g.apply(5L).features().toArray(), g.apply(6L).features().toArray()));
        }
    }

    @Test
    void noiselessPointsLieWhereEachGeneratorDocumentsThem() {
        Dataset xor = Synthetic.xor(200, 0, 2);
        Dataset quad = Synthetic.quadrants(200, 0, 2);
        Dataset circ = Synthetic.circles(200, 0, 0.4, 2);
        Dataset str = Synthetic.stripes(200, 4, 2);
        for (int i = 0; i < 200; i++) {
            float x = xor.features().get(i, 0), y = xor.features().get(i, 1);
            assertEquals(x * y < 0 ? 1 : 0, xor.label(i));
            x = quad.features().get(i, 0); y = quad.features().get(i, 1);
            int q = x >= 0 ? (y >= 0 ? 0 : 3) : (y >= 0 ? 1 : 2);
            assertEquals(q, quad.label(i));
            double r = Math.hypot(circ.features().get(i, 0), circ.features().get(i, 1));
            assertEquals(circ.label(i) == 0 ? 1 : 0.4, r, 1e-5);
            int stripe = (int) Math.floor((str.features().get(i, 0) + 1) / 2 * 4);
            assertEquals(str.label(i), Math.min(stripe, 3));
        }
    }

    @Test
    void noiseSpreadsPointsOffTheirCircle() {
        Dataset d = Synthetic.circles(2000, 0.1, 0.5, 3);
        double sq = 0;
        for (int i = 0; i < d.size(); i++) {
            double r = Math.hypot(d.features().get(i, 0), d.features().get(i, 1));
            double dr = r - (d.label(i) == 0 ? 1 : 0.5);
            sq += dr * dr;
        }
        double rms = Math.sqrt(sq / d.size());
        assertTrue(rms > 0.07 && rms < 0.13, "radial rms " + rms + " for noise 0.1");
    }

    @Test
    void invalidArgumentsAreRejectedWithTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Synthetic.moons(0, 0.1, 1)).getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Synthetic.xor(10, -1, 1)).getMessage().contains("-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Synthetic.circles(10, 0, 1.5, 1)).getMessage().contains("1.5"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Synthetic.stripes(10, 1, 1)).getMessage().contains("k = 1"));
    }
}
