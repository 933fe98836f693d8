package org.pnn4j.physics;

import org.pnn4j.Network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.substrate;

import org.junit.jupiter.api.Test;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.train.Evaluation;
import org.pnn4j.train.Trainer;

class PhysicalLayerTest {
    /** A saturable gain: model tanh(g·x); the real device has 15% more gain (the reality gap) and output noise. */
    private static CustomSubstrate saturableGain(double noise) {
        return substrate("saturable-gain", (x, t) -> x.mul(t.get("g")).tanh())
                .io(4, 4).inputRange(-10, 10)
                .param("g", 0.1, 5, 4)
                .realization((x, t) -> x.mul(t.get("g").mul(1.15)).tanh())
                .outputNoise(rng -> y -> {
                    float[] d = y.toArray();
                    for (int i = 0; i < d.length; i++) d[i] += (float) (noise * rng.nextGaussian());
                    return Tensor.wrap(d, y.shape());
                });
    }

    @Test
    void userDefinedSubstrateFromALambdaTrainsEndToEndWithPhysicsAwareTraining() {
        Split s = Synthetic.moons(400, 0.1, 3).split(0.25, 3);
        Network net = Network.of(linear(2, 4), physical(saturableGain(0.01)), linear(4, 2)).initialize(4);
        Trainer.of(net).optimizer(Optimizer.adam(0.02)).epochs(30).batchSize(32).seed(1).fit(s.train());
        net.mode(PhysicalLayer.Mode.PHYSICAL);
        double acc = Evaluation.of(net, s.test()).accuracy();
        assertTrue(acc > 0.85, "accuracy measured on the physical device after PAT: " + acc);
    }

    @Test
    void physicsAwareBackwardIsTheModelVjpAtThePhysicalInput() {
        PhysicalLayer layer = physical(saturableGain(0.0), 1);
        Tensor x = Tensor.uniform(new Rng(2), -1, 1, 3, 4).requiresGrad(true);
        Tensor g = Tensor.uniform(new Rng(3), -1, 1, 3, 4);
        Tensor y = layer.forward(x);
        // forward is the device's output (gain 1.15·g), not the model's
        Tensor gain = layer.params().get("g");
        Tensor physical;
        try (var off = Grad.off()) {
            physical = x.mul(gain.mul(1.15)).tanh();
        }
        assertTrue(y.allClose(physical, 1e-6), "PAT forward runs on the device");
        y.backward(g);
        // expected: d/dx of the model tanh(g·x) at the same x: g·(1 - tanh²(g·x))·upstream
        Tensor t;
        try (var off = Grad.off()) {
            t = x.mul(gain).tanh();
        }
        Tensor expected = g.mul(t.square().rsub(1)).mul(gain);
        assertTrue(x.grad().allClose(expected, 1e-5), "input gradient is the model's VJP");
        assertTrue(layer.parameters().get(0).grad() != null, "the parameters get the model's VJP too");
    }

    @Test
    void idealModeIsDifferentiableEndToEnd() {
        PhysicalLayer layer = physical(saturableGain(0.0)).mode(PhysicalLayer.Mode.IDEAL);
        GradCheck.Result r = GradCheck.check(in -> layer.forward(in[0]), Tensor.uniform(new Rng(5), -1, 1, 2, 4));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void frozenModeGivesNoParameterGradient() {
        PhysicalLayer layer = physical(saturableGain(0.0)).mode(PhysicalLayer.Mode.FROZEN);
        Tensor x = Tensor.uniform(new Rng(2), -1, 1, 3, 4).requiresGrad(true);
        layer.forward(x).sum().backward();
        assertNull(layer.parameters().get(0).grad());
        assertTrue(x.grad() != null);
    }

    @Test
    void physicalModeCountsDeviceCallsAndIsNoisy() {
        PhysicalLayer layer = physical(saturableGain(0.05)).mode(PhysicalLayer.Mode.PHYSICAL);
        Tensor x = Tensor.full(0.3, 2, 4);
        Tensor a = layer.forward(x), b = layer.forward(x);
        assertEquals(2, layer.device().calls());
        assertNotEquals(a.get(0, 0), b.get(0, 0), "fresh noise on every call");
    }

    @Test
    void sameDeviceSeedGivesTheSameMeasurements() {
        Tensor x = Tensor.full(0.3, 2, 4);
        Params theta = physical(saturableGain(0.05)).params();
        Tensor a = saturableGain(0.05).device(9).forward(x, theta), b = saturableGain(0.05).device(9).forward(x, theta);
        assertArrayEquals(a.toArray(), b.toArray());
    }

    @Test
    void badInputNamesTheSubstrateAndTheValue() {
        PhysicalLayer layer = physical(saturableGain(0.0)).mode(PhysicalLayer.Mode.PHYSICAL);
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.full(20, 1, 4)));
        assertTrue(range.getMessage().contains("saturable-gain") && range.getMessage().contains("20.0"), range.getMessage());
        Exception width = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.zeros(1, 3)));
        assertTrue(width.getMessage().contains("[batch, 4]") && width.getMessage().contains("[1, 3]"), width.getMessage());
        layer.parameters().get(0).value().array()[2] = 9f; // outside [0.1, 5]
        IllegalArgumentException param = assertThrows(IllegalArgumentException.class, () -> layer.forward(Tensor.zeros(1, 4)));
        assertTrue(param.getMessage().contains("'g' element 2 = 9.0") && param.getMessage().contains("physical range"), param.getMessage());
    }

    @Test
    void nanFromTheRealizationIsReportedWithSampleAndOutput() {
        CustomSubstrate unstable = substrate("unstable", (x, t) -> x).io(2, 2).realization((x, t) -> x.log());
        PhysicalLayer layer = physical(unstable).mode(PhysicalLayer.Mode.PHYSICAL);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> layer.forward(Tensor.of(new float[] {1, 2, 3, -1}, 2, 2)));
        assertTrue(e.getMessage().contains("'unstable'") && e.getMessage().contains("sample 1, output 1") && e.getMessage().contains("NaN"),
                e.getMessage());
    }

    @Test
    void substrateWithoutWidthsSaysToCallIo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> physical(substrate("bare", (x, t) -> x)));
        assertTrue(e.getMessage().contains(".io(inputs, outputs)"), e.getMessage());
    }
}
