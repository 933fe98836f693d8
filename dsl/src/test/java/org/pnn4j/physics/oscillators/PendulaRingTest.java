package org.pnn4j.physics.oscillators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

class PendulaRingTest {
    private static Params params(PendulaRing ring, Tensor omega0, Tensor c) {
        return Params.of(ring.name(), Map.of("omega0", omega0, "c", c));
    }

    private static Params randomParams(PendulaRing ring, Rng rng) {
        int n = ring.size();
        return params(ring, Tensor.uniform(rng, 10, 20, n), Tensor.uniform(rng, 1, 20, n));
    }

    /** Double-precision RK4 of the ring with many steps, independent of the float kernel; returns θ(T) of all pendula. */
    private static double[] fineReference(PendulaRing ring, float[] x, float[] omega0, float[] c, int batch, int steps) {
        int n = ring.size();
        double h = ring.time() / steps;
        double[] out = new double[batch * n];
        for (int b = 0; b < batch; b++) {
            double[] y = new double[2 * n];
            for (int j = 0; j < n; j++) y[j] = ring.options().inputAmplitude() * x[b * n + j];
            for (int s = 0; s < steps; s++) {
                double t = s * h;
                double[] k1 = f(ring, y, omega0, c, t), k2 = f(ring, axpy(y, h / 2, k1), omega0, c, t + h / 2),
                        k3 = f(ring, axpy(y, h / 2, k2), omega0, c, t + h / 2), k4 = f(ring, axpy(y, h, k3), omega0, c, t + h);
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

    private static double[] f(PendulaRing ring, double[] y, float[] omega0, float[] c, double t) {
        int n = omega0.length;
        double[] d = new double[2 * n];
        double force = ring.options().driveAmplitude() * Math.cos(ring.options().driveFrequency() * t);
        for (int j = 0; j < n; j++) {
            int l = (j + n - 1) % n, r = (j + 1) % n;
            d[j] = y[n + j];
            d[n + j] = -omega0[j] * omega0[j] * Math.sin(y[j]) + c[l] * (y[l] - y[j]) + c[j] * (y[r] - y[j])
                    - ring.options().damping() * y[n + j] + force * Math.cos(y[j]);
        }
        return d;
    }

    /** The same RK4 with plain tensor ops, differentiated by autograd through every stage. */
    private static Tensor autogradReference(PendulaRing ring, Tensor x, Tensor omega0, Tensor c) {
        int n = ring.size(), steps = ring.steps();
        double h = ring.time() / steps;
        Tensor th = x.mul(ring.options().inputAmplitude()), v = Tensor.zeros(x.shape());
        double[] stage = {0, 0.5, 0.5, 1}, weight = {1, 2, 2, 1};
        for (int s = 0; s < steps; s++) {
            Tensor ths = th, vs = v, a = null, thAcc = th, vAcc = v;
            for (int st = 0; st < 4; st++) {
                if (st > 0) {
                    Tensor nths = th.add(vs.mul(stage[st] * h));
                    vs = v.add(a.mul(stage[st] * h));
                    ths = nths;
                }
                double force = ring.options().driveAmplitude() * Math.cos(ring.options().driveFrequency() * (s + stage[st]) * h);
                Tensor left = Tensor.concat(1, ths.slice(1, n - 1, n), ths.slice(1, 0, n - 1));
                Tensor right = Tensor.concat(1, ths.slice(1, 1, n), ths.slice(1, 0, 1));
                Tensor cLeft = Tensor.concat(0, c.slice(0, n - 1, n), c.slice(0, 0, n - 1));
                a = omega0.square().mul(ths.sin()).neg()
                        .add(cLeft.mul(left.sub(ths))).add(c.mul(right.sub(ths)))
                        .sub(vs.mul(ring.options().damping())).add(ths.cos().mul(force));
                thAcc = thAcc.add(vs.mul(weight[st] * h / 6));
                vAcc = vAcc.add(a.mul(weight[st] * h / 6));
            }
            th = thAcc;
            v = vAcc;
        }
        return th;
    }

    @Test
    void defaultRk4MatchesA2000StepDoublePrecisionReferenceWithin1e3() {
        PendulaRing ring = PendulaRing.of(5);
        Rng rng = new Rng(20);
        Params theta = randomParams(ring, rng);
        Tensor x = Tensor.uniform(rng, -1, 1, 3, 5);
        float[] y = ring.model(x, theta).array();
        double[] ref = fineReference(ring, x.array(), theta.get("omega0").array(), theta.get("c").array(), 3, 2000);
        double worst = 0;
        for (int i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(y[i] - ref[i]));
        assertTrue(worst < 1e-3, "max |RK4(200 steps) - reference| = " + worst + " rad");
    }

    @Test
    void singleSmallAmplitudePendulumWithoutDampingOrDriveFollowsCosOmega0T() {
        double omega0 = 12, t = 1.0;
        PendulaRing ring = PendulaRing.of(1).damping(0).drive(0, 0).time(t);
        Tensor x = Tensor.of(new float[] {0.01f, -0.004f}, 2, 1);
        float[] y = ring.model(x, params(ring, Tensor.full(omega0, 1), Tensor.full(5, 1))).array();
        for (int b = 0; b < 2; b++) {
            double theta0 = 0.5 * x.array()[b];
            assertEquals(theta0 * Math.cos(omega0 * t), y[b], 1e-3 * Math.abs(theta0), "sample " + b);
        }
    }

    @Test
    void modelGradientsPassFiniteDifferenceCheckForInputsFrequenciesAndCouplings() {
        PendulaRing ring = PendulaRing.of(5).time(0.5).steps(100).readout(4, 0, 2);
        Rng rng = new Rng(21);
        Params theta = randomParams(ring, rng);
        Tensor x = Tensor.uniform(rng, -1, 1, 2, 5);
        GradCheck.Result r = GradCheck.check(in -> ring.model(in[0], params(ring, in[1], in[2])),
                3e-3, 1e-2, x, theta.get("omega0"), theta.get("c"));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void fusedVjpEqualsAutogradThroughPlainTensorOps() {
        PendulaRing ring = PendulaRing.of(4).steps(50).time(0.5);
        Rng rng = new Rng(22);
        Params theta = randomParams(ring, rng);
        Tensor x0 = Tensor.uniform(rng, -1, 1, 3, 4), w = Tensor.uniform(rng, -1, 1, 3, 4);
        Tensor[] fused = OscillatorNetworkTest.leaves(x0, theta.get("omega0"), theta.get("c"));
        Tensor[] plain = OscillatorNetworkTest.leaves(x0, theta.get("omega0"), theta.get("c"));
        Tensor yFused = ring.model(fused[0], params(ring, fused[1], fused[2]));
        Tensor yPlain = autogradReference(ring, plain[0], plain[1], plain[2]);
        assertTrue(yFused.allClose(yPlain, 1e-5), "forward: fused and tensor-op integrations differ");
        yFused.mul(w).sum().backward();
        yPlain.mul(w).sum().backward();
        String[] names = {"x", "omega0", "c"};
        for (int i = 0; i < 3; i++) {
            float[] a = fused[i].grad().array(), b = plain[i].grad().array();
            double scale = 0;
            for (float v : b) scale = Math.max(scale, Math.abs(v));
            for (int k = 0; k < a.length; k++)
                assertEquals(b[k], a[k], 1e-4 * scale + 1e-6, "d/d" + names[i] + " element " + k);
        }
    }

    @Test
    void readoutSelectsPendulaInTheGivenOrder() {
        PendulaRing all = PendulaRing.of(4), some = all.readout(3, 1);
        Rng rng = new Rng(23);
        Params theta = randomParams(all, rng);
        Tensor x = Tensor.uniform(rng, -1, 1, 2, 4);
        Tensor ya = all.model(x, theta), ys = some.model(x, theta);
        assertEquals(2, some.outputSize());
        assertArrayEquals(new float[] {ya.get(0, 3), ya.get(0, 1), ya.get(1, 3), ya.get(1, 1)}, ys.array());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> all.readout(4));
        assertTrue(ex.getMessage().contains("pendula(4)") && ex.getMessage().contains("4"), ex.getMessage());
    }

    @Test
    void modelReportsAnUnstableIntegrationNamingTheSubstrateAndStep() {
        PendulaRing ring = PendulaRing.of(3).steps(10).time(1000);
        Rng rng = new Rng(24);
        IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> ring.model(Tensor.uniform(rng, -1, 1, 2, 3), randomParams(ring, rng)));
        assertTrue(ex.getMessage().contains("pendula(3)") && ex.getMessage().contains("unstable")
                && ex.getMessage().contains("10 RK4 steps of 100"), ex.getMessage());
    }

    @Test
    void modelRejectsTheWrongInputWidth() {
        PendulaRing ring = PendulaRing.of(3);
        ShapeMismatchException ex = assertThrows(ShapeMismatchException.class,
                () -> ring.model(Tensor.zeros(2, 4), randomParams(ring, new Rng(1))));
        assertTrue(ex.getMessage().contains("pendula(3)"), ex.getMessage());
    }

    @Test
    void devicesWithTheSameSeedAreIdenticalAndDifferentSeedsDiffer() {
        PendulaRing ring = PendulaRing.of(4);
        Rng rng = new Rng(25);
        Params theta = randomParams(ring, rng);
        Tensor x = Tensor.uniform(rng, -1, 1, 3, 4);
        PhysicalDevice a = ring.device(9), b = ring.device(9);
        assertArrayEquals(a.forward(x, theta).array(), b.forward(x, theta).array());
        assertArrayEquals(a.forward(x, theta).array(), b.forward(x, theta).array());
        assertFalse(Arrays.equals(ring.device(9).forward(x, theta).array(), ring.device(10).forward(x, theta).array()));
    }

    @Test
    void deviceWithoutMismatchOrNoiseEqualsTheModel() {
        PendulaRing ring = PendulaRing.of(4).parameterMismatch(0).measurementNoise(0);
        Rng rng = new Rng(26);
        Params theta = randomParams(ring, rng);
        Tensor x = Tensor.uniform(rng, -1, 1, 3, 4);
        assertTrue(ring.device(1).forward(x, theta).allClose(ring.model(x, theta), 1e-6));
    }

    @Test
    void mismatchFactorsAndMeasurementNoiseHaveTheConfiguredSizes() {
        float[][] factors = PendulaRing.mismatch(PendulaRing.of(4000).device(3));
        for (float[] f : factors) {
            double sum = 0, sq = 0;
            for (float v : f) {
                sum += v - 1;
                sq += (v - 1) * (v - 1);
            }
            assertEquals(0.02, Math.sqrt(sq / f.length), 0.02 * 0.05, "relative mismatch std");
            assertEquals(0, sum / f.length, 1.5e-3, "relative mismatch mean");
        }
        PendulaRing ring = PendulaRing.of(4).parameterMismatch(0).measurementNoise(0.01);
        Rng rng = new Rng(27);
        Params theta = randomParams(ring, rng);
        Tensor x = Tensor.uniform(rng, -1, 1, 1000, 4);
        float[] dev = ring.device(2).forward(x, theta).array(), model = ring.model(x, theta).array();
        double sq = 0;
        for (int i = 0; i < dev.length; i++) sq += (dev[i] - model[i]) * (dev[i] - model[i]);
        assertEquals(0.01, Math.sqrt(sq / dev.length), 0.01 * 0.05, "measurement noise std, rad");
    }

    @Test
    void mismatchMakesASystematicGapBetweenDeviceAndModel() {
        PendulaRing ring = PendulaRing.of(6).measurementNoise(0);
        Rng rng = new Rng(28);
        Params theta = randomParams(ring, rng);
        Tensor x = Tensor.uniform(rng, -1, 1, 100, 6);
        float[] dev = ring.device(4).forward(x, theta).array(), model = ring.model(x, theta).array();
        double meanAbs = 0;
        for (int i = 0; i < dev.length; i++) meanAbs += Math.abs(dev[i] - model[i]);
        meanAbs /= dev.length;
        // a 2% frequency error is a phase error of ~0.3 rad after ~15 rad of phase: a gap of order 0.1 rad
        assertTrue(meanAbs > 1e-2 && meanAbs < 0.5, "mean |device - model| = " + meanAbs + " rad");
    }

    @Test
    void deviceRejectsFrequenciesOutsideTheirRangeNamingTheValue() {
        PendulaRing ring = PendulaRing.of(3);
        Params bad = params(ring, Tensor.full(25, 3), Tensor.full(5, 3));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ring.device(1).forward(Tensor.zeros(1, 3), bad));
        assertTrue(ex.getMessage().contains("pendula(3)") && ex.getMessage().contains("'omega0'")
                && ex.getMessage().contains("25") && ex.getMessage().contains("rad/s"), ex.getMessage());
    }
}
