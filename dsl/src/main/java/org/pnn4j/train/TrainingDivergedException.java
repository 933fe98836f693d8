package org.pnn4j.train;

/**
 * Thrown when the loss or a gradient stops being finite. Training stops at that step; the model's parameters
 * have been restored to the last step whose loss was finite, and {@link #history()} holds the finished epochs.
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient History history;
    private final int epoch;
    private final long step;

    TrainingDivergedException(String message, History history, int epoch, long step) {
        super(message);
        this.history = history;
        this.epoch = epoch;
        this.step = step;
    }

    /** The epochs that finished before the divergence. */
    public History history() {
        return history;
    }

    /** 1-based epoch in which the loss diverged. */
    public int epoch() {
        return epoch;
    }

    /** 1-based global step at which the loss diverged. */
    public long step() {
        return step;
    }
}
