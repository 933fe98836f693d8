package org.pnn4j.train;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/** {@link TrainingListener#printing(PrintStream, int)}: epoch lines, and batch lines in long epochs. */
final class PrintingListener implements TrainingListener {
    /** Nanoseconds between two batch lines within an epoch. */
    static final long BATCH_LINE_EVERY_NS = 10_000_000_000L;

    private final PrintStream out;
    private final int everyEpochs;
    private final LongSupplier clock;
    private int epochs;
    private long lastLine;
    private double eta = Double.NaN;

    PrintingListener(PrintStream out, int everyEpochs, LongSupplier clock) {
        if (everyEpochs < 1) throw new IllegalArgumentException("print every " + everyEpochs + " epochs: it must be at least 1");
        this.out = out;
        this.everyEpochs = everyEpochs;
        this.clock = clock;
    }

    @Override
    public void onStart(Plan plan) {
        epochs = plan.epochs();
        lastLine = clock.getAsLong();
    }

    @Override
    public void onBatchEnd(BatchProgress p) {
        eta = p.etaSeconds();
        long now = clock.getAsLong();
        if (now - lastLine < BATCH_LINE_EVERY_NS || p.batch() == p.batches()) return;
        lastLine = now;
        out.println("  " + ProgressLine.batch(epochs, p));
    }

    @Override
    public void onEpochEnd(EpochResult e) {
        lastLine = clock.getAsLong();
        if (e.epoch() == 1 || e.epoch() % everyEpochs == 0 || e.epoch() == epochs) out.println(ProgressLine.epoch(epochs, e, eta));
    }
}
