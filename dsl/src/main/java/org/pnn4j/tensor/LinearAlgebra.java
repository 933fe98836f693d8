package org.pnn4j.tensor;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.Arrays;

/**
 * Matrix products: small and medium sgemm on our own Vector API kernel ({@link VectorGemm}), large ones on
 * netlib (native OpenBLAS when installed, else netlib's pure-Java BLAS).
 *
 * <p>System properties, read once: {@code pnn4j.blas=java} makes netlib skip the native library (to measure
 * or debug without OpenBLAS); {@code pnn4j.gemm=netlib} sends every product to netlib.
 */
final class LinearAlgebra {
    private LinearAlgebra() {}

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

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() < 2 || b.rank() < 2)
            throw new ShapeMismatchException("matmul needs rank >= 2 operands, got " + Arrays.toString(a.shape)
                    + " @ " + Arrays.toString(b.shape) + "; reshape a vector to [1, n] or [n, 1]");
        int m = a.shape[a.rank() - 2], k = a.shape[a.rank() - 1];
        int k2 = b.shape[b.rank() - 2], n = b.shape[b.rank() - 1];
        if (k != k2)
            throw new ShapeMismatchException("matmul " + Arrays.toString(a.shape) + " @ " + Arrays.toString(b.shape)
                    + ": inner dimensions differ (" + k + " vs " + k2 + ")");
        if (b.rank() == 2) {
            // [..., m, k] @ [k, n]: one gemm over all leading rows
            int rows = a.size() / Math.max(1, k);
            if (k == 0) rows = Shapes.size(a.shape, 0, a.rank() - 1);
            float[] c = new float[rows * n];
            gemm(false, false, rows, n, k, 1f, a.data, 0, b.data, 0, 0f, c, 0);
            int[] s = a.shape.clone();
            s[s.length - 1] = n;
            int R = rows;
            return Tensor.record("matmul", new Tensor(c, s), g -> {
                Tensor ga = null, gb = null;
                if (a.requiresGrad()) {
                    float[] d = new float[a.size()];
                    gemm(false, true, R, k, n, 1f, g.data, 0, b.data, 0, 0f, d, 0);
                    ga = new Tensor(d, a.shape);
                }
                if (b.requiresGrad()) {
                    float[] d = new float[b.size()];
                    gemm(true, false, k, n, R, 1f, a.data, 0, g.data, 0, 0f, d, 0);
                    gb = new Tensor(d, b.shape);
                }
                return new Tensor[] {ga, gb};
            }, a, b);
        }
        // batched: broadcast the leading axes, one gemm per batch
        int[] ba = Arrays.copyOf(a.shape, a.rank() - 2), bb = Arrays.copyOf(b.shape, b.rank() - 2);
        int[] bs = Shapes.broadcast(ba, bb, "matmul (batch axes)");
        int batch = Shapes.size(bs);
        int[] sa = Shapes.broadcastStrides(ba, bs), sb = Shapes.broadcastStrides(bb, bs);
        int[] aIdx = batchOffsets(bs, sa), bIdx = batchOffsets(bs, sb);
        float[] c = new float[batch * m * n];
        for (int t = 0; t < batch; t++)
            gemm(false, false, m, n, k, 1f, a.data, aIdx[t] * m * k, b.data, bIdx[t] * k * n, 0f, c, t * m * n);
        int[] s = Arrays.copyOf(bs, bs.length + 2);
        s[bs.length] = m;
        s[bs.length + 1] = n;
        return Tensor.record("matmul", new Tensor(c, s), g -> {
            Tensor ga = null, gb = null;
            if (a.requiresGrad()) {
                float[] d = new float[a.size()];
                for (int t = 0; t < batch; t++)
                    gemm(false, true, m, k, n, 1f, g.data, t * m * n, b.data, bIdx[t] * k * n, 1f, d, aIdx[t] * m * k);
                ga = new Tensor(d, a.shape);
            }
            if (b.requiresGrad()) {
                float[] d = new float[b.size()];
                for (int t = 0; t < batch; t++)
                    gemm(true, false, k, n, m, 1f, a.data, aIdx[t] * m * k, g.data, t * m * n, 1f, d, bIdx[t] * k * n);
                gb = new Tensor(d, b.shape);
            }
            return new Tensor[] {ga, gb};
        }, a, b);
    }

    /** For each batch index of the broadcast batch shape, the operand's own batch index. */
    private static int[] batchOffsets(int[] bs, int[] strides) {
        int n = Shapes.size(bs);
        int[] r = new int[n];
        int[] idx = new int[bs.length];
        for (int t = 0; t < n; t++) {
            int off = 0;
            for (int i = 0; i < bs.length; i++) off += idx[i] * strides[i];
            r[t] = off;
            for (int i = bs.length - 1; i >= 0; i--) {
                if (++idx[i] < bs[i]) break;
                idx[i] = 0;
            }
        }
        return r;
    }
}
