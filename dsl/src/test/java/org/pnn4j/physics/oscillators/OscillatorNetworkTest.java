package org.pnn4j.physics.oscillators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Params;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

class OscillatorNetworkTest {
    private static Params params(CoupledOscillators osc, Tensor c, Tensor e) {
        return Params.of(osc.name(), Map.of("C", c, "e", e));
    }

    /** The same RK4 written with plain tensor ops, differentiated by autograd through every stage. */
    static Tensor autogradReference(Tensor x, Tensor c, Tensor e, int steps, double time) {
        Tensor q = CoupledOscillators.couplingMatrix(c);
        double h = time / steps;
        Tensor qs = x, ps = Tensor.zeros(x.shape());
        for (int s = 0; s < steps; s++) {
            Tensor q1 = qs, p1 = ps, a1 = accel(q1, q, e);
            Tensor q2 = qs.add(p1.mul(h / 2)), p2 = ps.add(a1.mul(h / 2)), a2 = accel(q2, q, e);
            Tensor q3 = qs.add(p2.mul(h / 2)), p3 = ps.add(a2.mul(h / 2)), a3 = accel(q3, q, e);
            Tensor q4 = qs.add(p3.mul(h)), p4 = ps.add(a3.mul(h)), a4 = accel(q4, q, e);
            Tensor qn = qs.add(p1.add(p2.mul(2)).add(p3.mul(2)).add(p4).mul(h / 6));
            Tensor pn = ps.add(a1.add(a2.mul(2)).add(a3.mul(2)).add(a4).mul(h / 6));
            qs = qn;
            ps = pn;
        }
        return qs;
    }

    private static Tensor accel(Tensor q, Tensor coupling, Tensor e) {
        Tensor s = q.sin();
        return s.neg().add(e).add(s.matmul(coupling));
    }

    /** Double-precision RK4 with many steps, independent of the float kernel. */
    private static double[] fineReference(float[] x, float[] c, float[] e, int batch, int n, int steps, double time) {
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) if (i != j) q[i][j] = 0.5 * (c[i * n + j] + c[j * n + i]);
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += q[i][j];
            q[j][j] = -sum;
        }
        double[] out = new double[batch * n];
        double h = time / steps;
        for (int b = 0; b < batch; b++) {
            double[] y = new double[2 * n];
            for (int j = 0; j < n; j++) y[j] = x[b * n + j];
            for (int s = 0; s < steps; s++) {
                double[] k1 = f(y, q, e), k2 = f(axpy(y, h / 2, k1), q, e), k3 = f(axpy(y, h / 2, k2), q, e),
                        k4 = f(axpy(y, h, k3), q, e);
                for (int i = 0; i < y.length; i++) y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
            }
            System.arraycopy(y, 0, out, b * n, n);
        }
        return out;
    }

    private static double[] axpy(double[] y, double a, double[] k) {
        double[] r = y.clone();
        for (int i = 0; i < r.length; i++) r[i] += a * k[i];
        return r;
    }

    private static double[] f(double[] y, double[][] q, float[] e) {
        int n = q.length;
        double[] d = new double[2 * n];
        for (int j = 0; j < n; j++) {
            double coupled = 0;
            for (int i = 0; i < n; i++) coupled += Math.sin(y[i]) * q[i][j];
            d[j] = y[n + j];
            d[n + j] = -Math.sin(y[j]) + e[j] + coupled;
        }
        return d;
    }

    @Test
    void rk4WithDefaultStepsMatchesA2000StepDoublePrecisionReferenceWithin1e3() {
        int n = 6, batch = 4;
        CoupledOscillators osc = CoupledOscillators.of(n);
        Rng rng = new Rng(1);
        Tensor x = Tensor.uniform(rng, -3, 3, batch, n), c = Tensor.randn(rng, 0.5, n, n).clamp(-1, 1),
                e = Tensor.uniform(rng, -1, 1, n);
        float[] y = osc.model(x, params(osc, c, e)).array();
        double[] ref = fineReference(x.array(), c.array(), e.array(), batch, n, 2000, 0.5);
        double worst = 0;
        for (int i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(y[i] - ref[i]));
        assertTrue(worst < 1e-3, "max |RK4(5 steps) - reference| = " + worst);
        assertTrue(worst > 0, "the two integrations should not be bit-identical");
    }

    @Test
    void smallAmplitudeUncoupledOscillatorFollowsCosT() {
        int n = 3;
        double time = 3.0;
        CoupledOscillators osc = CoupledOscillators.of(n).steps(100).time(time);
        Tensor x = Tensor.of(new float[] {1e-3f, -2e-3f, 5e-4f}, 1, n);
        float[] y = osc.model(x, params(osc, Tensor.zeros(n, n), Tensor.zeros(n))).array();
        for (int j = 0; j < n; j++)
            assertEquals(x.array()[j] * Math.cos(time), y[j], 1e-3 * Math.abs(x.array()[j]), "oscillator " + j);
    }

    @Test
    void couplingMatrixIsSymmetricWithZeroRowSums() {
        int n = 5;
        Tensor q = CoupledOscillators.couplingMatrix(Tensor.randn(new Rng(2), 1, n, n));
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < n; j++) {
                row += q.get(i, j);
                assertEquals(q.get(i, j), q.get(j, i), 1e-6);
            }
            assertEquals(0, row, 1e-5, "row " + i);
        }
        assertTrue(Math.abs(q.get(0, 0)) > 1e-3, "the diagonal carries minus the column sum");
    }

    @Test
    void modelGradientsPassFiniteDifferenceCheckForInputsCouplingAndField() {
        int n = 5, batch = 3;
        CoupledOscillators osc = CoupledOscillators.of(n);
        Rng rng = new Rng(3);
        Tensor x = Tensor.uniform(rng, -2, 2, batch, n), c = Tensor.randn(rng, 0.5, n, n).clamp(-1, 1),
                e = Tensor.uniform(rng, -1, 1, n);
        GradCheck.Result r = GradCheck.check(in -> osc.model(in[0], params(osc, in[1], in[2])), x, c, e);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void fusedCouplingMatrixPassesFiniteDifferenceCheckAndHasZeroColumnSums() {
        int n = 6;
        Rng rng = new Rng(8);
        Tensor c = Tensor.randn(rng, 0.5, n, n), w = Tensor.randn(rng, 1, n, n);
        GradCheck.Result r = GradCheck.check(in -> CoupledOscillators.couplingMatrix(in[0]).mul(w), c);
        assertTrue(r.passed(), r.toString());
        float[] q = CoupledOscillators.couplingMatrix(c).array();
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += q[i * n + j];
                assertEquals(q[i * n + j], q[j * n + i], "Q is symmetric at " + i + "," + j);
            }
            assertEquals(0, sum, 1e-6, "column " + j + " sums to zero");
        }
    }

    @Test
    void selfCouplingKeepsTheDiagonalOfCAsTheReferenceExampleDoes() {
        int n = 6;
        Rng rng = new Rng(9);
        Tensor c = Tensor.randn(rng, 0.5, n, n), w = Tensor.randn(rng, 1, n, n);
        GradCheck.Result r = GradCheck.check(in -> CoupledOscillators.couplingMatrix(in[0], true).mul(w), c);
        assertTrue(r.passed(), r.toString());
        float[] with = CoupledOscillators.couplingMatrix(c, true).array(), without = CoupledOscillators.couplingMatrix(c).array();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                // off the diagonal both are sym(C); on it, the reference's C2Q also subtracts C_ii: rows sum to -C_ii
                double expected = without[i * n + j] - (i == j ? c.get(i, i) : 0);
                assertEquals(expected, with[i * n + j], 1e-6, "Q at " + i + "," + j);
            }
        // a network with self-coupling differs from one without exactly through C's diagonal
        CoupledOscillators plain = CoupledOscillators.of(n), self = plain.selfCoupling(true);
        assertTrue(self.selfCoupling() && !plain.selfCoupling());
        Tensor x = Tensor.uniform(rng, -1, 1, 2, n), e = Tensor.zeros(n);
        Tensor offDiagonal = c.sub(Tensor.eye(n).mul(c));
        assertArrayEquals(plain.model(x, params(plain, c, e)).array(), self.model(x, params(self, offDiagonal, e)).array(), 1e-6f);
        assertFalse(java.util.Arrays.equals(plain.model(x, params(plain, c, e)).array(), self.model(x, params(self, c, e)).array()));
    }

    @Test
    void fusedKernelPassesFiniteDifferenceCheckForAnUnsymmetricCouplingAndDeviceNonlinearity() {
        int n = 4, batch = 2;
        Rng rng = new Rng(4);
        OscillatorRk4 kernel = new OscillatorRk4(7, 0.8, 1.1, false);
        Tensor x = Tensor.uniform(rng, -2, 2, batch, n), q = Tensor.randn(rng, 0.7, n, n), e = Tensor.uniform(rng, -1, 1, n);
        GradCheck.Result r = GradCheck.check(in -> kernel.apply(in[0], in[1], in[2]), x, q, e);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void fusedVjpEqualsAutogradThroughPlainTensorOps() {
        int n = 6, batch = 3, steps = 5;
        CoupledOscillators osc = CoupledOscillators.of(n).steps(steps);
        Rng rng = new Rng(5);
        Tensor x0 = Tensor.uniform(rng, -2, 2, batch, n), c0 = Tensor.randn(rng, 0.5, n, n).clamp(-1, 1),
                e0 = Tensor.uniform(rng, -1, 1, n), w = Tensor.uniform(rng, -1, 1, batch, n);
        Tensor[] fused = leaves(x0, c0, e0), plain = leaves(x0, c0, e0);
        Tensor yFused = osc.model(fused[0], params(osc, fused[1], fused[2]));
        Tensor yPlain = autogradReference(plain[0], plain[1], plain[2], steps, osc.time());
        assertTrue(yFused.allClose(yPlain, 1e-5), "forward: fused and tensor-op integrations differ");
        yFused.mul(w).sum().backward();
        yPlain.mul(w).sum().backward();
        String[] names = {"x", "C", "e"};
        for (int i = 0; i < 3; i++) {
            float[] a = fused[i].grad().array(), b = plain[i].grad().array();
            for (int k = 0; k < a.length; k++)
                assertEquals(b[k], a[k], 1e-4 * (1 + Math.abs(b[k])), "d/d" + names[i] + " element " + k);
        }
    }

    static Tensor[] leaves(Tensor... ts) {
        Tensor[] r = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) r[i] = Tensor.of(ts[i].array(), ts[i].shape()).requiresGrad(true);
        return r;
    }

    @Test
    void modelRejectsTheWrongInputWidthNamingTheSubstrate() {
        CoupledOscillators osc = CoupledOscillators.of(4);
        ShapeMismatchException ex = assertThrows(ShapeMismatchException.class,
                () -> osc.model(Tensor.zeros(2, 5), params(osc, Tensor.zeros(4, 4), Tensor.zeros(4))));
        assertTrue(ex.getMessage().contains("oscillators(4)") && ex.getMessage().contains("[2, 5]"), ex.getMessage());
    }

    @Test
    void modelReportsAnUnstableIntegrationInsteadOfReturningNaN() {
        CoupledOscillators osc = CoupledOscillators.of(4).steps(1).time(1e20); // h² overflows float
        Tensor x = Tensor.full(1, 2, 4);
        IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> osc.model(x, params(osc, Tensor.full(1, 4, 4), Tensor.full(1, 4))));
        assertTrue(ex.getMessage().contains("oscillators(4)") && ex.getMessage().contains("unstable")
                && ex.getMessage().contains("1 RK4 steps"), ex.getMessage());
    }

    @Test
    void optionsRejectNonsenseWithTheValue() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> CoupledOscillators.of(3).steps(0));
        assertTrue(ex.getMessage().contains("got 0"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CoupledOscillators.of(0));
        assertThrows(IllegalArgumentException.class, () -> CoupledOscillators.of(3).time(-1));
        assertThrows(IllegalArgumentException.class, () -> CoupledOscillators.of(3).inputNoise(-0.1));
    }

    @Test
    void parametersDeclareRangesAndInitializeInsideThem() {
        CoupledOscillators osc = CoupledOscillators.of(8).coupling(0.5, 0.2);
        var specs = osc.parameters();
        assertEquals("C", specs.get(0).name());
        assertEquals(-0.5, specs.get(0).lo());
        assertEquals("e", specs.get(1).name());
        Rng rng = new Rng(6);
        for (var spec : specs) {
            float[] v = spec.create(rng).value().array();
            for (float f : v) assertTrue(f >= spec.lo() && f <= spec.hi(), spec + ": " + f);
        }
    }
}
