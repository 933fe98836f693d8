package org.pnn4j.physics.mechanics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Params;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class PlateTest {
    private static Params drive(Plate p, float... d) {
        return Params.of(p.name(), Map.of("drive", Tensor.vector(d)));
    }

    /** One linear mode under a constant (step) drive: v(t) = (b·u/ωd)·e^{-γt/2}·sin(ωd·t). */
    @Test
    void linearModeFollowsTheAnalyticStepResponse() {
        double f = 500, q = 25, b = 3.0e6, c = 1e-3;
        Plate p = Plate.of(1).linear().frequencies(f).qualityFactors(q).driveCoupling(b).readoutCoupling(c)
                .inputs(3).parameterSegments(3).outputs(30).stepsPerSegment(40);
        double u = 0.7;
        Tensor y = p.model(Tensor.full(u, 1, 3), drive(p, (float) u, (float) u, (float) u));
        double w = 2 * Math.PI * f, g = w / q, wd = Math.sqrt(w * w - g * g / 4);
        double[] t = p.outputTimes();
        double peak = 0;
        for (int k = 0; k < t.length; k++) peak = Math.max(peak, Math.abs(c * b * u / wd));
        for (int k = 0; k < t.length; k++) {
            double exact = c * b * u / wd * Math.exp(-g * t[k] / 2) * Math.sin(wd * t[k]);
            assertEquals(exact, y.get(0, k), 1e-3 * peak, "output " + k + " at t = " + t[k] + " s");
        }
    }

    /** A single pulse (one segment on, the rest off) is the difference of two step responses. */
    @Test
    void linearModePulseResponseIsTheSuperpositionOfSteps() {
        double f = 300, q = 40, b = 1e6, c = 1e-3, u = -0.4;
        Plate p = Plate.of(1).linear().frequencies(f).qualityFactors(q).driveCoupling(b).readoutCoupling(c)
                .inputs(1).parameterSegments(5).outputs(12).stepsPerSegment(40);
        Tensor y = p.model(Tensor.full(u, 1, 1), drive(p, 0, 0, 0, 0, 0));
        double w = 2 * Math.PI * f, g = w / q, wd = Math.sqrt(w * w - g * g / 4), T = p.segmentDuration();
        double amp = Math.abs(c * b * u / wd);
        double[] t = p.outputTimes();
        for (int k = 0; k < t.length; k++) {
            double exact = step(c * b * u / wd, g, wd, t[k]) - (t[k] > T ? step(c * b * u / wd, g, wd, t[k] - T) : 0);
            assertEquals(exact, y.get(0, k), 1e-3 * amp, "output " + k);
        }
    }

    private static double step(double a, double g, double wd, double t) {
        return a * Math.exp(-g * t / 2) * Math.sin(wd * t);
    }

    @Test
    void defaultRk4MatchesAFineStepReferenceWithinOnePermille() {
        Plate coarse = Plate.of(5, 3).outputs(8);
        Plate fine = coarse.stepsPerSegment(2000);
        Tensor x = Tensor.uniform(new Rng(1), -1, 1, 4, 4);
        Params th = drive(coarse, 0.9f, -0.8f, 0.5f, 1f);
        Tensor a = coarse.model(x, th), r = fine.model(x, th);
        double scale = 0;
        for (float v : r.array()) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0.05, "the reference response is too small to compare: " + scale);
        for (int i = 0; i < a.size(); i++) assertEquals(r.array()[i], a.array()[i], 1e-3 * scale, "element " + i);
    }

    @Test
    void cubicStiffnessMakesTheResponseNonlinear() {
        Plate p = Plate.of(3, 2).parameterSegments(0);
        Tensor x = Tensor.uniform(new Rng(5), -1, 1, 1, 4);
        Params th = Params.of(p.name(), Map.of("drive", Tensor.zeros(0)));
        Tensor y1 = p.model(x, th), y2 = p.model(x.mul(0.5), th);
        double dev = 0;
        for (int i = 0; i < y1.size(); i++) dev = Math.max(dev, Math.abs(y1.array()[i] - 2 * y2.array()[i]));
        assertTrue(dev > 1e-3, "halving the drive halved the output: no nonlinearity (" + dev + ")");
        Plate lin = p.linear();
        Tensor l1 = lin.model(x, th), l2 = lin.model(x.mul(0.5), th);
        for (int i = 0; i < l1.size(); i++) assertEquals(l1.array()[i], 2 * l2.array()[i], 1e-5);
    }

    @Test
    void adjointGradientMatchesFiniteDifferences() {
        Plate p = Plate.of(3, 7).inputs(2).parameterSegments(2).outputs(3).stepsPerSegment(10);
        Tensor x = Tensor.uniform(new Rng(2), -1, 1, 2, 2);
        Tensor d = Tensor.vector(0.3f, -0.6f);
        GradCheck.Result r = GradCheck.check(in -> p.model(in[0], Params.of(p.name(), Map.of("drive", in[1]))), x, d);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void deviceIsSeededAndDiffersFromTheModel() {
        Plate p = Plate.of(4, 1);
        Tensor x = Tensor.uniform(new Rng(3), -1, 1, 3, 4);
        Params th = drive(p, 0.1f, 0.2f, -0.3f, 0.4f);
        Tensor a = p.device(9).forward(x, th), b = p.device(9).forward(x, th), c = p.device(10).forward(x, th);
        assertArrayEquals(a.array(), b.array());
        assertFalse(a.allClose(c, 1e-6));
        assertFalse(a.allClose(p.model(x, th), 1e-4));
        assertTrue(a.allClose(p.model(x, th), 0.5), "the reality gap should be small");
    }

    @Test
    void idealDeviceReproducesTheModel() {
        Plate p = Plate.of(2, 4).flawless();
        Tensor x = Tensor.uniform(new Rng(3), -1, 1, 2, 4);
        Params th = drive(p, 0.1f, 0.2f, -0.3f, 0.4f);
        assertTrue(p.device(1).forward(x, th).allClose(p.model(x, th), 1e-6));
    }

    @Test
    void sensorNoiseHasTheConfiguredStandardDeviation() {
        Plate p = Plate.of(2, 4).frequencyDrift(0).frequencyMismatch(0).sensorNoise(0.02);
        Tensor x = Tensor.full(0.5, 400, 4);
        Params th = drive(p, 0.1f, 0.2f, -0.3f, 0.4f);
        float[] clean = p.model(x, th).array(), noisy = p.device(5).forward(x, th).array();
        double s2 = 0;
        for (int i = 0; i < clean.length; i++) s2 += (noisy[i] - clean[i]) * (noisy[i] - clean[i]);
        double std = Math.sqrt(s2 / clean.length);
        assertEquals(0.02, std, 0.002);
    }

    @Test
    void frequencyDriftIsARandomWalkOverCalls() {
        Plate p = Plate.of(1, 4).inputs(1).parameterSegments(0).outputs(1).frequencyDrift(1e-3).sensorNoise(0);
        Params th = Params.of(p.name(), Map.of("drive", Tensor.zeros(0)));
        int devices = 200, calls = 16;
        double s2 = 0;
        for (int d = 0; d < devices; d++) {
            Plate.Device dev = p.device(100 + d);
            for (int k = 0; k < calls; k++) dev.forward(Tensor.zeros(1, 1), th);
            s2 += dev.frequencyShift() * dev.frequencyShift();
            assertEquals(calls, dev.calls());
        }
        // std after n steps is σ·√n = 4e-3; 200 devices give the variance within about ±20 %
        assertEquals(4e-3, Math.sqrt(s2 / devices), 0.6e-3);
    }

    @Test
    void frequencyMismatchScalesWithTheConfiguredSpread() {
        Plate p = Plate.of(50, 4).frequencyMismatch(0.01);
        double[] nominal = p.frequenciesHz(), actual = p.device(3).frequenciesHz();
        double s2 = 0;
        for (int i = 0; i < nominal.length; i++) s2 += Math.pow(actual[i] / nominal[i] - 1, 2);
        assertEquals(0.01, Math.sqrt(s2 / nominal.length), 0.003);
    }

    @Test
    void outOfRangeInputIsRejectedNamingThePlateAndValue() {
        Plate p = Plate.of(2);
        Tensor x = Tensor.full(3, 1, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.device(1).forward(x, drive(p, 0, 0, 0, 0)));
        assertTrue(e.getMessage().contains("mech(2)") && e.getMessage().contains("3.0"), e.getMessage());
    }

    @Test
    void unstableStepIsRejectedWithAFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plate.of(2).frequencies(5000, 20000).stepsPerSegment(5));
        assertTrue(e.getMessage().contains("stepsPerSegment"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plate.of(2).frequencies(100));
    }
}
