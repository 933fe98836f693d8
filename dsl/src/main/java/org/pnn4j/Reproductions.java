package org.pnn4j;

import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.pendula;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.sigmoid;
import static org.pnn4j.Pnn.substrate;
import static org.pnn4j.Pnn.tanh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.pnn4j.backend.DescribedSubstrate;
import org.pnn4j.backend.SimulatedBackend;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Split;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.LrSchedule;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalLayer.Mode;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.oscillators.PendulaRing;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.train.Evaluation;
import org.pnn4j.train.History;
import org.pnn4j.train.LocalNetwork;
import org.pnn4j.train.Method;
import org.pnn4j.train.Trainer;
import org.pnn4j.train.TrainingListener;
import org.pnn4j.train.TwinRefit;
import org.pnn4j.twin.DigitalTwin;
import org.pnn4j.twin.SamplingPlan;
import org.pnn4j.twin.Twins;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The published experiments of physics-aware training (Wright et al., Nature 2022) and physical local learning
 * (Momeni et al., Science 2023), as runs of this library whose sizes the caller chooses: {@code ./pnn4j reproduce}
 * runs them in full, the acceptance tests in bounded form. Every run is seeded; every table gives the physical
 * forward calls and the training throughput (samples per second of wall-clock time) next to the accuracies.
 */
public final class Reproductions {
    private Reproductions() {}

    /** Learning rate of the vowel pendula network (Adam). */
    public static final double VOWELS_LR = 0.02;
    /** Batch size of the vowel pendula network. */
    public static final int VOWELS_BATCH = 16;
    /** The learning rate is multiplied by {@link #VOWELS_LR_GAMMA} every this many epochs. */
    public static final int VOWELS_LR_STEP = 30;
    /** Factor of the step learning-rate schedule of the vowel network. */
    public static final double VOWELS_LR_GAMMA = 0.5;

    /**
     * The vowel network with two layers of 48 driven, coupled pendula (the reference example's size):
     * {@code linear(12,48) tanh pendula(48) linear(48,48) tanh pendula(48) linear(48,7)}. The pendula's natural
     * frequencies and couplings are trained (as in the reference); the digital layers encode the 12 formants onto the
     * 48 initial angles and read the 48 final angles out. Device seeds are fixed (0), the parameters drawn from
     * {@code seed}.
     */
    public static Network vowelsNetwork(long seed) {
        return Network.of(linear(12, 48), tanh(), pendula(48), linear(48, 48), tanh(), pendula(48), linear(48, 7)).initialize(seed);
    }

    /**
     * One training run and what it cost.
     *
     * @param method            the method's name
     * @param seed              seed of the initialization and batch order
     * @param epochs            epochs trained
     * @param physicalAccuracy  test accuracy with every physical layer on its device
     * @param idealAccuracy     test accuracy with every physical layer on its ideal model (NaN for local learning,
     *                          whose inference runs the layers in their own mode)
     * @param samplesPerSecond  training samples per second of wall-clock time (device calls included)
     * @param physicalCalls     physical forward calls during training
     * @param seconds           wall-clock seconds of training
     */
    public record Run(String method, long seed, int epochs, double physicalAccuracy, double idealAccuracy,
                      double samplesPerSecond, long physicalCalls, double seconds) {}

    /**
     * Trains {@link #vowelsNetwork} on {@code split.train()} with {@code method} for {@code epochs} epochs (Adam
     * {@value #VOWELS_LR}, batch {@value #VOWELS_BATCH}, learning rate halved every {@value #VOWELS_LR_STEP}
     * epochs) and evaluates it on {@code split.test()}.
     */
    public static Run vowels(Split split, Method method, int epochs, long seed) {
        Network net = vowelsNetwork(seed);
        long t0 = System.nanoTime();
        History h = Trainer.of(net).method(method).optimizer(Optimizer.adam(VOWELS_LR)).schedule(LrSchedule.step(VOWELS_LR_STEP, VOWELS_LR_GAMMA))
                .epochs(epochs).batchSize(VOWELS_BATCH).seed(seed).fit(split.train());
        double s = (System.nanoTime() - t0) / 1e9;
        return new Run(method.describe(), seed, epochs, Evaluation.physical(net, split.test()).accuracy(),
                Evaluation.ideal(net, split.test()).accuracy(), h.last().samples() / s, h.last().physicalCalls(), s);
    }

    /** A table of runs: method, seed, epochs, accuracies (%), samples/s, physical calls, seconds. */
    public static Table table(String name, List<Run> runs) {
        StringColumn method = StringColumn.create("method");
        LongColumn seed = LongColumn.create("seed"), calls = LongColumn.create("physical_calls");
        IntColumn epochs = IntColumn.create("epochs");
        DoubleColumn phys = DoubleColumn.create("physical_test_acc_%"), ideal = DoubleColumn.create("ideal_test_acc_%"),
                sps = DoubleColumn.create("samples_per_s"), sec = DoubleColumn.create("seconds");
        for (Run r : runs) {
            method.append(r.method());
            seed.append(r.seed());
            epochs.append(r.epochs());
            phys.append(Math.round(1000 * r.physicalAccuracy()) / 10.0);
            ideal.append(Double.isNaN(r.idealAccuracy()) ? Double.NaN : Math.round(1000 * r.idealAccuracy()) / 10.0);
            sps.append(Math.round(r.samplesPerSecond() * 10) / 10.0);
            calls.append(r.physicalCalls());
            sec.append(Math.round(r.seconds() * 10) / 10.0);
        }
        return Table.create(name, method, seed, epochs, phys, ideal, sps, calls, sec);
    }

    /** {@code d} with {@code k} zero features prepended: room for the label embedding of local learning. */
    public static Dataset padLabels(Dataset d, int k) {
        int n = d.size(), f = d.numFeatures();
        float[] src = d.features().toArray(), dst = new float[n * (f + k)];
        for (int i = 0; i < n; i++) System.arraycopy(src, i * f, dst, i * (f + k) + k, f);
        return Dataset.classification(d.name(), Tensor.wrap(dst, n, f + k), d.labels(), d.classNames());
    }

    /**
     * Physical local learning, PAT and in-silico backprop on the vowels with two layers of {@code cavity} (a substrate
     * with 19 inputs in [0, 1], e.g. {@code Cavity.acoustic(19, 4, 16)} or {@code RecordedAcoustic.fit(dir).controls(1)}),
     * the 12 formants padded with 7 label slots. Rows:
     * <ul>
     *   <li>PhyLL, blocks P(h) → linear(out, 19): the same layer sizes as the backprop network below;</li>
     *   <li>PhyLL, blocks [P(h), h] → linear(out + 19, 19): the paper's concatenation of the block input;</li>
     *   <li>PAT and in silico on {@code P → linear(out, 19) → sigmoid → P → linear(out, 7)} (the sigmoid maps onto the
     *       cavity's input range; a concatenation is not a sequential network, so it has no backprop counterpart here).</li>
     * </ul>
     * PhyLL: 10 Adam steps per block per batch, τ = 4, batch 32; backprop: batch 32. All at Adam {@code lr}.
     *
     * @param label  the substrate's name in the table
     */
    public static List<Run> localLearningVowels(Split split, Substrate cavity, String label, int epochs, double lr, long seed) {
        Dataset train = padLabels(split.train(), 7), test = padLabels(split.test(), 7);
        int out = cavity.outputSize(), in = cavity.inputSize();
        if (in != 19)
            throw new IllegalArgumentException(cavity.name() + " takes " + in + " inputs; the padded vowels have 19 (7 label slots and 12 formants)");
        List<Run> runs = new ArrayList<>();
        for (boolean concat : new boolean[] {false, true}) {
            LocalNetwork net = LocalNetwork.of(7, seed,
                    LocalNetwork.block(physical(cavity, 1), linear(concat ? out + in : out, in)),
                    LocalNetwork.block(physical(cavity, 2), linear(concat ? out + in : out, in)));
            net.initialize(new Rng(seed));
            long t0 = System.nanoTime();
            History h = Trainer.of(net).method(Method.localLearning(10, 4)).optimizer(Optimizer.adam(lr)).epochs(epochs).batchSize(32)
                    .seed(seed).fit(train);
            double s = (System.nanoTime() - t0) / 1e9;
            double acc = Evaluation.of(net, test).accuracy();
            runs.add(new Run(label + ": PhyLL " + (concat ? "[P(h), h]" : "P(h)"), seed, epochs, acc, Double.NaN,
                    h.last().samples() / s, h.last().physicalCalls(), s));
        }
        for (Method m : new Method[] {Method.physicsAware(), Method.inSilico()}) {
            Network net = Network.of(physical(cavity, 1), linear(out, in), sigmoid(), physical(cavity, 2), linear(out, 7)).initialize(seed);
            long t0 = System.nanoTime();
            History h = Trainer.of(net).method(m).optimizer(Optimizer.adam(lr)).epochs(epochs).batchSize(32).seed(seed).fit(train);
            double s = (System.nanoTime() - t0) / 1e9;
            runs.add(new Run(label + ": " + m.describe(), seed, epochs, Evaluation.physical(net, test).accuracy(),
                    Evaluation.ideal(net, test).accuracy(), h.last().samples() / s, h.last().physicalCalls(), s));
        }
        return runs;
    }

    /**
     * How {@link #phyllVowels} trains and splits. {@link #REFERENCE} is the PhyLL reference code's acoustic vowel
     * run (MomeniAli/PhyLL, {@code Acoustic/acoustics_pnn.py}); {@link #LEGACY} pnn4j's former schedule and wiring.
     *
     * @param epochs   training epochs (≥ 1)
     * @param batch    batch size; 0 = the whole training set in one batch
     * @param lr       Adam learning rate (&gt; 0)
     * @param wiring   how block inputs reach the physical layers and the skips
     * @param zscore   features z-scored per column (population sd) then shifted by the global minimum (so ≥ 0), as
     *                 the reference does; otherwise the dataset's own scaling (vowels: divided by the column maxima)
     * @param testFraction fraction of the rows drawn at random (unstratified, a fresh permutation per seed) for the
     *                 test part, in (0, 1)
     */
    public record PhyllProtocol(int epochs, int batch, double lr, LocalNetwork.Wiring wiring, boolean zscore, double testFraction) {
        /** The reference code's: 200 epochs, full batch, Adam 5·10⁻⁴, |h|/‖h‖₂ wiring with a signed skip, z-scored, 80/20. */
        public static final PhyllProtocol REFERENCE = new PhyllProtocol(200, 0, 5e-4, LocalNetwork.Wiring.SAMPLE_NORM, true, 0.2);
        /** pnn4j's former: 100 epochs, batch 32, Adam 0.01, batch-max wiring, features divided by their maxima, 80/20. */
        public static final PhyllProtocol LEGACY = new PhyllProtocol(100, 32, 0.01, LocalNetwork.Wiring.BATCH_MAX, false, 0.2);

        /** Validates the values. */
        public PhyllProtocol {
            if (epochs < 1) throw new IllegalArgumentException("PhyLL epochs must be at least 1, got " + epochs);
            if (batch < 0) throw new IllegalArgumentException("PhyLL batch must be 0 (full batch) or positive, got " + batch);
            if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("PhyLL learning rate must be positive and finite, got " + lr);
            java.util.Objects.requireNonNull(wiring, "wiring");
            if (!(testFraction > 0 && testFraction < 1)) throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
        }

        /** This protocol with another epoch count. */
        public PhyllProtocol withEpochs(int e) { return new PhyllProtocol(e, batch, lr, wiring, zscore, testFraction); }

        /** This protocol with another batch size (0 = full batch). */
        public PhyllProtocol withBatch(int b) { return new PhyllProtocol(epochs, b, lr, wiring, zscore, testFraction); }

        /** This protocol with another learning rate. */
        public PhyllProtocol withLr(double r) { return new PhyllProtocol(epochs, batch, r, wiring, zscore, testFraction); }

        /** This protocol with another wiring. */
        public PhyllProtocol withWiring(LocalNetwork.Wiring w) { return new PhyllProtocol(epochs, batch, lr, w, zscore, testFraction); }

        /** This protocol with or without the reference's z-scoring. */
        public PhyllProtocol withZscore(boolean z) { return new PhyllProtocol(epochs, batch, lr, wiring, z, testFraction); }
    }

    /**
     * The reference's feature preparation: each column z-scored (population standard deviation), then the global
     * minimum subtracted so that every value is ≥ 0.
     */
    public static Dataset zscoreShifted(Dataset d) {
        int n = d.size(), w = d.numFeatures();
        float[] x = d.features().toArray();
        for (int j = 0; j < w; j++) {
            double mean = 0, sq = 0;
            for (int i = 0; i < n; i++) mean += x[i * w + j];
            mean /= n;
            for (int i = 0; i < n; i++) sq += (x[i * w + j] - mean) * (x[i * w + j] - mean);
            double sd = Math.sqrt(sq / n);
            for (int i = 0; i < n; i++) x[i * w + j] = (float) (sd > 0 ? (x[i * w + j] - mean) / sd : 0);
        }
        float min = Float.POSITIVE_INFINITY;
        for (float v : x) min = Math.min(min, v);
        for (int i = 0; i < x.length; i++) x[i] -= min;
        return Dataset.classification(d.name(), Tensor.wrap(x, n, w), d.labels(), d.classNames(), d.featureNames());
    }

    /**
     * One PhyLL run on the vowels as the reference code does it: a fresh random (unstratified) train/test split of
     * {@code vowels} drawn from {@code seed}, the features prepared per {@code protocol}, 7 label slots (plus zeros
     * up to the cavity's input width) before the 12 formants, two blocks {@code cavity → linear(out + in, in)} with
     * the skip, {@link Method#localLearning()} (10 inner steps, τ = 4), Adam; test accuracy on the device.
     *
     * @param vowels   the vowel dataset before splitting (e.g. {@code Vowels.load}), 12 features, 7 classes
     * @param cavity   the physical layer of both blocks; at least 19 inputs
     * @param label    the substrate's name in the run's method column
     * @param protocol schedule, wiring, feature preparation and split
     * @param seed     seed of the split, the initialization, ζ and the negative labels
     * @throws IllegalArgumentException if the cavity takes fewer than 7 + 12 inputs
     */
    public static Run phyllVowels(Dataset vowels, Substrate cavity, String label, PhyllProtocol protocol, long seed) {
        int out = cavity.outputSize(), in = cavity.inputSize(), f = vowels.numFeatures();
        if (in < 7 + f)
            throw new IllegalArgumentException(cavity.name() + " takes " + in + " inputs; the vowels need " + (7 + f)
                    + " (7 label slots and " + f + " formants)");
        Dataset d = (protocol.zscore() ? zscoreShifted(vowels) : vowels).padFeatures(in - f);
        int n = d.size(), nTest = (int) Math.round(n * protocol.testFraction());
        int[] perm = new Rng(seed ^ 0x5EED5EEDL).permutation(n);
        Dataset train = d.subset(java.util.Arrays.copyOfRange(perm, 0, n - nTest));
        Dataset test = d.subset(java.util.Arrays.copyOfRange(perm, n - nTest, n));
        LocalNetwork net = LocalNetwork.of(7, seed,
                LocalNetwork.block(physical(cavity, 1), linear(out + in, in)),
                LocalNetwork.block(physical(cavity, 2), linear(out + in, in))).withWiring(protocol.wiring());
        net.initialize(new Rng(seed));
        long t0 = System.nanoTime();
        History h = Trainer.of(net).method(Method.localLearning(10, 4)).optimizer(Optimizer.adam(protocol.lr()))
                .epochs(protocol.epochs()).batchSize(protocol.batch() == 0 ? train.size() : protocol.batch()).seed(seed).fit(train);
        double s = (System.nanoTime() - t0) / 1e9;
        return new Run(label + ": PhyLL [P(h), h] " + protocol.wiring(), seed, protocol.epochs(), Evaluation.of(net, test).accuracy(),
                Double.NaN, h.last().samples() / s, h.last().physicalCalls(), s);
    }

    /** y = k·(w·x)^1.1 with w in [0.1, 2]; the toy of the PAT paper has k = 2 physically and 2.01 in the model. */
    public static CustomSubstrate powerLaw(double kModel, double kPhysical) {
        return substrate("power-1.1", (x, t) -> x.mul(t.get("w")).pow(1.1).mul(kModel))
                .io(1, 1).inputRange(0, 1e6)
                .param(ParameterSpec.uniform("w", 0.1, 2, 0.9, 1.1, "", 1))
                .realization((x, t) -> x.mul(t.get("w")).pow(1.1).mul(kPhysical));
    }

    private static float[] toyGradient(CustomSubstrate s, Mode mode, Tensor x, Tensor target, long init) {
        Network net = Network.of(physical(s), physical(s), physical(s)).initialize(init).mode(mode);
        Loss.mse().apply(net.forward(x), target).backward();
        float[] g = new float[3];
        for (int i = 0; i < 3; i++) g[i] = net.parameters().get(i).grad().item();
        return g;
    }

    private static double relativeError(float[] g, float[] truth) {
        double num = 0, den = 0;
        for (int i = 0; i < g.length; i++) {
            num += (g[i] - truth[i]) * (double) (g[i] - truth[i]);
            den += truth[i] * (double) truth[i];
        }
        return Math.sqrt(num / den);
    }

    /**
     * The toy reality gap of the PAT paper: three layers of y = k·(w·x)^1.1, k = 2 physically, 2.01 in the model.
     * For each trial (its own initialization and batch of 16 inputs in [0.5, 1], targets 2% above the physical output,
     * a network near its optimum where the gap matters most) the relative gradient error ‖g − g*‖/‖g*‖ over the three
     * parameters is measured, g* the gradient of the true physics (forward and backward with k = 2). Rows: PAT and in
     * silico, with the mean, median, min and max error in % over the trials.
     */
    public static Table toyGradientError(int trials) {
        if (trials < 1) throw new IllegalArgumentException("trials must be at least 1, got " + trials);
        CustomSubstrate truth = powerLaw(2.0, 2.0), gap = powerLaw(2.01, 2.0);
        double[][] err = new double[2][trials];
        for (int t = 0; t < trials; t++) {
            Tensor x = Tensor.uniform(new Rng(1 + t), 0.5, 1, 16, 1);
            long init = 11 + t;
            Tensor target;
            try (Grad.Scope off = Grad.off()) {
                target = Network.of(physical(truth), physical(truth), physical(truth)).initialize(init).mode(Mode.IDEAL).forward(x).mul(1.02);
            }
            float[] gTrue = toyGradient(truth, Mode.IDEAL, x, target, init);
            err[0][t] = relativeError(toyGradient(gap, Mode.PHYSICS_AWARE, x, target, init), gTrue);
            err[1][t] = relativeError(toyGradient(gap, Mode.IDEAL, x, target, init), gTrue);
        }
        StringColumn method = StringColumn.create("method");
        IntColumn n = IntColumn.create("trials");
        DoubleColumn mean = DoubleColumn.create("mean_gradient_error_%"), median = DoubleColumn.create("median_%"),
                min = DoubleColumn.create("min_%"), max = DoubleColumn.create("max_%");
        String[] names = {"physicsAware()", "inSilico()"};
        for (int m = 0; m < 2; m++) {
            double[] e = err[m].clone();
            java.util.Arrays.sort(e);
            double sum = 0;
            for (double v : e) sum += v;
            method.append(names[m]);
            n.append(trials);
            mean.append(Math.round(1000 * sum / trials) / 10.0);
            median.append(Math.round(1000 * e[trials / 2]) / 10.0);
            min.append(Math.round(1000 * e[0]) / 10.0);
            max.append(Math.round(1000 * e[trials - 1]) / 10.0);
        }
        return Table.create("toy: gradient error against the true physical gradient", method, n, mean, median, min, max);
    }

    /**
     * Accuracy against noise: the vowel pendula network ({@link #vowels}) trained with PAT and in silico on pendula
     * whose angle readout has Gaussian measurement noise of each of {@code sigmas} (rad), evaluated on the same noisy
     * devices. One row per noise level and method.
     */
    public static Table noiseRobustness(Split split, double[] sigmas, int epochs, long seed) {
        DoubleColumn noise = DoubleColumn.create("measurement_noise_rad");
        List<Run> runs = new ArrayList<>();
        for (double sigma : sigmas) {
            PendulaRing ring = PendulaRing.of(48).measurementNoise(sigma);
            for (Method m : new Method[] {Method.physicsAware(), Method.inSilico()}) {
                Network net = Network.of(linear(12, 48), tanh(), pendula(ring), linear(48, 48), tanh(), pendula(ring), linear(48, 7)).initialize(seed);
                long t0 = System.nanoTime();
                History h = Trainer.of(net).method(m).optimizer(Optimizer.adam(VOWELS_LR)).schedule(LrSchedule.step(VOWELS_LR_STEP, VOWELS_LR_GAMMA))
                        .epochs(epochs).batchSize(VOWELS_BATCH).seed(seed).fit(split.train());
                double s = (System.nanoTime() - t0) / 1e9;
                runs.add(new Run(m.describe(), seed, epochs, Evaluation.physical(net, split.test()).accuracy(),
                        Evaluation.ideal(net, split.test()).accuracy(), h.last().samples() / s, h.last().physicalCalls(), s));
                noise.append(sigma);
            }
        }
        Table t = table("accuracy vs measurement noise (vowels, 2 x pendula(48))", runs);
        t.insertColumn(0, noise);
        return t;
    }

    /** The mean of the physical accuracies of {@code runs} whose method is {@code method}. */
    public static double meanPhysicalAccuracy(List<Run> runs, String method) {
        double s = 0;
        int n = 0;
        for (Run r : runs) if (r.method().equals(method)) {
            s += r.physicalAccuracy();
            n++;
        }
        return n == 0 ? Double.NaN : s / n;
    }

    // ------------------------------------------------------------------ black-box twins

    /**
     * The built-in substrates the twins table treats as black boxes, by short name: {@code shg} (SHG, 32 bins, 16
     * inputs, 8 outputs, 16 phases), {@code plate} (8 inputs, 8 drive segments, 8 outputs), {@code diode} (8 inputs,
     * 8 drive segments, 8 outputs), {@code transistor} (the PAT paper's kind of circuit, the same sizes),
     * {@code oscillators} (8 coupled oscillators: 64 couplings and 8 fields) and
     * {@code acoustic} (acoustic cavity, 8 inputs, 4 control speakers, 8 microphones).
     */
    public static Map<String, Substrate> twinSubstrates() {
        Map<String, Substrate> m = new LinkedHashMap<>();
        m.put("shg", org.pnn4j.physics.optics.Shg.of(32, 16, 8));
        m.put("plate", org.pnn4j.physics.mechanics.Plate.of(8).inputs(8).parameterSegments(8).outputs(8));
        m.put("diode", org.pnn4j.physics.electronics.DiodeCircuit.of().inputs(8).parameterSegments(8).outputs(8));
        m.put("transistor", org.pnn4j.physics.electronics.TransistorCircuit.of().inputs(8).parameterSegments(8).outputs(8));
        m.put("oscillators", org.pnn4j.physics.oscillators.CoupledOscillators.of(8));
        m.put("acoustic", org.pnn4j.physics.cavities.Cavity.acoustic(8, 4, 8));
        return m;
    }

    /** The 8×8 digits scaled to [0, 1], 25% held out for testing (seed 1): the twins table's task. */
    public static Split digitsSplit() {
        return org.pnn4j.data.Datasets.digits().scaleFeatures(16).split(0.25, 1);
    }

    /**
     * The twins table for the substrates named (keys of {@link #twinSubstrates()}) and seeds, printing each row to
     * {@code progress} as it finishes (null: silent).
     *
     * @throws IllegalArgumentException naming an unknown substrate and the known ones
     */
    public static List<TwinRun> twins(List<String> substrates, int epochs, int settings, boolean refit, long[] seeds,
                                      java.io.PrintStream progress) {
        Map<String, Substrate> known = twinSubstrates();
        for (String n : substrates)
            if (!known.containsKey(n)) throw new IllegalArgumentException("unknown substrate '" + n + "'; the twins table knows " + known.keySet());
        Split split = digitsSplit();
        List<TwinRun> runs = new ArrayList<>();
        for (String n : substrates)
            for (long seed : seeds) {
                TwinRun r = twins(n, known.get(n), split, epochs, settings, refit, seed);
                if (progress != null)
                    progress.printf(java.util.Locale.ROOT, "  %s seed %d: twin fresh R² %.3f, PAT true model %.1f%%, twin %.1f%% (gap %.1f points), %.0f s%n",
                            n, seed, r.twinFreshR2(), 100 * r.trueAccuracy(), 100 * r.twinAccuracy(), r.gapPoints(), r.seconds());
                runs.add(r);
            }
        return runs;
    }

    /**
     * One row of the twins table.
     *
     * @param substrate       short name
     * @param seed            seed of the network, batch order, sampling plans and backends
     * @param twinCalls       device calls spent on the twin's initial data
     * @param refitCalls      device calls the refit listener spent during training (checks and refits)
     * @param refits          refits during training
     * @param trainCalls      device calls of the PAT training through the twin itself (one per batch, plus evaluation)
     * @param twinHeldOutR2   mean R² of the initial twin on its held-out settings
     * @param twinFreshR2     mean R² of the initial twin on 20 fresh uniformly drawn settings (measured separately)
     * @param trajectoryR2    1 − the twin's relative error at the parameters training visited, before refits (mean over the refit
     *                        listener's checks; error relative to the output variance of the twin's data, see {@link TwinRefit}; without
     *                        refits, one {@link TwinRefit#measure} where training ended)
     * @param trueAccuracy    test accuracy on the device after PAT through the true model
     * @param twinAccuracy    test accuracy on the device after PAT through the twin
     * @param twinSeconds     seconds spent measuring and fitting the initial twin
     * @param seconds         wall-clock seconds of the whole row (both trainings included)
     */
    public record TwinRun(String substrate, long seed, long twinCalls, long refitCalls, int refits, long trainCalls, double twinHeldOutR2,
                          double twinFreshR2, double trajectoryR2, double trueAccuracy, double twinAccuracy, double twinSeconds,
                          double seconds) {
        /** Accuracy through the true model minus through the twin, in points (%). */
        public double gapPoints() {
            return 100 * (trueAccuracy - twinAccuracy);
        }
    }

    /** Maps features into [lo + m·(hi − lo), hi − m·(hi − lo)] by a sigmoid: the physical layer's input range with margin m. */
    static Layer toRange(double lo, double hi, double margin) {
        double a = lo + margin * (hi - lo), span = (hi - lo) * (1 - 2 * margin);
        return new Layer() {
            @Override public Tensor forward(Tensor x) { return x.sigmoid().mul(span).add(a); }
            @Override public int[] outputShape(int[] in) { return in.clone(); }
            @Override public String describe() { return "toRange(" + lo + ", " + hi + ")"; }
        };
    }

    private static Network twinNetwork(Substrate truthOrTwin, PhysicalDevice device, int features, int classes, long seed) {
        double lo = Double.isFinite(truthOrTwin.inputMin()) ? truthOrTwin.inputMin() : -1, hi = Double.isFinite(truthOrTwin.inputMax()) ? truthOrTwin.inputMax() : 1;
        return Network.of(linear(features, truthOrTwin.inputSize()), toRange(lo, hi, 0.02), new PhysicalLayer(truthOrTwin, device),
                linear(truthOrTwin.outputSize(), classes)).initialize(seed);
    }

    /**
     * One row of the twins table: {@code truth} served by a {@link SimulatedBackend} and seen only as the
     * {@link DescribedSubstrate} it declares; the network {@code linear → toRange → physical → linear} trained on
     * {@code split} with physics-aware training (Adam 0.01, batch 32, {@code epochs} epochs) (a) through the true model
     * and (b) through a black-box twin ({@link Twins#fit(PhysicalDevice, SamplingPlan)} on {@code settings} settings of
     * 64 uniform inputs, half uniform over the parameter ranges, half {@link SamplingPlan#around} the starting parameters
     * at spread 0.05) kept accurate by {@link TwinRefit} (every 10 batches, threshold 0.05, 12 settings at
     * spread 0.05) when {@code refit}; each on a fresh backend of the same seed, from the same initial network (the
     * physical layer's parameters copied from (a)'s start). Accuracies are measured on the device.
     */
    public static TwinRun twins(String label, Substrate truth, Split split, int epochs, int settings, boolean refit, long seed) {
        long t0 = System.nanoTime();
        int classes = split.train().numClasses(), features = split.train().numFeatures();
        // (a) PAT through the true model
        SimulatedBackend ba = new SimulatedBackend(seed).serve(truth);
        PhysicalDevice da = ba.device(ba.substrate(truth.name()));
        Network netA = twinNetwork(truth, da, features, classes, seed);
        List<float[]> initialA = new ArrayList<>();
        for (org.pnn4j.nn.Parameter p : ((PhysicalLayer) netA.layers().get(2)).parameters()) initialA.add(p.snapshot());
        trainTwinRow(netA, split, epochs, seed, null);
        double trueAcc = Evaluation.physical(netA, split.test()).accuracy();
        // (b) the same through a black-box twin fitted to the device's measurements
        SimulatedBackend bb = new SimulatedBackend(seed).serve(truth);
        DescribedSubstrate box = bb.substrate(truth.name());
        PhysicalDevice db = bb.device(box);
        long tt = System.nanoTime();
        // half uniform (the whole device), half around the starting parameters (where training begins)
        Map<String, Tensor> start = new LinkedHashMap<>();
        List<org.pnn4j.physics.ParameterSpec> specs = box.parameters();
        for (int i = 0; i < specs.size(); i++) start.put(specs.get(i).name(), Tensor.of(initialA.get(i), specs.get(i).shape()));
        SamplingPlan plan = Twins.startPlan(org.pnn4j.physics.Params.of(box.name(), start), settings, seed);
        DigitalTwin twin = Twins.fit(db, plan);
        double twinSeconds = (System.nanoTime() - tt) / 1e9;
        double heldR2 = twin.heldOutSettingsDiagnosis().meanR2();
        double freshR2 = twin.diagnoseFresh(db, SamplingPlan.uniform(20, 64, 1, seed + 200)).meanR2();
        Network netB = twinNetwork(twin.asSubstrate(), db, features, classes, seed);
        PhysicalLayer layerB = (PhysicalLayer) netB.layers().get(2);
        // same start as (a): the declaration's initializers (uniform over the range) differ from the true substrate's
        for (int i = 0; i < layerB.parameters().size(); i++) layerB.parameters().get(i).set(initialA.get(i));
        TwinRefit listener = TwinRefit.of(layerB, twin).every(10).threshold(0.05).refitPlan(12, 64, 0.05, 15).seed(seed);
        trainTwinRow(netB, split, epochs, seed, refit ? listener : null);
        if (!refit) listener.measure(-1); // the twin's error where training ended, no refit
        double twinAcc = Evaluation.physical(netB, split.test()).accuracy();
        return new TwinRun(label, seed, plan.calls() + 20, listener.deviceCalls(), listener.refits(), layerB.physicalCalls(), heldR2, freshR2,
                listener.meanTrajectoryR2(), trueAcc, twinAcc, twinSeconds, (System.nanoTime() - t0) / 1e9);
    }

    private static void trainTwinRow(Network net, Split split, int epochs, long seed, TrainingListener listener) {
        Trainer t = Trainer.of(net).method(Method.physicsAware()).optimizer(Optimizer.adam(0.01)).epochs(epochs).batchSize(32).seed(seed);
        if (listener != null) t = t.listener(listener);
        t.fit(split.train());
    }

    /**
     * The twins table: substrate, seed, device calls for the twin (initial data + fresh check; refits; the PAT training
     * through the twin itself), twin R² on
     * held-out and fresh settings and along the trajectory, PAT test accuracy (%) through the true model and through
     * the twin, the gap in points, seconds.
     */
    public static Table twinsTable(List<TwinRun> runs) {
        StringColumn sub = StringColumn.create("substrate");
        LongColumn seed = LongColumn.create("seed"), calls = LongColumn.create("twin_calls"), rcalls = LongColumn.create("refit_calls");
        IntColumn refits = IntColumn.create("refits");
        LongColumn tcalls = LongColumn.create("train_calls");
        DoubleColumn held = DoubleColumn.create("r2_heldout_settings"), fresh = DoubleColumn.create("r2_fresh_settings"),
                traj = DoubleColumn.create("r2_trajectory"), accT = DoubleColumn.create("pat_true_model_%"),
                accW = DoubleColumn.create("pat_twin_%"), gap = DoubleColumn.create("gap_points"), twinS = DoubleColumn.create("twin_fit_s"),
                sec = DoubleColumn.create("seconds");
        for (TwinRun r : runs) {
            sub.append(r.substrate());
            seed.append(r.seed());
            calls.append(r.twinCalls());
            rcalls.append(r.refitCalls());
            refits.append(r.refits());
            tcalls.append(r.trainCalls());
            held.append(round3(r.twinHeldOutR2()));
            fresh.append(round3(r.twinFreshR2()));
            traj.append(round3(r.trajectoryR2()));
            accT.append(Math.round(1000 * r.trueAccuracy()) / 10.0);
            accW.append(Math.round(1000 * r.twinAccuracy()) / 10.0);
            gap.append(Math.round(10 * r.gapPoints()) / 10.0);
            twinS.append(Math.round(10 * r.twinSeconds()) / 10.0);
            sec.append(Math.round(10 * r.seconds()) / 10.0);
        }
        return Table.create("PAT through black-box twins", sub, seed, calls, rcalls, refits, tcalls, held, fresh, traj, accT, accW, gap, twinS, sec);
    }

    private static double round3(double v) {
        return Double.isNaN(v) ? v : Math.round(1000 * v) / 1000.0;
    }
}
