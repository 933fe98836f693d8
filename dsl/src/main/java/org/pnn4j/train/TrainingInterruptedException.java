package org.pnn4j.train;

/**
 * Thrown by {@link Trainer#fit} when a run is stopped before its end: by a listener throwing a
 * {@link TrainingListener.StopRequest} (the kernel's progress display does when its cell is interrupted), or by the
 * thread's interrupt flag (checked after every batch; cleared, as {@link InterruptedException} clears it). Training
 * stops at a batch boundary: the model's parameters are those after the last completed step, and {@link #history()}
 * holds every finished epoch and, when the stop came within an epoch, that epoch's finished batches as a last row
 * marked {@link EpochResult#complete() incomplete} (no validation). With {@link Trainer#checkpoint}, the checkpoint is
 * written at the stop, so {@link Trainer#resumeFrom} continues from the same step.
 */
public class TrainingInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient History history;
    private final int epoch, batch;
    private final long step;

    TrainingInterruptedException(String message, History history, int epoch, int batch, long step, Throwable cause) {
        super(message, cause);
        this.history = history;
        this.epoch = epoch;
        this.batch = batch;
        this.step = step;
    }

    /** The finished epochs, then the interrupted one (incomplete) when the stop came within an epoch. */
    public History history() {
        return history;
    }

    /** 1-based epoch during (or at the end of) which the run stopped. */
    public int epoch() {
        return epoch;
    }

    /** Batches of that epoch completed before the stop (1-based number of the last one; 0 if none). */
    public int batch() {
        return batch;
    }

    /** Global steps completed before the stop: the parameters are those after this step. */
    public long step() {
        return step;
    }
}
