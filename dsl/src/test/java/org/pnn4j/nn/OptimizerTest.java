package org.pnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Tensor;

class OptimizerTest {
    private static Parameter withGrad(float[] value, float[] grad) {
        Parameter p = new Parameter("p", Tensor.vector(value));
        p.value().mul(Tensor.vector(grad)).sum().backward(); // grad = given vector
        return p;
    }

    @Test
    void sgdStepIsMinusLearningRateTimesGradient() {
        Parameter p = withGrad(new float[] {1, 2}, new float[] {0.5f, -1});
        Optimizer.sgd(0.1).step(List.of(p));
        assertArrayEquals(new float[] {0.95f, 2.1f}, p.value().toArray(), 1e-7f);
    }

    @Test
    void sgdMomentumAccumulatesVelocity() {
        Optimizer opt = Optimizer.sgd(0.1, 0.9, false);
        Parameter p = new Parameter("p", Tensor.vector(0f));
        for (int t = 0; t < 2; t++) {
            p.value().mul(1.0).sum().backward(); // gradient 1 each step
            opt.step(List.of(p));
            p.zeroGrad();
        }
        // v1 = 1, p = -0.1; v2 = 0.9 + 1 = 1.9, p = -0.1 - 0.19
        assertEquals(-0.29f, p.value().item(), 1e-6);
    }

    @Test
    void adamFirstStepMovesByLearningRate() {
        Parameter p = withGrad(new float[] {1, 1}, new float[] {3, -0.001f});
        Optimizer.adam(0.01).step(List.of(p));
        // bias-corrected first step is lr·g/|g| (up to eps)
        assertArrayEquals(new float[] {0.99f, 1.01f}, p.value().toArray(), 1e-5f);
    }

    @Test
    void adadeltaFirstStepMatchesTheRecurrence() {
        Parameter p = withGrad(new float[] {0}, new float[] {2});
        Optimizer.adadelta(1.0, 0.9, 1e-6).step(List.of(p));
        double sq = 0.1 * 4, delta = Math.sqrt(1e-6) / Math.sqrt(sq + 1e-6) * 2;
        assertEquals(-delta, p.value().item(), 1e-7);
    }

    @Test
    void everyOptimizerMinimizesAQuadratic() {
        for (Optimizer opt : new Optimizer[] {Optimizer.sgd(0.1), Optimizer.sgd(0.05, 0.9, true), Optimizer.adam(0.05),
                Optimizer.adadelta(1.0)}) {
            Parameter p = new Parameter("p", Tensor.vector(3f, -2f));
            int steps = opt instanceof Optimizer.Adadelta ? 3000 : 500;
            for (int i = 0; i < steps; i++) {
                p.value().sub(Tensor.vector(1f, 1f)).square().sum().backward();
                opt.step(List.of(p));
                p.zeroGrad();
            }
            assertArrayEquals(new float[] {1f, 1f}, p.value().toArray(), 0.05f, opt.describe());
        }
    }

    @Test
    void fixedParametersAreNotUpdated() {
        Parameter fixed = new Parameter("f", Tensor.vector(1f), false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        Optimizer.sgd(1).step(List.of(fixed));
        assertEquals(1f, fixed.value().item());
    }

    @Test
    void stepScheduleDecaysEveryNEpochs() {
        LrSchedule s = LrSchedule.step(2, 0.5);
        assertEquals(0.1, s.rate(0.1, 0), 1e-12);
        assertEquals(0.1, s.rate(0.1, 1), 1e-12);
        assertEquals(0.05, s.rate(0.1, 2), 1e-12);
        assertEquals(0.025, s.rate(0.1, 5), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.step(0, 0.5));
    }

    @Test
    void clampProjectsIntoRange() {
        Parameter p = new Parameter("omega0", Tensor.vector(5f, 15f, 25f), true, 0, 100).constrain(Constraint.clamp(10, 20));
        p.constraints().get(0).project(p);
        assertArrayEquals(new float[] {10f, 15f, 20f}, p.value().toArray());
    }

    @Test
    void badHyperparametersAreRejectedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizer.adam(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Optimizer.sgd(0.1, 1.5, false));
    }

    @Test
    void parameterOutsideItsRangeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Parameter("c", Tensor.vector(0.5f, 30f), true, 1, 20));
        assertTrue(e.getMessage().contains("'c'") && e.getMessage().contains("element 0 = 0.5") && e.getMessage().contains("[1.0, 20.0]"), e.getMessage());
    }

    @Test
    void aStateDeclaringBillionsOfArraysMeetsTheEndOfItsDataInsteadOfAllocatingThem() throws Exception {
        Parameter p = new Parameter("p", Tensor.vector(1f, 2f));
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(b);
        out.writeInt(1);                  // one parameter
        out.writeInt(3);                  // steps
        out.writeInt(Integer.MAX_VALUE);  // arrays: 2^31 of 2 floats, 16 GB, in a state of a few bytes
        out.writeInt(2);                  // length
        out.writeFloat(0.5f);
        out.writeFloat(0.25f);
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(b.toByteArray()));
        assertThrows(java.io.EOFException.class, () -> Optimizer.adam(1e-3).loadState(List.of(p), in));
        java.io.ByteArrayOutputStream neg = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream n = new java.io.DataOutputStream(neg);
        n.writeInt(1);
        n.writeInt(0);
        n.writeInt(-5);
        n.writeInt(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizer.adam(1e-3).loadState(List.of(p),
                new java.io.DataInputStream(new java.io.ByteArrayInputStream(neg.toByteArray()))));
        assertTrue(e.getMessage().contains("-5 arrays"), e.getMessage());
    }
}
