package org.pnn4j.kernel;

import org.pnn4j.train.History;
import org.pnn4j.train.TrainingInterruptedException;

/**
 * Hands the history of a training run that a cell's interruption ended to the cell's session: when a cell ends with a
 * {@link TrainingInterruptedException} (the cell was interrupted during {@code Trainer.fit}, or a listener stopped the
 * run), the kernel binds the JShell variable {@value #VARIABLE} to its {@link TrainingInterruptedException#history()}
 * and the cell's error names it. The notebook runner ({@code ./pnn4j run}) does the same.
 */
public final class InterruptedTraining {
    /** The JShell variable that holds the interrupted run's history. */
    public static final String VARIABLE = "interruptedHistory";

    private static volatile TrainingInterruptedException last;
    private static volatile History bound;

    private InterruptedTraining() {}

    /** Keeps {@code thrown} (or the {@link TrainingInterruptedException} among its causes) for {@link #take}; called on the cell's thread. */
    static void record(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof TrainingInterruptedException e) {
                last = e;
                return;
            }
        }
    }

    /** The interruption the last cell ended with, or null; forgets it. */
    static TrainingInterruptedException take() {
        TrainingInterruptedException e = last;
        last = null;
        return e;
    }

    /** Makes {@code history} what {@link #history()} returns, for the binding snippet. */
    static void bind(History history) {
        bound = history;
    }

    /**
     * The history being bound to {@value #VARIABLE}; only the kernel's binding snippet calls it.
     *
     * @return the history of the last interrupted run
     */
    public static History history() {
        return bound;
    }

    /** The cell's error message: where the run stopped, what the history holds, and the variable's name. */
    static String message(TrainingInterruptedException e) {
        History h = e.history();
        int finished = h.completeEpochs().size();
        boolean partial = h.size() > finished;
        return "training interrupted at epoch " + e.epoch() + ", batch " + e.batch() + "; the " + finished + " finished epoch"
                + (finished == 1 ? "" : "s") + (partial ? " and the partial one are" : (finished == 1 ? " is" : " are")) + " in `" + VARIABLE
                + "` (a History; the parameters are those after step " + e.step() + ")";
    }
}
