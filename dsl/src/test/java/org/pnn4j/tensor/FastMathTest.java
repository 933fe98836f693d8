package org.pnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FastMathTest {
    private static float tanh(float x) {
        float[] y = new float[1];
        FastMath.tanh(new float[] {x}, y, 1);
        return y[0];
    }

    @Test
    void tanhIsWithinSevenUlpsOfMathTanhOverADenseSweep() {
        // every 256th float bit pattern (8.7 million points; a one-off sweep of every float in [-20, 20] gave the same bound) in [0, 40] and its negative: subnormals, tiny, linear zone, saturation
        int end = Float.floatToRawIntBits(40f), chunk = 1 << 16;
        float[] x = new float[chunk], y = new float[chunk];
        double worstUlp = 0, worstAbs = 0;
        float worstX = 0;
        for (int sign = 0; sign <= 1; sign++) {
            int n = 0;
            for (int bits = 0; bits <= end; bits += 256) {
                x[n++] = Float.intBitsToFloat(bits | (sign << 31));
                if (n == chunk || bits + 256 > end) {
                    FastMath.tanh(x, y, n);
                    for (int i = 0; i < n; i++) {
                        double want = Math.tanh(x[i]);
                        double err = Math.abs(y[i] - want);
                        double ulp = err / Math.ulp((float) want);
                        if (ulp > worstUlp) { worstUlp = ulp; worstX = x[i]; }
                        worstAbs = Math.max(worstAbs, err);
                        assertTrue(Math.abs(y[i]) <= 1f, "|tanh(" + x[i] + ")| = " + y[i] + " > 1");
                    }
                    n = 0;
                }
            }
        }
        // measured: 6.66 ulps (abs 4.0e-7) near |x| = 5.86 where tanh is close to 1
        assertTrue(worstUlp <= 7, "worst " + worstUlp + " ulps at x = " + worstX);
        assertTrue(worstAbs <= 4.5e-7, "worst absolute error " + worstAbs);
    }

    @Test
    void tanhSpecialValues() {
        assertEquals(1f, tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, tanh(Float.NEGATIVE_INFINITY));
        assertEquals(1f, tanh(1e30f));
        assertEquals(-1f, tanh(-Float.MAX_VALUE));
        assertEquals(1f, tanh(9f));
        assertTrue(Float.isNaN(tanh(Float.NaN)));
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(tanh(0f)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(tanh(-0f)));
        assertEquals(Float.MIN_VALUE, tanh(Float.MIN_VALUE));
        assertEquals(-Float.MIN_NORMAL, tanh(-Float.MIN_NORMAL), 2 * Math.ulp(Float.MIN_NORMAL));
    }

    @Test
    void tensorTanhUsesTheFastPathAndKeepsItsGradient() {
        Tensor x = Tensor.vector(-3f, -0.5f, 0f, 0.25f, 2f).requiresGrad(true);
        Tensor y = x.tanh();
        y.sum().backward();
        for (int i = 0; i < 5; i++) {
            double t = Math.tanh(x.get(i));
            assertEquals(t, y.get(i), 4.5e-7);
            assertEquals(1 - t * t, x.grad().get(i), 1e-6);
        }
    }
}
