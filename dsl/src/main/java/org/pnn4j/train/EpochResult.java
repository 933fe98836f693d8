package org.pnn4j.train;

import org.pnn4j.physics.PhysicalUsage;

/**
 * One epoch of a training run.
 *
 * @param epoch           1-based epoch
 * @param trainLoss       mean training loss over the epoch's batches (weighted by batch size)
 * @param trainAccuracy   training accuracy over the epoch, measured on the fly (NaN for regression, or when the
 *                        method gives no outputs, e.g. SPSA and local learning)
 * @param testLoss        loss on the validation set after the epoch (NaN without one, and for an incomplete epoch)
 * @param testAccuracy    accuracy on the validation set after the epoch (NaN without one or for regression)
 * @param learningRate    the learning rate used in this epoch
 * @param seconds         wall-clock seconds of the epoch, evaluation included
 * @param samples         training samples seen so far, over all epochs
 * @param stage           1-based stage of a staged run ({@link Trainer#stage}); 1 for a single-method run
 * @param method          the epoch's method, as its factory call
 * @param physical        physical forward calls, samples and seconds so far, over all physical layers and epochs
 *                        (validation included)
 * @param complete        false for the epoch a {@link TrainingInterruptedException} stopped: its sums cover its finished
 *                        batches only
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                          double learningRate, double seconds, long samples, int stage, String method,
                          PhysicalUsage physical, boolean complete) {
    /** Physical forward calls so far ({@link #physical()}'s calls). */
    public long physicalCalls() {
        return physical.calls();
    }

    /** Samples sent through physical devices so far ({@link #physical()}'s samples). */
    public long physicalSamples() {
        return physical.samples();
    }

    /** Seconds spent in physical forward calls so far ({@link #physical()}'s seconds). */
    public double physicalSeconds() {
        return physical.seconds();
    }
}
