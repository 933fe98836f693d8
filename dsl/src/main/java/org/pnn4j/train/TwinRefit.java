package org.pnn4j.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.twin.Diagnosis;
import org.pnn4j.twin.DigitalTwin;
import org.pnn4j.twin.SamplingPlan;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

/**
 * Keeps a data-driven twin accurate along the training trajectory of physics-aware training through it
 * ({@code new PhysicalLayer(twin.asSubstrate(), device)}). Every {@link #every K} batches it measures the device once
 * at the layer's current parameters θ on up to {@link #checkInputs} of the inputs the layer recently received (the
 * twin's substrate remembers them, {@link DigitalTwin#recentInputs}), and computes the twin's relative error there,
 * Σ mse / Σ variance over the outputs, the variance being that of the twin's fitting data
 * ({@link DigitalTwin#outputVariance()}: at one setting the outputs vary too little to judge by their own variance);
 * {@code trajectory_r2} = 1 − that error. When that error exceeds {@link #threshold}, it measures
 * {@link #refitPlan settings} around θ ({@link SamplingPlan#around}, inputs from the same recent pool) and
 * {@link DigitalTwin#refit refits} the twin on them (mixed with earlier data). Every device call it spends is counted
 * ({@link #deviceCalls()}); {@link #history()} lists every check.
 *
 * <pre>{@code
 * DigitalTwin twin = Twins.fit(device);
 * PhysicalLayer layer = new PhysicalLayer(twin.asSubstrate(), device);
 * TwinRefit refit = TwinRefit.of(layer, twin).every(20).threshold(0.1);
 * Trainer.of(net).method(Method.physicsAware()).listener(refit).fit(train);
 * System.out.println(refit.history().print());
 * }</pre>
 */
public final class TwinRefit implements TrainingListener {
    private final PhysicalLayer layer;
    private final DigitalTwin twin;
    private int every = 20, checkInputs = 128, refitSettings = 24, refitInputs = 64, refitEpochs = 20;
    private double threshold = 0.1, spread = 0.1;
    private long seed = 1, calls, step;
    private int refits;
    private final LongColumn stepCol = LongColumn.create("step"), callsCol = LongColumn.create("device_calls");
    private final DoubleColumn errCol = DoubleColumn.create("relative_error"), r2Col = DoubleColumn.create("trajectory_r2"),
            afterCol = DoubleColumn.create("relative_error_after_refit");
    private final BooleanColumn refitCol = BooleanColumn.create("refit");

    private TwinRefit(PhysicalLayer layer, DigitalTwin twin) {
        this.layer = Objects.requireNonNull(layer, "layer");
        this.twin = Objects.requireNonNull(twin, "twin");
    }

    /**
     * A refit listener for {@code layer} trained through {@code twin}; defaults: check every 20 batches on 128 recent
     * inputs, threshold 0.1, refit on 24 settings × 64 inputs at spread 0.1 for 20 epochs.
     *
     * @throws IllegalArgumentException if the layer does not run on the twin's substrate (its backward would not use
     *                                  the twin, and the twin would not see the layer's inputs)
     */
    public static TwinRefit of(PhysicalLayer layer, DigitalTwin twin) {
        if (layer.substrate() != twin.asSubstrate())
            throw new IllegalArgumentException("layer " + layer.describe() + " does not train through this twin; build it as "
                    + "new PhysicalLayer(twin.asSubstrate(), device)");
        return new TwinRefit(layer, twin);
    }

    /**
     * Checks every {@code batches} training batches (default 20).
     *
     * @throws IllegalArgumentException if below 1
     */
    public TwinRefit every(int batches) {
        if (batches < 1) throw new IllegalArgumentException("TwinRefit.every needs batches >= 1, got " + batches);
        this.every = batches;
        return this;
    }

    /**
     * Refits when the relative error at the current parameters exceeds {@code relativeError} (default 0.1).
     *
     * @throws IllegalArgumentException if not positive
     */
    public TwinRefit threshold(double relativeError) {
        if (!(relativeError > 0)) throw new IllegalArgumentException("TwinRefit.threshold is a relative error > 0, got " + relativeError);
        this.threshold = relativeError;
        return this;
    }

    /**
     * Recent layer inputs measured per check (default 128; one device call).
     *
     * @throws IllegalArgumentException if below 2
     */
    public TwinRefit checkInputs(int rows) {
        if (rows < 2) throw new IllegalArgumentException("TwinRefit.checkInputs needs at least 2 rows, got " + rows);
        this.checkInputs = rows;
        return this;
    }

    /**
     * A refit measures {@code settings} settings (one device call each) of {@code inputs} inputs around θ, perturbed by
     * {@code spread} of each parameter's half range, and trains the twin at most {@code epochs} epochs.
     *
     * @throws IllegalArgumentException if a count is below 1 (settings below 3) or the spread negative
     */
    public TwinRefit refitPlan(int settings, int inputs, double spread, int epochs) {
        if (settings < 3 || inputs < 2 || epochs < 1 || !(spread >= 0))
            throw new IllegalArgumentException("TwinRefit.refitPlan needs settings >= 3, inputs >= 2, epochs >= 1, spread >= 0, got "
                    + settings + ", " + inputs + ", " + spread + ", " + epochs);
        this.refitSettings = settings;
        this.refitInputs = inputs;
        this.spread = spread;
        this.refitEpochs = epochs;
        return this;
    }

    /** Seed of the refit plans' perturbations and input draws (default 1). */
    public TwinRefit seed(long seed) {
        this.seed = seed;
        return this;
    }

    @Override
    public void onBatchEnd(BatchProgress progress) {
        step++;
        if (step % every == 0) check(progress.step());
    }

    /**
     * Checks the twin now (what {@link #onBatchEnd} does every K batches); does nothing before the layer has sent
     * inputs through the twin.
     *
     * @return the twin's relative error at the current parameters before any refit, or NaN when nothing was checked
     */
    public double check(long atStep) {
        return check(atStep, true);
    }

    /**
     * Measures the twin's error at the current parameters (one device call, counted, a row of {@link #history()})
     * without refitting: e.g. once at the end of a run trained without refits.
     *
     * @return the relative error, or NaN before the layer has sent inputs through the twin
     */
    public double measure(long atStep) {
        return check(atStep, false);
    }

    private double check(long atStep, boolean mayRefit) {
        Tensor pool = twin.recentInputs(512);
        if (pool == null || pool.dim(0) < 2) return Double.NaN;
        PhysicalDevice device = layer.device();
        Params theta = current();
        int n = Math.min(checkInputs, pool.dim(0));
        List<SamplingPlan.Measurement> here = SamplingPlan.around(theta, 0, 1, n, 1, seed++).inputsFrom(pool).sample(device);
        calls++;
        Diagnosis d = twin.diagnose(here, "trajectory at step " + atStep);
        double[] scale = twin.outputVariance();
        double err = d.relativeError(scale), after = Double.NaN;
        boolean refit = mayRefit && err > threshold;
        if (refit) {
            SamplingPlan plan = SamplingPlan.around(theta, spread, refitSettings, refitInputs, 1, seed++).inputsFrom(pool);
            List<SamplingPlan.Measurement> data = new java.util.ArrayList<>(plan.sample(device));
            calls += plan.calls();
            twin.refit(data, refitEpochs);
            refits++;
            after = twin.diagnose(here, "trajectory after refit").relativeError(scale);
        }
        stepCol.append(atStep);
        errCol.append(err);
        r2Col.append(1 - err);
        refitCol.append(refit);
        afterCol.append(after);
        callsCol.append(calls);
        return err;
    }

    private Params current() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Parameter p : layer.parameters()) m.put(p.name(), Tensor.of(p.value().toArray(), p.value().shape()));
        return Params.of(layer.substrate().name(), m);
    }

    /** Device calls this listener spent (checks and refits), not counted in the layer's {@code physicalCalls()}. */
    public long deviceCalls() {
        return calls;
    }

    /** Refits done so far. */
    public int refits() {
        return refits;
    }

    /** Mean over the checks so far of 1 − relative error at the parameters training visited, before refits (NaN before any check). */
    public double meanTrajectoryR2() {
        return r2Col.size() == 0 ? Double.NaN : r2Col.mean();
    }

    /**
     * One row per check: step, relative_error, trajectory_r2, refit, relative_error_after_refit (NaN without refit),
     * device_calls (cumulative).
     */
    public Table history() {
        return Table.create("twin refits (" + layer.substrate().name() + ")", stepCol.copy(), errCol.copy(), r2Col.copy(), refitCol.copy(),
                afterCol.copy(), callsCol.copy());
    }
}
