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
import org.pnn4j.physics.PhysicalUsage;
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
 * <p><b>Stopping.</b> A listener that throws {@link TrainingListener.StopRequest}, or an interrupt of the training
 * thread, ends the run after the current batch with a {@link TrainingInterruptedException}: its history has every
 * finished epoch and the interrupted one ({@link EpochResult#complete()} false), the parameters are those of the last
 * step, and the checkpoint (if any) is written there.
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
     * @throws TrainingInterruptedException if a listener asks to stop ({@link TrainingListener.StopRequest}) or the
     *                                  thread is interrupted: the history so far and the parameters of the last step
     */
    public History fit(Dataset train) {
        Run run = new Run(train);
        for (TrainingListener l : run.listeners) l.onStart(run.plan);
        for (int epoch = run.firstEpoch; epoch <= run.totalEpochs; epoch++) {
            Epoch ep = run.startEpoch(epoch);
            for (Batch drawn : ep.batches) {
                ep.b++;
                run.step(ep, drawn);
                if (checkpoint != null && checkpointEvery > 0 && ep.b % checkpointEvery == 0 && ep.b < run.batches) run.save(ep);
                try {
                    run.batchEnd(ep);
                } catch (TrainingListener.StopRequest stop) {
                    throw run.interrupted(ep, stop.getMessage(), stop);
                }
                if (Thread.interrupted()) throw run.interrupted(ep, "the thread was interrupted", null);
            }
            EpochResult e = run.endEpoch(ep);
            try {
                for (TrainingListener l : run.listeners) l.onEpochEnd(e);
            } catch (TrainingListener.StopRequest stop) {
                throw run.interrupted(null, stop.getMessage(), stop);
            }
        }
        optimizer.setLearningRate(run.baseRate);
        for (TrainingListener l : run.listeners) l.onEnd(run.history);
        return run.history;
    }

    /** An epoch in progress: its batches, and where it stands. */
    private static final class Epoch {
        final int number, stage;
        final Method method;
        final double lr;
        long start;
        int[] order;
        Iterable<Batch> batches;
        int b;
        double lossSum;
        long seen, correct, withOutput;

        Epoch(int number, int stage, Method method, double lr) {
            this.number = number;
            this.stage = stage;
            this.method = method;
            this.lr = lr;
        }
    }

    /** One call of {@link #fit}: its settings resolved, and the run's state between epochs and batches. */
    private final class Run {
        final Dataset train;
        final List<Method> methods;
        final List<Integer> lengths;
        final int totalEpochs, batches;
        final List<TrainingListener> listeners = new ArrayList<>(Trainer.this.listeners);
        final Loss lossFn;
        final List<Parameter> params = model.parameters();
        final Rng rng = new Rng(seed);
        final double baseRate = optimizer.learningRate();
        final History history = new History("history");
        final TrainingListener.Plan plan;
        final ParameterGuard guard = new ParameterGuard(params);
        int firstEpoch = 1;
        long step, samples;
        /** Added to the physical layers' counters to give the run's usage (less what they had counted before it). */
        PhysicalUsage usageBase;
        Checkpoint.Partial partial;
        long start, stepsAtStart;
        /** The estimate of the time left, from the batches' times ({@link Eta}: warm-up left out, smoothed). */
        final Eta eta;
        /** The loss of the last step. */
        double lastLoss;

        Run(Dataset train) {
            this.train = train;
            if (train.size() == 0) throw new IllegalArgumentException("training set '" + train.name() + "' is empty");
            if (checkpointEvery > 0 && checkpoint == null)
                throw new IllegalStateException("checkpointEvery(" + checkpointEvery + ") needs a file to write to: add .checkpoint(path)");
            if (!stageMethods.isEmpty() && methodOrEpochsSet)
                throw new IllegalStateException("this training configuration has both stages and method(...)/epochs(...); "
                        + "use stage(method, epochs) for every part of the run, or method and epochs without stages");
            methods = stageMethods.isEmpty() ? List.of(method) : List.copyOf(stageMethods);
            lengths = stageMethods.isEmpty() ? List.of(epochs) : List.copyOf(stageEpochs);
            int total = 0;
            for (int n : lengths) total += n;
            totalEpochs = total;
            listeners.addAll(TrainingListenerProvider.Installed.listeners());
            lossFn = loss != null ? loss : train.isClassification() ? Loss.crossEntropy() : Loss.mse();
            checkOutputs(train);
            if (validation != null) checkOutputs(validation);
            batches = train.numBatches(batchSize);
            StringBuilder methodsText = new StringBuilder();
            for (int i = 0; i < methods.size(); i++)
                methodsText.append(i == 0 ? "" : " then ").append(methods.get(i).describe()).append(methods.size() > 1 ? " x" + lengths.get(i) : "");
            String description = model.describe() + ", " + lossFn.describe() + ", " + optimizer.describe() + ", " + methodsText
                    + (augmentation == null ? "" : ", augmentation " + augmentation.describe());
            PhysicalUsage now = PhysicalUsage.of(model);
            usageBase = PhysicalUsage.NONE.minus(now);
            if (resume != null) {
                Checkpoint.State st = Checkpoint.load(resume, params, optimizer, Steps.physicalLayers(model), methods);
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
                usageBase = st.physical().minus(PhysicalUsage.of(model));
            }
            plan = new TrainingListener.Plan(totalEpochs, batches, batchSize, train.size(), description);
            start = System.nanoTime();
            stepsAtStart = step;
            eta = new Eta((long) totalEpochs * batches - step);
        }

        /** The run's physical usage so far. */
        PhysicalUsage usage() {
            return PhysicalUsage.of(model).plus(usageBase);
        }

        Epoch startEpoch(int epoch) {
            int stage = 0;
            for (int e = epoch; e > lengths.get(stage); stage++) e -= lengths.get(stage);
            Epoch ep = new Epoch(epoch, stage, methods.get(stage), schedule.rate(baseRate, epoch - 1));
            ep.start = System.nanoTime();
            optimizer.setLearningRate(ep.lr);
            if (partial != null) { // resuming within this epoch: its order and running sums, from after the saved batch
                ep.order = partial.order();
                ep.b = partial.batchesDone();
                ep.lossSum = partial.lossSum();
                ep.seen = partial.seen();
                ep.correct = partial.correct();
                ep.withOutput = partial.withOutput();
                ep.start -= Math.round(partial.seconds() * 1e9);
                ep.batches = train.batchesInOrder(batchSize, java.util.Arrays.copyOfRange(ep.order, Math.min(ep.order.length, ep.b * batchSize), ep.order.length));
                partial = null;
            } else {
                ep.order = shuffle ? rng.permutation(train.size()) : identity(train.size()); // as Dataset.batches draws it
                ep.batches = train.batchesInOrder(batchSize, ep.order);
            }
            return ep;
        }

        /** One optimizer step on {@code drawn}; the epoch's running sums. */
        void step(Epoch ep, Batch drawn) {
            Batch batch = augmentation == null ? drawn
                    : new Batch(augmentation.apply(drawn.x(), rng), drawn.labels(), drawn.targets(), drawn.indices());
            guard.beforeStep();
            Method.StepResult r = ep.method.step(new Method.Step(model, batch, lossFn, optimizer, params, rng, step));
            step++;
            if (r.problem() != null) {
                guard.restoreLastGood();
                throw new TrainingDivergedException(String.format(java.util.Locale.ROOT,
                        "training diverged at epoch %d, step %d (batch %d of %d, %s): %s. Parameters were restored to "
                                + "%s. Lower the learning rate (now %g) or check the inputs for NaN or very large values.",
                        ep.number, step, ep.b, batches, ep.method.describe(), r.problem(),
                        guard.hasLastGood() ? "those of step " + (step - 1) + ", the last with a finite loss" : "their values before training",
                        ep.lr), history, ep.number, step);
            }
            guard.stepWasGood();
            ep.lossSum += r.loss() * batch.size();
            ep.seen += batch.size();
            samples += batch.size();
            lastLoss = r.loss();
            if (batch.labels() != null && r.output() != null && r.output().rank() == 2) {
                ep.withOutput += batch.size();
                int[] pred = r.output().argmaxRows();
                for (int i = 0; i < pred.length; i++) if (pred[i] == batch.labels()[i]) ep.correct++;
            }
        }

        double accuracy(Epoch ep) {
            return train.isClassification() && ep.withOutput > 0 ? (double) ep.correct / ep.withOutput : Double.NaN;
        }

        void batchEnd(Epoch ep) {
            if (listeners.isEmpty()) return;
            long now = System.nanoTime();
            eta.batchEnded(now, step - stepsAtStart);
            var p = new TrainingListener.BatchProgress(ep.number, ep.b, batches, step, lastLoss, ep.lossSum / ep.seen, accuracy(ep),
                    (now - start) / 1e9, eta.seconds(), usage().calls());
            for (TrainingListener l : listeners) l.onBatchEnd(p);
        }

        /** The checkpoint within {@code ep}, after its batch {@code ep.b}. */
        void save(Epoch ep) {
            Checkpoint.save(checkpoint, new Checkpoint.State(ep.number - 1, step, samples, rng.state(), usage(), history.epochs(),
                    new Checkpoint.Partial(batchSize, ep.b, ep.order, ep.lossSum, ep.seen, ep.correct, ep.withOutput,
                            (System.nanoTime() - ep.start) / 1e9)), params, optimizer, Steps.physicalLayers(model), methods);
        }

        /** Validation, the epoch's row in the history, and the end-of-epoch checkpoint. */
        EpochResult endEpoch(Epoch ep) {
            double testLoss = Double.NaN, testAcc = Double.NaN;
            if (validation != null) {
                Evaluation ev = Evaluation.of(model, validation, lossFn);
                testLoss = ev.loss();
                testAcc = ev.accuracy();
            }
            EpochResult e = new EpochResult(ep.number, ep.lossSum / ep.seen, accuracy(ep), testLoss, testAcc, ep.lr,
                    (System.nanoTime() - ep.start) / 1e9, samples, ep.stage + 1, ep.method.describe(), usage(), true);
            history.add(e);
            if (checkpoint != null)
                Checkpoint.save(checkpoint, new Checkpoint.State(ep.number, step, samples, rng.state(), e.physical(), history.epochs()),
                        params, optimizer, Steps.physicalLayers(model), methods);
            return e;
        }

        /**
         * The exception that ends a run stopped after batch {@code ep.b} of {@code ep} (or at an epoch's end when
         * {@code ep} is null): the epoch's finished batches become an incomplete last row, and the checkpoint is written.
         */
        TrainingInterruptedException interrupted(Epoch ep, String reason, Throwable cause) {
            optimizer.setLearningRate(baseRate);
            if (ep != null && ep.b == batches) { // the stop came with the epoch's last batch: the epoch ends as usual
                endEpoch(ep);
                ep = null;
            }
            if (ep != null && checkpoint != null) save(ep);
            if (ep != null && ep.seen > 0)
                history.add(new EpochResult(ep.number, ep.lossSum / ep.seen, accuracy(ep), Double.NaN, Double.NaN, ep.lr,
                        (System.nanoTime() - ep.start) / 1e9, samples, ep.stage + 1, ep.method.describe(), usage(), false));
            int finished = history.completeEpochs().size();
            String where = ep == null ? "at the end of epoch " + history.last().epoch()
                    : "at epoch " + ep.number + ", batch " + ep.b + " of " + batches;
            String message = "training interrupted " + where + " (" + reason + "), after step " + step + ": history() holds the "
                    + finished + " finished epoch" + (finished == 1 ? "" : "s") + (ep != null && ep.seen > 0 ? " and the partial one (complete = false)" : "")
                    + "; the parameters are those after step " + step + (checkpoint != null ? "; resume from " + checkpoint : "");
            return new TrainingInterruptedException(message, history, ep == null ? history.last().epoch() : ep.number,
                    ep == null ? batches : ep.b, step, cause);
        }
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
