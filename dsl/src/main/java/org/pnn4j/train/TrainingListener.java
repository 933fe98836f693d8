package org.pnn4j.train;

import java.io.PrintStream;

/**
 * Hears a training run's progress. The notebook kernel's live display and the command line's progress
 * output both implement it; all methods have empty defaults.
 */
public interface TrainingListener {
    /** Called once before the first batch. */
    default void onStart(Plan plan) {}

    /** Called after every training batch. */
    default void onBatchEnd(BatchProgress progress) {}

    /** Called after every epoch, with the epoch's row of the history. */
    default void onEpochEnd(EpochResult epoch) {}

    /** Called once when the run ends normally. */
    default void onEnd(History history) {}

    /**
     * What a run will do.
     *
     * @param epochs         epochs to run
     * @param batchesPerEpoch training batches per epoch
     * @param batchSize      samples per batch (the last batch may be smaller)
     * @param trainSamples   samples in the training set
     * @param description    the model, loss, optimizer and method, in words
     */
    record Plan(int epochs, int batchesPerEpoch, int batchSize, int trainSamples, String description) {}

    /**
     * Progress after one batch.
     *
     * @param epoch          1-based epoch
     * @param batch          1-based batch within the epoch
     * @param batches        batches per epoch
     * @param step           1-based global step
     * @param loss           this batch's loss
     * @param runningLoss    mean loss over the epoch so far
     * @param runningAccuracy accuracy over the epoch so far (NaN for regression)
     * @param elapsedSeconds seconds since the run started
     * @param etaSeconds     estimated seconds until the run's last batch ends ({@link Eta}: smoothed, the first batches'
     *                       JIT warm-up left out); NaN while too few batches are timed to tell
     * @param physicalCalls  physical forward calls so far in the run, over all physical layers (the scarce resource
     *                       on real hardware)
     */
    record BatchProgress(int epoch, int batch, int batches, long step, double loss, double runningLoss,
                         double runningAccuracy, double elapsedSeconds, double etaSeconds, long physicalCalls) {}

    /**
     * Thrown by a listener's {@link #onBatchEnd} or {@link #onEpochEnd} to end the run there: {@link Trainer#fit} then
     * ends with a {@link TrainingInterruptedException} (this request its cause) holding the history so far, the
     * parameters being those of the last completed step.
     */
    final class StopRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** A request to stop, with why (e.g. "the cell was interrupted"), which the interruption's message repeats. */
        public StopRequest(String reason) {
            super(reason);
        }
    }

    /**
     * A listener that prints one line per epoch to {@code out} ({@link ProgressLine#epoch}: losses, accuracies, device
     * calls, seconds, ETA), and within an epoch longer than 10 s a batch line ({@link ProgressLine#batch}) every 10 s.
     */
    static TrainingListener printing(PrintStream out) {
        return printing(out, 1);
    }

    /**
     * As {@link #printing(PrintStream)}, but the epoch line only for the first epoch, every {@code everyEpochs}-th and
     * the last.
     *
     * @throws IllegalArgumentException if {@code everyEpochs < 1}
     */
    static TrainingListener printing(PrintStream out, int everyEpochs) {
        return new PrintingListener(out, everyEpochs, System::nanoTime);
    }
}
