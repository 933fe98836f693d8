package org.pnn4j.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastTrigTest {
    private static final double TOL = 3e-7;

    /** Largest |fast − Math| over a dense sweep of scale·x in [−lim, lim], for sin, cos and both together. */
    private static double[] maxErrors(float lim, float scale) {
        int n = 2_000_001;
        float[] x = new float[n], s = new float[n], c = new float[n], s1 = new float[n], c1 = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (-lim + 2.0 * lim * i / (n - 1)) / scale;
        FastTrig.sinCos(x, 0, n, scale, s, c);
        FastTrig.sinCos(x, 0, n, scale, s1, null);
        FastTrig.sinCos(x, 0, n, scale, null, c1);
        double es = 0, ec = 0;
        for (int i = 0; i < n; i++) {
            double v = scale * x[i];
            es = Math.max(es, Math.abs(s[i] - Math.sin(v)));
            ec = Math.max(ec, Math.abs(c[i] - Math.cos(v)));
            assertEquals(s[i], s1[i], "sin alone equals sin of the pair at " + v);
            assertEquals(c[i], c1[i], "cos alone equals cos of the pair at " + v);
        }
        return new double[] {es, ec};
    }

    @Test
    void sinAndCosAreWithin3e7OfMathNearTheOrigin() {
        double[] e = maxErrors(8f, 1f);
        assertTrue(e[0] < TOL && e[1] < TOL, "sin error " + e[0] + ", cos error " + e[1]);
    }

    @Test
    void sinAndCosStayAccurateUpToTheFastPathLimitWithAScale() {
        double[] e = maxErrors(FastTrig.LIMIT, 1.1f);
        assertTrue(e[0] < 2e-6 && e[1] < 2e-6, "sin error " + e[0] + ", cos error " + e[1]);
    }

    @Test
    void largeOrNonFiniteInputsFallBackToMath() {
        float[] x = {1e6f, Float.NaN, 0.5f, Float.POSITIVE_INFINITY}, s = new float[4], c = new float[4];
        FastTrig.sinCos(x, 0, 4, 1f, s, c);
        assertEquals((float) Math.sin(1e6), s[0]);
        assertTrue(Float.isNaN(s[1]) && Float.isNaN(c[1]) && Float.isNaN(s[3]), "NaN and infinity give NaN");
        assertEquals((float) Math.cos(0.5), c[2]);
    }

    @Test
    void readsFromTheOffset() {
        float[] x = {9f, 9f, 0.25f}, s = new float[1];
        FastTrig.sinCos(x, 2, 1, 2f, s, null);
        assertEquals(Math.sin(0.5), s[0], 1e-7);
    }

    @Test
    void vectorPathGivesTheScalarLoopsFloatsBitForBitWhateverTheOffset() {
        assertTrue(!FastTrig.VECTOR || VectorTrig.lanes() >= 4, "vector path only with at least 4 lanes");
        java.util.Random r = new java.util.Random(5);
        int n = 1003;
        float[] x = new float[n + 7];
        for (int i = 0; i < x.length; i++) x[i] = (float) ((r.nextDouble() - 0.5) * 40);
        for (int off : new int[] {0, 1, 7}) {
            float[] s = new float[n + 3], c = new float[n + 3], s0 = new float[n + 3], c0 = new float[n + 3];
            FastTrig.sinCos(x, off, n, 1.1f, s, c, 3);
            FastTrig.scalar(x, off, 0, n, 1.1f, s0, c0, 3);
            for (int i = 0; i < n + 3; i++) {
                assertEquals(Float.floatToRawIntBits(s0[i]), Float.floatToRawIntBits(s[i]), "sin at " + i + ", offset " + off);
                assertEquals(Float.floatToRawIntBits(c0[i]), Float.floatToRawIntBits(c[i]), "cos at " + i + ", offset " + off);
            }
        }
    }

    @Test
    void aNaNAnywhereInTheVectorPartSendsTheWholeCallToMath() {
        float[] x = new float[40], s = new float[40];
        x[17] = Float.NaN;
        x[3] = 0.5f;
        FastTrig.sinCos(x, 0, 40, 1f, s, null);
        assertTrue(Float.isNaN(s[17]));
        assertEquals((float) Math.sin(0.5), s[3]);
    }
}
