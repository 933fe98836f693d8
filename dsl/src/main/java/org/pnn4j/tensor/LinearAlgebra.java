package org.pnn4j.tensor;

import dev.ludovic.netlib.blas.BLAS;
import java.util.Arrays;

/** Matrix products on BLAS sgemm (netlib: native OpenBLAS when installed, else the JDK Vector API). */
final class LinearAlgebra {
    private LinearAlgebra() {}

    private static final BLAS BLAS_IMPL = BLAS.getInstance();

    /** Name of the BLAS implementation in use (for benchmarks and diagnostics). */
    static String blasName() {
        return BLAS_IMPL.getClass().getSimpleName();
    }

    /**
     * Row-major C[m×n] = alpha·op(A)·op(B) + beta·C, where op(A) is m×k and op(B) is k×n; A is stored
     * [m×k] (or [k×m] when transposed), likewise B.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            for (int i = 0; i < m * n; i++) c[cOff + i] = beta == 0 ? 0 : beta * c[cOff + i];
            return;
        }
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
