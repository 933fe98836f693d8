package org.pnn4j.physics.electronics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Params;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class CircuitTest {
    private static Params drive(DiodeCircuit k, float... d) {
        return Params.of(k.name(), Map.of("drive", Tensor.vector(d)));
    }

    /** Diode off: a step of U gives v = U(1 − e^{−αt}(cos ωd t + α/ωd sin ωd t)), α = R/2L. */
    @Test
    void withTheDiodeOffTheRlcFollowsTheAnalyticUnderdampedStepResponse() {
        double R = 20, L = 10e-3, C = 1e-6, U = 1.3;
        DiodeCircuit k = DiodeCircuit.of(R, L, C).saturationCurrent(1e-30).inputs(2).parameterSegments(2).outputs(40)
                .stepsPerSegment(100);
        Tensor y = k.model(Tensor.full(U, 1, 2), drive(k, (float) U, (float) U));
        double a = R / (2 * L), wd = Math.sqrt(1 / (L * C) - a * a);
        double[] t = k.outputTimes();
        for (int j = 0; j < t.length; j++) {
            double exact = U * (1 - Math.exp(-a * t[j]) * (Math.cos(wd * t[j]) + a / wd * Math.sin(wd * t[j])));
            assertEquals(exact, y.get(0, j), 1e-3 * U, "output " + j + " at t = " + t[j] + " s");
        }
    }

    @Test
    void forwardBiasedDiodeClampsTheCapacitorVoltage() {
        DiodeCircuit k = DiodeCircuit.of().outputs(32);
        float[] v = k.model(Tensor.full(-2, 1, 4), drive(k, 2, 2, 2, 2)).array();
        double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY;
        for (float e : v) { max = Math.max(max, e); min = Math.min(min, e); }
        assertTrue(max > 0.5 && max < 0.85, "forward voltage should sit near a silicon diode's drop, got " + max);
        assertTrue(min < -1.5, "reverse swings are not clamped, got min " + min);
        DiodeCircuit off = k.saturationCurrent(1e-30);
        double maxOff = 0;
        for (float e : off.model(Tensor.full(-2, 1, 4), drive(k, 2, 2, 2, 2)).array()) maxOff = Math.max(maxOff, e);
        assertTrue(maxOff > 1.5, "without the diode the RLC overshoots the 2 V drive, got " + maxOff);
    }

    @Test
    void defaultStepMatchesAFineStepReference() {
        DiodeCircuit k = DiodeCircuit.of().outputs(16);
        Tensor x = Tensor.uniform(new Rng(4), -2, 2, 3, 4);
        Params th = drive(k, 1.5f, -0.7f, 2f, -1.2f);
        Tensor a = k.model(x, th), ref = k.stepsPerSegment(1000).model(x, th);
        for (int i = 0; i < a.size(); i++) assertEquals(ref.array()[i], a.array()[i], 2e-3, "element " + i);
    }

    @Test
    void adjointGradientMatchesFiniteDifferences() {
        DiodeCircuit k = DiodeCircuit.of().inputs(2).parameterSegments(2).outputs(4).stepsPerSegment(20);
        Tensor x = Tensor.vector(1.2f, -0.8f, 0.4f, 1.7f).reshape(2, 2);
        Tensor d = Tensor.vector(0.9f, -1.1f);
        GradCheck.Result r = GradCheck.check(in -> k.model(in[0], Params.of(k.name(), Map.of("drive", in[1]))), x, d);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void adcOutputsAreWholeCodesAndSaturateAtFullScale() {
        DiodeCircuit k = DiodeCircuit.of().johnsonNoise(false).gainDrift(0).adc(12, 1.0).outputs(16);
        double lsb = k.adcStep();
        assertEquals(2.0 / 4096, lsb, 1e-12);
        Tensor x = Tensor.uniform(new Rng(2), -2, 2, 4, 4);
        Params th = drive(k, -2, 2, -2, 1);
        float[] y = k.device(1).forward(x, th).array(), ideal = k.model(x, th).array();
        boolean clipped = false;
        for (int i = 0; i < y.length; i++) {
            double code = y[i] / lsb;
            assertEquals(Math.rint(code), code, 1e-3, "output " + i + " is not a whole ADC code");
            assertTrue(y[i] >= -1 && y[i] <= 1 - lsb + 1e-6, "output " + i + " beyond full scale: " + y[i]);
            if (Math.abs(ideal[i]) <= 0.99) assertEquals(ideal[i], y[i], lsb / 2 + 1e-6);
            else clipped = true;
        }
        assertTrue(clipped, "the drive should push some outputs past the 1 V full scale");
    }

    @Test
    void gainDriftIsARandomWalkOverCalls() {
        DiodeCircuit k = DiodeCircuit.of().inputs(1).parameterSegments(0).outputs(1).stepsPerSegment(4).gainDrift(2e-3);
        Params th = Params.of(k.name(), Map.of("drive", Tensor.zeros(0)));
        int devices = 200, calls = 9;
        double s2 = 0;
        for (int d = 0; d < devices; d++) {
            DiodeCircuit.Device dev = k.device(d);
            for (int c = 0; c < calls; c++) dev.forward(Tensor.zeros(1, 1), th);
            s2 += Math.pow(dev.gain() - 1, 2);
        }
        assertEquals(6e-3, Math.sqrt(s2 / devices), 1e-3);
    }

    @Test
    void johnsonNoiseFollowsFourKTRBandwidthAndScalesWithRootTemperature() {
        DiodeCircuit k = DiodeCircuit.of();
        assertEquals(Math.sqrt(4 * 1.380649e-23 * 300 * 20 * (1 / (2 * 2.5e-6))), k.johnsonNoiseRms(), 1e-15);
        // temperatures far above any real circuit lift the noise above float32 resolution; only the scaling matters
        double s1 = outputNoise(k.temperature(3e6)), s4 = outputNoise(k.temperature(12e6));
        assertTrue(s1 > 0, "Johnson noise should reach the output");
        assertEquals(2.0, s4 / s1, 0.3);
    }

    @Test
    void theDefaultJohnsonNoiseIsAboutTenThousandTimesBelowTheAdcStepAsTheJavadocSays() {
        DiodeCircuit k = DiodeCircuit.of();
        assertEquals(0.26e-6, k.johnsonNoiseRms(), 0.005e-6, "0.26 µV rms per step");
        assertEquals(8.0 / 4096, k.adcStep(), 1e-12, "1.95 mV per code");
        double ratio = k.adcStep() / k.johnsonNoiseRms();
        assertTrue(ratio > 7e3 && ratio < 8e3, "ADC step / Johnson rms = " + ratio);
    }

    private static double outputNoise(DiodeCircuit k) {
        DiodeCircuit quiet = k.adc(0, 1).gainDrift(0).saturationCurrent(1e-30);
        Tensor x = Tensor.full(0.5, 200, 4);
        Params th = drive(quiet, 0, 0, 0, 0);
        float[] y = quiet.device(7).forward(x, th).array(), m = quiet.model(x, th).array();
        double s2 = 0;
        for (int i = 0; i < y.length; i++) s2 += Math.pow(y[i] - m[i], 2);
        return Math.sqrt(s2 / y.length);
    }

    @Test
    void devicesAreSeededAndIdealDeviceReproducesTheModel() {
        DiodeCircuit k = DiodeCircuit.of();
        Tensor x = Tensor.uniform(new Rng(9), -2, 2, 3, 4);
        Params th = drive(k, 0.5f, -0.5f, 1f, -1f);
        assertArrayEquals(k.device(3).forward(x, th).array(), k.device(3).forward(x, th).array());
        assertTrue(k.flawless().device(3).forward(x, th).allClose(k.model(x, th), 1e-6));
        assertTrue(k.device(3).forward(x, th).allClose(k.model(x, th), 2e-3), "12-bit ADC error is below 1 mV");
    }

    @Test
    void badInputNamesTheCircuitAndTheValue() {
        DiodeCircuit k = DiodeCircuit.of();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.device(1).forward(Tensor.full(-5, 1, 4), drive(k, 0, 0, 0, 0)));
        assertTrue(e.getMessage().contains("electronic(4, 4)") && e.getMessage().contains("-5.0"), e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> DiodeCircuit.of().resistance(-1));
        assertTrue(r.getMessage().contains("-1"), r.getMessage());
    }
}
