package org.pnn4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pnn4j.data.Augmentation;
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
 * constant learning rate, seed 0, shuffled batches, no augmentation, back-propagation. A fixed seed and a network
 * initialized from a fixed seed reproduce a run bit for bit. If the loss or a gradient becomes non-finite,
 * training stops with a {@link TrainingDivergedException} and the parameters of the last step with a finite
 * loss are restored.
 *
 * <p><b>Stages.</b> {@code Trainer.of(net).stage(Method.inSilico(), 5).stage(Method.physicsAware(), 10)} runs 5
 * epochs in silico, then 10 of physics-aware training, with one optimizer (its state carries over); the history's
 * {@code stage} and {@code method} columns say which stage each epoch belongs to. A run has either stages or
 * {@link #method}/{@link #epochs}, not both.
 *
 * <p><b>Bookkeeping.</b> Physical forward calls, samples and seconds of all physical layers are counted (the
 * scarce resource on real hardware): the history's {@code physical_*} columns and
 * {@link TrainingListener.BatchProgress#physicalCalls()}.
 *
 * <p><b>Checkpoints.</b> {@link #checkpoint(Path)} writes the state after every epoch, and with
 * {@link #checkpointEvery(int) checkpointEvery(n)} also after every n batches within an epoch, so an interrupted run
 * loses at most n batches (see {@link Checkpoint} for the format); {@link #resumeFrom(Path)} continues from such a
 * file: the parameters, optimizer state, random stream (shuffling and augmentation), epoch, history and, within an
 * epoch, the epoch's sample order and running sums are restored, so the continuation is bit-identical to an
 * uninterrupted run of the same configuration (the history's losses, accuracies, physical calls and samples; not its
 * wall-clock seconds), simulated devices included: their noise streams and drift are in the checkpoint too (see
 * {@link org.pnn4j.physics.PhysicalDevice#saveState}), and so is the learned state of substrates whose model has one
 * ({@link org.pnn4j.physics.StatefulModel}, a fitted twin). Real and remote devices cannot be rewound: runs on them
 * resume correctly but not bit-identically.
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
    private Augmentation augmentation;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final List<Method> stageMethods = new ArrayList<>();
    private final List<Integer> stageEpochs = new ArrayList<>();
    private boolean methodOrEpochsSet;
    private Path checkpoint, resume;
    private int checkpointEvery;

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
        methodOrEpochsSet = true;
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
        methodOrEpochsSet = true;
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

    /**
     * Transforms every training batch before its step (e.g. {@link Augmentation#horizontalFlip(int, int)}); drawn
     * from the trainer's seeded random stream, which checkpoints save, so augmented runs reproduce and resume
     * bit for bit. Validation data is never augmented. Default: none.
     */
    public Trainer augmentation(Augmentation augmentation) {
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        return this;
    }

    /** A held-out set evaluated after each epoch (the history's test columns). */
    public Trainer validation(Dataset validation) {
        this.validation = validation;
        return this;
    }

    /**
     * Appends a stage: {@code epochs} epochs trained with {@code method}, after the stages added before.
     *
     * @throws IllegalArgumentException if epochs is not positive
     */
    public Trainer stage(Method method, int epochs) {
        Objects.requireNonNull(method, "method");
        if (epochs <= 0) throw new IllegalArgumentException("stage " + (stageMethods.size() + 1) + " (" + method.describe()
                + ") needs a positive number of epochs, got " + epochs);
        stageMethods.add(method);
        stageEpochs.add(epochs);
        return this;
    }

    /**
     * Writes a checkpoint to {@code file} after every epoch (replacing it atomically; see {@link Checkpoint}), and
     * within epochs as {@link #checkpointEvery} says.
     */
    public Trainer checkpoint(Path file) {
        this.checkpoint = Objects.requireNonNull(file, "file");
        return this;
    }

    /**
     * Also writes the checkpoint after every {@code batches} batches within an epoch, so an interrupted run loses at
     * most that many batches: {@link #resumeFrom} continues inside the epoch, with its sample order and running sums.
     * Needs {@link #checkpoint(Path)}. Default 0: at the end of each epoch only.
     *
     * @throws IllegalArgumentException if batches is negative
     */
    public Trainer checkpointEvery(int batches) {
        if (batches < 0)
            throw new IllegalArgumentException("checkpointEvery needs a number of batches >= 1 (0: only at epoch ends), got " + batches);
        this.checkpointEvery = batches;
        return this;
    }

    /**
     * Continues the run saved in {@code file} (by {@link #checkpoint(Path)} of the same configuration): training
     * starts after the saved epoch, or after the saved batch within an epoch, and the returned history includes the
     * saved epochs. Files of checkpoint format version 2 (end of epoch, no model state) are read too.
     */
    public Trainer resumeFrom(Path file) {
        this.resume = Objects.requireNonNull(file, "file");
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
     * @throws IllegalArgumentException if the dataset is empty, or its classes do not fit the model's outputs, or a
     *                                  checkpoint resumed within an epoch was written with another dataset size or
     *                                  batch size
     * @throws IllegalStateException    for checkpointEvery without checkpoint, or stages together with method/epochs
     * @throws TrainingDivergedException if the loss or a gradient becomes non-finite
     */
    public History fit(Dataset train) {
        if (train.size() == 0) throw new IllegalArgumentException("training set '" + train.name() + "' is empty");
        if (checkpointEvery > 0 && checkpoint == null)
            throw new IllegalStateException("checkpointEvery(" + checkpointEvery + ") needs a file to write to: add .checkpoint(path)");
        if (!stageMethods.isEmpty() && methodOrEpochsSet)
            throw new IllegalStateException("this training configuration has both stages and method(...)/epochs(...); "
                    + "use stage(method, epochs) for every part of the run, or method and epochs without stages");
        List<Method> methods = stageMethods.isEmpty() ? List.of(method) : List.copyOf(stageMethods);
        List<Integer> lengths = stageMethods.isEmpty() ? List.of(epochs) : List.copyOf(stageEpochs);
        int totalEpochs = 0;
        for (int n : lengths) totalEpochs += n;
        List<TrainingListener> listeners = new ArrayList<>(this.listeners);
        listeners.addAll(TrainingListenerProvider.Installed.listeners());
        Loss lossFn = loss != null ? loss : train.isClassification() ? Loss.crossEntropy() : Loss.mse();
        checkOutputs(train);
        if (validation != null) checkOutputs(validation);
        List<Parameter> params = model.parameters();
        Rng rng = new Rng(seed);
        double baseRate = optimizer.learningRate();
        int batches = train.numBatches(batchSize);
        StringBuilder methodsText = new StringBuilder();
        for (int i = 0; i < methods.size(); i++)
            methodsText.append(i == 0 ? "" : " then ").append(methods.get(i).describe()).append(methods.size() > 1 ? " x" + lengths.get(i) : "");
        String description = model.describe() + ", " + lossFn.describe() + ", " + optimizer.describe() + ", " + methodsText
                + (augmentation == null ? "" : ", augmentation " + augmentation.describe());
        History history = new History("history");
        int firstEpoch = 1;
        long step = 0, samples = 0;
        long[] usageBase = {0, 0, Double.doubleToRawLongBits(0)};
        Checkpoint.Partial partial = null;
        if (resume != null) {
            Checkpoint.State st = Checkpoint.load(resume, params, optimizer, Steps.physicalLayers(model));
            partial = st.partial();
            if (partial != null && (partial.batchSize() != batchSize || partial.order().length != train.size()))
                throw new IllegalArgumentException(resume + " was written within epoch " + (st.epoch() + 1) + " of a run with batch size "
                        + partial.batchSize() + " on " + partial.order().length + " samples; this run has batch size " + batchSize
                        + " on " + train.size() + " samples ('" + train.name() + "'); resume with the configuration and data it was written from");
            rng.restore(st.rng());
            for (EpochResult e : st.history()) history.add(e);
            firstEpoch = st.epoch() + 1;
            step = st.step();
            samples = st.samples();
            long[] now = Steps.usage(model);
            usageBase = new long[] {st.physicalCalls() - now[0], st.physicalSamples() - now[1],
                    Double.doubleToRawLongBits(st.physicalSeconds() - Double.longBitsToDouble(now[2]))};
        } else {
            long[] now = Steps.usage(model);
            usageBase = new long[] {-now[0], -now[1], Double.doubleToRawLongBits(-Double.longBitsToDouble(now[2]))};
        }
        TrainingListener.Plan plan = new TrainingListener.Plan(totalEpochs, batches, batchSize, train.size(), description);
        for (TrainingListener l : listeners) l.onStart(plan);

        ParameterGuard guard = new ParameterGuard(params);
        long start = System.nanoTime(), stepsAtStart = step;
        Eta eta = new Eta((long) totalEpochs * batches - step);
        for (int epoch = firstEpoch; epoch <= totalEpochs; epoch++) {
            int stage = 0;
            for (int e = epoch; e > lengths.get(stage); stage++) e -= lengths.get(stage);
            Method m = methods.get(stage);
            long epochStart = System.nanoTime();
            double lr = schedule.rate(baseRate, epoch - 1);
            optimizer.setLearningRate(lr);
            double lossSum = 0;
            long seen = 0, correct = 0, withOutput = 0;
            int b = 0;
            int[] order;
            Iterable<Batch> drawnBatches;
            if (partial != null) { // resuming within this epoch: its order and running sums, from after the saved batch
                order = partial.order();
                b = partial.batchesDone();
                lossSum = partial.lossSum();
                seen = partial.seen();
                correct = partial.correct();
                withOutput = partial.withOutput();
                epochStart -= Math.round(partial.seconds() * 1e9);
                drawnBatches = train.batchesInOrder(batchSize, java.util.Arrays.copyOfRange(order, Math.min(order.length, b * batchSize), order.length));
                partial = null;
            } else {
                order = shuffle ? rng.permutation(train.size()) : identity(train.size()); // as Dataset.batches draws it
                drawnBatches = train.batchesInOrder(batchSize, order);
            }
            for (Batch drawn : drawnBatches) {
                b++;
                Batch batch = augmentation == null ? drawn
                        : new Batch(augmentation.apply(drawn.x(), rng), drawn.labels(), drawn.targets(), drawn.indices());
                guard.beforeStep();
                Method.StepResult r = m.step(new Method.Step(model, batch, lossFn, optimizer, params, rng, step));
                step++;
                if (r.problem() != null) {
                    guard.restoreLastGood();
                    throw new TrainingDivergedException(String.format(java.util.Locale.ROOT,
                            "training diverged at epoch %d, step %d (batch %d of %d, %s): %s. Parameters were restored to "
                                    + "%s. Lower the learning rate (now %g) or check the inputs for NaN or very large values.",
                            epoch, step, b, batches, m.describe(), r.problem(),
                            guard.hasLastGood() ? "those of step " + (step - 1) + ", the last with a finite loss" : "their values before training",
                            lr), history, epoch, step);
                }
                guard.stepWasGood();
                lossSum += r.loss() * batch.size();
                seen += batch.size();
                samples += batch.size();
                if (batch.labels() != null && r.output() != null && r.output().rank() == 2) {
                    withOutput += batch.size();
                    int[] pred = r.output().argmaxRows();
                    for (int i = 0; i < pred.length; i++) if (pred[i] == batch.labels()[i]) correct++;
                }
                if (checkpoint != null && checkpointEvery > 0 && b % checkpointEvery == 0 && b < batches) {
                    long[] u = Steps.usage(model);
                    Checkpoint.save(checkpoint, new Checkpoint.State(epoch - 1, step, samples, rng.state(), u[0] + usageBase[0],
                            u[1] + usageBase[1], Double.longBitsToDouble(u[2]) + Double.longBitsToDouble(usageBase[2]), history.epochs(),
                            new Checkpoint.Partial(batchSize, b, order, lossSum, seen, correct, withOutput,
                                    (System.nanoTime() - epochStart) / 1e9)), params, optimizer, Steps.physicalLayers(model));
                }
                if (!listeners.isEmpty()) {
                    long now = System.nanoTime();
                    eta.batchEnded(now, step - stepsAtStart);
                    var p = new TrainingListener.BatchProgress(epoch, b, batches, step, r.loss(), lossSum / seen,
                            train.isClassification() && withOutput > 0 ? (double) correct / withOutput : Double.NaN, (now - start) / 1e9,
                            eta.seconds(), Steps.usage(model)[0] + usageBase[0]);
                    for (TrainingListener l : listeners) l.onBatchEnd(p);
                }
            }
            double testLoss = Double.NaN, testAcc = Double.NaN;
            if (validation != null) {
                Evaluation ev = Evaluation.of(model, validation, lossFn);
                testLoss = ev.loss();
                testAcc = ev.accuracy();
            }
            long[] u = Steps.usage(model);
            EpochResult e = new EpochResult(epoch, lossSum / seen,
                    train.isClassification() && withOutput > 0 ? (double) correct / withOutput : Double.NaN,
                    testLoss, testAcc, lr, (System.nanoTime() - epochStart) / 1e9, samples, stage + 1, m.describe(),
                    u[0] + usageBase[0], u[1] + usageBase[1],
                    Double.longBitsToDouble(u[2]) + Double.longBitsToDouble(usageBase[2]));
            history.add(e);
            if (checkpoint != null)
                Checkpoint.save(checkpoint, new Checkpoint.State(epoch, step, samples, rng.state(), e.physicalCalls(),
                        e.physicalSamples(), e.physicalSeconds(), history.epochs()), params, optimizer, Steps.physicalLayers(model));
            for (TrainingListener l : listeners) l.onEpochEnd(e);
        }
        optimizer.setLearningRate(baseRate);
        for (TrainingListener l : listeners) l.onEnd(history);
        return history;
    }

    private static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        return o;
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
