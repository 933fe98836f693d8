package org.pnn4j.plot;

import org.pnn4j.tensor.Tensor;

/** Checks and columns of predicted/measured pairs [samples, outputs]. */
final class TwinData {
    private TwinData() {}

    static void check(Tensor predicted, Tensor measured) {
        if (predicted.shape().length != 2 || !java.util.Arrays.equals(predicted.shape(), measured.shape()))
            throw new IllegalArgumentException("predicted and measured must both be [samples, outputs] of the same shape, got "
                    + java.util.Arrays.toString(predicted.shape()) + " and " + java.util.Arrays.toString(measured.shape()));
        if (predicted.dim(0) < 2) throw new IllegalArgumentException("a twin diagnostic needs at least 2 samples, got " + predicted.dim(0));
    }

    static double[] column(Tensor t, int j) {
        int n = t.dim(0), m = t.dim(1);
        float[] a = t.array();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = a[i * m + j];
        return v;
    }

    static int[] outputs(Tensor t, int[] chosen, int most) {
        int m = t.dim(1);
        if (chosen != null) {
            for (int j : chosen)
                if (j < 0 || j >= m) throw new IllegalArgumentException("the data have outputs 0.." + (m - 1) + "; output " + j + " does not exist");
            return chosen;
        }
        int[] o = new int[Math.min(m, most)];
        for (int i = 0; i < o.length; i++) o[i] = i;
        return o;
    }
}
