package org.pnn4j.nn;

import java.util.Arrays;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * A training objective: a scalar from a batch of network outputs and either integer class labels or
 * target tensors. All losses average over the batch.
 */
public interface Loss {
    /**
     * The loss against class labels, one per row of {@code output} [batch, classes].
     *
     * @throws IllegalArgumentException if a label is outside [0, classes): the message names the row and value
     * @throws UnsupportedOperationException if this loss takes no labels
     */
    Tensor apply(Tensor output, int[] labels);

    /**
     * The loss against targets shaped like {@code output}.
     *
     * @throws ShapeMismatchException if the shapes differ
     * @throws UnsupportedOperationException if this loss takes no targets
     */
    Tensor apply(Tensor output, Tensor targets);

    /** The loss's name as a factory call, e.g. {@code crossEntropy()}. */
    String describe();

    /**
     * Cross-entropy of softmax(logits): with labels, mean of -log p[label]; with targets (class
     * probabilities), mean of -Σ t·log p.
     */
    static Loss crossEntropy() {
        return new Loss() {
            @Override
            public Tensor apply(Tensor logits, int[] labels) {
                checkLabels(logits, labels);
                return logits.logSoftmax(-1).pick(labels).mean().neg();
            }

            @Override
            public Tensor apply(Tensor logits, Tensor targets) {
                checkShapes(logits, targets, describe());
                return logits.logSoftmax(-1).mul(targets).sum().div(logits.dim(0)).neg();
            }

            @Override
            public String describe() {
                return "crossEntropy()";
            }
        };
    }

    /** Negative log-likelihood of log-probabilities (output of {@code logSoftmax()}): mean of -out[label]. */
    static Loss nll() {
        return new Loss() {
            @Override
            public Tensor apply(Tensor logProbs, int[] labels) {
                checkLabels(logProbs, labels);
                return logProbs.pick(labels).mean().neg();
            }

            @Override
            public Tensor apply(Tensor output, Tensor targets) {
                throw new UnsupportedOperationException("nll() takes class labels, not target tensors; use crossEntropy() for soft targets");
            }

            @Override
            public String describe() {
                return "nll()";
            }
        };
    }

    /** Mean squared error over all elements; with labels, against their one-hot encoding. */
    static Loss mse() {
        return new Loss() {
            @Override
            public Tensor apply(Tensor output, int[] labels) {
                checkLabels(output, labels);
                return apply(output, oneHot(labels, output.dim(-1)));
            }

            @Override
            public Tensor apply(Tensor output, Tensor targets) {
                checkShapes(output, targets, describe());
                return output.sub(targets).square().mean();
            }

            @Override
            public String describe() {
                return "mse()";
            }
        };
    }

    /**
     * One-hot rows [labels.length, classes].
     *
     * @throws IllegalArgumentException if a label is outside [0, classes)
     */
    static Tensor oneHot(int[] labels, int classes) {
        float[] d = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException("label " + labels[i] + " at row " + i + " is outside [0, " + classes + ")");
            d[i * classes + labels[i]] = 1;
        }
        return Tensor.wrap(d, labels.length, classes);
    }

    /**
     * Checks labels against a [batch, classes] output.
     *
     * @throws IllegalArgumentException naming the first bad row and its value
     */
    static void checkLabels(Tensor output, int[] labels) {
        if (output.rank() != 2)
            throw new ShapeMismatchException("a loss on class labels needs outputs [batch, classes], got shape " + Arrays.toString(output.shape()));
        if (output.dim(0) != labels.length)
            throw new ShapeMismatchException("outputs have " + output.dim(0) + " rows but " + labels.length + " labels were given");
        int k = output.dim(1);
        for (int i = 0; i < labels.length; i++)
            if (labels[i] < 0 || labels[i] >= k)
                throw new IllegalArgumentException("label " + labels[i] + " at batch row " + i + " is outside [0, " + k
                        + "): the network has " + k + " outputs; check that the last layer has one output per class");
    }

    private static void checkShapes(Tensor output, Tensor targets, String loss) {
        if (!Arrays.equals(output.shape(), targets.shape()))
            throw new ShapeMismatchException(loss + ": outputs have shape " + Arrays.toString(output.shape())
                    + ", targets have shape " + Arrays.toString(targets.shape()));
    }
}
