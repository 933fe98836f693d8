package org.pnn4j.physics.optics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

class FourierOpticsTest {
    private static Params mask(FourierOptics f, Tensor m) {
        return Params.of(f.name(), Map.of("mask", m));
    }

    @Test
    void withoutMaskOrTransmissionTheFourSystemImagesTheInputAndPoolsIt() {
        FourierOptics f = FourierOptics.of(8).outputs(4).amplitudeEncoding().noTransmission();
        Tensor x = Tensor.uniform(new Rng(1), 0.1, 1, 3, 8);
        Tensor y = f.model(x, mask(f, Tensor.zeros(8)));
        for (int b = 0; b < 3; b++)
            for (int g = 0; g < 4; g++)
                assertEquals((x.get(b, 2 * g) + x.get(b, 2 * g + 1)) / 2, y.get(b, g), 1e-5);
    }

    @Test
    void linearFourierPlanePhaseShiftsTheImage() {
        int n = 16, shift = 3;
        FourierOptics f = FourierOptics.of(n).outputs(n).amplitudeEncoding().noTransmission();
        float[] ramp = new float[n];
        for (int k = 0; k < n; k++) ramp[k] = (float) ((2 * Math.PI * k * shift / n) % (2 * Math.PI));
        Tensor x = Tensor.uniform(new Rng(2), 0.1, 1, 1, n);
        Tensor y = f.model(x, mask(f, Tensor.of(ramp, n)));
        for (int j = 0; j < n; j++) assertEquals(x.get(0, (j + shift) % n), y.get(0, j), 1e-4, "pixel " + j);
    }

    @Test
    void phaseEncodedFieldHasUnitMagnitudeWithoutMask() {
        FourierOptics f = FourierOptics.of(4, 4).outputs(2, 2).noTransmission();
        Tensor y = f.model(Tensor.uniform(new Rng(3), 0, 1, 2, 16), mask(f, Tensor.zeros(16)));
        assertTrue(y.allClose(Tensor.ones(2, 4), 1e-5), y.toString());
    }

    @Test
    void modelGradientsMatchFiniteDifferencesIn1dWithFixedTransmission() {
        FourierOptics f = FourierOptics.of(8).outputs(4);
        Rng rng = new Rng(4);
        Tensor x = Tensor.uniform(rng, 0.1, 0.9, 2, 8), m = Tensor.uniform(rng, 0, 6, 8);
        GradCheck.Result r = GradCheck.check(in -> f.model(in[0], mask(f, in[1])), x, m);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void modelGradientsMatchFiniteDifferencesIn2dWithTrainableTransmissionAndIntensity() {
        FourierOptics f = FourierOptics.of(2, 3).outputs(1, 3).amplitudeEncoding().trainableTransmission().intensityReadout();
        Rng rng = new Rng(5);
        Tensor x = Tensor.uniform(rng, 0.1, 0.9, 2, 6), m = Tensor.uniform(rng, 0, 6, 6);
        Tensor tr = Tensor.randn(rng, 0.4, 6, 6), ti = Tensor.randn(rng, 0.4, 6, 6);
        GradCheck.Result r = GradCheck.check(in -> f.model(in[0],
                Params.of(f.name(), Map.of("mask", in[1], "transmissionReal", in[2], "transmissionImag", in[3]))), x, m, tr, ti);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void noiselessDeviceMatchesTheModelUpToSlmQuantizationAndMiscalibrationMakesAGap() {
        FourierOptics f = FourierOptics.of(16).outputs(8);
        Rng rng = new Rng(6);
        Tensor x = Tensor.uniform(rng, 0, 1, 4, 16);
        Params p = mask(f, Tensor.uniform(rng, 0, 6, 16));
        Tensor ideal = f.model(x, p);
        double quantOnly = maxAbsDiff(ideal, f.flawless().device(1).forward(x, p));
        double miscal = maxAbsDiff(ideal, f.flawless().maskMiscalibration(0.3).device(1).forward(x, p));
        // each of the 32 SLM phases is off by at most π/256 ≈ 0.012 rad on a field of magnitude ~1
        assertTrue(quantOnly > 0 && quantOnly < 0.02, "8-bit SLM moved an output by " + quantOnly);
        assertTrue(miscal > 3 * quantOnly, "a 0.3 rad miscalibration should be visible: " + miscal + " vs " + quantOnly);
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) m = Math.max(m, Math.abs(a.array()[i] - b.array()[i]));
        return m;
    }

    @Test
    void readNoiseHasTheConfiguredStd() {
        FourierOptics f = FourierOptics.of(8).outputs(4).flawless().readNoise(0.02);
        Params p = mask(f, Tensor.zeros(8));
        int shots = 2000;
        Tensor x = Tensor.full(0.4, shots, 8);
        Tensor y = f.device(7).forward(x, p), ideal = f.flawless().device(7).forward(x, p);
        double v = 0;
        for (int i = 0; i < y.size(); i++) v += Math.pow(y.array()[i] - ideal.array()[i], 2);
        assertEquals(0.02, Math.sqrt(v / y.size()), 0.001);
    }

    @Test
    void outputNoiseModelActsOnTheMeasuredOutputs() {
        FourierOptics f = FourierOptics.of(8).outputs(4).flawless();
        Tensor x = Tensor.full(0.3, 2, 8);
        Params p = mask(f, Tensor.zeros(8));
        Tensor plain = f.device(1).forward(x, p), scaled = f.outputNoise(rng -> signal -> signal.mul(2)).device(1).forward(x, p);
        assertTrue(scaled.allClose(plain.mul(2), 1e-5));
    }

    @Test
    void devicesAreDeterministicPerSeedAndDifferAcrossSeeds() {
        FourierOptics f = FourierOptics.of(16).outputs(4);
        Tensor x = Tensor.uniform(new Rng(8), 0, 1, 3, 16);
        Params p = mask(f, Tensor.uniform(new Rng(9), 0, 6, 16));
        PhysicalDevice a = f.device(5), b = f.device(5), c = f.device(6);
        for (int call = 0; call < 2; call++) {
            Tensor ya = a.forward(x, p);
            assertArrayEquals(ya.toArray(), b.forward(x, p).toArray(), "call " + call);
            assertFalse(ya.allClose(c.forward(x, p), 0));
        }
    }

    @Test
    void badInputsAndParametersAreRejectedNamingTheSubstrate() {
        FourierOptics f = FourierOptics.of(16).outputs(4);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> f.device(1).forward(Tensor.zeros(1, 12), mask(f, Tensor.zeros(16))));
        assertTrue(e.getMessage().contains("fourierOptics(16 -> 4)") && e.getMessage().contains("12"), e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class,
                () -> f.device(1).forward(Tensor.zeros(1, 16), mask(f, Tensor.full(7, 16))));
        assertTrue(r.getMessage().contains("'mask'") && r.getMessage().contains("7.0"), r.getMessage());
        IllegalArgumentException o = assertThrows(IllegalArgumentException.class, () -> FourierOptics.of(8).outputs(9).outputSize());
        assertTrue(o.getMessage().contains("9"), o.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FourierOptics.of(4, 4).outputs(3));
    }

    @Test
    void shapesAndParametersFollowTheOptions() {
        FourierOptics f = FourierOptics.of(28, 28).outputs(2, 5).trainableTransmission();
        assertEquals(784, f.inputSize());
        assertEquals(10, f.outputSize());
        assertEquals("fourierOptics(28x28 -> 2x5)", f.name());
        assertEquals(3, f.parameters().size());
        assertEquals(1, FourierOptics.of(28, 28).parameters().size());
    }
}
