package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.tanh;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pnn4j.Network;
import org.pnn4j.data.Batch;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalUsage;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class ReadoutOnlyTest {
    private static final float[] X = {0.3f, -0.7f, 1.1f, 0.2f, -0.4f, 0.9f};
    private static final int[] LABELS = {0, 1, 1};

    @Test
    void onlyTheReadoutLearnsEveryOtherParameterStaysBitIdenticalAndItBeatsChanceOnANoisyDevice() {
        var sub = MethodsTest.saturableGain().outputNoise(rng -> y -> y.add(Tensor.randn(rng, 0.02, y.shape())));
        Network net = Network.of(linear(2, 4), tanh(), physical(sub, 3), linear(4, 2)).initialize(5);
        List<Parameter> ps = net.parameters(); // W1, b1, g (device), W2, b2
        float[][] before = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) before[i] = ps.get(i).snapshot();
        Split s = Synthetic.moons(200, 0.1, 3).split(0.25, 3);
        double untrained = Evaluation.physical(net, s.test()).accuracy();
        History h = Trainer.of(net).method(Method.readoutOnly()).optimizer(Optimizer.adam(0.05)).epochs(20).seed(2).fit(s.train());
        for (int i = 0; i < 3; i++) assertArrayEquals(before[i], ps.get(i).snapshot(), "parameter '" + ps.get(i).name() + "' must not move");
        assertTrue(!java.util.Arrays.equals(before[3], ps.get(3).snapshot()), "the readout must learn");
        double acc = Evaluation.physical(net, s.test()).accuracy();
        assertTrue(acc > 0.75 && acc > untrained, "readout-only accuracy on the device " + acc + " (untrained " + untrained + ", chance 0.5)");
        assertEquals(20L * s.train().numBatches(32), h.last().physicalCalls(), "one device call per step");
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss(), "the loss falls");
    }

    @Test
    void theReadoutUpdateIsTheGradientOfTheLossThroughTheReadoutAlone() {
        Network net = Network.of(linear(2, 3), tanh(), linear(3, 2)).initialize(3);
        List<Parameter> ps = net.parameters();
        float[] w1 = ps.get(0).snapshot(), b1 = ps.get(1).snapshot(), w2 = ps.get(2).snapshot(), b2 = ps.get(3).snapshot();
        double[][] h = new double[3][3], y = new double[3][2];
        for (int n = 0; n < 3; n++) {
            for (int j = 0; j < 3; j++) h[n][j] = Math.tanh(b1[j] + X[2 * n] * w1[j] + X[2 * n + 1] * w1[3 + j]);
            for (int c = 0; c < 2; c++) {
                y[n][c] = b2[c];
                for (int j = 0; j < 3; j++) y[n][c] += h[n][j] * w2[j * 2 + c];
            }
        }
        double lr = 0.1;
        Method.readoutOnly().step(new Method.Step(net, new Batch(Tensor.wrap(X, 3, 2), LABELS, null, null), Loss.crossEntropy(),
                Optimizer.sgd(lr), ps, new Rng(0), 0));
        for (int c = 0; c < 2; c++) {
            double gb = 0;
            double[] gw = new double[3];
            for (int n = 0; n < 3; n++) {
                double z = Math.exp(y[n][0]) + Math.exp(y[n][1]);
                double e = (Math.exp(y[n][c]) / z - (c == LABELS[n] ? 1 : 0)) / 3; // ∂ mean CE / ∂y
                gb += e;
                for (int j = 0; j < 3; j++) gw[j] += h[n][j] * e;
            }
            for (int j = 0; j < 3; j++) assertEquals(w2[j * 2 + c] - lr * gw[j], ps.get(2).snapshot()[j * 2 + c], 1e-6, "W2[" + j + "," + c + "]");
            assertEquals(b2[c] - lr * gb, ps.get(3).snapshot()[c], 1e-6, "b2[" + c + "]");
        }
        assertArrayEquals(w1, ps.get(0).snapshot());
        assertArrayEquals(b1, ps.get(1).snapshot());
    }

    @Test
    void refusesAModelWithoutADigitalReadoutOrWithADeviceAfterIt() {
        Batch batch = new Batch(Tensor.wrap(new float[8], 2, 4), new int[] {0, 1}, null, null);
        Network onlyDevice = Network.of(physical(MethodsTest.saturableGain()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Method.readoutOnly()
                .step(new Method.Step(onlyDevice, batch, Loss.crossEntropy(), Optimizer.sgd(0.1), onlyDevice.parameters())));
        assertTrue(e.getMessage().contains("readout"), e.getMessage());
        Network deviceLast = Network.of(linear(4, 4), physical(MethodsTest.saturableGain()));
        e = assertThrows(IllegalArgumentException.class, () -> Method.readoutOnly()
                .step(new Method.Step(deviceLast, batch, Loss.crossEntropy(), Optimizer.sgd(0.1), deviceLast.parameters())));
        assertTrue(e.getMessage().contains("after the last physical layer"), e.getMessage());
        assertEquals(0, PhysicalUsage.of(deviceLast).calls(), "refused before any device call");
    }
}
