package org.pnn4j.nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.pnn4j.data.Dataset;
import org.pnn4j.tensor.Tensor;

/**
 * pnn4j {@link Dataset}s from ND4J arrays: features [n, ...] with labels as n class indices or as ND4J's one-hot
 * [n, classes] rows, or with regression targets [n, ...]. The features and targets are copied once
 * ({@link Nd4jTensors#toTensor}); the datasets never refer to the ND4J arrays afterwards.
 */
public final class Nd4jDatasets {
    private Nd4jDatasets() {}

    /**
     * A classification dataset whose classes are named {@code "0", "1", ...}.
     *
     * @see #classification(String, INDArray, INDArray, List)
     */
    public static Dataset classification(String name, INDArray features, INDArray labels) {
        return classification(name, features, labels, null);
    }

    /**
     * A classification dataset.
     *
     * @param name       a short name shown in tables and errors
     * @param features   [n, ...], any numeric data type, finite values
     * @param labels     either [n] (or [n, 1]) whole-numbered class indices in [0, classes), or one-hot [n, classes]
     *                   rows (ND4J's {@code DataSet} convention: one 1 per row, zeros elsewhere)
     * @param classNames one name per class, or null for {@code "0", "1", ...} (as many as the one-hot width, else the
     *                   largest index + 1)
     * @throws NullPointerException     if features or labels is null
     * @throws IllegalArgumentException if the features have no sample axis, the row counts differ, a label is not a
     *                                  whole number in range, a one-hot row is not one 1 among zeros (the message names
     *                                  the row and its values), or as {@link Nd4jTensors#toTensor} and
     *                                  {@link Dataset#classification(String, Tensor, int[], List)}
     */
    public static Dataset classification(String name, INDArray features, INDArray labels, List<String> classNames) {
        Tensor x = features(name, features);
        if (labels == null) throw new NullPointerException(name + ": the labels INDArray is null");
        Tensor l = Nd4jTensors.toTensor(labels);
        int n = x.dim(0);
        int[] shape = l.shape();
        if (shape.length == 0 || shape[0] != n)
            throw new IllegalArgumentException(name + ": the features have " + n + " rows but the labels have shape "
                    + Arrays.toString(shape) + "; give one label (or one one-hot row) per feature row");
        if (shape.length > 2)
            throw new IllegalArgumentException(name + ": labels of shape " + Arrays.toString(shape) + " are neither [n] class"
                    + " indices nor one-hot [n, classes] rows");
        float[] v = l.array();
        int[] y = new int[n];
        int classes;
        if (shape.length == 2 && shape[1] > 1) {
            classes = shape[1];
            for (int r = 0; r < n; r++) {
                int hot = -1;
                boolean ok = true;
                for (int c = 0; c < classes; c++) {
                    float e = v[r * classes + c];
                    if (e == 1 && hot < 0) hot = c;
                    else if (e != 0) ok = false;
                }
                if (!ok || hot < 0)
                    throw new IllegalArgumentException(name + ": one-hot label row " + r + " is "
                            + Arrays.toString(Arrays.copyOfRange(v, r * classes, (r + 1) * classes))
                            + "; each row needs exactly one 1 and zeros elsewhere (or give class indices [n])");
                y[r] = hot;
            }
        } else {
            int top = -1;
            for (int r = 0; r < n; r++) {
                float e = v[r];
                if (!(e >= 0) || e != Math.rint(e) || e > Integer.MAX_VALUE)
                    throw new IllegalArgumentException(name + ": label " + r + " is " + e + "; class indices are whole"
                            + " numbers from 0 (or give one-hot rows [n, classes])");
                y[r] = (int) e;
                top = Math.max(top, y[r]);
            }
            classes = top + 1;
        }
        List<String> names = classNames;
        if (names == null) {
            names = new ArrayList<>();
            for (int c = 0; c < classes; c++) names.add(Integer.toString(c));
        }
        return Dataset.classification(name, x, y, names);
    }

    /**
     * A classification dataset from an ND4J {@code DataSet} (features and one-hot labels), classes named
     * {@code "0", "1", ...}.
     *
     * @throws NullPointerException     if the data set, its features or its labels are null
     * @throws IllegalArgumentException as {@link #classification(String, INDArray, INDArray, List)}
     */
    public static Dataset classification(String name, DataSet data) {
        if (data == null) throw new NullPointerException(name + ": the ND4J DataSet is null");
        return classification(name, data.getFeatures(), data.getLabels(), null);
    }

    /**
     * A regression dataset.
     *
     * @param features [n, ...], any numeric data type, finite values
     * @param targets  [n, ...], any numeric data type, finite values
     * @throws NullPointerException     if features or targets is null
     * @throws IllegalArgumentException if the row counts differ (the message names both shapes), or as
     *                                  {@link Nd4jTensors#toTensor} and {@link Dataset#regression(String, Tensor, Tensor)}
     */
    public static Dataset regression(String name, INDArray features, INDArray targets) {
        Tensor x = features(name, features);
        if (targets == null) throw new NullPointerException(name + ": the targets INDArray is null");
        Tensor t = Nd4jTensors.toTensor(targets);
        if (t.rank() == 0 || t.dim(0) != x.dim(0))
            throw new IllegalArgumentException(name + ": the features have shape " + Arrays.toString(x.shape())
                    + " but the targets " + Arrays.toString(t.shape()) + "; give one target row per feature row");
        return Dataset.regression(name, x, t);
    }

    private static Tensor features(String name, INDArray features) {
        if (features == null) throw new NullPointerException(name + ": the features INDArray is null");
        Tensor x = Nd4jTensors.toTensor(features);
        if (x.rank() == 0)
            throw new IllegalArgumentException(name + ": the features are a scalar; give [n, ...] with one row per sample");
        return x;
    }
}
