package org.pnn4j.kernel;

import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.pnn4j.train.EpochResult;
import org.pnn4j.train.History;
import org.pnn4j.train.ProgressLine;
import org.pnn4j.train.TrainingListener;
import org.pnn4j.train.TrainingListenerProvider;

/**
 * The live progress display of a training run started in a cell: one output (epoch, batch, loss, accuracy, device
 * calls, ETA: {@link ProgressLine}'s words, as the command line prints them)
 * updated in place with {@code update_display_data}, at most every 200 ms and at each epoch's end.
 *
 * <p>Attached to every {@code Trainer.fit} through {@link TrainingListenerProvider} (a {@code ServiceLoader}
 * service of this module): dsl knows nothing of Jupyter, and users attach nothing. Outside a cell (no display sink
 * installed, as in {@code pnn4j demo}) it provides no listener; in a cell without a sink, only the stop check below. It also ends a run whose cell was interrupted, at the
 * next batch, since library loops are not stopped by JShell on JDK 20+: with a {@link TrainingListener.StopRequest},
 * so the run ends with a {@code TrainingInterruptedException} whose history the kernel binds to
 * {@code interruptedHistory} ({@link InterruptedTraining}); while a run is inside {@code fit} the kernel leaves the
 * cell's thread alone on the first interrupt, so the parameters are those of a whole step.
 */
public final class TrainingProgress implements TrainingListenerProvider {
    /** Minimum time between two updates, in nanoseconds. */
    private static final long UPDATE_EVERY_NS = 200_000_000L;

    /** For ServiceLoader. */
    public TrainingProgress() {}

    @Override
    public TrainingListener listenerForRun() {
        Display.Sink sink = Display.sink();
        if (sink != null) return new Listener(sink);
        return Evaluator.cellRunning() ? new StopCheck() : null;
    }

    /** Ends a run at the next batch once its cell is interrupted; a cell with no display sink gets only this. */
    private static final class StopCheck implements TrainingListener {
        @Override
        public void onStart(Plan p) {
            KernelExecutionControl.trainingRun(true);
        }

        @Override
        public void onEnd(History history) {
            KernelExecutionControl.trainingRun(false);
        }

        @Override
        public void onBatchEnd(BatchProgress b) {
            if (Evaluator.currentCellStopRequested()) throw new StopRequest("the cell was interrupted");
        }
    }

    private static final class Listener implements TrainingListener {
        private final Display.Sink sink;
        private final String id = "pnn4j-training-" + UUID.randomUUID();
        private long lastUpdate;
        private String lastEpochLine = "";
        private double eta = Double.NaN;
        private Plan plan;

        Listener(Display.Sink sink) {
            this.sink = sink;
        }

        @Override
        public void onStart(Plan p) {
            KernelExecutionControl.trainingRun(true);
            plan = p;
            DisplayData d = data("training: " + p.epochs() + " epochs of " + p.batchesPerEpoch() + " batches (" + p.trainSamples() + " samples)");
            d.setDisplayId(id);
            sink.display(d);
            lastUpdate = System.nanoTime();
        }

        @Override
        public void onBatchEnd(BatchProgress b) {
            if (Evaluator.currentCellStopRequested()) throw new StopRequest("the cell was interrupted");
            eta = b.etaSeconds();
            long now = System.nanoTime();
            if (now - lastUpdate < UPDATE_EVERY_NS && b.batch() != b.batches()) return;
            lastUpdate = now;
            sink.update(id, data(line(b)));
        }

        @Override
        public void onEpochEnd(EpochResult e) {
            lastEpochLine = "last " + ProgressLine.epoch(plan == null ? 0 : plan.epochs(), e, eta);
        }

        @Override
        public void onEnd(History history) {
            KernelExecutionControl.trainingRun(false);
            sink.update(id, data("done: " + (plan == null ? "" : plan.epochs() + " epochs; ") + lastEpochLine));
        }

        private String line(BatchProgress b) {
            return ProgressLine.batch(plan == null ? 0 : plan.epochs(), b) + (lastEpochLine.isEmpty() ? "" : "\n" + lastEpochLine);
        }

        private DisplayData data(String text) {
            DisplayData d = new DisplayData(text);
            d.putHTML("<pre>" + Renderers.escape(text) + "</pre>");
            return d;
        }
    }
}
