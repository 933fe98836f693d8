package org.pnn4j.tensor;

import java.util.Arrays;

/** Shape arithmetic: sizes, strides, broadcasting, and the strided copies behind permute and broadcast. */
final class Shapes {
    private Shapes() {}

    static int size(int[] s) {
        return size(s, 0, s.length);
    }

    static int size(int[] s, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) n *= s[i];
        if (n > Integer.MAX_VALUE) throw new ShapeMismatchException("shape " + Arrays.toString(s) + " has more than 2^31-1 elements");
        return (int) n;
    }

    static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new IllegalArgumentException("axis " + axis + " does not exist in a tensor of rank " + rank);
        return a;
    }

    static int[] strides(int[] s) {
        int[] st = new int[s.length];
        int acc = 1;
        for (int i = s.length - 1; i >= 0; i--) { st[i] = acc; acc *= s[i]; }
        return st;
    }

    static int offset(int[] shape, int[] index) {
        if (index.length != shape.length)
            throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " has " + index.length + " coordinates, the tensor has rank " + shape.length);
        int off = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i])
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
            off = off * shape[i] + index[i];
        }
        return off;
    }

    static int[] keepDim(int[] s, int ax) {
        int[] r = s.clone();
        r[ax] = 1;
        return r;
    }

    static int[] drop(int[] s, int ax) {
        int[] r = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != ax) r[j++] = s[i];
        return r;
    }

    static int[] insert(int[] s, int ax, int value) {
        int[] r = new int[s.length + 1];
        for (int i = 0, j = 0; i < r.length; i++) r[i] = i == ax ? value : s[j++];
        return r;
    }

    static int[] inferReshape(int[] from, int[] to) {
        int[] s = to.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new ShapeMismatchException("reshape to " + Arrays.toString(to) + ": only one dimension may be -1");
                infer = i;
            } else if (s[i] < 0) {
                throw new ShapeMismatchException("reshape to " + Arrays.toString(to) + ": negative dimension");
            } else {
                known *= s[i];
            }
        }
        int n = size(from);
        if (infer >= 0) {
            if (known == 0 || n % known != 0)
                throw new ShapeMismatchException("cannot reshape " + Arrays.toString(from) + " (" + n + " elements) to " + Arrays.toString(to));
            s[infer] = (int) (n / known);
        } else if (known != n) {
            throw new ShapeMismatchException("cannot reshape " + Arrays.toString(from) + " (" + n + " elements) to "
                    + Arrays.toString(to) + " (" + known + " elements)");
        }
        return s;
    }

    /** NumPy broadcast of two shapes. */
    static int[] broadcast(int[] a, int[] b, String op) {
        int r = Math.max(a.length, b.length);
        int[] s = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1)
                throw new ShapeMismatchException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast (axis " + i + ": " + da + " vs " + db + ")");
            s[i] = da == 1 ? db : da;
        }
        return s;
    }

    /** Strides into a tensor of shape {@code small} for walking {@code big} (0 on broadcast axes). */
    static int[] broadcastStrides(int[] small, int[] big) {
        int[] st = strides(small);
        int[] r = new int[big.length];
        int lead = big.length - small.length;
        for (int i = 0; i < big.length; i++) {
            if (i < lead) continue;
            int j = i - lead;
            r[i] = small[j] == 1 && big[i] != 1 ? 0 : st[j];
        }
        return r;
    }

    /** dst[i] = src[offset(i)] where offset walks outShape with the given source strides. */
    static void gather(float[] src, float[] dst, int[] outShape, int[] srcStride) {
        int r = outShape.length;
        if (dst.length == 0) return;
        if (r == 0) { dst[0] = src[0]; return; }
        int last = outShape[r - 1], ls = srcStride[r - 1];
        int[] idx = new int[r];
        int off = 0;
        for (int base = 0; base < dst.length; base += last) {
            for (int j = 0, o = off; j < last; j++, o += ls) dst[base + j] = src[o];
            for (int ax = r - 2; ax >= 0; ax--) {
                idx[ax]++;
                off += srcStride[ax];
                if (idx[ax] < outShape[ax]) break;
                off -= srcStride[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
    }

    /** dst[offset(i)] += src[i] where offset walks srcShape with the given destination strides. */
    static void scatterAdd(float[] src, int[] srcShape, float[] dst, int[] dstStride) {
        int r = srcShape.length;
        if (src.length == 0) return;
        if (r == 0) { dst[0] += src[0]; return; }
        int last = srcShape[r - 1], ls = dstStride[r - 1];
        int[] idx = new int[r];
        int off = 0;
        for (int base = 0; base < src.length; base += last) {
            for (int j = 0, o = off; j < last; j++, o += ls) dst[o] += src[base + j];
            for (int ax = r - 2; ax >= 0; ax--) {
                idx[ax]++;
                off += dstStride[ax];
                if (idx[ax] < srcShape[ax]) break;
                off -= dstStride[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
    }
}
