package org.pnn4j.train;

import java.util.List;
import java.util.Locale;
import org.pnn4j.data.Batch;
import org.pnn4j.data.Dataset;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Loss;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A model's loss, accuracy and confusion matrix on a dataset, computed without recording gradients in
 * batches of at most 1024 samples (bounded memory).
 */
public final class Evaluation {
    private static final int BATCH = 1024;
    private final String dataset;
    private final double loss;
    private final double accuracy;
    private final int[][] confusion;
    private final List<String> classNames;
    private final int samples;

    private Evaluation(String dataset, double loss, double accuracy, int[][] confusion, List<String> classNames, int samples) {
        this.dataset = dataset;
        this.loss = loss;
        this.accuracy = accuracy;
        this.confusion = confusion;
        this.classNames = classNames;
        this.samples = samples;
    }

    /** Evaluates with cross-entropy (classification) or mean squared error (regression). */
    public static Evaluation of(Layer model, Dataset data) {
        return of(model, data, data.isClassification() ? Loss.crossEntropy() : Loss.mse());
    }

    /**
     * Evaluates with the given loss.
     *
     * @throws IllegalArgumentException if the dataset is empty or its classes outnumber the model's outputs
     */
    public static Evaluation of(Layer model, Dataset data, Loss lossFn) {
        int n = data.size();
        if (n == 0) throw new IllegalArgumentException("cannot evaluate on dataset '" + data.name() + "': it is empty");
        boolean cls = data.isClassification();
        int k = cls ? data.numClasses() : 0;
        int[][] confusion = cls ? new int[k][k] : new int[0][0];
        double lossSum = 0;
        int correct = 0;
        try (Grad.Scope off = Grad.off()) {
            for (Batch b : data.batches(BATCH, null)) {
                Tensor out = model.forward(b.x());
                lossSum += (cls ? lossFn.apply(out, b.labels()) : lossFn.apply(out, b.targets())).item() * b.size();
                if (cls) {
                    if (out.rank() != 2 || out.dim(1) < k)
                        throw new IllegalArgumentException("dataset '" + data.name() + "' has " + k + " classes but the model outputs shape "
                                + java.util.Arrays.toString(out.shape()) + "; the last layer needs " + k + " outputs");
                    int[] pred = out.argmaxRows();
                    for (int i = 0; i < pred.length; i++) {
                        int y = b.labels()[i];
                        if (pred[i] == y) correct++;
                        if (pred[i] < k) confusion[y][pred[i]]++;
                    }
                }
            }
        }
        return new Evaluation(data.name(), lossSum / n, cls ? (double) correct / n : Double.NaN, confusion,
                cls ? data.classNames() : List.of(), n);
    }

    /**
     * Evaluates on the physical system: every physical layer of {@code model} (nested ones included) runs forward
     * on its device ({@link org.pnn4j.physics.PhysicalLayer.Mode#PHYSICAL}), in a view of the model
     * ({@link org.pnn4j.physics.PhysicalLayer#withModes}): the layers' own modes never change. Compared with {@link #ideal}, this shows the reality gap of a model trained in silico.
     *
     * @throws IllegalArgumentException as {@link #of(Layer, Dataset)}
     */
    public static Evaluation physical(Layer model, Dataset data) {
        return inMode(model, data, org.pnn4j.physics.PhysicalLayer.Mode.PHYSICAL);
    }

    /**
     * Evaluates on the ideal models: every physical layer runs its differentiable model
     * ({@link org.pnn4j.physics.PhysicalLayer.Mode#IDEAL}), in a view of the model: the layers' own modes never change.
     *
     * @throws IllegalArgumentException as {@link #of(Layer, Dataset)}
     */
    public static Evaluation ideal(Layer model, Dataset data) {
        return inMode(model, data, org.pnn4j.physics.PhysicalLayer.Mode.IDEAL);
    }

    private static Evaluation inMode(Layer model, Dataset data, org.pnn4j.physics.PhysicalLayer.Mode mode) {
        return of(org.pnn4j.physics.PhysicalLayer.withModes(model, l -> mode), data);
    }

    /** Mean loss per sample. */
    public double loss() {
        return loss;
    }

    /** Fraction of samples classified correctly, in [0, 1] (NaN for regression). */
    public double accuracy() {
        return accuracy;
    }

    /** Number of samples evaluated. */
    public int samples() {
        return samples;
    }

    /** Class names, in label order. */
    public List<String> classNames() {
        return classNames;
    }

    /** Confusion counts: row = true class, column = predicted class (a copy). */
    public int[][] confusion() {
        int[][] c = new int[confusion.length][];
        for (int i = 0; i < c.length; i++) c[i] = confusion[i].clone();
        return c;
    }

    /** The confusion matrix as a table: a "true" column of class names, then one count column per predicted class. */
    public Table confusionTable() {
        Table t = Table.create("confusion (" + dataset + ")", StringColumn.create("true", classNames));
        for (int j = 0; j < classNames.size(); j++) {
            IntColumn col = IntColumn.create("pred " + classNames.get(j));
            for (int[] row : confusion) col.append(row[j]);
            t.addColumns(col);
        }
        return t;
    }

    @Override
    public String toString() {
        String s = String.format(Locale.ROOT, "%s: %d samples, loss %.4f", dataset, samples, loss);
        return Double.isNaN(accuracy) ? s : s + String.format(Locale.ROOT, ", accuracy %.2f%%", 100 * accuracy);
    }
}
