package org.pnn4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pnn4j.data.Batch;
import org.pnn4j.data.Dataset;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.LrSchedule;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * A fluent training configuration; {@link #fit} runs it and returns the {@link History}.
 *
 * <pre>{@code
 * History h = Trainer.of(net)
 *         .optimizer(Optimizer.adam(1e-3))
 *         .epochs(10).batchSize(32).seed(1)
 *         .validation(split.test())
 *         .fit(split.train());
 * }</pre>
 *
 * Defaults: cross-entropy for classification and MSE for regression, Adam(1e-3), 10 epochs, batch 32,
 * constant learning rate, seed 0, shuffled batches, back-propagation. A fixed seed and a network
 * initialized from a fixed seed reproduce a run bit for bit. If the loss or a gradient becomes non-finite,
 * training stops with a {@link TrainingDivergedException} and the parameters of the last step with a finite
 * loss are restored.
 */
public final class Trainer {
    private final Layer model;
    private Loss loss;
    private Optimizer optimizer = Optimizer.adam(1e-3);
    private LrSchedule schedule = LrSchedule.constant();
    private Method method = Method.backprop();
    private int epochs = 10;
    private int batchSize = 32;
    private long seed;
    private boolean shuffle = true;
    private Dataset validation;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Trainer(Layer model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** A training configuration for {@code model} with the defaults above. */
    public static Trainer of(Layer model) {
        return new Trainer(model);
    }

    /** The objective (default: cross-entropy for classification, MSE for regression). */
    public Trainer loss(Loss loss) {
        this.loss = Objects.requireNonNull(loss, "loss");
        return this;
    }

    /** The optimizer; its learning rate is the schedule's base rate. */
    public Trainer optimizer(Optimizer optimizer) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        return this;
    }

    /** The learning-rate schedule, applied at the start of each epoch. */
    public Trainer schedule(LrSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        return this;
    }

    /** How steps obtain their updates (default: back-propagation). */
    public Trainer method(Method method) {
        this.method = Objects.requireNonNull(method, "method");
        return this;
    }

    /**
     * Number of epochs.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Trainer epochs(int epochs) {
        if (epochs <= 0) throw new IllegalArgumentException("epochs must be positive, got " + epochs);
        this.epochs = epochs;
        return this;
    }

    /**
     * Samples per batch.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Trainer batchSize(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    /** Seed of the batch order (and of any randomness a method uses). */
    public Trainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Whether batches are reshuffled each epoch (default true). */
    public Trainer shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** A held-out set evaluated after each epoch (the history's test columns). */
    public Trainer validation(Dataset validation) {
        this.validation = validation;
        return this;
    }

    /** Adds a progress listener. */
    public Trainer listener(TrainingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Trains on {@code train} and returns the per-epoch history.
     *
     * @throws IllegalArgumentException if the dataset is empty, or its classes do not fit the model's outputs
     * @throws TrainingDivergedException if the loss or a gradient becomes non-finite
     */
    public History fit(Dataset train) {
        if (train.size() == 0) throw new IllegalArgumentException("training set '" + train.name() + "' is empty");
        List<TrainingListener> listeners = new ArrayList<>(this.listeners);
        listeners.addAll(TrainingListenerProvider.Installed.listeners());
        Loss lossFn = loss != null ? loss : train.isClassification() ? Loss.crossEntropy() : Loss.mse();
        checkOutputs(train);
        if (validation != null) checkOutputs(validation);
        List<Parameter> params = model.parameters();
        Rng rng = new Rng(seed);
        double baseRate = optimizer.learningRate();
        int batches = train.numBatches(batchSize);
        String description = model.describe() + ", " + lossFn.describe() + ", " + optimizer.describe() + ", " + method.describe();
        History history = new History("history");
        TrainingListener.Plan plan = new TrainingListener.Plan(epochs, batches, batchSize, train.size(), description);
        for (TrainingListener l : listeners) l.onStart(plan);

        ParameterGuard guard = new ParameterGuard(params);
        long start = System.nanoTime(), step = 0, samples = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long epochStart = System.nanoTime();
            double lr = schedule.rate(baseRate, epoch - 1);
            optimizer.setLearningRate(lr);
            double lossSum = 0;
            int seen = 0, correct = 0, b = 0;
            for (Batch batch : train.batches(batchSize, shuffle ? rng : null)) {
                b++;
                step++;
                guard.beforeStep();
                Method.StepResult r = method.step(new Method.Step(model, batch, lossFn, optimizer, params));
                if (r.problem() != null) {
                    guard.restoreLastGood();
                    throw new TrainingDivergedException(String.format(java.util.Locale.ROOT,
                            "training diverged at epoch %d, step %d (batch %d of %d): %s. Parameters were restored to "
                                    + "%s. Lower the learning rate (now %g) or check the inputs for NaN or very large values.",
                            epoch, step, b, batches, r.problem(),
                            guard.hasLastGood() ? "those of step " + (step - 1) + ", the last with a finite loss" : "their values before training",
                            lr), history, epoch, step);
                }
                guard.stepWasGood();
                lossSum += r.loss() * batch.size();
                seen += batch.size();
                samples += batch.size();
                if (batch.labels() != null && r.output() != null && r.output().rank() == 2) {
                    int[] pred = r.output().argmaxRows();
                    for (int i = 0; i < pred.length; i++) if (pred[i] == batch.labels()[i]) correct++;
                }
                if (!listeners.isEmpty()) {
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    long totalSteps = (long) epochs * batches;
                    var p = new TrainingListener.BatchProgress(epoch, b, batches, step, r.loss(), lossSum / seen,
                            train.isClassification() ? (double) correct / seen : Double.NaN, elapsed,
                            elapsed / step * (totalSteps - step));
                    for (TrainingListener l : listeners) l.onBatchEnd(p);
                }
            }
            double testLoss = Double.NaN, testAcc = Double.NaN;
            if (validation != null) {
                Evaluation ev = Evaluation.of(model, validation, lossFn);
                testLoss = ev.loss();
                testAcc = ev.accuracy();
            }
            EpochResult e = new EpochResult(epoch, lossSum / seen, train.isClassification() ? (double) correct / seen : Double.NaN,
                    testLoss, testAcc, lr, (System.nanoTime() - epochStart) / 1e9, samples);
            history.add(e);
            for (TrainingListener l : listeners) l.onEpochEnd(e);
        }
        optimizer.setLearningRate(baseRate);
        for (TrainingListener l : listeners) l.onEnd(history);
        return history;
    }

    private void checkOutputs(Dataset data) {
        int[] in = model.inputShape();
        if (in != null && !java.util.Arrays.equals(in, data.sampleShape()))
            throw new IllegalArgumentException("dataset '" + data.name() + "' has samples of shape "
                    + java.util.Arrays.toString(data.sampleShape()) + " but the model takes " + java.util.Arrays.toString(in));
        if (!data.isClassification() || in == null) return;
        int[] out = model.outputShape(in);
        if (out.length != 1 || out[0] < data.numClasses())
            throw new IllegalArgumentException("dataset '" + data.name() + "' has " + data.numClasses() + " classes "
                    + data.classNames() + " but the model has " + (out.length == 1 ? out[0] + " outputs" : "output shape "
                    + java.util.Arrays.toString(out)) + "; make the last layer's output size " + data.numClasses());
    }

    /** Keeps the parameters of the last step whose loss was finite, so a divergence can be undone. */
    private static final class ParameterGuard {
        private final List<Parameter> params;
        private float[][] before, lastGood;

        ParameterGuard(List<Parameter> params) {
            this.params = params;
            this.before = new float[params.size()][];
            for (int i = 0; i < params.size(); i++) before[i] = new float[params.get(i).size()];
        }

        void beforeStep() {
            for (int i = 0; i < params.size(); i++) {
                float[] v = params.get(i).value().array();
                System.arraycopy(v, 0, before[i], 0, v.length);
            }
        }

        void stepWasGood() {
            float[][] t = lastGood;
            lastGood = before;
            before = t != null ? t : new float[params.size()][];
            for (int i = 0; i < params.size(); i++) if (before[i] == null) before[i] = new float[params.get(i).size()];
        }

        boolean hasLastGood() {
            return lastGood != null;
        }

        void restoreLastGood() {
            float[][] src = lastGood != null ? lastGood : before;
            for (int i = 0; i < params.size(); i++)
                System.arraycopy(src[i], 0, params.get(i).value().array(), 0, src[i].length);
        }
    }
}
