package org.pnn4j.train;

import java.util.Locale;

/**
 * The words of a training run's progress, one line each, shared by every display: the notebook kernel's live output,
 * {@link TrainingListener#printing} on the command line, {@code ./pnn4j run}. One place, so they all say the same.
 *
 * <pre>
 * epoch 3/20  batch 12/45  loss 0.4123  acc 87.50%  device calls 1,234  elapsed 2.1 s  ETA 12 s
 * epoch  3/20  train loss 0.4123  acc 87.50%  |  test loss 0.5012  acc 85.00%  |  device calls 2,760  |  1.2 s  ETA 12 s
 * </pre>
 *
 * Losses with four decimals, accuracies in percent with two; accuracy is left out where it is NaN (regression, or a
 * method that gives no outputs), device calls where there were none so far, the ETA until {@link Eta} can tell.
 */
public final class ProgressLine {
    private ProgressLine() {}

    /**
     * The line after one batch: epoch and batch, the epoch's running loss and accuracy, device calls so far, elapsed
     * time and ETA.
     *
     * @param epochs the run's epochs ({@link TrainingListener.Plan#epochs()}); 0 or less when unknown
     */
    public static String batch(int epochs, TrainingListener.BatchProgress b) {
        StringBuilder s = new StringBuilder();
        s.append("epoch ").append(b.epoch());
        if (epochs > 0) s.append('/').append(epochs);
        s.append("  batch ").append(b.batch()).append('/').append(b.batches());
        s.append(String.format(Locale.ROOT, "  loss %.4f", b.runningLoss()));
        if (!Double.isNaN(b.runningAccuracy())) s.append(String.format(Locale.ROOT, "  acc %.2f%%", 100 * b.runningAccuracy()));
        if (b.physicalCalls() > 0) s.append("  device calls ").append(count(b.physicalCalls()));
        s.append("  elapsed ").append(duration(b.elapsedSeconds()));
        if (!Double.isNaN(b.etaSeconds())) s.append("  ETA ").append(duration(b.etaSeconds()));
        return s.toString();
    }

    /**
     * The line after one epoch: its training loss and accuracy, the validation's (when there is one), device calls
     * so far (validation included), the epoch's seconds and the run's ETA.
     *
     * @param epochs     the run's epochs; 0 or less when unknown
     * @param etaSeconds seconds left in the run (the last batch's {@link TrainingListener.BatchProgress#etaSeconds()});
     *                   NaN for none
     */
    public static String epoch(int epochs, EpochResult e, double etaSeconds) {
        StringBuilder s = new StringBuilder();
        int width = epochs > 0 ? Integer.toString(epochs).length() : 1;
        s.append(String.format(Locale.ROOT, "epoch %" + width + "d", e.epoch()));
        if (epochs > 0) s.append('/').append(epochs);
        s.append(String.format(Locale.ROOT, "  train loss %.4f", e.trainLoss()));
        if (!Double.isNaN(e.trainAccuracy())) s.append(String.format(Locale.ROOT, "  acc %6.2f%%", 100 * e.trainAccuracy()));
        if (!Double.isNaN(e.testLoss())) {
            s.append(String.format(Locale.ROOT, "  |  test loss %.4f", e.testLoss()));
            if (!Double.isNaN(e.testAccuracy())) s.append(String.format(Locale.ROOT, "  acc %6.2f%%", 100 * e.testAccuracy()));
        }
        if (e.physicalCalls() > 0) s.append("  |  device calls ").append(count(e.physicalCalls()));
        s.append("  |  ").append(duration(e.seconds()));
        if (!Double.isNaN(etaSeconds) && e.epoch() != epochs) s.append("  ETA ").append(duration(etaSeconds));
        return s.toString();
    }

    /**
     * A duration in words a person reads at a glance: {@code 0.4 s} and {@code 9.6 s} below 10 s, {@code 42 s} below a
     * minute, {@code 3 min 05 s} below an hour, {@code 1 h 02 min} above; {@code ?} for NaN, infinite or negative.
     */
    public static String duration(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) return "?";
        if (seconds < 9.95) return String.format(Locale.ROOT, "%.1f s", seconds);
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        long m = Math.round(seconds / 60);
        return String.format(Locale.ROOT, "%d h %02d min", m / 60, m % 60);
    }

    /** A count with thousands separators: {@code 1,234,567}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
