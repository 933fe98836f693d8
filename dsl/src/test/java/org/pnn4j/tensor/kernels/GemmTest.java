package org.pnn4j.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class GemmTest {
    private static final int[] SIZES = {1, 3, 17, 63, 65, 129};

    /** Row-major C = alpha·op(A)·op(B) + beta·C0 in double. */
    private static double[] reference(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff,
                                      float[] b, int bOff, float beta, float[] c0, int cOff) {
        double[] r = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = tA ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    double y = tB ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    s += x * y;
                }
                r[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * (double) c0[cOff + i * n + j]);
            }
        return r;
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }

    interface GemmCall {
        void run(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, float[] b, int bOff,
                 float beta, float[] c, int cOff);
    }

    /** Checks one gemm against the double reference; C outside [cOff, cOff + m·n) must stay untouched. */
    private static void check(GemmCall g, Random rnd, boolean tA, boolean tB, int m, int n, int k, float alpha, float beta,
                              int off) {
        float[] a = random(rnd, off + m * k + 2), b = random(rnd, off + k * n + 2), c = random(rnd, off + m * n + 2);
        if (beta == 0) for (int i = off; i < off + m * n; i++) c[i] = Float.NaN; // beta 0 must not read C
        float[] c0 = c.clone();
        double[] want = reference(tA, tB, m, n, k, alpha, a, off, b, off, beta, c0, off);
        g.run(tA, tB, m, n, k, alpha, a, off, b, off, beta, c, off);
        for (int i = 0; i < c.length; i++) {
            int idx = i - off;
            if (idx < 0 || idx >= m * n) {
                assertEquals(Float.floatToRawIntBits(c0[i]), Float.floatToRawIntBits(c[i]), "wrote outside C at " + i);
                continue;
            }
            // float accumulation of k products of N(0,1) values: error grows like sqrt(k)·eps·|terms|
            double tol = 1e-5 * Math.sqrt(k) * (Math.abs(alpha) * Math.sqrt(k) + Math.abs(beta) + 1);
            double err = Math.abs(c[i] - want[idx]);
            float got = c[i];
            assertTrue(err <= tol, () -> String.format("tA=%b tB=%b m=%d n=%d k=%d alpha=%s beta=%s off=%d: C[%d] = %s, want %s",
                    tA, tB, m, n, k, alpha, beta, off, idx, got, want[idx]));
        }
    }

    private static void sweep(GemmCall g) {
        Random rnd = new Random(42);
        boolean[][] combos = {{false, false}, {false, true}, {true, false}, {true, true}};
        for (boolean[] t : combos)
            for (int m : SIZES)
                for (int n : SIZES)
                    for (int k : SIZES)
                        check(g, rnd, t[0], t[1], m, n, k, 1f, 0f, 0);
        for (boolean[] t : combos) {
            check(g, rnd, t[0], t[1], 65, 33, 17, 0.5f, 0f, 7);
            check(g, rnd, t[0], t[1], 17, 65, 63, -1.5f, 1f, 3);
            check(g, rnd, t[0], t[1], 64, 128, 128, 1f, 0.25f, 5);
            check(g, rnd, t[0], t[1], 13, 40, 300, 2f, -1f, 1); // k spans two KC blocks
            check(g, rnd, t[0], t[1], 150, 20, 10, 1f, 1f, 2); // m spans two MC blocks
        }
    }

    @Test
    void dispatchedGemmMatchesDoubleReferenceForAllTransposesOddSizesOffsetsAlphaBeta() {
        sweep(Gemm::gemm);
    }

    @Test
    void netlibFallbackMatchesDoubleReference() {
        sweep(Gemm::netlibGemm);
    }

    @Test
    void vectorKernelAgreesWithNetlibFallback() {
        Random rnd = new Random(7);
        for (boolean tA : new boolean[] {false, true})
            for (boolean tB : new boolean[] {false, true}) {
                int m = 64, n = 129, k = 257;
                float[] a = random(rnd, m * k), b = random(rnd, k * n), c1 = random(rnd, m * n), c2 = c1.clone();
                VectorGemm.gemm(tA, tB, m, n, k, 0.7f, a, 0, b, 0, 0.3f, c1, 0);
                Gemm.netlibGemm(tA, tB, m, n, k, 0.7f, a, 0, b, 0, 0.3f, c2, 0);
                for (int i = 0; i < c1.length; i++)
                    assertEquals(c2[i], c1[i], 2e-4 * Math.sqrt(k), "tA=" + tA + " tB=" + tB + " at " + i);
            }
    }

    @Test
    void vectorKernelIsInUseWhenTheModuleIsPresent() {
        // surefire passes --add-modules jdk.incubator.vector; without it the fallback would hide a broken guard
        assertTrue(Gemm.blasName().startsWith("VectorGemm"), Gemm.blasName());
    }

    @Test
    void matmulGradientsUseTransposedProductsCorrectly() {
        Rng rng = new Rng(3);
        Tensor a = Tensor.randn(rng, 1, 5, 7).requiresGrad(true), b = Tensor.randn(rng, 1, 7, 3).requiresGrad(true);
        a.matmul(b).sum().backward();
        // d(sum(A·B))/dA[i][p] = Σ_j B[p][j]; d/dB[p][j] = Σ_i A[i][p]
        for (int i = 0; i < 5; i++)
            for (int p = 0; p < 7; p++) {
                double s = 0;
                for (int j = 0; j < 3; j++) s += b.get(p, j);
                assertEquals(s, a.grad().get(i, p), 1e-5);
            }
        for (int p = 0; p < 7; p++)
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int i = 0; i < 5; i++) s += a.get(i, p);
                assertEquals(s, b.grad().get(p, j), 1e-5);
            }
    }
}
