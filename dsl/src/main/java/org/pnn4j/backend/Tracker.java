package org.pnn4j.backend;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.pnn4j.physics.Params;
import org.pnn4j.tensor.Tensor;

/**
 * Counts what a backend spent: calls, samples (batch × repeats), wall time inside the backend, failed calls, and
 * an optional cost (e.g. euros or laser shots) from a {@link CostModel}. Thread-safe. Attach it with
 * {@link #wrap(Backend)}.
 */
public final class Tracker {
    /** The cost of one call. */
    @FunctionalInterface
    public interface CostModel {
        /** The cost (in the model's own unit) of one call of {@code batch} samples × {@code repeats} on {@code substrate}. */
        double cost(String substrate, int batch, int repeats);
    }

    private final CostModel costModel;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final DoubleAdder cost = new DoubleAdder();

    /** A tracker without cost (cost stays 0). */
    public Tracker() {
        this((s, b, r) -> 0);
    }

    /** A tracker that adds {@code costModel}'s cost for every successful call. */
    public Tracker(CostModel costModel) {
        this.costModel = java.util.Objects.requireNonNull(costModel, "costModel");
    }

    /** {@code backend} with every call counted here (failed calls count as failures, and their time too). */
    public Backend wrap(Backend backend) {
        return new ForwardingBackend(backend) {
            @Override
            public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
                long t0 = System.nanoTime();
                try {
                    Tensor y = super.forward(substrate, inputs, params, repeats);
                    record(substrate, inputs.dim(0), repeats, System.nanoTime() - t0);
                    return y;
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    nanos.addAndGet(System.nanoTime() - t0);
                    throw e;
                }
            }
        };
    }

    /** Adds one successful call of {@code batch} samples × {@code repeats} that took {@code elapsedNanos}. */
    public void record(String substrate, int batch, int repeats, long elapsedNanos) {
        calls.incrementAndGet();
        samples.addAndGet((long) batch * repeats);
        nanos.addAndGet(elapsedNanos);
        cost.add(costModel.cost(substrate, batch, repeats));
    }

    /** Successful calls. */
    public long calls() {
        return calls.get();
    }

    /** Failed calls (rejected or thrown by the backend). */
    public long failures() {
        return failures.get();
    }

    /** Samples measured: the sum of batch × repeats over successful calls. */
    public long samples() {
        return samples.get();
    }

    /** Wall time spent inside the backend, in seconds, failed calls included. */
    public double seconds() {
        return nanos.get() / 1e9;
    }

    /** Accumulated cost, in the cost model's unit. */
    public double cost() {
        return cost.sum();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d calls (%d failed), %d samples, %.3f s, cost %.4g", calls(), failures(), samples(), seconds(), cost());
    }
}
