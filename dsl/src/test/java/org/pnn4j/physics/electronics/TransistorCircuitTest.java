package org.pnn4j.physics.electronics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Params;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class TransistorCircuitTest {
    private static final double VT = 1.380649e-23 * 300 / 1.602176634e-19;

    private static Params drive(TransistorCircuit k, float... d) {
        return Params.of(k.name(), Map.of("drive", Tensor.vector(d)));
    }

    private static double[] constant(int n, double u) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, u);
        return d;
    }

    @Test
    void theOperatingPointSatisfiesTheEbersMollEquations() {
        TransistorCircuit k = TransistorCircuit.of();
        TransistorCircuit.OperatingPoint op = k.operatingPoint();
        double is = 1e-14, bf = 100, br = 1, vbe = op.baseEmitterVoltage(), vbc = vbe - op.collectorVoltage();
        double ib = (1.5 - vbe) / 20e3;
        assertEquals(ib, op.baseCurrent(), 1e-15);
        assertEquals(is / bf * (Math.exp(vbe / VT) - 1) + is / br * (Math.exp(vbc / VT) - 1), ib, 1e-9 * ib, "base current");
        double ic = is * (Math.exp(vbe / VT) - Math.exp(vbc / VT)) - is / br * (Math.exp(vbc / VT) - 1);
        assertEquals(ic, op.collectorCurrent(), 1e-9 * ic, "collector current");
        assertEquals(5 - 250 * ic, op.collectorVoltage(), 1e-9, "the inductor passes DC: v_C0 = V_CC − R·I_C0");
        assertEquals(4.05e-3, ic, 0.01e-3, "the documented I_C0");
        assertEquals(3.99, op.collectorVoltage(), 0.01, "the documented v_C0");
        assertTrue(vbc < -3, "forward active: the base-collector junction is reverse biased, v_BC = " + vbc);
        float[] y = k.outputs(16).model(Tensor.zeros(2, 4), drive(k, 0, 0, 0, 0)).array();
        for (float e : y) assertEquals(0, e, 1e-9, "zero drive stays at the operating point");
    }

    /** Small signal: the transistor is a current source, the collector load an RLC with α = R/2L, ω_d = √(1/LC − α²). */
    @Test
    void aSmallDriveRingsAtTheTankResonanceWithItsDamping() {
        TransistorCircuit k = TransistorCircuit.of().inputs(1).parameterSegments(29).outputs(1200);
        float[] zeros = new float[29];
        float[] y = k.model(Tensor.full(1e-3, 1, 1), Params.of(k.name(), Map.of("drive", Tensor.vector(zeros)))).array();
        double h = k.timeStep(), alpha = 250 / (2 * 0.1), wd = Math.sqrt(1 / (0.1 * 1e-7) - alpha * alpha);
        java.util.List<double[]> peaks = new java.util.ArrayList<>();
        for (int j = 41; j + 1 < y.length; j++) {
            if (y[j] > y[j - 1] && y[j] >= y[j + 1]) {
                // parabola through the three samples: position (in steps) and height of the peak
                double a = y[j - 1], b = y[j], c = y[j + 1], off = 0.5 * (a - c) / (a - 2 * b + c);
                peaks.add(new double[] {(j + 1 + off) * h, b - 0.25 * (a - c) * off});
            }
        }
        assertTrue(peaks.size() >= 3, "at least three peaks in 3 ms, got " + peaks.size());
        double period = (peaks.get(2)[0] - peaks.get(0)[0]) / 2;
        assertEquals(2 * Math.PI / wd, period, 0.002 * period, "damped period (f_d = " + wd / (2 * Math.PI) + " Hz)");
        double ratio = peaks.get(2)[1] / peaks.get(0)[1];
        assertEquals(Math.exp(-alpha * 2 * period), ratio, 0.01, "decay over two periods, Q = " + k.qualityFactor());
        assertEquals(1591.5, k.resonanceFrequency(), 0.1);
        assertEquals(4, k.qualityFactor(), 1e-12);
        double kick = 4.85e-3 * 1e-3 * 1000;
        assertTrue(peaks.get(0)[1] > 0.2 * kick && peaks.get(0)[1] < 2 * kick, "response scale ~ gain·Z₀·u, got " + peaks.get(0)[1]);
    }

    @Test
    void largeDrivesSaturateOrCutOffTheTransistorAndStayWithinTheRails() {
        TransistorCircuit k = TransistorCircuit.of();
        BjtIntegrator.Circuit eq = k.equations();
        double ic0 = k.operatingPoint().collectorCurrent(), z0 = Math.sqrt(0.1 / 1e-7);
        // energy bound of the tank: with v_C >= -0.3 V the current never exceeds (V_CC + 0.3)/R, so
        // ½C(v − V_CC)² <= ½L((V_CC + 0.3)/R)² + ½C·V_CC²
        double ceiling = 5 + Math.sqrt(25 + Math.pow(z0 * 5.3 / 250, 2));
        double[][] up = k.trace(constant(8, 1)), down = k.trace(constant(8, -1));
        boolean saturated = false, cutOff = false;
        for (int t = 0; t < up[1].length; t++) {
            double v = up[0][t + 1];
            assertTrue(v > -0.3 && v < ceiling, "step " + t + ": v_C = " + v);
            if (up[2][t] - v > 0.5) saturated = true;
            double w = down[0][t + 1];
            assertTrue(w > -0.3 && w < ceiling, "step " + t + ": v_C = " + w);
            if (eq.collector(down[2][t], w) < 1e-3 * ic0) cutOff = true;
        }
        assertTrue(saturated, "u = +1 V saturates the transistor (v_BC > 0.5 V)");
        assertTrue(cutOff, "u = −1 V cuts it off (i_C < 1e-3·I_C0)");
        // clipping: ten times a small drive gives far less than ten times the small response below the operating point
        double small = min(k.trace(constant(8, 0.1))[0]), large = min(up[0]), v0 = k.operatingPoint().collectorVoltage();
        assertTrue(10 * (v0 - small) > v0 + 1, "the linear extrapolation would go below 0 V: 10·" + (v0 - small));
        assertTrue(large > -0.3, "but saturation holds v_C above about 0 V, got " + large);
    }

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double e : a) m = Math.min(m, e);
        return m;
    }

    @Test
    void withTheDefaultsRandomDrivesKeepTheTransistorMostlyActiveAndSometimesClip() {
        TransistorCircuit k = TransistorCircuit.of();
        BjtIntegrator.Circuit eq = k.equations();
        double ic0 = k.operatingPoint().collectorCurrent();
        Rng rng = new Rng(1);
        long active = 0, saturated = 0, cutOff = 0;
        for (int s = 0; s < 200; s++) {
            double[] u = new double[8];
            for (int j = 0; j < 8; j++) u[j] = 2 * rng.nextDouble() - 1;
            double[][] tr = k.trace(u);
            for (int t = 0; t < tr[1].length; t++) {
                double v = tr[0][t + 1], b = tr[2][t];
                if (b - v > 0.4) saturated++;
                else if (eq.collector(b, v) < 0.05 * ic0) cutOff++;
                else active++;
            }
        }
        double n = active + saturated + cutOff, fa = active / n, fs = saturated / n, fc = cutOff / n;
        String got = String.format("active %.3f, saturated %.3f, cut off %.3f", fa, fs, fc);
        assertTrue(fa > 0.75 && fa < 0.97, got);
        assertTrue(fs > 0.02 && fs < 0.15, got);
        assertTrue(fc > 0.02 && fc < 0.15, got);
    }

    @Test
    void defaultStepMatchesAFineStepReference() {
        TransistorCircuit k = TransistorCircuit.of().outputs(16);
        Tensor x = Tensor.uniform(new Rng(4), -1, 1, 3, 4);
        Params th = drive(k, 0.8f, -0.4f, 1f, -0.9f);
        Tensor a = k.model(x, th), ref = k.stepsPerSegment(1000).model(x, th);
        // measured: 2.3 mV at most with the default 40 steps per segment (0.6 mV with 80), outputs of volts
        for (int i = 0; i < a.size(); i++) assertEquals(ref.array()[i], a.array()[i], 5e-3, "element " + i);
    }

    @Test
    void adjointGradientMatchesFiniteDifferencesForInputsAndDrive() {
        TransistorCircuit k = TransistorCircuit.of().inputs(2).parameterSegments(2).outputs(4).stepsPerSegment(20);
        Tensor x = Tensor.vector(0.5f, -0.4f, 0.2f, 0.6f).reshape(2, 2);
        Tensor d = Tensor.vector(0.3f, -0.5f);
        GradCheck.Result r = GradCheck.check(in -> k.model(in[0], Params.of(k.name(), Map.of("drive", in[1]))), x, d);
        assertTrue(r.passed(), r.toString());
        TransistorCircuit il = k.interleaved(true);
        GradCheck.Result ri = GradCheck.check(in -> il.model(in[0], Params.of(il.name(), Map.of("drive", in[1]))), x, d);
        assertTrue(ri.passed(), "interleaved: " + ri);
    }

    @Test
    void devicesAreSeededAndTheFlawlessDeviceReproducesTheModel() {
        TransistorCircuit k = TransistorCircuit.of();
        Tensor x = Tensor.uniform(new Rng(9), -1, 1, 3, 4);
        Params th = drive(k, 0.5f, -0.5f, 0.3f, -0.2f);
        assertArrayEquals(k.device(3).forward(x, th).array(), k.device(3).forward(x, th).array());
        assertArrayEquals(k.model(x, th).array(), k.model(x, th).array());
        assertFalse(java.util.Arrays.equals(k.device(3).forward(x, th).array(), k.device(4).forward(x, th).array()));
        assertTrue(k.flawless().device(3).forward(x, th).allClose(k.model(x, th), 1e-6));
        Tensor real = k.device(3).forward(x, th), ideal = k.model(x, th);
        assertFalse(real.allClose(ideal, 5e-3), "a default device's mismatch shows beyond the ADC step");
        assertTrue(real.allClose(ideal, 0.5), "but the device stays close to its model");
    }

    @Test
    void fabricationMismatchSpreadsBetaAndResonanceLogNormally() {
        TransistorCircuit k = TransistorCircuit.of().mismatch(0.05, 0.01);
        int n = 400;
        double sb = 0, sf = 0, mb = 0;
        for (int d = 0; d < n; d++) {
            TransistorCircuit.Device dev = k.device(d);
            double lb = Math.log(dev.forwardBeta() / 100), lf = Math.log(dev.resonanceFrequency() / k.resonanceFrequency());
            mb += lb;
            sb += lb * lb;
            sf += lf * lf;
        }
        assertEquals(0, mb / n, 0.01);
        assertEquals(0.05, Math.sqrt(sb / n), 0.005);
        assertEquals(0.01, Math.sqrt(sf / n), 0.001);
        assertEquals(100, k.flawless().device(5).forwardBeta());
        assertEquals(k.resonanceFrequency(), k.flawless().device(5).resonanceFrequency(), 1e-9);
    }

    @Test
    void adcOutputsAreWholeCodesAndSaturateAtFullScale() {
        TransistorCircuit k = TransistorCircuit.of().flawless().adc(12, 1.0).outputs(16);
        double lsb = k.adcStep();
        assertEquals(2.0 / 4096, lsb, 1e-12);
        assertEquals(16.0 / 4096, TransistorCircuit.of().adcStep(), 1e-12, "default: 12 bits over ±8 V");
        Tensor x = Tensor.uniform(new Rng(2), -1, 1, 4, 4);
        Params th = drive(k, -1, 1, -1, 0.5f);
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
    void johnsonNoiseIsFourKTRBandwidthAndReachesTheOutput() {
        TransistorCircuit k = TransistorCircuit.of();
        assertEquals(Math.sqrt(4 * 1.380649e-23 * 300 * 250 / (2 * 2.5e-6)), k.johnsonNoiseRms(), 1e-15);
        assertEquals(0.91e-6, k.johnsonNoiseRms(), 0.01e-6);
        TransistorCircuit hot = k.flawless().johnsonNoise(true).temperature(3e7);
        Tensor x = Tensor.full(0.2, 50, 4);
        Params th = drive(hot, 0, 0, 0, 0);
        float[] y = hot.device(7).forward(x, th).array(), m = hot.model(x, th).array();
        double s2 = 0;
        for (int i = 0; i < y.length; i++) s2 += Math.pow(y[i] - m[i], 2);
        assertTrue(Math.sqrt(s2 / y.length) > 1e-5, "Johnson noise should reach the output, rms " + Math.sqrt(s2 / y.length));
    }

    @Test
    void gainDriftIsARandomWalkOverCalls() {
        TransistorCircuit k = TransistorCircuit.of().inputs(1).parameterSegments(0).outputs(1).stepsPerSegment(4).gainDrift(2e-3);
        Params th = Params.of(k.name(), Map.of("drive", Tensor.zeros(0)));
        int devices = 200, calls = 9;
        double s2 = 0;
        for (int d = 0; d < devices; d++) {
            TransistorCircuit.Device dev = k.device(d);
            for (int c = 0; c < calls; c++) dev.forward(Tensor.zeros(1, 1), th);
            s2 += Math.pow(dev.gain() - 1, 2);
        }
        assertEquals(6e-3, Math.sqrt(s2 / devices), 1e-3);
    }

    @Test
    void itIsFoundByItsKindAndWrappedByTheElectronicFactory() {
        assertEquals(TransistorCircuit.of().toString(), org.pnn4j.physics.SubstrateKinds.parse("transistor").toString());
        assertEquals("transistor(4, 4)", org.pnn4j.Pnn.electronic(TransistorCircuit.of()).substrate().name());
    }

    @Test
    void badInputNamesTheCircuitAndTheValue() {
        TransistorCircuit k = TransistorCircuit.of();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> k.device(1).forward(Tensor.full(-5, 1, 4), drive(k, 0, 0, 0, 0)));
        assertTrue(e.getMessage().contains("transistor(4, 4)") && e.getMessage().contains("-5.0"), e.getMessage());
    }
}
