package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.substrate;

import org.junit.jupiter.api.Test;
import org.pnn4j.Network;
import org.pnn4j.data.Batch;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalUsage;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class EvolutionStrategiesTest {
    @Test
    void convergesOnAConvexToyWithTwoDeviceCallsPerPairPerStep() {
        // device: y = x + b, b in [-2, 2]; loss mse to x + b*, convex in b with its minimum at b*
        PhysicalLayer layer = physical(substrate("offset", (x, t) -> x.add(t.get("b"))).io(3, 3).inputRange(-5, 5).param("b", -2, 2, 3));
        Network net = Network.of(layer).initialize(1);
        float[] target = {0.5f, -1f, 1.2f};
        Rng data = new Rng(4);
        float[] xs = new float[8 * 3], ts = new float[8 * 3];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) data.nextGaussian();
            ts[i] = xs[i] + target[i % 3];
        }
        Batch batch = new Batch(Tensor.wrap(xs, 8, 3), null, Tensor.wrap(ts, 8, 3), null);
        Method es = Method.evolutionStrategies(0.02, 4);
        Optimizer adam = Optimizer.adam(0.05);
        Rng rng = new Rng(7);
        long before = PhysicalUsage.of(net).calls();
        int steps = 300;
        for (int k = 0; k < steps; k++)
            assertEquals(null, es.step(new Method.Step(net, batch, Loss.mse(), adam, net.parameters(), rng, k)).problem());
        assertArrayEquals(target, net.parameters().get(0).snapshot(), 0.05f, "ES must reach the minimum of a convex loss");
        assertEquals(2L * 4 * steps, PhysicalUsage.of(net).calls() - before, "2 x population device calls per step");
    }

    @Test
    void centredRanksSpanMinusHalfToHalfAndIgnoreTheLossScale() {
        assertArrayEquals(new double[] {0.5, -0.5, 0.0}, EvolutionStrategies.centredRanks(new double[] {3, -1, 2}), 1e-12);
        assertArrayEquals(EvolutionStrategies.centredRanks(new double[] {3, -1, 2}),
                EvolutionStrategies.centredRanks(new double[] {Math.exp(3), Math.exp(-1), Math.exp(2)}), 1e-12);
    }

    @Test
    void learnsMoonsOnANoisyDeviceAboveChanceWithTheCallsItPromises() {
        var sub = MethodsTest.saturableGain().outputNoise(rng -> y -> y.add(Tensor.randn(rng, 0.02, y.shape())));
        Network net = Network.of(linear(2, 4), physical(sub, 3), linear(4, 2)).initialize(5);
        Split s = Synthetic.moons(200, 0.1, 3).split(0.25, 3);
        History h = Trainer.of(net).method(Method.evolutionStrategies(0.03, 4)).optimizer(Optimizer.adam(0.03)).epochs(12).seed(2).fit(s.train());
        double acc = Evaluation.physical(net, s.test()).accuracy();
        assertTrue(acc > 0.75, "ES accuracy on the device " + acc + " (chance 0.5)");
        assertEquals(2L * 4 * 12 * s.train().numBatches(32), h.last().physicalCalls(), "2 x population device calls per step");
    }

    @Test
    void refusesBadSettingsWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Method.evolutionStrategies(0, 4));
        assertTrue(e.getMessage().contains("0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Method.evolutionStrategies(0.1, 0));
        assertTrue(e.getMessage().contains("got 0"), e.getMessage());
    }
}
