package org.pnn4j.data;

import org.pnn4j.tensor.Tensor;

/**
 * One mini-batch drawn from a {@link Dataset} by {@link Dataset#batches(int, org.pnn4j.tensor.Rng)}.
 *
 * @param x       the features of the batch's samples, shaped [b, ...] like the dataset's features
 * @param labels  the class labels (one per sample, in [0, numClasses)); null for a regression dataset
 * @param targets the regression targets [b, ...]; null for a classification dataset
 * @param indices the row of each sample in the dataset the batch was drawn from
 */
public record Batch(Tensor x, int[] labels, Tensor targets, int[] indices) {
    /** Number of samples in this batch (the last batch of an epoch may be smaller than the batch size). */
    public int size() {
        return indices.length;
    }
}
