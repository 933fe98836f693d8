package org.pnn4j.train;

/**
 * One epoch of a training run.
 *
 * @param epoch         1-based epoch
 * @param trainLoss     mean training loss over the epoch's batches (weighted by batch size)
 * @param trainAccuracy training accuracy over the epoch, measured on the fly (NaN for regression)
 * @param testLoss      loss on the validation set after the epoch (NaN without one)
 * @param testAccuracy  accuracy on the validation set after the epoch (NaN without one or for regression)
 * @param learningRate  the learning rate used in this epoch
 * @param seconds       wall-clock seconds of the epoch, evaluation included
 * @param samples       training samples seen so far, over all epochs
 */
public record EpochResult(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                          double learningRate, double seconds, long samples) {}
