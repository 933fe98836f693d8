package org.pnn4j.physics.oscillators;

/**
 * Float sin and cos for the RK4 kernels, whose time went mostly to {@code Math.sin}/{@code Math.cos} (double
 * precision, one call per element and stage). Loops without calls or branches, so C2 can vectorize them.
 *
 * <p>Method (Cephes' sinf/cosf): k = round(x·2/π) by the 1.5·2²³ trick, r = x − k·π/2 in three float parts
 * (Cody-Waite), minimax polynomials for sin r and cos r on [−π/4, π/4], then the quadrant k mod 4 picks and signs
 * them. Absolute error below 3e-7 for |x| ≤ {@link #LIMIT} (measured in {@code FastTrigTest}); arrays holding a
 * larger |x| (or NaN/infinity) go through {@link Math} element by element.
 */
final class FastTrig {
    private FastTrig() {}

    /** Largest |scale·x| for the fast path: the three-part reduction stays accurate far beyond this. */
    static final float LIMIT = 8192f;

    private static final float TWO_OVER_PI = 0.636619772367581343f;
    private static final float MAGIC = 12582912f; // 1.5·2²³: adding then subtracting it rounds to an integer
    private static final float P1 = 1.5703125f, P2 = 4.837512969970703125e-4f, P3 = 7.54978995489188216e-8f;
    private static final float S1 = -1.6666654611e-1f, S2 = 8.3321608736e-3f, S3 = -1.9515295891e-4f;
    private static final float C1 = 4.166664568298827e-2f, C2 = -1.388731625493765e-3f, C3 = 2.443315711809948e-5f;

    /**
     * sin[i] = sin(scale·x[i]) and cos[i] = cos(scale·x[i]) for i in [0, n), reading x from {@code xOff}.
     * Either output may be null (not computed).
     */
    static void sinCos(float[] x, int xOff, int n, float scale, float[] sin, float[] cos) {
        float big = 0;
        for (int i = 0; i < n; i++) big = Math.max(big, Math.abs(scale * x[xOff + i]));
        if (!(big <= LIMIT)) {
            for (int i = 0; i < n; i++) {
                double v = scale * x[xOff + i];
                if (sin != null) sin[i] = (float) Math.sin(v);
                if (cos != null) cos[i] = (float) Math.cos(v);
            }
            return;
        }
        // three copies of the loop, so that none tests a null array per element (which would stop vectorization)
        if (cos == null) {
            for (int i = 0; i < n; i++) {
                float v = scale * x[xOff + i];
                float kf = (v * TWO_OVER_PI + MAGIC) - MAGIC;
                int q = (int) kf;
                float r = ((v - kf * P1) - kf * P2) - kf * P3;
                float z = r * r;
                float s = r + r * z * (S1 + z * (S2 + z * S3));
                float c = 1f - 0.5f * z + z * z * (C1 + z * (C2 + z * C3));
                sin[i] = (1 - 2 * ((q >> 1) & 1)) * (s + (q & 1) * (c - s));
            }
        } else if (sin == null) {
            for (int i = 0; i < n; i++) {
                float v = scale * x[xOff + i];
                float kf = (v * TWO_OVER_PI + MAGIC) - MAGIC;
                int q = (int) kf;
                float r = ((v - kf * P1) - kf * P2) - kf * P3;
                float z = r * r;
                float s = r + r * z * (S1 + z * (S2 + z * S3));
                float c = 1f - 0.5f * z + z * z * (C1 + z * (C2 + z * C3));
                cos[i] = (1 - 2 * (((q + 1) >> 1) & 1)) * (c + (q & 1) * (s - c));
            }
        } else {
            for (int i = 0; i < n; i++) {
                float v = scale * x[xOff + i];
                float kf = (v * TWO_OVER_PI + MAGIC) - MAGIC;
                int q = (int) kf;
                float r = ((v - kf * P1) - kf * P2) - kf * P3;
                float z = r * r;
                float s = r + r * z * (S1 + z * (S2 + z * S3));
                float c = 1f - 0.5f * z + z * z * (C1 + z * (C2 + z * C3));
                float swap = q & 1;
                sin[i] = (1 - 2 * ((q >> 1) & 1)) * (s + swap * (c - s));
                cos[i] = (1 - 2 * (((q + 1) >> 1) & 1)) * (c + swap * (s - c));
            }
        }
    }
}
