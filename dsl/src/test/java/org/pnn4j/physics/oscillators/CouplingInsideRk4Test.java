package org.pnn4j.physics.oscillators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * {@link OscillatorRk4#applyCoupling} builds Q(C) inside the integration op, in an array pooled with its packing:
 * it must give bit for bit the floats of integrating with {@link CoupledOscillators#couplingMatrix} as a separate
 * op, for outputs and for every gradient, and pooled arrays must never leak between calls that are alive at once.
 */
class CouplingInsideRk4Test {
    private static Tensor leaf(Tensor t) {
        return Tensor.wrap(t.toArray(), t.shape()).requiresGrad(true);
    }

    /** Output and gradients of sum(w ⊙ y) w.r.t. x, C, e: fused (Q(C) inside) or through couplingMatrix. */
    private static float[][] run(boolean inside, boolean self, OscillatorRk4 rk, Tensor x0, Tensor c0, Tensor e0, Tensor w) {
        Tensor x = leaf(x0), c = leaf(c0), e = leaf(e0);
        Tensor y = inside ? rk.applyCoupling(x, c, e, self, null)
                : rk.apply(x, CoupledOscillators.couplingMatrix(c, self), e);
        y.mul(w).sum().backward();
        return new float[][] {y.toArray(), x.grad().toArray(), c.grad().toArray(), e.grad().toArray()};
    }

    private static void assertBitEqual(float[] expected, float[] actual, String what) {
        int[] a = new int[expected.length], b = new int[actual.length];
        for (int i = 0; i < a.length; i++) a[i] = Float.floatToRawIntBits(expected[i]);
        for (int i = 0; i < b.length; i++) b[i] = Float.floatToRawIntBits(actual[i]);
        assertArrayEquals(a, b, what);
    }

    @Test
    void couplingBuiltInsideTheOpGivesTheFloatsOfTheSeparateCouplingMatrix() {
        String[] names = {"output", "d/dx", "d/dC", "d/de"};
        // 70 oscillators: Q(C) and its VJP span two 64-wide tiles; 37 rows: several chunks of the batch
        for (int n : new int[] {12, 70})
            for (boolean self : new boolean[] {false, true}) {
                Rng rng = new Rng(11 + n);
                int batch = 37;
                Tensor x = Tensor.uniform(rng, -2, 2, batch, n), c = Tensor.uniform(rng, -0.4, 0.4, n, n),
                        e = Tensor.uniform(rng, -0.2, 0.2, n), w = Tensor.uniform(rng, -1, 1, batch, n);
                OscillatorRk4 rk = new OscillatorRk4(5, 0.5, 1, true);
                float[][] sep = run(false, self, rk, x, c, e, w), in = run(true, self, rk, x, c, e, w);
                for (int i = 0; i < 4; i++)
                    assertBitEqual(sep[i], in[i], names[i] + " (n = " + n + ", self coupling " + self + ")");
            }
    }

    @Test
    void deviceCouplingWithItsExtraTermEqualsAddingTheExtraMatrix() {
        int n = 70, batch = 9;
        Rng rng = new Rng(4);
        Tensor x = Tensor.uniform(rng, -2, 2, batch, n), c = Tensor.uniform(rng, -0.4, 0.4, n, n),
                e = Tensor.uniform(rng, -0.2, 0.2, n);
        Tensor extra = CoupledOscillators.couplingMatrix(Tensor.randn(rng, 0.2, n, n));
        OscillatorRk4 rk = new OscillatorRk4(5, 0.5, 1.1, true);
        try (Grad.Scope off = Grad.off()) {
            Tensor expected = rk.apply(x, CoupledOscillators.couplingMatrix(c).add(extra), e);
            Tensor actual = rk.applyCoupling(x, c, e, false, extra.array());
            assertBitEqual(expected.toArray(), actual.toArray(), "device output with the extra coupling");
        }
    }

    @Test
    void callsAliveAtOnceKeepTheirOwnCouplingAndAnInterleavedBackwardIsExact() {
        int n = 20, batch = 6;
        Rng rng = new Rng(8);
        Tensor x1 = Tensor.uniform(rng, -2, 2, batch, n), x2 = Tensor.uniform(rng, -2, 2, batch, n);
        Tensor c1 = Tensor.uniform(rng, -0.4, 0.4, n, n), c2 = Tensor.uniform(rng, -0.4, 0.4, n, n);
        Tensor e = Tensor.uniform(rng, -0.2, 0.2, n), w = Tensor.uniform(rng, -1, 1, batch, n);
        OscillatorRk4 rk = new OscillatorRk4(5, 0.5, 1, true);
        float[][] alone1 = run(true, false, rk, x1, c1, e, w), alone2 = run(true, false, rk, x2, c2, e, w);

        // two recorded calls hold a pooled coupling each; a device-style call (no gradient) runs between them
        Tensor a1 = leaf(c1), a2 = leaf(c2);
        Tensor y1 = rk.applyCoupling(leaf(x1), a1, leaf(e), false, null);
        Tensor y2 = rk.applyCoupling(leaf(x2), a2, leaf(e), false, null);
        try (Grad.Scope off = Grad.off()) {
            rk.applyCoupling(x2, c1, e, false, null);
        }
        y2.mul(w).sum().backward();
        y1.mul(w).sum().backward();
        assertBitEqual(alone1[0], y1.toArray(), "first call's output");
        assertBitEqual(alone2[0], y2.toArray(), "second call's output");
        assertBitEqual(alone1[2], a1.grad().toArray(), "first call's d/dC");
        assertBitEqual(alone2[2], a2.grad().toArray(), "second call's d/dC");
    }

    @Test
    void aSecondBackwardThroughTheSameCallGivesTheSameGradientAgain() {
        int n = 15, batch = 4;
        Rng rng = new Rng(9);
        Tensor x = Tensor.uniform(rng, -2, 2, batch, n), c = leaf(Tensor.uniform(rng, -0.4, 0.4, n, n)),
                e = Tensor.uniform(rng, -0.2, 0.2, n), w = Tensor.uniform(rng, -1, 1, batch, n);
        OscillatorRk4 rk = new OscillatorRk4(5, 0.5, 1, true);
        Tensor loss = rk.applyCoupling(x, c, e, true, null).mul(w).sum();
        loss.backward();
        float[] once = c.grad().toArray();
        // another recorded integration takes the pooled coupling and tape arrays the first backward gave back
        rk.applyCoupling(x, leaf(c), e, true, null).mul(w).sum().backward();
        loss.backward(); // the first released the forward's Q and tape: both are built again
        float[] twice = c.grad().toArray();
        float[] doubled = new float[once.length];
        for (int i = 0; i < once.length; i++) doubled[i] = once[i] + once[i];
        assertBitEqual(doubled, twice, "d/dC after two backwards");
    }

    @Test
    void aSecondBackwardThroughAnIntegrationWithAGivenQRefillsItsTape() {
        int n = 15, batch = 4;
        Rng rng = new Rng(10);
        Tensor x = leaf(Tensor.uniform(rng, -2, 2, batch, n)), w = Tensor.uniform(rng, -1, 1, batch, n);
        Tensor q = leaf(Tensor.randn(rng, 0.3, n, n)), e = Tensor.uniform(rng, -0.2, 0.2, n);
        for (boolean symmetric : new boolean[] {false, true}) {
            Tensor qq = symmetric ? CoupledOscillators.couplingMatrix(q) : q;
            x.zeroGrad();
            Tensor loss = new OscillatorRk4(5, 0.5, 1, symmetric).apply(x, qq, e).mul(w).sum();
            loss.backward();
            float[] once = x.grad().toArray();
            // the first backward gave the tape's arrays back (another integration may hold them now)
            new OscillatorRk4(5, 0.5, 1, symmetric).apply(x, qq, e).mul(w).sum().backward();
            x.zeroGrad();
            loss.backward();
            assertBitEqual(once, x.grad().toArray(), "d/dx from a second backward (symmetric " + symmetric + ")");
        }
    }

    @Test
    void selfCouplingInsideTheOpPassesTheFiniteDifferenceCheck() {
        int n = 5, batch = 3;
        Rng rng = new Rng(12);
        Tensor x = Tensor.uniform(rng, -2, 2, batch, n), c = Tensor.randn(rng, 0.5, n, n).clamp(-1, 1),
                e = Tensor.uniform(rng, -1, 1, n);
        OscillatorRk4 rk = new OscillatorRk4(5, 0.5, 1.1, true);
        GradCheck.Result r = GradCheck.check(in -> rk.applyCoupling(in[0], in[1], in[2], true, null), x, c, e);
        assertTrue(r.passed(), r.toString());
    }
}
