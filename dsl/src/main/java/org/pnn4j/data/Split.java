package org.pnn4j.data;

/**
 * A dataset divided into a training part and a test part that share no sample.
 *
 * @param train the samples to train on
 * @param test  the held-out samples
 */
public record Split(Dataset train, Dataset test) {}
