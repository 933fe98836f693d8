package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.pendula;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.resistive;
import static org.pnn4j.Pnn.scale;
import static org.pnn4j.Pnn.tanh;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.Network;
import org.pnn4j.data.Batch;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Split;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalUsage;
import org.pnn4j.physics.electronics.ResistorNetwork;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class EquilibriumPropagationTest {
    private static final ResistorNetwork EXACT = ResistorNetwork.of(3, 4, 2).flawless();

    /** The loss's gradient through the ideal model (implicit differentiation of Kirchhoff's laws), per parameter. */
    private static float[][] trueGradient(Layer net, Batch b, Loss loss) {
        Layer ideal = PhysicalLayer.withModes(net, l -> PhysicalLayer.Mode.IDEAL);
        Tensor out = ideal.forward(b.x());
        (b.labels() != null ? loss.apply(out, b.labels()) : loss.apply(out, b.targets())).backward();
        List<Parameter> ps = net.parameters();
        float[][] g = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            g[i] = ps.get(i).grad().array().clone();
            ps.get(i).zeroGrad();
        }
        return g;
    }

    private static float[] estimate(Method m, Layer net, Batch b, Loss loss, Parameter p) {
        return ((EquilibriumPropagation) m).estimate(new Method.Step(net, b, loss, Optimizer.sgd(0.1), net.parameters())).gradients().get(p);
    }

    private static double relativeError(float[] est, float[] truth) {
        double d = 0, n = 0;
        for (int i = 0; i < est.length; i++) {
            d += (est[i] - (double) truth[i]) * (est[i] - (double) truth[i]);
            n += (double) truth[i] * truth[i];
        }
        return Math.sqrt(d / n);
    }

    @Test
    void theUpdateApproachesTheTrueGradientAsTheNudgeGoesToZeroLinearlyOneSidedQuadraticallySymmetric() {
        Network net = Network.of(resistive(EXACT)).initialize(1);
        Batch b = new Batch(Tensor.uniform(new Rng(2), -0.9, 0.9, 8, 3), null, Tensor.uniform(new Rng(3), -0.5, 0.5, 8, 2), null);
        Loss loss = Loss.mse();
        Parameter g = net.parameters().get(0);
        float[] truth = trueGradient(net, b, loss)[0];
        double[] betas = {1e-1, 1e-2, 1e-3}, one = new double[3], sym = new double[3];
        for (int i = 0; i < 3; i++) {
            one[i] = relativeError(estimate(Method.equilibriumPropagation(betas[i]), net, b, loss, g), truth);
            sym[i] = relativeError(estimate(Method.equilibriumPropagation(betas[i], true), net, b, loss, g), truth);
        }
        String table = String.format(Locale.ROOT, "relative error at beta = 0.1, 0.01, 0.001 mS: one-sided %.3g %.3g %.3g, symmetric %.3g %.3g %.3g",
                one[0], one[1], one[2], sym[0], sym[1], sym[2]);
        System.out.println(table);
        for (int i = 0; i < 2; i++) {
            double r = one[i] / one[i + 1];
            assertTrue(r > 7 && r < 14, "one-sided: the error must shrink about 10x per 10x smaller beta (linearly); " + table);
            assertTrue(sym[i] < one[i], table);
        }
        assertTrue(sym[0] / sym[1] > 70, "symmetric: the error must shrink about 100x per 10x smaller beta (quadratically); " + table);
        assertTrue(sym[2] < sym[1] / 30 || sym[2] < 3e-6, "symmetric at 1e-3 (down to float32 resolution); " + table);
        assertTrue(one[2] < 1e-2 && sym[2] < 1e-4, table);
    }

    @Test
    void throughADigitalReadoutTheNudgeCarriesTheCrossEntropysGradientAndTheReadoutGetsItsOwn() {
        Network net = Network.of(resistive(ResistorNetwork.of(2, 3, 2).flawless()), linear(2, 2)).initialize(4);
        Batch b = new Batch(Tensor.uniform(new Rng(5), -0.9, 0.9, 6, 2), new int[] {0, 1, 1, 0, 1, 0}, null, null);
        List<Parameter> ps = net.parameters(); // G, W, b
        float[][] truth = trueGradient(net, b, Loss.crossEntropy());
        EquilibriumPropagation.Estimate e = ((EquilibriumPropagation) Method.equilibriumPropagation(1e-3, true))
                .estimate(new Method.Step(net, b, Loss.crossEntropy(), Optimizer.sgd(0.1), ps));
        assertTrue(relativeError(e.gradients().get(ps.get(0)), truth[0]) < 1e-4, "G: " + relativeError(e.gradients().get(ps.get(0)), truth[0]));
        assertArrayEquals(truth[1], e.gradients().get(ps.get(1)), 1e-6f, "the readout's weights get the loss's gradient");
        assertArrayEquals(truth[2], e.gradients().get(ps.get(2)), 1e-6f, "and its bias");
    }

    @Test
    void eachFreeAndNudgedEquilibriumIsOneDeviceCall() {
        Batch b = new Batch(Tensor.uniform(new Rng(2), -0.9, 0.9, 8, 3), null, Tensor.uniform(new Rng(3), -0.5, 0.5, 8, 2), null);
        Method[] methods = {Method.equilibriumPropagation(0.1), Method.equilibriumPropagation(0.1, true), Method.coupledLearning(0.2)};
        int[] calls = {2, 3, 2};
        for (int i = 0; i < methods.length; i++) {
            Network net = Network.of(resistive(ResistorNetwork.of(3, 4, 2))).initialize(1);
            float[] before = net.parameters().get(0).snapshot();
            Method.StepResult r = methods[i].step(new Method.Step(net, b, Loss.mse(), Optimizer.sgd(1), net.parameters()));
            assertEquals(null, r.problem());
            PhysicalUsage u = PhysicalUsage.of(net);
            assertEquals(calls[i], u.calls(), methods[i].describe());
            assertEquals(8L * calls[i], u.samples(), methods[i].describe());
            assertEquals(calls[i], ((EquilibriumPropagation) methods[i]).callsPerStep());
            assertTrue(!java.util.Arrays.equals(before, net.parameters().get(0).snapshot()), methods[i].describe() + " changed nothing");
        }
    }

    @Test
    void refusesAFeedForwardSubstrateNamingTheLayerAndWhatToUseInstead() {
        Network net = Network.of(linear(2, 3), tanh(), pendula(3), linear(3, 2)).initialize(1);
        Batch b = new Batch(Tensor.uniform(new Rng(2), -1, 1, 4, 2), new int[] {0, 1, 0, 1}, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Method.equilibriumPropagation(0.1).step(new Method.Step(net, b, Loss.crossEntropy(), Optimizer.sgd(0.1), net.parameters())));
        assertTrue(e.getMessage().contains("layer 3 (pendula(3))") && e.getMessage().contains("feed-forward substrate")
                && e.getMessage().contains("Method.physicsAware()"), e.getMessage());
        assertEquals(0, PhysicalUsage.of(net).calls(), "nothing was run on the device");
        // a trainable layer before the equilibrium, or two equilibrium layers, are refused too
        Network before = Network.of(linear(2, 3), resistive(3, 2, 2)).initialize(1);
        e = assertThrows(IllegalArgumentException.class,
                () -> Method.coupledLearning(0.2).step(new Method.Step(before, b, Loss.crossEntropy(), Optimizer.sgd(0.1), before.parameters())));
        assertTrue(e.getMessage().contains("layer 1 (linear(2, 3))") && e.getMessage().contains("before the equilibrium layer"), e.getMessage());
        Network two = Network.of(resistive(2, 2, 2), resistive(2, 2, 2)).initialize(1);
        e = assertThrows(IllegalArgumentException.class,
                () -> Method.equilibriumPropagation(0.1).step(new Method.Step(two, b, Loss.crossEntropy(), Optimizer.sgd(0.1), two.parameters())));
        assertTrue(e.getMessage().contains("got 2 physical layers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Method.equilibriumPropagation(0));
        assertThrows(IllegalArgumentException.class, () -> Method.coupledLearning(Double.NaN));
    }

    /** Two classes split by the line x0 − 0.6·x1 + 0.1 = 0, inputs in [−0.9, 0.9] V. */
    static Split halfPlanes() {
        Rng rng = new Rng(11);
        int n = 240;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) rng.uniform(-0.9, 0.9);
            x[2 * i + 1] = (float) rng.uniform(-0.9, 0.9);
            y[i] = x[2 * i] - 0.6 * x[2 * i + 1] + 0.1 > 0 ? 1 : 0;
        }
        return Dataset.classification("half-planes", Tensor.wrap(x, n, 2), y, List.of("below", "above")).split(0.25, 3);
    }

    static Network classifier(long seed) {
        return Network.of(physical(ResistorNetwork.of(2, 2, 2), 7), scale(20)).initialize(seed);
    }

    @Test
    void learnsAClassificationOnTheNoisyDeviceAboveChanceByEquilibriumPropagationBothWaysAndByCoupledLearning() {
        Split s = halfPlanes();
        for (Method m : new Method[] {Method.equilibriumPropagation(0.1, true), Method.equilibriumPropagation(0.01), Method.coupledLearning(0.002)}) {
            Network net = classifier(5);
            double untrained = Evaluation.physical(net, s.test()).accuracy();
            History h = Trainer.of(net).method(m).optimizer(Optimizer.adam(0.05)).epochs(15).batchSize(16).seed(2).fit(s.train());
            double acc = Evaluation.physical(net, s.test()).accuracy();
            System.out.printf(Locale.ROOT, "%s: device test accuracy %.3f (untrained %.3f)%n", m.describe(), acc, untrained);
            assertTrue(acc > 0.85, m.describe() + ": device test accuracy " + acc + " (untrained " + untrained + ", chance about 0.5)");
            assertEquals(15L * s.train().numBatches(16) * ((EquilibriumPropagation) m).callsPerStep(), h.last().physicalCalls(), m.describe());
        }
    }

    @Test
    void learnsALinearRegressionOnTheNoisyDeviceAsTheSelfLearningResistorNetworksDo() {
        // Dillavou et al. 2022's task: output voltages an affine function of the input voltages, here 0.15·x0 + 0.35·x1 − 0.1 V
        Rng rng = new Rng(8);
        int n = 160;
        float[] x = new float[2 * n], t = new float[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = (float) rng.uniform(-0.9, 0.9);
            x[2 * i + 1] = (float) rng.uniform(-0.9, 0.9);
            t[i] = (float) (0.15 * x[2 * i] + 0.35 * x[2 * i + 1] - 0.1);
        }
        Split s = Dataset.regression("affine", Tensor.wrap(x, n, 2), Tensor.wrap(t, n, 1)).split(0.25, 4);
        for (Method m : new Method[] {Method.equilibriumPropagation(0.1, true), Method.coupledLearning(0.2)}) {
            Network net = Network.of(physical(ResistorNetwork.of(2, 2, 1), 3)).initialize(6);
            double before = Evaluation.physical(net, s.test()).loss();
            Trainer.of(net).method(m).loss(Loss.mse()).optimizer(Optimizer.adam(0.05)).epochs(30).batchSize(16).seed(1).fit(s.train());
            double after = Evaluation.physical(net, s.test()).loss();
            System.out.printf(Locale.ROOT, "%s: device test rms error %.4f V (untrained %.4f V)%n", m.describe(), Math.sqrt(after), Math.sqrt(before));
            assertTrue(after < before / 20 && Math.sqrt(after) < 0.03, m.describe() + ": test mse " + after + " V² (untrained " + before + ")");
        }
    }

    @Test
    void aRunResumedFromItsCheckpointEndsBitForBitWhereTheStraightRunEnds(@TempDir Path dir) {
        Split s = halfPlanes();
        Method ep = Method.equilibriumPropagation(0.1);
        Network straight = classifier(5);
        Trainer.of(straight).method(ep).optimizer(Optimizer.adam(0.05)).epochs(2).batchSize(16).seed(2).fit(s.train());
        Path ckp = dir.resolve("ep.ckp");
        Trainer.of(classifier(5)).method(ep).optimizer(Optimizer.adam(0.05)).epochs(1).batchSize(16).seed(2).checkpoint(ckp).fit(s.train());
        Network resumed = classifier(99); // another start: the checkpoint restores parameters, optimizer and the device's noise stream
        History h = Trainer.of(resumed).method(ep).optimizer(Optimizer.adam(0.05)).epochs(2).batchSize(16).seed(2).resumeFrom(ckp).fit(s.train());
        assertEquals(2, h.epochs().size());
        List<Parameter> a = straight.parameters(), b = resumed.parameters();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).snapshot(), b.get(i).snapshot(), a.get(i).name());
    }
}
