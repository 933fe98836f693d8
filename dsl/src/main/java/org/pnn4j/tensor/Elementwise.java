package org.pnn4j.tensor;

import java.util.Arrays;

/** Broadcasting element-wise binary kernels, with fast paths for equal shapes, scalars and row vectors. */
final class Elementwise {
    private Elementwise() {}

    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAX = 4, GE = 5;
    private static final String[] NAMES = {"add", "sub", "mul", "div", "maximum", "ge"};

    static Tensor binary(Tensor a, Tensor b, int op) {
        float[] x = a.data, y = b.data;
        if (Arrays.equals(a.shape, b.shape)) {
            float[] r = new float[x.length];
            same(op, x, y, r);
            return new Tensor(r, a.shape);
        }
        int[] s = Shapes.broadcast(a.shape, b.shape, NAMES[op]);
        float[] r = new float[Shapes.size(s)];
        if (Arrays.equals(s, a.shape) && y.length == 1) {
            scalarRight(op, x, y[0], r);
            return new Tensor(r, s);
        }
        if (Arrays.equals(s, a.shape) && isTrailing(b.shape, s)) {
            int m = y.length;
            for (int base = 0; base < r.length; base += m) rowRight(op, x, y, r, base, m);
            return new Tensor(r, s);
        }
        // general case: materialize both operands at the broadcast shape
        float[] xa = expand(a, s), yb = expand(b, s);
        same(op, xa, yb, r);
        return new Tensor(r, s);
    }

    private static boolean isTrailing(int[] small, int[] big) {
        int lead = big.length - small.length;
        if (lead < 0) return false;
        for (int i = 0; i < small.length; i++) if (small[i] != big[lead + i]) return false;
        return true;
    }

    private static float[] expand(Tensor t, int[] s) {
        if (Arrays.equals(t.shape, s)) return t.data;
        float[] d = new float[Shapes.size(s)];
        Shapes.gather(t.data, d, s, Shapes.broadcastStrides(t.shape, s));
        return d;
    }

    private static void same(int op, float[] x, float[] y, float[] r) {
        switch (op) {
            case ADD: for (int i = 0; i < r.length; i++) r[i] = x[i] + y[i]; break;
            case SUB: for (int i = 0; i < r.length; i++) r[i] = x[i] - y[i]; break;
            case MUL: for (int i = 0; i < r.length; i++) r[i] = x[i] * y[i]; break;
            case DIV: for (int i = 0; i < r.length; i++) r[i] = x[i] / y[i]; break;
            case MAX: for (int i = 0; i < r.length; i++) r[i] = Math.max(x[i], y[i]); break;
            default: for (int i = 0; i < r.length; i++) r[i] = x[i] >= y[i] ? 1f : 0f;
        }
    }

    private static void scalarRight(int op, float[] x, float c, float[] r) {
        switch (op) {
            case ADD: for (int i = 0; i < r.length; i++) r[i] = x[i] + c; break;
            case SUB: for (int i = 0; i < r.length; i++) r[i] = x[i] - c; break;
            case MUL: for (int i = 0; i < r.length; i++) r[i] = x[i] * c; break;
            case DIV: for (int i = 0; i < r.length; i++) r[i] = x[i] / c; break;
            case MAX: for (int i = 0; i < r.length; i++) r[i] = Math.max(x[i], c); break;
            default: for (int i = 0; i < r.length; i++) r[i] = x[i] >= c ? 1f : 0f;
        }
    }

    private static void rowRight(int op, float[] x, float[] y, float[] r, int base, int m) {
        switch (op) {
            case ADD: for (int j = 0; j < m; j++) r[base + j] = x[base + j] + y[j]; break;
            case SUB: for (int j = 0; j < m; j++) r[base + j] = x[base + j] - y[j]; break;
            case MUL: for (int j = 0; j < m; j++) r[base + j] = x[base + j] * y[j]; break;
            case DIV: for (int j = 0; j < m; j++) r[base + j] = x[base + j] / y[j]; break;
            case MAX: for (int j = 0; j < m; j++) r[base + j] = Math.max(x[base + j], y[j]); break;
            default: for (int j = 0; j < m; j++) r[base + j] = x[base + j] >= y[j] ? 1f : 0f;
        }
    }
}
