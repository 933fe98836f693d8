package org.pnn4j.tensor.kernels;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;

/**
 * Matrix products: small and medium sgemm on our own Vector API kernel ({@link VectorGemm}), large ones on
 * netlib (native OpenBLAS when installed, else netlib's pure-Java BLAS).
 *
 * <p>System properties, read once: {@code pnn4j.blas=java} makes netlib skip the native library (to measure
 * or debug without OpenBLAS); {@code pnn4j.gemm=netlib} sends every product to netlib.
 */
final class Gemm {
    private Gemm() {}

    private static final BLAS BLAS_IMPL =
            "java".equals(System.getProperty("pnn4j.blas")) ? JavaBLAS.getInstance() : BLAS.getInstance();
    private static final boolean NATIVE = BLAS_IMPL instanceof NativeBLAS;

    /**
     * Whether {@link VectorGemm} runs: only when jdk.incubator.vector is in the boot layer (the JVM got
     * {@code --add-modules jdk.incubator.vector}); otherwise VectorGemm is never loaded, since loading it
     * would fail with NoClassDefFoundError.
     */
    private static final boolean VECTOR = vectorUsable();

    /**
     * Above this many multiply-adds (m·n·k) the product goes to native OpenBLAS when present. On the
     * 2-core machine we measured (bench/README.md) our single-threaded kernel beat OpenBLAS (2 threads) at
     * every size from 64×128×128 to 2048³, with AVX-512 and with AVX2 alone, so only products beyond 2048³
     * (not measured; where OpenBLAS's threads can pay on bigger machines) go native.
     */
    static final long NATIVE_ABOVE = 1L << 33;

    /**
     * Above this many multiply-adds a product's row blocks are spread over {@link Kernels#threads()} cores
     * (the fork and join cost about 20-50 µs; a 5·10⁷ product takes about 0.5 ms on one core). Products inside a
     * chunk of {@link Kernels#forEachChunk} run on their thread.
     */
    static final long PARALLEL_ABOVE = 50_000_000L;

    private static boolean vectorUsable() {
        if ("netlib".equals(System.getProperty("pnn4j.gemm"))) return false;
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return false;
        try {
            return VectorGemm.lanes() >= 4;
        } catch (LinkageError e) {
            return false;
        }
    }

    /** Whether products run on {@link VectorGemm} (below the native threshold). */
    static boolean vectorGemm() {
        return VECTOR;
    }

    /** Whether an m×n×k product goes to netlib rather than VectorGemm. */
    static boolean nativeFor(int m, int n, int k) {
        return !VECTOR || (NATIVE && (long) m * n * k > NATIVE_ABOVE);
    }

    /** Name of the implementation in use (for benchmarks and diagnostics). */
    static String blasName() {
        String netlib = BLAS_IMPL.getClass().getSimpleName();
        return VECTOR ? "VectorGemm(" + VectorGemm.lanes() + " lanes)" + (NATIVE ? " + " + netlib + " above "
                + NATIVE_ABOVE + " FMAs" : "") : netlib;
    }

    /**
     * The gemm path actually in use, for benchmark reports: VectorGemm's species width and MR×NR tile (or that it is
     * off and why), netlib's implementation class, and when products go to which.
     */
    static String describe() {
        String netlib = BLAS_IMPL.getClass().getName();
        if (!VECTOR)
            return "netlib " + netlib + " for every product (VectorGemm off: "
                    + ("netlib".equals(System.getProperty("pnn4j.gemm")) ? "-Dpnn4j.gemm=netlib" : "no jdk.incubator.vector or under 4 lanes") + ")";
        return "VectorGemm " + 32 * VectorGemm.lanes() + "-bit species (" + VectorGemm.lanes() + " float lanes), tile "
                + VectorGemm.MR + "x" + VectorGemm.NR + ", KC " + VectorGemm.KC + ", MC " + VectorGemm.MC + "; netlib "
                + netlib + (NATIVE ? " above " + NATIVE_ABOVE + " FMAs" : " (unused: not native)");
    }

    /**
     * Row-major C[m×n] = alpha·op(A)·op(B) + beta·C, where op(A) is m×k and op(B) is k×n; A is stored
     * [m×k] (or [k×m] when transposed), likewise B. When beta is 0, C is only written.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            for (int i = 0; i < m * n; i++) c[cOff + i] = beta == 0 ? 0 : beta * c[cOff + i];
            return;
        }
        if (VECTOR && (!NATIVE || (long) m * n * k <= NATIVE_ABOVE)) {
            long work = (long) m * n * k;
            if (work < PARALLEL_ABOVE || m < 2 * VectorGemm.MR || Kernels.threads() == 1 || Kernels.insideChunk()) {
                VectorGemm.gemm(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
                return;
            }
            int lda = transA ? m : k;
            if (m < 2 * VectorGemm.MC) {
                // too few rows for a row block per thread (dL/dQ of oscillators(100): 100 rows, k = 10240): a share
                // of rows (a multiple of the tile height) per thread, each packing B block by block in its own cache
                // (a shared packing of such a long B is megabytes written and read back: measured slower)
                int perThread = (m + Kernels.threads() - 1) / Kernels.threads();
                int share = (perThread + VectorGemm.MR - 1) / VectorGemm.MR * VectorGemm.MR;
                Kernels.forEachChunk((m + share - 1) / share, part -> {
                    int r0 = part * share, rows = Math.min(share, m - r0);
                    VectorGemm.gemm(transA, transB, rows, n, k, alpha, a, aOff + (transA ? r0 : r0 * lda), lda, b, bOff,
                            transB ? k : n, beta, c, cOff + r0 * n, n);
                });
                return;
            }
            // row blocks of MC rows: each element of C is computed exactly as in one call, whatever the threads
            // B is packed once and shared (packing it per row block cost as much as a tenth of the product)
            int blocks = (m + VectorGemm.MC - 1) / VectorGemm.MC;
            VectorGemm.PackedB packed = new VectorGemm.PackedB(transB, k, n, b, bOff, transB ? k : n);
            Kernels.forEachChunk(blocks, blk -> {
                int r0 = blk * VectorGemm.MC, rows = Math.min(VectorGemm.MC, m - r0);
                VectorGemm.gemm(transA, rows, alpha, a, aOff + (transA ? r0 : r0 * lda), lda, packed, beta, c,
                        cOff + r0 * n);
            });
            return;
        }
        netlibGemm(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
    }

    /** {@link #gemm} on netlib alone (m, n, k &gt; 0): the fallback, and the reference the tests compare to. */
    static void netlibGemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        // Row-major C = A·B is column-major Cᵀ = Bᵀ·Aᵀ: swap the operands.
        BLAS_IMPL.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
                b, bOff, transB ? k : n, a, aOff, transA ? m : k, beta, c, cOff, n);
    }
}
