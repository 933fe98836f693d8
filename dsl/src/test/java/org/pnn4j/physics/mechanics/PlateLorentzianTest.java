package org.pnn4j.physics.mechanics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Params;
import org.pnn4j.tensor.Tensor;

/**
 * A single linear mode driven by a sinusoid settles to the driven damped oscillator's steady state, whose
 * velocity response is the Lorentzian resonance: |v|² = b² / ((ω0/Q)² + (ω0²/ω − ω)²), with its peak at ω0 and
 * its half-power points exactly ω0/Q apart.
 */
class PlateLorentzianTest {
    private static final double F0 = 500, Q = 20, B = 1e6, C = 1e-3;
    private static final int PER_PERIOD = 40, PERIODS = 40;

    /** Steady-state velocity amplitude (in output volts) when driving at f with a 1 V sinusoid. */
    private static double measuredAmplitude(double f) {
        int n = PER_PERIOD * PERIODS;
        Plate plate = Plate.of(1).frequencies(F0).qualityFactors(Q).linear().driveCoupling(B).readoutCoupling(C)
                .inputs(n).parameterSegments(1).outputs(n + 1).segmentDuration(1 / f / PER_PERIOD).stepsPerSegment(4);
        float[] drive = new float[n];
        for (int i = 0; i < n; i++) drive[i] = (float) Math.sin(2 * Math.PI * (i + 0.5) / PER_PERIOD);
        Tensor y = plate.model(Tensor.wrap(drive, 1, n), Params.of(plate.name(), Map.of("drive", Tensor.zeros(1))));
        double peak = 0;
        for (int k = n - 2 * PER_PERIOD; k < n; k++) peak = Math.max(peak, Math.abs(y.get(0, k)));
        return peak;
    }

    private static double lorentzian(double f) {
        double w0 = 2 * Math.PI * F0, w = 2 * Math.PI * f;
        // a zero-order-held sinusoid has fundamental amplitude sinc(π/PER_PERIOD) of the sampled one
        double hold = Math.sin(Math.PI / PER_PERIOD) / (Math.PI / PER_PERIOD);
        return C * B * hold / Math.sqrt(Math.pow(w0 / Q, 2) + Math.pow(w0 * w0 / w - w, 2));
    }

    @Test
    void drivenLinearModeFollowsTheLorentzianAcrossResonance() {
        for (double ratio : new double[] {0.8, 0.9, 0.95, 1.0, 1.05, 1.1, 1.25}) {
            double f = ratio * F0;
            assertEquals(lorentzian(f), measuredAmplitude(f), 0.02 * lorentzian(f), "at " + f + " Hz");
        }
    }

    @Test
    void halfPowerPointsAreF0OverQApart() {
        // ω0²/ω − ω = ±ω0/Q  ⇒  f± = f0(√(1 + 1/(4Q²)) ± 1/(2Q)), so f+ − f− = f0/Q exactly
        double s = Math.sqrt(1 + 1 / (4 * Q * Q)), fPlus = F0 * (s + 1 / (2 * Q)), fMinus = F0 * (s - 1 / (2 * Q));
        double peakPower = Math.pow(measuredAmplitude(F0), 2);
        assertEquals(0.5, Math.pow(measuredAmplitude(fPlus), 2) / peakPower, 0.02);
        assertEquals(0.5, Math.pow(measuredAmplitude(fMinus), 2) / peakPower, 0.02);
        assertEquals(F0 / Q, fPlus - fMinus, 1e-9);
    }
}
