package org.pnn4j.tensor;

/**
 * Float approximations of the hot activation functions, as loops without calls in the body so that C2
 * auto-vectorizes them (AVX2: 8 lanes); about 20-50× faster than {@code (float) Math.tanh(x)} per element.
 * Error bounds are measured by {@code FastMathTest} over a dense sweep against the double-precision
 * {@link Math} functions.
 */
final class FastMath {
    private FastMath() {}

    /*
     * tanh: odd rational minimax approximation p(x)/q(x) of degrees 13/6 (the coefficients of Eigen's
     * generic_fast_tanh_float), on x clamped to ±CLAMP, where the rational function has reached 1 in float.
     * The clamp also maps ±inf to ±1; NaN passes through Math.min/max. No tiny-|x| branch is needed:
     * alpha1/beta0 rounds to 1 - 1.3e-7, so v·(p/q) stays within an ulp or two of x as x goes to 0 (±0 stays ±0;
     * multiplying by v last keeps subnormal x exact rather than underflowing A1·v).
     */
    private static final float CLAMP = 7.90531110763549805f;
    private static final float A1 = 4.89352455891786e-03f, A3 = 6.37261928875436e-04f, A5 = 1.48572235717979e-05f,
            A7 = 5.12229709037114e-08f, A9 = -8.60467152213735e-11f, A11 = 2.00018790482477e-13f,
            A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f, B2 = 2.26843463243900e-03f, B4 = 1.18534705686654e-04f,
            B6 = 1.19825839466702e-06f;

    /** y[i] = tanh(x[i]) for i in [0, n). */
    static void tanh(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            float v = Math.min(Math.max(x[i], -CLAMP), CLAMP);
            float v2 = v * v;
            float p = ((((((A13 * v2 + A11) * v2 + A9) * v2 + A7) * v2 + A5) * v2 + A3) * v2 + A1);
            float q = ((B6 * v2 + B4) * v2 + B2) * v2 + B0;
            y[i] = v * (p / q);
        }
    }
}
