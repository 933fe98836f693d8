package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.substrate;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.Network;
import org.pnn4j.data.Batch;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Loss;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalUsage;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class CmaEsTest {
    static final int D = 8;

    /** Curvatures h_j² of the quadratic: h_j = 10^(1.5 j/(D−1)), so the Hessian's condition number is 10³. */
    static float[] curvatureRoots() {
        float[] h = new float[D];
        for (int j = 0; j < D; j++) h[j] = (float) Math.pow(10, 1.5 * j / (D - 1));
        return h;
    }

    /** Device y = x + h⊙b, b in [-2, 2]^D; with the targets x + h⊙b*, the MSE is Σ_j h_j²(b_j − b*_j)²/D: an ill-conditioned quadratic. */
    static PhysicalLayer offsetDevice() {
        Tensor h = Tensor.wrap(curvatureRoots(), D);
        return physical(substrate("scaled-offset", (x, t) -> x.add(t.get("b").mul(h))).io(D, D).inputRange(-5, 5).param("b", -2, 2, D));
    }

    static final float[] TARGET = {0.5f, -1f, 1.2f, 0.3f, -0.6f, 0.9f, -1.4f, 0.1f};

    static Batch quadraticBatch() {
        float[] h = curvatureRoots();
        Rng data = new Rng(4);
        float[] xs = new float[4 * D], ts = new float[4 * D];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) data.nextGaussian();
            ts[i] = xs[i] + h[i % D] * TARGET[i % D];
        }
        return new Batch(Tensor.wrap(xs, 4, D), null, Tensor.wrap(ts, 4, D), null);
    }

    /** The exact quadratic Σ_j h_j²(b_j − b*_j)²/D at the layer's parameters. */
    static double quadratic(PhysicalLayer layer) {
        float[] b = layer.parameters().get(0).snapshot(), h = curvatureRoots();
        double f = 0;
        for (int j = 0; j < D; j++) f += h[j] * h[j] * (b[j] - TARGET[j]) * (b[j] - TARGET[j]) / D;
        return f;
    }

    /** Runs {@code method} for {@code steps} steps on the quadratic from the same start; returns the final quadratic. */
    static double run(Method method, Optimizer optimizer, int steps, long[] calls) {
        PhysicalLayer layer = offsetDevice();
        Network net = Network.of(layer).initialize(1);
        Batch batch = quadraticBatch();
        Rng rng = new Rng(7);
        long before = PhysicalUsage.of(net).calls();
        for (int k = 0; k < steps; k++)
            assertEquals(null, method.step(new Method.Step(net, batch, Loss.mse(), optimizer, net.parameters(), rng, k)).problem());
        calls[0] = PhysicalUsage.of(net).calls() - before;
        return quadratic(layer);
    }

    @Test
    void convergesOnAnIllConditionedQuadraticBetterThanPlainEsAtEqualDeviceCalls() {
        double start = quadratic((PhysicalLayer) Network.of(offsetDevice()).initialize(1).layers().get(0));
        long[] cmaCalls = {0}, esCalls = {0}, esAdamCalls = {0};
        int steps = 150;
        double cma = run(Method.cmaEs(0.05, 4), Optimizer.sgd(1e-9), steps, cmaCalls);
        double es = run(Method.evolutionStrategies(0.02, 4), Optimizer.sgd(0.002), steps, esCalls);
        double esAdam = run(Method.evolutionStrategies(0.02, 4), Optimizer.adam(0.05), steps, esAdamCalls);
        System.out.printf("quadratic: start %.4g, CMA-ES %.4g, ES+SGD %.4g, ES+Adam %.4g%n", start, cma, es, esAdam);
        assertEquals(2L * 4 * steps, cmaCalls[0], "2 x pairs device calls per step");
        assertEquals(cmaCalls[0], esCalls[0], "equal budgets");
        assertTrue(cma < 1e-6 * start, "CMA-ES must reach the minimum: " + cma + " from " + start);
        assertTrue(cma < es && cma < esAdam, "CMA-ES " + cma + " must beat plain ES (SGD " + es + ", Adam " + esAdam + ") at equal calls");
    }

    @Test
    void learnsItsStepSizeAndAScalePerParameter() {
        CmaEs cma = (CmaEs) Method.cmaEs(0.05, 4);
        run(cma, Optimizer.sgd(1e-9), 150, new long[1]);
        double[] c = cma.covarianceDiagonal();
        assertTrue(cma.sigma() < 0.05, "the step size shrinks near the minimum: " + cma.sigma());
        assertTrue(c[0] > 30 * c[D - 1] && c[1] > c[D - 2], "the flattest directions get the widest variances (curvature ratio 1000): c = " + java.util.Arrays.toString(c));
    }

    @Test
    void weightsAreHansensLogWeightsOverTheBetterHalfOfThePairWinners() {
        double[] w = CmaEs.weights(4); // μ = 2: ln(2.5) − ln 1, ln(2.5) − ln 2, normalised
        double a = Math.log(2.5), b = Math.log(2.5) - Math.log(2);
        assertArrayEquals(new double[] {a / (a + b), b / (a + b)}, w, 1e-12);
        assertArrayEquals(new double[] {1}, CmaEs.weights(1), 0);
    }

    static Network moonsNet(long seed) {
        var sub = MethodsTest.saturableGain().outputNoise(rng -> y -> y.add(Tensor.randn(rng, 0.02, y.shape())));
        return Network.of(linear(2, 4), physical(sub, 3), linear(4, 2)).initialize(seed);
    }

    /** As {@link #moonsNet}, with a noise model whose random stream checkpoints save (a lambda's captured stream is not saved). */
    static Network noisyNet(long seed) {
        var sub = MethodsTest.saturableGain().outputNoise(NoiseModel.additiveGaussian(0.02));
        return Network.of(linear(2, 4), physical(sub, 3), linear(4, 2)).initialize(seed);
    }

    @Test
    void learnsMoonsOnANoisyDeviceAboveChanceWithTheCallsItPromises() {
        Network net = moonsNet(5);
        Split s = Synthetic.moons(200, 0.1, 3).split(0.25, 3);
        History h = Trainer.of(net).method(Method.cmaEs(0.02, 4)).epochs(12).seed(2).fit(s.train());
        double acc = Evaluation.physical(net, s.test()).accuracy();
        assertTrue(acc > 0.75, "CMA-ES accuracy on the device " + acc + " (chance 0.5)");
        assertEquals(2L * 4 * 12 * s.train().numBatches(32), h.last().physicalCalls(), "2 x pairs device calls per step");
    }

    @Test
    void resumesFromACheckpointBitForBitWithItsMeanStepSizeCovarianceAndPaths(@TempDir Path dir) {
        Split s = Synthetic.moons(200, 0.1, 3).split(0.25, 3);
        Network straight = noisyNet(5);
        CmaEs whole = (CmaEs) Method.cmaEs(0.02, 3);
        History full = Trainer.of(straight).method(whole).epochs(3).seed(2).fit(s.train());

        Path ckp = dir.resolve("cma.ckp");
        assertThrows(CheckpointTest.Killed.class, () -> Trainer.of(noisyNet(5)).method(Method.cmaEs(0.02, 3)).epochs(3).seed(2)
                .checkpoint(ckp).checkpointEvery(2).listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(BatchProgress p) {
                        if (p.epoch() == 2 && p.batch() == 3) throw new CheckpointTest.Killed();
                    }
                }).fit(s.train()));
        assertTrue(Files.exists(ckp));
        Network resumed = noisyNet(99); // a new process: other initial values, a fresh device
        CmaEs fresh = (CmaEs) Method.cmaEs(0.02, 3);
        History rest = Trainer.of(resumed).method(fresh).epochs(3).seed(2).resumeFrom(ckp).fit(s.train());
        for (int i = 0; i < straight.parameters().size(); i++)
            assertArrayEquals(straight.parameters().get(i).snapshot(), resumed.parameters().get(i).snapshot(), "parameter " + i);
        assertEquals(whole.sigma(), fresh.sigma(), 0, "step size");
        assertArrayEquals(whole.covarianceDiagonal(), fresh.covarianceDiagonal(), 0, "covariance");
        assertEquals(full.last().trainLoss(), rest.last().trainLoss(), 0, "the history's losses");
        assertEquals(full.last().physicalCalls(), rest.last().physicalCalls());
    }

    @Test
    void aResumeWithAnotherMethodIsRefusedAndBadSettingsNameTheValue(@TempDir Path dir) {
        Split s = Synthetic.moons(200, 0.1, 3).split(0.25, 3);
        Path ckp = dir.resolve("cma.ckp");
        Trainer.of(moonsNet(5)).method(Method.cmaEs(0.02, 3)).epochs(1).seed(2).checkpoint(ckp).fit(s.train());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.of(moonsNet(5)).method(Method.cmaEs(0.05, 3)).epochs(2).seed(2).resumeFrom(ckp).fit(s.train()));
        assertTrue(e.getMessage().contains("cmaEs(0.02, 3)") && e.getMessage().contains("cmaEs(0.05, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Method.cmaEs(0, 4));
        assertTrue(e.getMessage().contains("0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Method.cmaEs(0.1, 0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
