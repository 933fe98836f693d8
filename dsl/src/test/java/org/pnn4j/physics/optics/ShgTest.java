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

class ShgTest {
    private static Params phase(Shg s, Tensor p) {
        return Params.of(s.name(), Map.of("phase", p));
    }

    private static Tensor repeatRow(Tensor row, int times) {
        Tensor[] r = new Tensor[times];
        java.util.Arrays.fill(r, row.reshape(1, row.size()));
        return Tensor.concat(0, r);
    }

    @Test
    void transformLimitedGaussianPulseGivesGaussianShSpectrumSqrt2WiderWithKnownPeak() {
        int n = 64;
        double fwhm = 16, w = fwhm / (2 * Math.sqrt(Math.log(2)));
        Shg s = Shg.shg().bins(n).spectralFwhm(fwhm).crystalLength(0);
        Tensor sh = s.shSpectrum(Tensor.zeros(1, s.inputSize()), phase(s, Tensor.zeros(n - s.inputSize())));
        double peak = Math.PI * w * w; // |√π·w|² from the Gaussian integral
        for (int i = 0; i < 2 * n - 1; i++) {
            double d = i - (n - 1);
            double expected = peak * Math.exp(-d * d / (2 * w * w));
            if (Math.abs(d) <= 2 * w) assertEquals(expected, sh.get(0, i), 0.01 * peak, "SH bin " + i);
        }
        // RMS widths of the intensity spectra: SH / pump = √2
        float[] a = s.pumpAmplitude();
        double pump = rmsWidth(a, true), second = rmsWidth(sh.toArray(), false);
        assertEquals(Math.sqrt(2), second / pump, 0.02);
    }

    private static double rmsWidth(float[] v, boolean square) {
        double m0 = 0, m1 = 0, m2 = 0;
        for (int i = 0; i < v.length; i++) {
            double p = square ? v[i] * v[i] : v[i];
            m0 += p; m1 += p * i; m2 += p * i * i;
        }
        double mean = m1 / m0;
        return Math.sqrt(m2 / m0 - mean * mean);
    }

    @Test
    void flatPhaseMaximizesTotalShPowerAmongRandomPhases() {
        Shg s = Shg.shg().bins(32).inputs(16);
        Rng rng = new Rng(3);
        double flat = s.shSpectrum(Tensor.zeros(1, 16), phase(s, Tensor.zeros(16))).sum().item();
        Tensor x = Tensor.uniform(rng, 0, 1, 200, 16);
        Tensor totals = s.shSpectrum(x, phase(s, Tensor.uniform(rng, 0, 2 * Math.PI, 16))).sum(1, false);
        double best = 0;
        for (float t : totals.toArray()) best = Math.max(best, t);
        assertTrue(best < flat, "a random phase gave SH power " + best + " >= transform-limited " + flat);
        assertTrue(best > 0.01 * flat, "random phases should still give some SH: " + best);
    }

    @Test
    void linearSpectralPhaseIsATimeDelayAndLeavesTheShSpectrumUnchanged() {
        int n = 32;
        Shg s = Shg.shg().bins(n).inputs(n).encoding(Shg.Encoding.ADDED);
        Tensor x = Tensor.uniform(new Rng(4), 0, 1, 1, n);
        float[] ramp = new float[n];
        for (int k = 0; k < n; k++) ramp[k] = (float) (0.37 * k % (2 * Math.PI));
        Tensor without = s.shSpectrum(x, phase(s, Tensor.zeros(n)));
        Tensor with = s.shSpectrum(x, phase(s, Tensor.of(ramp, n)));
        double peak = without.abs().max(1, false).item();
        assertTrue(with.allClose(without, 1e-4 * peak), "a linear phase changed |E_SH|²");
        // and a quadratic phase (chirp) does change it: the check can fail
        float[] chirp = new float[n];
        for (int k = 0; k < n; k++) chirp[k] = (float) (0.05 * k * k % (2 * Math.PI));
        assertFalse(s.shSpectrum(x, phase(s, Tensor.of(chirp, n))).allClose(without, 1e-2 * peak));
    }

    @Test
    void finiteCrystalLengthNarrowsThePhaseMatchingAndDimsTheShWings() {
        Shg thin = Shg.shg().bins(32).crystalLength(0), thick = Shg.shg().bins(32).crystalLength(4);
        Tensor x = Tensor.zeros(1, 16);
        Tensor a = thin.shSpectrum(x, phase(thin, Tensor.zeros(16))), b = thick.shSpectrum(x, phase(thick, Tensor.zeros(16)));
        assertEquals(a.get(0, 31), b.get(0, 31), 1e-3 * a.get(0, 31), "the SH carrier is phase matched");
        assertTrue(b.get(0, 41) < 0.8 * a.get(0, 41), "10 SH bins off the carrier: " + b.get(0, 41) + " vs " + a.get(0, 41));
    }

    @Test
    void modelGradientsMatchFiniteDifferencesForSeparateBins() {
        Shg s = Shg.shg().bins(8).inputs(4).outputs(3).readoutWindow(9).crystalLength(2);
        Rng rng = new Rng(5);
        Tensor x = Tensor.uniform(rng, 0.1, 0.9, 2, 4), p = Tensor.uniform(rng, 0, 6, 4);
        GradCheck.Result r = GradCheck.check(in -> s.model(in[0], phase(s, in[1])), x, p);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void modelGradientsMatchFiniteDifferencesForAddedPhasesAmplitudesAndPerShotNormalization() {
        Shg s = Shg.shg().bins(6).inputs(6).outputs(4).encoding(Shg.Encoding.ADDED).trainableAmplitude().normalizePerShot();
        Rng rng = new Rng(6);
        Tensor x = Tensor.uniform(rng, 0.1, 0.9, 2, 6), p = Tensor.uniform(rng, -3, 3, 6), amp = Tensor.uniform(rng, 0.3, 0.9, 6);
        GradCheck.Result r = GradCheck.check(in -> s.model(in[0], Params.of(s.name(), Map.of("phase", in[1], "amplitude", in[2]))),
                x, p, amp);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void modelGradientsMatchFiniteDifferencesOnTheFftPath() {
        Shg s = Shg.shg().bins(64).inputs(32).outputs(8);
        Rng rng = new Rng(7);
        Tensor x = Tensor.uniform(rng, 0.1, 0.9, 1, 32), p = Tensor.uniform(rng, 0, 6, 32);
        GradCheck.Result r = GradCheck.check(in -> s.model(in[0], phase(s, in[1])), x, p);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void transformLimitedOutputsSumToOneWithFlatPhaseMatching() {
        Shg s = Shg.shg().bins(32).crystalLength(0);
        Tensor y = s.model(Tensor.zeros(1, 16), phase(s, Tensor.zeros(16)));
        assertEquals(1, y.sum().item(), 1e-4);
        assertEquals(16, y.dim(1));
    }

    @Test
    void noiselessDeviceDiffersFromTheModelOnlyBySlmQuantization() {
        Shg s = Shg.shg().bins(32).flawless();
        Rng rng = new Rng(8);
        Tensor x = Tensor.uniform(rng, 0, 1, 4, 16);
        Params p = phase(s, Tensor.uniform(rng, 0, 6, 16));
        Tensor ideal = s.model(x, p), measured = s.device(1).forward(x, p);
        Tensor coarse = s.slmBits(3).device(1).forward(x, p);
        double fine = maxAbsDiff(ideal, measured), bad = maxAbsDiff(ideal, coarse);
        assertTrue(fine < 2e-3, "8-bit SLM moved an output by " + fine);
        assertTrue(bad > fine, "a 3-bit SLM should be worse than an 8-bit one: " + bad + " vs " + fine);
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) m = Math.max(m, Math.abs(a.array()[i] - b.array()[i]));
        return m;
    }

    @Test
    void shotNoiseVarianceIsProportionalToTheSignal() {
        double sigma = 0.05;
        Shg s = Shg.shg().bins(32).outputs(8).flawless().shotNoise(sigma);
        Params p = phase(s, Tensor.uniform(new Rng(9), 0, 6, 16));
        int shots = 4000;
        Tensor y = s.device(2).forward(repeatRow(Tensor.uniform(new Rng(10), 0, 1, 16), shots), p);
        int checked = 0;
        for (int j = 0; j < 8; j++) {
            double m = 0, v = 0;
            for (int b = 0; b < shots; b++) m += y.get(b, j);
            m /= shots;
            for (int b = 0; b < shots; b++) v += Math.pow(y.get(b, j) - m, 2);
            v /= shots - 1;
            if (m < 0.01) continue;
            checked++;
            assertEquals(1, v / (sigma * sigma * m), 0.1, "variance / (σ²·mean) at output " + j + " (mean " + m + ")");
        }
        assertTrue(checked >= 3, "too few outputs with signal: " + checked);
    }

    @Test
    void pumpEnergyJitterGivesTwiceTheRelativeSpreadOnTheShSignal() {
        double sigma = 0.01;
        Shg s = Shg.shg().bins(32).flawless().pumpEnergyJitter(sigma);
        Params p = phase(s, Tensor.zeros(16));
        int shots = 4000;
        Tensor total = s.device(3).forward(Tensor.zeros(shots, 16), p).sum(1, false);
        double m = total.mean().item(), v = 0;
        for (float t : total.toArray()) v += (t - m) * (t - m);
        double relative = Math.sqrt(v / (shots - 1)) / m;
        assertEquals(2 * sigma, relative, 0.1 * 2 * sigma, "relative std of the SH energy");
    }

    @Test
    void perShotNormalizationCancelsPumpEnergyJitter() {
        Shg s = Shg.shg().bins(32).flawless().pumpEnergyJitter(0.05).normalizePerShot();
        Tensor y = s.device(4).forward(Tensor.full(0.3, 50, 16), phase(s, Tensor.zeros(16)));
        for (int b = 1; b < 50; b++)
            for (int j = 0; j < 16; j++) assertEquals(y.get(0, j), y.get(b, j), 1e-5);
    }

    @Test
    void outputNoiseModelActsOnTheMeasuredOutputs() {
        Shg s = Shg.shg().bins(32).flawless();
        Shg offset = s.outputNoise(rng -> signal -> signal.add(0.5));
        Tensor x = Tensor.full(0.2, 2, 16);
        Params p = phase(s, Tensor.zeros(16));
        Tensor plain = s.device(1).forward(x, p), shifted = offset.device(1).forward(x, p);
        assertTrue(shifted.allClose(plain.add(0.5), 1e-5), shifted + " vs " + plain);
    }

    @Test
    void devicesAreDeterministicPerSeedAndDifferAcrossSeeds() {
        Shg s = Shg.shg().bins(32);
        Rng rng = new Rng(11);
        Tensor x = Tensor.uniform(rng, 0, 1, 3, 16);
        Params p = phase(s, Tensor.uniform(rng, 0, 6, 16));
        PhysicalDevice a = s.device(42), b = s.device(42), c = s.device(43);
        for (int call = 0; call < 2; call++) {
            Tensor ya = a.forward(x, p), yb = b.forward(x, p), yc = c.forward(x, p);
            assertArrayEquals(ya.toArray(), yb.toArray(), "call " + call);
            assertFalse(ya.allClose(yc, 0), "seeds 42 and 43 gave identical outputs");
        }
        assertEquals(2, a.calls());
    }

    @Test
    void wrongInputWidthIsRejectedNamingTheSubstrate() {
        Shg s = Shg.shg().bins(32);
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> s.device(1).forward(Tensor.zeros(2, 15), phase(s, Tensor.zeros(16))));
        assertTrue(e.getMessage().contains("shg(bins=32, inputs=16, outputs=16)") && e.getMessage().contains("15"), e.getMessage());
    }

    @Test
    void phaseOutOfRangeIsRejectedNamingTheParameterAndValue() {
        Shg s = Shg.shg().bins(32);
        Tensor p = Tensor.zeros(16).add(Tensor.of(new float[] {0, 0, 9f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 16));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.device(1).forward(Tensor.zeros(1, 16), phase(s, p)));
        assertTrue(e.getMessage().contains("shg(") && e.getMessage().contains("'phase'") && e.getMessage().contains("9.0"), e.getMessage());
    }

    @Test
    void inconsistentOptionsAreRejectedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shg.shg().bins(8).outputs(20).inputSize());
        assertTrue(e.getMessage().contains("outputs") && e.getMessage().contains("20"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shg.shg().bins(8).inputs(8).inputSize());
        assertThrows(IllegalArgumentException.class, () -> Shg.shg().bins(1));
        assertThrows(IllegalArgumentException.class, () -> Shg.shg().pumpEnergyJitter(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Shg.shg().bins(8).spectrum(new float[7]).inputSize());
    }

    @Test
    void optionsReturnNewDescriptionsAndLeaveTheOriginalUnchanged() {
        Shg base = Shg.shg();
        Shg wide = base.bins(128).outputs(32);
        assertEquals(64, base.bins());
        assertEquals(16, base.outputSize());
        assertEquals(128, wide.bins());
        assertEquals(32, wide.outputSize());
        assertEquals(64, wide.inputSize());
    }
}
