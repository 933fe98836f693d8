package org.pnn4j.sweep.compare;

import java.util.Locale;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalUsage;
import org.pnn4j.sweep.TrialOutcome;
import org.pnn4j.train.History;
import org.pnn4j.train.Method;
import org.pnn4j.train.Trainer;
import org.pnn4j.train.TrainingInterruptedException;
import org.pnn4j.train.TrainingListener;

/**
 * One trial of the comparison: one method trains one substrate's network from one seed within a budget of device
 * calls, and is evaluated on the device.
 *
 * <p><b>Equal budgets.</b> What one training step costs is measured, not declared: a probe network (built afresh
 * from the same seed, with its own device instances, so the trial's own devices and noise streams are untouched)
 * trains one step and its physical layers' call counters say what the step cost, c. Then
 * <ul>
 *   <li>c &gt; budget: the method does not fit the budget; the trial says {@code n/a: one step costs c device calls,
 *       more than the budget};</li>
 *   <li>c = 0 (in silico: the model only): the method trains as many steps as physics-aware training would, budget / L
 *       for a network of L physical layers, and makes no device call;</li>
 *   <li>otherwise it trains floor(budget / c) steps.</li>
 * </ul>
 * Training runs whole epochs (batch {@value #BATCH}, the trainer's seeded shuffling) and a listener stops it after the
 * last affordable step, and also before any step whose cost (the largest seen so far) would cross the budget; a run
 * that still made more calls than the budget fails the trial. Device calls of the test evaluation are not counted
 * (they are the same for every method). A method that refuses a network with an {@link IllegalArgumentException} (or
 * {@link UnsupportedOperationException}) in that probe step, or whose network cannot be built on the substrate
 * ({@link NotApplicableException}), gives an n/a outcome with the message as its reason.
 */
public final class CompareTrial {
    /** Samples per batch (as {@code ./pnn4j reproduce methods}). */
    public static final int BATCH = 16;
    /** The prefix of {@link TrialOutcome#method()} for a method that does not apply; the reason follows. */
    public static final String NOT_APPLICABLE = "n/a: ";

    private CompareTrial() {}

    /**
     * Trains {@code method} on {@code substrate} with {@code seed} within {@code budget} device calls, on
     * {@code task}.
     *
     * @return the outcome: accuracies, device calls and seconds, history; for an inapplicable pair an outcome whose
     *         method is {@code "n/a: reason"} (see {@link #isNotApplicable})
     * @throws IllegalArgumentException if budget &lt; 1
     * @throws IllegalStateException if training made more device calls than the budget
     */
    public static TrialOutcome run(ComparedMethod method, ComparedSubstrate substrate, long budget, long seed, Task task) {
        if (budget < 1) throw new IllegalArgumentException("the budget of device calls must be at least 1, got " + budget);
        Networks.Built built;
        long perStep;
        try {
            built = method.networks().build(substrate, task, seed);
            perStep = probe(method, substrate, task, seed);
        } catch (NotApplicableException | IllegalArgumentException | UnsupportedOperationException e) {
            return notApplicable(e.getMessage());
        }
        if (perStep > budget)
            return notApplicable(String.format(Locale.ROOT, "one step costs %d device calls, more than the budget of %d", perStep, budget));
        int physicalLayers = PhysicalLayer.in(built.model()).size();
        long steps = perStep == 0 ? budget / Math.max(1, physicalLayers) : budget / perStep;
        int batches = built.train().numBatches(BATCH);
        int epochs = (int) Math.max(1, (steps + batches - 1) / batches);
        long planned = (long) epochs * batches;
        Method m = method.method().get();
        PhysicalUsage before = PhysicalUsage.of(built.model());
        long t0 = System.nanoTime();
        History h;
        try {
            h = Trainer.of(built.model()).method(m).optimizer(Optimizer.adam(method.lr())).epochs(epochs).batchSize(BATCH).seed(seed)
                    .listener(new BudgetStop(budget, steps, perStep, planned)).fit(built.train());
        } catch (TrainingInterruptedException e) {
            if (!(e.getCause() instanceof TrainingListener.StopRequest)) throw e;
            h = e.history();
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        PhysicalUsage used = PhysicalUsage.of(built.model()).minus(before);
        if (used.calls() > budget)
            throw new IllegalStateException(String.format(Locale.ROOT, "%s on %s made %d device calls, more than the budget of %d (probe: %d a step)",
                    method.label(), substrate.label(), used.calls(), budget, perStep));
        TrialOutcome o = TrialOutcome.of(m.describe(), h, built.deviceAccuracy(), built.modelAccuracy(), sec);
        return new TrialOutcome(o.method(), o.epochs(), o.deviceAccuracy(), o.modelAccuracy(), used.calls(), used.seconds(), o.trainSeconds(),
                o.samples(), o.history());
    }

    /** Whether {@code o} is the outcome of a method that does not apply (its reason: {@link #reason}). */
    public static boolean isNotApplicable(TrialOutcome o) {
        return o != null && o.method().startsWith(NOT_APPLICABLE);
    }

    /** The reason an n/a outcome gives. */
    public static String reason(TrialOutcome o) {
        return isNotApplicable(o) ? o.method().substring(NOT_APPLICABLE.length()) : "";
    }

    /** The outcome of a method that does not apply, for {@code reason}. */
    public static TrialOutcome notApplicable(String reason) {
        String r = reason == null || reason.isBlank() ? "the method refused this network" : reason.replace('\n', ' ').strip();
        return new TrialOutcome(NOT_APPLICABLE + r, 0, Double.NaN, Double.NaN, 0, 0, 0, 0, java.util.List.of());
    }

    /** Device calls of one training step: one step on a fresh network of the same seed (its own devices). */
    static long probe(ComparedMethod method, ComparedSubstrate substrate, Task task, long seed) {
        Networks.Built p = method.networks().build(substrate, task, seed);
        PhysicalUsage before = PhysicalUsage.of(p.model());
        try {
            Trainer.of(p.model()).method(method.method().get()).optimizer(Optimizer.adam(method.lr())).epochs(1).batchSize(BATCH).seed(seed)
                    .listener(new TrainingListener() {
                        @Override
                        public void onBatchEnd(BatchProgress progress) {
                            throw new TrainingListener.StopRequest("probe: one step");
                        }
                    }).fit(p.train());
        } catch (TrainingInterruptedException e) {
            if (!(e.getCause() instanceof TrainingListener.StopRequest)) throw e;
        }
        return PhysicalUsage.of(p.model()).minus(before).calls();
    }

    /** Stops a run after {@code steps} steps, or before a step that would take its device calls past the budget. */
    private static final class BudgetStop implements TrainingListener {
        private final long budget, steps, planned;
        private long largestStep, lastCalls;

        BudgetStop(long budget, long steps, long perStep, long planned) {
            this.budget = budget;
            this.steps = steps;
            this.planned = planned;
            this.largestStep = perStep;
        }

        @Override
        public void onBatchEnd(BatchProgress p) {
            largestStep = Math.max(largestStep, p.physicalCalls() - lastCalls);
            lastCalls = p.physicalCalls();
            if (p.step() >= planned) return; // the run ends here anyway
            if (p.step() >= steps || p.physicalCalls() + largestStep > budget)
                throw new TrainingListener.StopRequest("the budget of " + budget + " device calls is spent");
        }
    }
}
