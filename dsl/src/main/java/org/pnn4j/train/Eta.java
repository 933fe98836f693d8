package org.pnn4j.train;

/**
 * The time left in a training run, from the times at which its batches end: the estimate {@link Trainer} puts in
 * {@link TrainingListener.BatchProgress#etaSeconds()}, which every progress display shows.
 *
 * <p>Why not elapsed / done × left: the first batches include the JIT compiling the kernels, class loading and
 * first-touch allocation (a 6 s run once announced {@code ETA 833.9 s} after its first batch). So the first
 * {@value #WARMUP_BATCHES} batches are not timed at all; after them the seconds per batch are smoothed: a plain mean
 * over the first {@code 1/}{@value #SMOOTHING} intervals, then an exponential moving average with weight
 * {@value #SMOOTHING} on the newest, which follows a change of speed (a stage from in-silico to physics-aware
 * training) within a few dozen batches. The interval after an epoch's last batch includes the epoch's validation, so
 * the average includes it too. No estimate ({@code NaN}) until {@value #MIN_INTERVALS} intervals are timed.
 *
 * <p>Times come from the caller (a nanosecond clock such as {@link System#nanoTime()}), so tests drive it with a fake
 * clock.
 */
final class Eta {
    /** Batches at the start of a run whose time is not used. */
    static final int WARMUP_BATCHES = 2;

    /** Timed intervals needed before an estimate is given. */
    static final int MIN_INTERVALS = 3;

    /** Weight of the newest interval in the moving average, once past the first {@code 1/SMOOTHING} intervals. */
    static final double SMOOTHING = 0.1;

    private final long totalBatches;
    private long lastNanos, lastDone;
    private boolean started;
    private int intervals;
    private double secondsPerBatch = Double.NaN;

    /**
     * @param totalBatches batches this run will train (after a resume, those still to do)
     * @throws IllegalArgumentException if negative
     */
    Eta(long totalBatches) {
        if (totalBatches < 0) throw new IllegalArgumentException("a run cannot have " + totalBatches + " batches to train");
        this.totalBatches = totalBatches;
    }

    /**
     * Records that batch number {@code done} (1-based, counted from this run's start) ended at {@code nanos}.
     *
     * @throws IllegalArgumentException if {@code done} does not grow or the clock goes back
     */
    void batchEnded(long nanos, long done) {
        if (started && (done <= lastDone || nanos < lastNanos))
            throw new IllegalArgumentException("batch " + done + " at " + nanos + " ns after batch " + lastDone + " at " + lastNanos
                    + " ns: batches and times must grow");
        if (done > WARMUP_BATCHES && started && lastDone >= WARMUP_BATCHES) {
            double perBatch = (nanos - lastNanos) / 1e9 / (done - lastDone);
            intervals++;
            double weight = Math.max(SMOOTHING, 1.0 / intervals);
            secondsPerBatch = intervals == 1 ? perBatch : secondsPerBatch + weight * (perBatch - secondsPerBatch);
        }
        started = true;
        lastNanos = nanos;
        lastDone = done;
    }

    /** Estimated seconds until the last batch ends; {@code NaN} while too few batches are timed to say. */
    double seconds() {
        if (intervals < MIN_INTERVALS) return Double.NaN;
        return secondsPerBatch * Math.max(0, totalBatches - lastDone);
    }
}
