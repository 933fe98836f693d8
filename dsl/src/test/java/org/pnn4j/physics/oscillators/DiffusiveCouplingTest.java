package org.pnn4j.physics.oscillators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.kernels.Kernels;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** The oscillators' coupling formula on the generic kernels: the definition, dense and packed alike, and its VJP. */
class DiffusiveCouplingTest {
    @Test
    void theCouplingPackedInPlaceGivesTheFloatsOfPackingTheDenseMatrix() {
        Rng rng = new Rng(6);
        Kernels.Packed reused = null;
        // n below a panel and below 4; several panels with an edge; two and three k blocks, n % 4 = 0 and 2
        for (int n : new int[] {3, 70, 300, 530})
            for (boolean self : new boolean[] {false, true})
                for (boolean withExtra : new boolean[] {false, true}) {
                    String what = "n = " + n + ", self term " + self + ", extra " + withExtra;
                    float[] c = Tensor.uniform(rng, -1, 1, n * n).toArray();
                    float[] extra = withExtra ? Tensor.randn(rng, 0.2, n * n).toArray() : null;
                    float[] dense = DiffusiveCoupling.dense(c, n, self, extra, new float[n * n]);
                    // the definition, in double: symmetric part off the diagonal, minus its row sums on it
                    for (int i = 0; i < n; i++) {
                        double sum = 0;
                        for (int j = 0; j < n; j++) {
                            if (j == i) continue;
                            double v = 0.5 * (c[i * n + j] + c[j * n + i]);
                            sum += v;
                            assertEquals(v + (extra == null ? 0 : extra[i * n + j]), dense[i * n + j], 1e-6, what);
                        }
                        double diag = -sum - (self ? c[i * n + i] : 0) + (extra == null ? 0 : extra[i * n + i]);
                        assertEquals(diag, dense[i * n + i], 1e-5 * (1 + Math.abs(diag)), what + ", diagonal " + i);
                    }
                    float[] work = new float[n * n];
                    Kernels.Packed inPlace = DiffusiveCoupling.packed(c, n, self, extra, work, reused);
                    if (reused != null && reused.columns() == n) assertSame(reused, inPlace, "a packing of the same size is reused");
                    reused = inPlace;
                    int m = 19;
                    float[] a = Tensor.randn(rng, 1, m * n).toArray(), c1 = new float[m * n], c2 = new float[m * n];
                    Kernels.gemm(m, 1f, a, 0, Kernels.pack(false, n, n, dense, 0), 0f, c1, 0);
                    Kernels.gemm(m, 1f, a, 0, inPlace, 0f, c2, 0);
                    assertArrayEquals(c1, c2, what);
                }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiffusiveCoupling.packed(new float[15], 4, false, null, new float[16], null));
        assertTrue(e.getMessage().contains("16") && e.getMessage().contains("15"), e.getMessage());
    }

    @Test
    void theVjpIsTheFormulaElementByElement() {
        Rng rng = new Rng(7);
        for (int n : new int[] {3, 17, 70, 530})
            for (boolean self : new boolean[] {false, true}) {
                float[] g = Tensor.randn(rng, 1, n * n).toArray();
                float[] d = DiffusiveCoupling.vjp(g, n, self, new float[n * n]);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) {
                        float expected = i == j ? (self ? -g[i * n + i] : 0f)
                                : 0.5f * ((g[i * n + j] + g[j * n + i]) - (g[i * n + i] + g[j * n + j]));
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(d[i * n + j]),
                                "n = " + n + ", self term " + self + ", element (" + i + ", " + j + ")");
                    }
            }
    }
}
