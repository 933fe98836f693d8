package org.pnn4j.tensor;

import java.util.Arrays;
import org.pnn4j.tensor.kernels.Kernels;

/** The matrix product of tensors, with its backward, on {@link Kernels#gemm}. */
final class LinearAlgebra {
    private LinearAlgebra() {}

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
            Kernels.gemm(false, false, rows, n, k, 1f, a.data, 0, b.data, 0, 0f, c, 0);
            int[] s = a.shape.clone();
            s[s.length - 1] = n;
            int R = rows;
            return Tensor.record("matmul", new Tensor(c, s), g -> {
                Tensor ga = null, gb = null;
                if (a.requiresGrad()) {
                    float[] d = new float[a.size()];
                    Kernels.gemm(false, true, R, k, n, 1f, g.data, 0, b.data, 0, 0f, d, 0);
                    ga = new Tensor(d, a.shape);
                }
                if (b.requiresGrad()) {
                    float[] d = new float[b.size()];
                    Kernels.gemm(true, false, k, n, R, 1f, a.data, 0, g.data, 0, 0f, d, 0);
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
            Kernels.gemm(false, false, m, n, k, 1f, a.data, aIdx[t] * m * k, b.data, bIdx[t] * k * n, 0f, c, t * m * n);
        int[] s = Arrays.copyOf(bs, bs.length + 2);
        s[bs.length] = m;
        s[bs.length + 1] = n;
        return Tensor.record("matmul", new Tensor(c, s), g -> {
            Tensor ga = null, gb = null;
            if (a.requiresGrad()) {
                float[] d = new float[a.size()];
                for (int t = 0; t < batch; t++)
                    Kernels.gemm(false, true, m, k, n, 1f, g.data, t * m * n, b.data, bIdx[t] * k * n, 1f, d, aIdx[t] * m * k);
                ga = new Tensor(d, a.shape);
            }
            if (b.requiresGrad()) {
                float[] d = new float[b.size()];
                for (int t = 0; t < batch; t++)
                    Kernels.gemm(true, false, k, n, m, 1f, a.data, aIdx[t] * m * k, g.data, t * m * n, 1f, d, bIdx[t] * k * n);
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
