package org.pnn4j;

import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.pendula;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.sigmoid;
import static org.pnn4j.Pnn.substrate;
import static org.pnn4j.Pnn.tanh;

import java.util.ArrayList;
import java.util.List;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Split;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.LrSchedule;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.ParameterSpec;
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
}
