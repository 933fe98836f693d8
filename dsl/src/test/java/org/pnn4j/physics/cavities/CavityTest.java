package org.pnn4j.physics.cavities;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Params;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class CavityTest {
    private static Params acousticParams(Cavity c, float[] amp, float[] phase) {
        return Params.of(c.name(), Map.of("controlAmplitude", Tensor.vector(amp), "controlPhase", Tensor.vector(phase)));
    }

    private static Params levels(Cavity c, float... level) {
        return Params.of(c.name(), Map.of("elementLevel", Tensor.vector(level)));
    }

    @Test
    void losslessCavityConservesTheSourcePower() {
        Cavity c = Cavity.acoustic(4, 2, 6).lossless();
        Tensor x = Tensor.uniform(new Rng(1), 0, 1, 5, 4);
        float[] amp = {0.3f, 0.8f}, ph = {0.5f, -2f};
        Tensor y = c.model(x, acousticParams(c, amp, ph));
        for (int b = 0; b < 5; b++) {
            double in = amp[0] * amp[0] + amp[1] * amp[1], out = 0;
            for (int j = 0; j < 4; j++) in += x.get(b, j) * x.get(b, j);
            for (int j = 0; j < 6; j++) out += y.get(b, j);
            assertEquals(in, out, 1e-4 * in, "sample " + b);
        }
        assertThrows(IllegalArgumentException.class, () -> Cavity.acoustic(4, 2, 5).lossless());
    }

    @Test
    void outputPowerScalesWithTheSquareOfTheSourceAmplitude() {
        Cavity c = Cavity.acoustic(5, 3, 7).seed(3);
        Tensor x = Tensor.uniform(new Rng(2), 0, 0.5, 4, 5);
        float[] amp = {0.2f, 0.4f, 0.1f}, ph = {0.1f, 1f, 2f};
        Tensor y1 = c.model(x, acousticParams(c, amp, ph));
        Tensor y2 = c.model(x.mul(2), acousticParams(c, new float[] {0.4f, 0.8f, 0.2f}, ph));
        assertTrue(y2.allClose(y1.mul(4), 1e-5));
    }

    @Test
    void scatteringIsSeededAndNormalizedPerSource() {
        Cavity a = Cavity.acoustic(30, 10, 200).seed(5);
        assertTrue(a.scattering().re().allClose(Cavity.acoustic(30, 10, 200).seed(5).scattering().re(), 0));
        assertFalse(a.scattering().re().allClose(a.seed(6).scattering().re(), 1e-3));
        // E|T_ij|^2 = 1/sources, so the mean over 8000 entries is within a few percent
        double mean = a.scattering().abs2().mean().item() * 40;
        assertEquals(1.0, mean, 0.05);
    }

    @Test
    void metasurfaceHardwareRoundsBitsAndAgreesWithTheRelaxedModelOnWholeStates() {
        Cavity c = Cavity.microwave(3, 2, 4).bits(2).flawless();
        assertEquals(4, c.levels());
        assertArrayEquals(new float[] {0, 1, 1, 2, 3, 3, 0}, c.quantize(Tensor.vector(0.2f, 0.6f, 1.4f, 2.5f, 2.7f, 7f, -1f)).array());
        // inputs x·3 = 0, 1, 3 and levels 2, 1 are whole states: hardware equals the model
        Tensor x = Tensor.vector(0f, 1f / 3, 1f).reshape(1, 3);
        Params th = levels(c, 2, 1);
        assertTrue(c.device(1).forward(x, th).allClose(c.model(x, th), 1e-5));
        // a level of 1.4 is set as state 1
        assertTrue(c.device(1).forward(x, levels(c, 2, 1.4f)).allClose(c.model(x, th), 1e-5));
        assertFalse(c.model(x, levels(c, 2, 1.4f)).allClose(c.model(x, th), 1e-3));
    }

    @Test
    void oneBitElementsReflectWithPhaseZeroOrPi() {
        Cavity c = Cavity.microwave(1, 1, 1).flawless();
        // both elements in state 1 (phase π) give the same power as both in state 0: a global sign
        Tensor s0 = c.model(Tensor.zeros(1, 1), levels(c, 0)), s1 = c.model(Tensor.ones(1, 1), levels(c, 1));
        assertEquals(s0.item(), s1.item(), 1e-6);
        Tensor t = c.scattering().re(), ti = c.scattering().im();
        double expected = Math.pow(t.get(0, 0) - t.get(0, 1), 2) + Math.pow(ti.get(0, 0) - ti.get(0, 1), 2);
        assertEquals(expected, c.model(Tensor.zeros(1, 1), levels(c, 1)).item(), 1e-6);
    }

    @Test
    void acousticModelGradientMatchesFiniteDifferences() {
        Cavity c = Cavity.acoustic(3, 2, 4).seed(1);
        Tensor x = Tensor.uniform(new Rng(3), 0.1, 0.9, 2, 3);
        GradCheck.Result r = GradCheck.check(in -> c.model(in[0],
                Params.of(c.name(), Map.of("controlAmplitude", in[1], "controlPhase", in[2]))), x, Tensor.vector(0.4f, 0.7f), Tensor.vector(0.3f, -1.2f));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void microwaveRelaxedModelGradientMatchesFiniteDifferences() {
        Cavity c = Cavity.microwave(3, 3, 4).bits(2).seed(2);
        Tensor x = Tensor.uniform(new Rng(4), 0.1, 0.9, 2, 3);
        GradCheck.Result r = GradCheck.check(in -> c.model(in[0], Params.of(c.name(), Map.of("elementLevel", in[1]))), x, Tensor.vector(0.5f, 1.3f, 2.2f));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void deviceDetectorNoiseAndMismatchAreWithinBounds() {
        Cavity c = Cavity.acoustic(4, 2, 8).seed(2).scatteringMismatch(0).detectorNoise(0.02);
        Tensor x = Tensor.uniform(new Rng(5), 0, 1, 300, 4);
        Params th = acousticParams(c, new float[] {0.5f, 0.5f}, new float[] {0f, 1f});
        float[] m = c.model(x, th).array(), y = c.device(4).forward(x, th).array();
        double s2 = 0;
        for (int i = 0; i < m.length; i++) s2 += Math.pow(y[i] - m[i], 2);
        assertEquals(0.02, Math.sqrt(s2 / m.length), 0.002);

        Cavity mis = c.detectorNoise(0).scatteringMismatch(0.05);
        Cavity.Device d = mis.device(8);
        Tensor dt = d.scattering().re().sub(mis.scattering().re());
        double rel = Math.sqrt(dt.square().mean().item() / mis.scattering().re().square().mean().item());
        assertEquals(0.05, rel, 0.015);
        assertArrayEquals(d.forward(x, th).array(), mis.device(8).forward(x, th).array());
    }

    @Test
    void badInputsNameTheCavityAndTheValue() {
        Cavity c = Cavity.microwave(2, 1, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.device(1).forward(Tensor.full(1.5, 1, 2), levels(c, 0)));
        assertTrue(e.getMessage().contains("microwave(2, 1, 3)") && e.getMessage().contains("1.5"), e.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> c.device(1).forward(Tensor.full(0.5, 1, 2), levels(c, 3)));
        assertTrue(p.getMessage().contains("elementLevel"), p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.bits(3));
        assertThrows(IllegalArgumentException.class, () -> Cavity.acoustic(2, 1, 3).bits(2));
    }
}
