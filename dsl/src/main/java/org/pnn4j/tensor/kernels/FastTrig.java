package org.pnn4j.tensor.kernels;

/**
 * Float sin and cos for the RK4 kernels, whose time went mostly to {@code Math.sin}/{@code Math.cos} (double
 * precision, one call per element and stage).
 *
 * <p>Method (Cephes' sinf/cosf): k = round(x·2/π) by the 1.5·2²³ trick, r = x − k·π/2 in three float parts
 * (Cody-Waite), minimax polynomials for sin r and cos r on [−π/4, π/4], then the quadrant k mod 4 picks and signs
 * them. Absolute error below 3e-7 for |x| ≤ 8 and below 2e-6 for |x| ≤ {@link #LIMIT} (measured in
 * {@code FastTrigTest}); arrays holding a larger |x| (or NaN/infinity) go through {@link Math} element by element.
 * With {@code jdk.incubator.vector} in the boot layer the loop runs on {@link VectorTrig} (16 lanes with AVX-512),
 * which gives bit for bit the same floats as the scalar loop here.
 */
final class FastTrig {
    private FastTrig() {}

    /** Largest |scale·x| for the fast path: the three-part reduction stays accurate far beyond this. */
    static final float LIMIT = 8192f;

    static final float TWO_OVER_PI = 0.636619772367581343f;
    static final float MAGIC = 12582912f; // 1.5·2²³: adding then subtracting it rounds to an integer
    static final float P1 = 1.5703125f, P2 = 4.837512969970703125e-4f, P3 = 7.54978995489188216e-8f;
    static final float S1 = -1.6666654611e-1f, S2 = 8.3321608736e-3f, S3 = -1.9515295891e-4f;
    static final float C1 = 4.166664568298827e-2f, C2 = -1.388731625493765e-3f, C3 = 2.443315711809948e-5f;

    /** Whether the Vector API path runs (property {@code pnn4j.trig=scalar} turns it off, for comparisons). */
    static final boolean VECTOR = vectorUsable();

    private static boolean vectorUsable() {
        if ("scalar".equals(System.getProperty("pnn4j.trig"))) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return VectorTrig.lanes() >= 4;
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * sin[i] = sin(scale·x[i]) and cos[i] = cos(scale·x[i]) for i in [0, n), reading x from {@code xOff} and
     * writing from index 0. Either output may be null (not computed).
     */
    static void sinCos(float[] x, int xOff, int n, float scale, float[] sin, float[] cos) {
        sinCos(x, xOff, n, scale, sin, cos, 0);
    }

    /** As {@link #sinCos(float[], int, int, float, float[], float[])}, writing from {@code outOff}. */
    static void sinCos(float[] x, int xOff, int n, float scale, float[] sin, float[] cos, int outOff) {
        float big;
        if (VECTOR) {
            big = VectorTrig.maxAbs(x, xOff, n, scale);
        } else {
            big = 0;
            for (int i = 0; i < n; i++) big = Math.max(big, Math.abs(scale * x[xOff + i]));
        }
        if (!(big <= LIMIT)) {
            for (int i = 0; i < n; i++) {
                double v = scale * x[xOff + i];
                if (sin != null) sin[outOff + i] = (float) Math.sin(v);
                if (cos != null) cos[outOff + i] = (float) Math.cos(v);
            }
            return;
        }
        int done = 0;
        if (VECTOR) {
            done = VectorTrig.sinCos(x, xOff, n, scale, sin, cos, outOff);
        }
        scalar(x, xOff, done, n, scale, sin, cos, outOff);
    }

    /** The scalar loop on [from, n). */
    static void scalar(float[] x, int xOff, int from, int n, float scale, float[] sin, float[] cos, int outOff) {
        // exact selects and sign flips, as VectorTrig's blend and sign-bit flip, so both give the same floats
        if (cos == null) {
            for (int i = from; i < n; i++) {
                float v = scale * x[xOff + i];
                float kf = (v * TWO_OVER_PI + MAGIC) - MAGIC;
                int q = (int) kf;
                float r = ((v - kf * P1) - kf * P2) - kf * P3;
                float z = r * r;
                float s = r + r * z * (S1 + z * (S2 + z * S3));
                float c = 1f - 0.5f * z + z * z * (C1 + z * (C2 + z * C3));
                sin[outOff + i] = (1 - 2 * ((q >> 1) & 1)) * ((q & 1) == 0 ? s : c);
            }
        } else if (sin == null) {
            for (int i = from; i < n; i++) {
                float v = scale * x[xOff + i];
                float kf = (v * TWO_OVER_PI + MAGIC) - MAGIC;
                int q = (int) kf;
                float r = ((v - kf * P1) - kf * P2) - kf * P3;
                float z = r * r;
                float s = r + r * z * (S1 + z * (S2 + z * S3));
                float c = 1f - 0.5f * z + z * z * (C1 + z * (C2 + z * C3));
                cos[outOff + i] = (1 - 2 * (((q + 1) >> 1) & 1)) * ((q & 1) == 0 ? c : s);
            }
        } else {
            for (int i = from; i < n; i++) {
                float v = scale * x[xOff + i];
                float kf = (v * TWO_OVER_PI + MAGIC) - MAGIC;
                int q = (int) kf;
                float r = ((v - kf * P1) - kf * P2) - kf * P3;
                float z = r * r;
                float s = r + r * z * (S1 + z * (S2 + z * S3));
                float c = 1f - 0.5f * z + z * z * (C1 + z * (C2 + z * C3));
                boolean swap = (q & 1) != 0;
                sin[outOff + i] = (1 - 2 * ((q >> 1) & 1)) * (swap ? c : s);
                cos[outOff + i] = (1 - 2 * (((q + 1) >> 1) & 1)) * (swap ? s : c);
            }
        }
    }
}
