package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.acoustic;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.pnn4j.Network;
import org.pnn4j.Reproductions;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.data.TestData;
import org.pnn4j.data.Vowels;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalLayer.Mode;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.physics.cavities.RecordedAcoustic;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Bounded versions of the acceptance experiments of the training methods (the full runs are listed in the report). */
class AcceptanceTest {
    /** The parameter gradients of a 3-layer chain of power layers, in {@code mode}, on the fixed batch and targets. */
    private static float[] gradient(CustomSubstrate s, Mode mode, Tensor x, Tensor target) {
        Network net = Network.of(physical(s), physical(s), physical(s)).initialize(11).mode(mode);
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
     * (a) Toy reality gap: the gradient error of PAT is smaller than that of in-silico training. Error = ‖g − g*‖ / ‖g*‖
     * over the three layer parameters, g* the gradient of the loss of the true physics (forward and backward through
     * k = 2), on targets 2% above the physical output (a network near its optimum, where the gap matters most).
     */
    @Test
    void physicsAwareGradientIsCloserToTheTruePhysicalGradientThanInSilico() {
        Tensor x = Tensor.uniform(new Rng(1), 0.5, 1, 16, 1);
        CustomSubstrate truth = Reproductions.powerLaw(2.0, 2.0), gap = Reproductions.powerLaw(2.01, 2.0);
        Tensor target;
        try (var off = org.pnn4j.tensor.Grad.off()) {
            target = Network.of(physical(truth), physical(truth), physical(truth)).initialize(11).mode(Mode.IDEAL).forward(x).mul(1.02);
        }
        float[] gTrue = gradient(truth, Mode.IDEAL, x, target);
        double pat = relativeError(gradient(gap, Mode.PHYSICS_AWARE, x, target), gTrue);
        double inSilico = relativeError(gradient(gap, Mode.IDEAL, x, target), gTrue);
        System.out.printf(Locale.ROOT, "toy gradient error: PAT %.1f%%, in silico %.1f%%%n", 100 * pat, 100 * inSilico);
        assertTrue(pat < inSilico, "PAT " + pat + " vs in silico " + inSilico);
        assertTrue(pat < 0.15, "PAT gradient error " + pat);
        assertTrue(inSilico > 0.3, "in-silico gradient error " + inSilico);
    }

    /** (a, table) The toy over 20 trials (the full run: {@code ./pnn4j reproduce toy}, 200 trials). */
    @Test
    void toyGradientErrorTable() {
        Table t = Reproductions.toyGradientError(20);
        System.out.println(t.print());
        double pat = t.doubleColumn("mean_gradient_error_%").get(0), inSilico = t.doubleColumn("mean_gradient_error_%").get(1);
        assertEquals("physicsAware()", t.stringColumn("method").get(0));
        assertTrue(pat < inSilico && pat < 15 && inSilico > 30, "PAT " + pat + "% vs in silico " + inSilico + "%");
        assertTrue(t.doubleColumn("max_%").get(0) < t.doubleColumn("min_%").get(1), "every PAT trial beats every in-silico trial");
    }

    private static Split vowels() {
        Path file = TestData.sharedDatasets().resolve("vowels").resolve("vowdata.dat");
        TestData.requireOrSkip(file);
        return Vowels.split(Vowels.load(file), 1);
    }

    /**
     * (b) Vowels with two layers of 48 pendula trained physics-aware ({@link Reproductions#vowelsNetwork}), bounded to
     * 50 epochs; the full run is {@code ./pnn4j reproduce vowels} (100 epochs, seeds 1-3).
     */
    @Test
    void twoLayersOf48PendulaLearnVowelsWithPhysicsAwareTraining() {
        Split s = vowels();
        Reproductions.Run r = Reproductions.vowels(s, Method.physicsAware(), 50, 1);
        System.out.printf(Locale.ROOT, "vowels, 2 x pendula(48), PAT 50 epochs, seed 1: physical test accuracy %.1f%%, %d physical calls, %.0f samples/s%n",
                100 * r.physicalAccuracy(), r.physicalCalls(), r.samplesPerSecond());
        assertTrue(r.physicalAccuracy() >= VOWELS_PAT_BOUNDED, "physical test accuracy " + r.physicalAccuracy());
        assertEquals(50L * 2 * s.train().numBatches(Reproductions.VOWELS_BATCH), r.physicalCalls(), "two device calls per step");
    }

    /** The target for the vowels: at least 90% on the physical realization (45 of the 49 test vowels). */
    static final double VOWELS_PAT_BOUNDED = 0.9;

    /** (c) Physical local learning on the acoustic cavity, vowels padded with 7 label slots: above chance. */
    @Test
    void localLearningOnTheAcousticCavityLearnsVowels() {
        Split s = vowels();
        LocalNetwork net = LocalNetwork.of(7, 3,
                LocalNetwork.block(acoustic(19, 4, 16), linear(16 + 19, 19)),
                LocalNetwork.block(acoustic(19, 4, 16), linear(16 + 19, 19)));
        net.initialize(new Rng(2));
        Dataset train = padLabels(s.train(), 7), test = padLabels(s.test(), 7);
        History h = Trainer.of(net).method(Method.localLearning(10, 4)).optimizer(Optimizer.adam(0.01)).epochs(8).batchSize(32).seed(1).fit(train);
        double acc = Evaluation.of(net, test).accuracy();
        System.out.printf(Locale.ROOT, "vowels, PhyLL on 2 acoustic-cavity blocks, 8 epochs: test accuracy %.1f%%, %d physical calls in training%n",
                100 * acc, h.last().physicalCalls());
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss(), "local loss must fall: " + h.table().print());
        assertTrue(acc > 0.35, "test accuracy " + acc + " (chance 0.14)");
    }

    /**
     * (c, table) PhyLL next to PAT and in-silico backprop on the simulated and the recorded acoustic cavity, bounded to
     * 30 epochs; the full run is {@code ./pnn4j reproduce phyll} (100 epochs).
     */
    @Test
    void localLearningTableOnSimulatedAndRecordedAcousticCavities() {
        Split s = vowels();
        Path recorded = TestData.sharedDatasets().resolve("phyll-acoustic");
        TestData.requireOrSkip(recorded.resolve("x_data.csv"));
        List<Reproductions.Run> runs = new ArrayList<>();
        runs.addAll(Reproductions.localLearningVowels(s, Cavity.acoustic(19, 4, 16), "simulated", 30, 0.01, 1));
        runs.addAll(Reproductions.localLearningVowels(s, RecordedAcoustic.fit(recorded).controls(1), "recorded", 30, 0.01, 1));
        Table t = Reproductions.table("PhyLL vs PAT vs in silico, 30 epochs", runs);
        System.out.println(t.print());
        assertEquals(8, t.rowCount());
        for (Reproductions.Run r : runs) assertTrue(r.physicalAccuracy() > 0.4, r.method() + ": " + r.physicalAccuracy() + " (chance 0.14)");
        double simPhyll = runs.get(1).physicalAccuracy(), recPhyll = runs.get(5).physicalAccuracy();
        assertTrue(simPhyll >= PHYLL_BOUNDED && recPhyll >= PHYLL_BOUNDED, "PhyLL [P(h), h]: simulated " + simPhyll + ", recorded " + recPhyll);
        assertEquals(0, runs.get(3).physicalCalls(), "in silico never calls the device");
        assertTrue(runs.get(0).physicalCalls() > 0 && runs.get(2).physicalCalls() > 0);
    }

    /** The threshold of PhyLL with concatenation in the bounded table. */
    static final double PHYLL_BOUNDED = 0.7;

    /** The dataset with {@code k} zero features prepended, for the label embedding. */
    static Dataset padLabels(Dataset d, int k) {
        int n = d.size(), f = d.numFeatures();
        float[] src = d.features().toArray(), dst = new float[n * (f + k)];
        for (int i = 0; i < n; i++) System.arraycopy(src, i * f, dst, i * (f + k) + k, f);
        return Dataset.classification(d.name(), Tensor.wrap(dst, n, f + k), d.labels(), d.classNames());
    }

    /**
     * (d, vowels) Accuracy against the pendula's measurement noise, PAT and in silico, bounded to 12 epochs and two
     * noise levels; the full run is {@code ./pnn4j reproduce noise}.
     */
    @Test
    void noiseRobustnessOnTheVowelPendula() {
        Table t = Reproductions.noiseRobustness(vowels(), new double[] {0.01, 0.3}, 12, 1);
        System.out.println(t.print());
        assertEquals(4, t.rowCount());
        DoubleColumn acc = t.doubleColumn("physical_test_acc_%");
        assertTrue(acc.get(0) > 60 && acc.get(1) > 60, "at 0.01 rad both methods learn: " + acc.get(0) + ", " + acc.get(1));
        assertTrue(acc.get(2) < acc.get(0), "PAT loses accuracy at 0.3 rad: " + acc.get(2) + " vs " + acc.get(0));
    }

    /** (d) Accuracy on the physical system against output noise, PAT and in silico, as a table. */
    @Test
    void noiseRobustnessTableComparesPhysicsAwareAndInSilico() {
        Split s = Synthetic.moons(300, 0.1, 3).split(0.3, 3);
        double[] sigmas = {0, 0.1, 0.3};
        DoubleColumn noise = DoubleColumn.create("output_noise"), acc = DoubleColumn.create("physical_accuracy");
        StringColumn method = StringColumn.create("method");
        for (double sigma : sigmas)
            for (Method m : new Method[] {Method.physicsAware(), Method.inSilico()}) {
                CustomSubstrate gain = MethodsTest.saturableGain();
                var sub = sigma == 0 ? gain : gain.withNoise(NoiseModel.none(), NoiseModel.additiveGaussian(sigma));
                Network net = Network.of(linear(2, 4), new PhysicalLayer(sub, 0), linear(4, 2)).initialize(4);
                Trainer.of(net).method(m).optimizer(Optimizer.adam(0.02)).epochs(20).seed(1).fit(s.train());
                noise.append(sigma);
                method.append(m.describe());
                acc.append(Evaluation.physical(net, s.test()).accuracy());
            }
        Table t = Table.create("accuracy vs noise", noise, method, acc);
        System.out.println(t.print());
        assertEquals(6, t.rowCount());
        assertTrue(acc.get(0) > 0.85, "PAT without noise: " + acc.get(0));
        for (int i = 0; i < t.rowCount(); i++) assertTrue(acc.get(i) > 0.6, "row " + i + " above chance (0.5): " + acc.get(i));
    }
}
