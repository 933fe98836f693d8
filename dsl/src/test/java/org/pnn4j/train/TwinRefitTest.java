package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.twin.DigitalTwin;
import org.pnn4j.twin.SamplingPlan;
import tech.tablesaw.api.Table;

class TwinRefitTest {
    /** tanh(g·x) per channel, read with a gain that drifts linearly by {@code ratePerCall} per device call. */
    private static CustomSubstrate drifting(double ratePerCall) {
        return CustomSubstrate.of("drifting-gain", (x, t) -> x.mul(t.get("g")).tanh())
                .io(4, 4).inputRange(-1, 1).param("g", 0.5, 2, 4)
                .outputNoise(NoiseModel.additiveGaussian(0.005).then(NoiseModel.linearDrift(ratePerCall).multiplicative()));
    }

    private static void trainSteps(PhysicalLayer layer, int steps, Rng rng) {
        for (int i = 0; i < steps; i++) {
            Tensor x = Tensor.uniform(rng, -0.8, 0.8, 16, 4).requiresGrad(true);
            layer.forward(x).sum().backward();
            for (var p : layer.parameters()) p.zeroGrad();
        }
    }

    private static DigitalTwin fitted(PhysicalDevice d, CustomSubstrate s) {
        return DigitalTwin.blackBox(s).training(60, 3e-3).fit(SamplingPlan.uniform(40, 64, 1, 1).sample(d));
    }

    @Test
    void refitsWhenTheDeviceDriftsAndTheErrorFallsAgain() {
        CustomSubstrate s = drifting(0.004);
        PhysicalDevice d = s.device(1);
        DigitalTwin twin = fitted(d, s);
        PhysicalLayer layer = new PhysicalLayer(twin.asSubstrate(), d);
        layer.initialize(new Rng(3));
        TwinRefit refit = TwinRefit.of(layer, twin).threshold(0.1).refitPlan(16, 64, 0.1, 30);
        Rng rng = new Rng(4);
        trainSteps(layer, 5, rng);
        double early = refit.check(5);
        assertEquals(0, refit.refits(), "no refit while the twin is accurate (error " + early + ")");
        trainSteps(layer, 80, rng); // the gain has drifted by ~0.004·(40 + 85) ≈ 50%
        double measured = refit.measure(85);
        assertTrue(measured > 0.1 && refit.refits() == 0, "measure() only measures: error " + measured + ", refits " + refit.refits());
        long before = d.calls();
        double late = refit.check(85);
        Table h = refit.history();
        System.out.println(h.print());
        assertTrue(late > 0.1, "drift makes the twin wrong: " + late);
        assertEquals(1, refit.refits());
        assertEquals(d.calls() - before, refit.deviceCalls() - 2, "every device call the listener makes is counted");
        assertEquals(1 + 1 + 1 + 16, refit.deviceCalls());
        double after = h.doubleColumn("relative_error_after_refit").get(2);
        assertTrue(after < late / 3, "the refit brings the error down: " + late + " -> " + after);
        assertFalse(h.booleanColumn("refit").get(0));
    }

    @Test
    void listensEveryKBatchesInATrainingRun() {
        CustomSubstrate s = drifting(0);
        PhysicalDevice d = s.device(1);
        DigitalTwin twin = fitted(d, s);
        PhysicalLayer layer = new PhysicalLayer(twin.asSubstrate(), d);
        TwinRefit refit = TwinRefit.of(layer, twin).every(3);
        trainSteps(layer, 1, new Rng(1));
        for (int i = 1; i <= 7; i++) refit.onBatchEnd(new TrainingListener.BatchProgress(1, i, 7, i, 0, 0, 0, 0, 0, 0));
        assertEquals(2, refit.history().rowCount());
        assertEquals(0, refit.refits(), "a twin of a device that does not drift needs no refit");
    }

    @Test
    void aLayerNotTrainedThroughTheTwinIsRefused() {
        CustomSubstrate s = drifting(0);
        PhysicalDevice d = s.device(1);
        DigitalTwin twin = DigitalTwin.mlp(s, 4).training(1, 1e-2).fit(SamplingPlan.uniform(3, 8, 1, 1).sample(d));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TwinRefit.of(new PhysicalLayer(s, d), twin));
        assertTrue(e.getMessage().contains("twin.asSubstrate()"), e.getMessage());
    }
}
