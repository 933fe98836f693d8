package org.pnn4j.physics.oscillators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

class OscillatorDeviceTest {
    private static final int N = 6;

    private static Params params(CoupledOscillators osc, Rng rng) {
        return Params.of(osc.name(), Map.of("C", Tensor.randn(rng, 0.3, N, N).clamp(-1, 1), "e", Tensor.uniform(rng, -0.5, 0.5, N)));
    }

    @Test
    void devicesWithTheSameSeedGiveIdenticalOutputsCallForCall() {
        CoupledOscillators osc = CoupledOscillators.of(N);
        Rng rng = new Rng(10);
        Params theta = params(osc, rng);
        Tensor x = Tensor.uniform(rng, -1, 1, 8, N);
        PhysicalDevice a = osc.device(7), b = osc.device(7), c = osc.device(8);
        float[] a1 = a.forward(x, theta).array(), a2 = a.forward(x, theta).array();
        assertArrayEquals(a1, b.forward(x, theta).array());
        assertArrayEquals(a2, b.forward(x, theta).array());
        assertFalse(java.util.Arrays.equals(a1, a2), "per-call input noise should change the second call");
        assertFalse(java.util.Arrays.equals(a1, c.forward(x, theta).array()), "another seed is another instance");
        assertEquals(2, a.calls());
    }

    @Test
    void observedInputNoiseIsReportedAsTheAppliedInputAndTheModelThereGivesTheOutput() {
        // no reality gap but input noise: the model at the reported input must reproduce the measured output
        CoupledOscillators osc = CoupledOscillators.of(N).nonlinearityError(0).extraCouplingStd(0).inputNoise(0.1)
                .inputNoiseObserved(true);
        Rng rng = new Rng(13);
        Params theta = params(osc, rng);
        Tensor x = Tensor.uniform(rng, -1, 1, 5, N);
        PhysicalDevice.Measurement m = osc.device(2).measure(x, theta);
        double maxShift = 0;
        for (int i = 0; i < x.size(); i++) maxShift = Math.max(maxShift, Math.abs(m.input().array()[i] - x.array()[i]));
        assertTrue(maxShift > 0.05 && maxShift < 0.6, "applied input should be x plus N(0, 0.1) noise; max shift " + maxShift);
        assertTrue(osc.model(m.input(), theta).allClose(m.output(), 1e-6), "the model at the applied input is the output");
        assertFalse(osc.model(x, theta).allClose(m.output(), 1e-3), "the model at the commanded input is not");
        // the same device seed gives the same output through forward and measure, observed or not
        assertArrayEquals(m.output().array(), osc.device(2).forward(x, theta).array());
        PhysicalDevice.Measurement hidden = osc.inputNoiseObserved(false).device(2).measure(x, theta);
        assertArrayEquals(m.output().array(), hidden.output().array());
        assertArrayEquals(x.array(), hidden.input().array(), "unobserved noise: the commanded input is reported");
    }

    @Test
    void physicsAwareBackwardRunsTheModelAtTheObservedAppliedInput() {
        CoupledOscillators osc = CoupledOscillators.of(N).nonlinearityError(0).extraCouplingStd(0).inputNoise(0.1)
                .inputNoiseObserved(true);
        org.pnn4j.physics.PhysicalLayer layer = new org.pnn4j.physics.PhysicalLayer(osc, osc.device(4));
        layer.initialize(new Rng(5));
        Tensor x = Tensor.uniform(new Rng(6), -1, 1, 3, N).requiresGrad(true);
        Tensor g = Tensor.uniform(new Rng(7), -1, 1, 3, N);
        layer.forward(x).backward(g);
        // expected: the model's VJP at the input a same-seed device applied on its first call
        Params theta = layer.params();
        Tensor applied = osc.device(4).measure(x.detach(), theta).input().requiresGrad(true);
        Tensor c = theta.get("C").detach().requiresGrad(true), e = theta.get("e").detach().requiresGrad(true);
        try (var on = org.pnn4j.tensor.Grad.on()) {
            osc.model(applied, Params.of(osc.name(), Map.of("C", c, "e", e))).backward(g);
        }
        assertTrue(x.grad().allClose(applied.grad(), 1e-6), "input gradient: the model's VJP at the applied input");
        assertTrue(layer.parameters().get(0).grad().allClose(c.grad(), 1e-6), "coupling gradient likewise");
        // and it differs from the VJP at the commanded input by more than rounding
        Tensor x0 = x.detach().requiresGrad(true);
        try (var on = org.pnn4j.tensor.Grad.on()) {
            osc.model(x0, theta.detached()).backward(g);
        }
        assertFalse(x0.grad().allClose(applied.grad(), 1e-4), "the commanded input would give another gradient");
    }

    @Test
    void deviceWithoutGapOrNoiseEqualsTheModel() {
        CoupledOscillators osc = CoupledOscillators.of(N).nonlinearityError(0).extraCouplingStd(0).inputNoise(0);
        Rng rng = new Rng(11);
        Params theta = params(osc, rng);
        Tensor x = Tensor.uniform(rng, -2, 2, 5, N);
        assertTrue(osc.device(1).forward(x, theta).allClose(osc.model(x, theta), 1e-6));
    }

    @Test
    void realityGapFromNonlinearityAndExtraCouplingIsSystematicAndOfExpectedSize() {
        CoupledOscillators osc = CoupledOscillators.of(N).inputNoise(0);
        Rng rng = new Rng(12);
        Params theta = params(osc, rng);
        Tensor x = Tensor.uniform(rng, -2, 2, 200, N);
        float[] dev = osc.device(3).forward(x, theta).array(), model = osc.model(x, theta).array();
        double meanAbs = 0;
        for (int i = 0; i < dev.length; i++) meanAbs += Math.abs(dev[i] - model[i]);
        meanAbs /= dev.length;
        // η = 0.1 changes the restoring force by ~10% and the extra coupling adds ~0.2·sqrt(N) of force over
        // T²/2 = 0.125: a gap of order 1e-2, far above float rounding and below the signal.
        assertTrue(meanAbs > 3e-3 && meanAbs < 0.2, "mean |device - model| = " + meanAbs);
        assertTrue(CoupledOscillators.extraCoupling(osc.device(3)).allClose(CoupledOscillators.extraCoupling(osc.device(3)), 0));
    }

    @Test
    void inputNoiseHasTheConfiguredStandardDeviation() {
        // With T tiny, q(T) = q(0) = x + noise: the output minus the input is the input noise.
        CoupledOscillators osc = CoupledOscillators.of(N).time(1e-6).steps(1).nonlinearityError(0).extraCouplingStd(0);
        Rng rng = new Rng(13);
        Params theta = params(osc, rng);
        Tensor x = Tensor.uniform(rng, -1, 1, 2000, N);
        float[] y = osc.device(5).forward(x, theta).array(), xs = x.array();
        double sum = 0, sq = 0;
        for (int i = 0; i < y.length; i++) {
            double d = y[i] - xs[i];
            sum += d;
            sq += d * d;
        }
        double mean = sum / y.length, std = Math.sqrt(sq / y.length - mean * mean);
        assertEquals(0.02, std, 0.02 * 0.03, "input noise std");
        assertEquals(0, mean, 1e-3, "input noise mean");
    }

    @Test
    void deviceRejectsParametersOutsideTheirRangeAndWrongWidthsNamingTheSubstrate() {
        CoupledOscillators osc = CoupledOscillators.of(N);
        Params bad = Params.of(osc.name(), Map.of("C", Tensor.full(1.5, N, N), "e", Tensor.zeros(N)));
        PhysicalDevice dev = osc.device(1);
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> dev.forward(Tensor.zeros(2, N), bad));
        assertTrue(ex.getMessage().contains("oscillators(6)") && ex.getMessage().contains("'C'") && ex.getMessage().contains("1.5"),
                ex.getMessage());
        Params ok = params(osc, new Rng(1));
        assertThrows(ShapeMismatchException.class, () -> dev.forward(Tensor.zeros(2, N + 1), ok));
        assertEquals(0, dev.calls());
    }
}
