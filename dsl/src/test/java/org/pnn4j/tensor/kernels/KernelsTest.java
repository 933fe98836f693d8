package org.pnn4j.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class KernelsTest {
    @Test
    void everyChunkRunsExactlyOnce() {
        AtomicIntegerArray seen = new AtomicIntegerArray(37);
        Kernels.forEachChunk(37, c -> seen.incrementAndGet(c));
        for (int c = 0; c < 37; c++) assertEquals(1, seen.get(c), "chunk " + c);
    }

    @Test
    void aChunksExceptionReachesTheCallerAfterTheOthersFinish() {
        AtomicIntegerArray seen = new AtomicIntegerArray(8);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Kernels.forEachChunk(8, c -> {
            seen.incrementAndGet(c);
            if (c == 5) throw new IllegalStateException("chunk five failed");
        }));
        assertEquals("chunk five failed", e.getMessage());
        for (int c = 0; c < 8; c++) assertEquals(1, seen.get(c), "chunk " + c + " still ran");
    }

    @Test
    void packedProductGivesTheUnpackedFloatsBitForBit() {
        Rng rng = new Rng(2);
        int m = 13, k = 300, n = 77; // k over one k block, n over several panels with an edge
        float[] a = Tensor.randn(rng, 1, m * k).toArray(), b = Tensor.randn(rng, 1, k * n).toArray();
        float[] c1 = new float[m * n], c2 = new float[m * n];
        Kernels.gemm(false, false, m, n, k, 1f, a, 0, b, 0, 0f, c1, 0);
        Kernels.Packed p = Kernels.pack(false, k, n, b, 0);
        Kernels.gemm(m, 1f, a, 0, p, 0f, c2, 0);
        assertArrayEquals(c1, c2);
        assertEquals(k, p.rows());
        assertEquals(n, p.columns());
    }

    @Test
    void packedProductSharedByColumnPanelsAndRepackedGivesTheSingleCallFloats() {
        Rng rng = new Rng(5);
        int m = 32, k = 700, n = 650; // 1.5e7 multiply-adds: the threads share the panels (with 2 or more threads)
        assertTrue((long) m * n * k >= Kernels.PACKED_PARALLEL_ABOVE);
        float[] a = Tensor.randn(rng, 1, m * k).toArray(), b = Tensor.randn(rng, 1, k * n).toArray();
        float[] c1 = new float[m * n], c2 = new float[m * n];
        Kernels.gemm(false, false, m, n, k, 1f, a, 0, b, 0, 0f, c1, 0);
        Kernels.Packed p = Kernels.pack(false, k, n, new float[k * n], 0);
        // repacking into the same packing gives the packing of the new matrix
        assertSame(p, Kernels.pack(false, k, n, b, 0, p));
        Kernels.gemm(m, 1f, a, 0, p, 0f, c2, 0);
        assertArrayEquals(c1, c2);
        // a packing of another shape is not reused
        assertNotSame(p, Kernels.pack(false, k, n - 1, b, 0, p));
        assertNotSame(p, Kernels.pack(true, k, n, b, 0, p));
    }

    /** A diagonal rule of the test's own: minus the row sum, less the self term (a graph Laplacian). */
    private static Kernels.DiagonalRule laplacian(float[] c, int n, boolean self) {
        return (i, sum) -> (float) -(sum + (self ? c[i * n + i] : 0));
    }

    @Test
    void symmetrizedPackedInPlaceGivesTheFloatsOfPackingTheDenseMatrix() {
        Rng rng = new Rng(6);
        Kernels.Packed reused = null;
        // n below a panel and below 4; several panels with an edge; two and three k blocks, n % 4 = 0 and 2
        for (int n : new int[] {3, 70, 300, 530})
            for (boolean self : new boolean[] {false, true})
                for (boolean withExtra : new boolean[] {false, true}) {
                    String what = "n = " + n + ", self term " + self + ", extra " + withExtra;
                    float[] c = Tensor.uniform(rng, -1, 1, n * n).toArray();
                    float[] extra = withExtra ? Tensor.randn(rng, 0.2, n * n).toArray() : null;
                    float[] dense = Kernels.symmetrized(c, n, laplacian(c, n, self), extra, new float[n * n]);
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
                    Kernels.Packed inPlace = Kernels.packSymmetrized(c, n, laplacian(c, n, self), extra, work, reused);
                    if (reused != null && reused.columns() == n) assertSame(reused, inPlace, "a packing of the same size is reused");
                    reused = inPlace;
                    int m = 19;
                    float[] a = Tensor.randn(rng, 1, m * n).toArray(), c1 = new float[m * n], c2 = new float[m * n];
                    Kernels.gemm(m, 1f, a, 0, Kernels.pack(false, n, n, dense, 0), 0f, c1, 0);
                    Kernels.gemm(m, 1f, a, 0, inPlace, 0f, c2, 0);
                    assertArrayEquals(c1, c2, what);
                }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kernels.packSymmetrized(new float[15], 4, (i, sum) -> 0f, null, new float[16], null));
        assertTrue(e.getMessage().contains("16") && e.getMessage().contains("15"), e.getMessage());
    }

    @Test
    void symmetrizedLessOuterSumIsTheFormulaElementByElement() {
        Rng rng = new Rng(7);
        for (int n : new int[] {3, 17, 70, 530})
            for (boolean self : new boolean[] {false, true}) {
                float[] g = Tensor.randn(rng, 1, n * n).toArray();
                float[] u = new float[n];
                for (int i = 0; i < n; i++) u[i] = g[i * n + i];
                float[] d = Kernels.symmetrizedLessOuterSum(g, n, u, new float[n * n]);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++) {
                        if (i == j) continue;
                        float expected = i == j ? (self ? -g[i * n + i] : 0f)
                                : 0.5f * ((g[i * n + j] + g[j * n + i]) - (g[i * n + i] + g[j * n + j]));
                        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(d[i * n + j]),
                                "n = " + n + ", self term " + self + ", element (" + i + ", " + j + ")");
                    }
            }
    }

    @Test
    void largeProductsSplitOverRowBlocksMatchTheReference() {
        Rng rng = new Rng(3);
        int m = 400, k = 700, n = 800; // 2.2e8 multiply-adds: above the parallel threshold
        assertTrue((long) m * n * k > Gemm.PARALLEL_ABOVE);
        float[] a = Tensor.randn(rng, 1, k * m).toArray(), b = Tensor.randn(rng, 1, k * n).toArray();
        float[] c = new float[m * n], ref = new float[m * n];
        Kernels.gemm(true, false, m, n, k, 1f, a, 0, b, 0, 0f, c, 0);
        Gemm.netlibGemm(true, false, m, n, k, 1f, a, 0, b, 0, 0f, ref, 0);
        for (int i = 0; i < c.length; i++) assertEquals(ref[i], c[i], 1e-3 * (1 + Math.abs(ref[i])), "element " + i);
    }

    @Test
    void aProductOfFewRowsAndALongKSharedByTheThreadsGivesTheSingleCallFloats() {
        Rng rng = new Rng(4);
        // dL/dQ of oscillators(100) at batch 512: 100 rows, k = 10240, A transposed; and one without transposes
        for (boolean transA : new boolean[] {true, false}) {
            int m = 100, n = 100, k = 10240;
            assertTrue((long) m * n * k >= Gemm.PARALLEL_ABOVE);
            float[] a = Tensor.randn(rng, 1, k * m).toArray(), b = Tensor.randn(rng, 1, k * n).toArray();
            float[] shared = new float[m * n], single = new float[m * n];
            Kernels.gemm(transA, false, m, n, k, 1f, a, 0, b, 0, 0f, shared, 0);
            // inside a chunk a product runs on its thread alone
            Kernels.forEachChunk(1, ch -> Kernels.gemm(transA, false, m, n, k, 1f, a, 0, b, 0, 0f, single, 0));
            assertArrayEquals(single, shared, "transA " + transA);
        }
    }

    @Test
    void negativeSizesAreRejectedWithTheirValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kernels.gemm(false, false, -1, 2, 2, 1f, new float[4], 0, new float[4], 0, 0f, new float[4], 0));
        assertTrue(e.getMessage().contains("m=-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kernels.pack(false, 0, 3, new float[3], 0));
    }

    @Test
    void allWithinAgreesWithTheFloatRoundedBoundsAtEveryPositionAndBound() {
        // not floats: a value equal to a bound rounded to float32 is inside (sigmoid(50) * pi = 3.1415927f is in [0, pi]),
        // the next float beyond it is not
        double lo = -2 * Math.PI, hi = 2 * Math.PI;
        float loIn = (float) lo, hiIn = (float) hi;
        for (int n : new int[] {1, 7, 16, 33, 100}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float) Math.sin(i) * 6f;
            assertTrue(Kernels.allWithin(x, lo, hi), "n=" + n);
            x[n - 1] = loIn;
            x[0] = hiIn;
            assertTrue(Kernels.allWithin(x, lo, hi), "the closest floats inside, n=" + n);
            for (int at : new int[] {0, n / 2, n - 1}) {
                for (float bad : new float[] {Float.NaN, Math.nextDown(loIn), Math.nextUp(hiIn),
                        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                    float keep = x[at];
                    x[at] = bad;
                    assertEquals(false, Kernels.allWithin(x, lo, hi), bad + " at " + at + " of " + n);
                    x[at] = keep;
                }
            }
        }
        assertTrue(Kernels.allWithin(new float[0], 0, 1));
    }
}
