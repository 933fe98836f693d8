package org.pnn4j.twin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.Table;

class DigitalTwinTest {
    /** Model tanh(g·x); the device has 15% more gain and output noise of 0.01. */
    private static CustomSubstrate gain() {
        return CustomSubstrate.of("saturable-gain", (x, t) -> x.mul(t.get("g")).tanh())
                .io(4, 4).inputRange(-1, 1).param("g", 0.1, 3, 4)
                .realization((x, t) -> x.mul(t.get("g").mul(1.15)).tanh())
                .outputNoise(org.pnn4j.noise.NoiseModel.additiveGaussian(0.01));
    }

    @Test
    void samplingPlanAveragesRepeatsAndCostsSettingsTimesRepeatsCalls() {
        PhysicalDevice d = gain().device(1);
        List<SamplingPlan.Measurement> m = SamplingPlan.uniform(5, 20, 3, 1).sample(d);
        assertEquals(5, m.size());
        assertEquals(20, m.get(0).x().dim(0));
        assertEquals(15, d.calls());
        assertThrows(IllegalArgumentException.class, () -> SamplingPlan.uniform(0, 1, 1, 1));
    }

    @Test
    void calibratedTwinLearnsTheGainGapAndExplainsHeldOutData() {
        CustomSubstrate s = gain();
        PhysicalDevice d = s.device(1);
        DigitalTwin twin = DigitalTwin.calibrated(s).training(60, 2e-2).fit(SamplingPlan.uniform(30, 40, 2, 1).sample(d));
        Table t = twin.diagnostics();
        System.out.println(t.print());
        assertEquals(4, t.rowCount());
        for (int j = 0; j < 4; j++) assertTrue(t.doubleColumn("r2").get(j) > 0.99, "R² of output " + j + ": " + t.doubleColumn("r2").get(j));
    }

    @Test
    void mlpTwinFitsHeldOutDataAndDrivesPhysicsAwareTraining() {
        CustomSubstrate s = gain();
        PhysicalDevice d = s.device(1);
        DigitalTwin twin = DigitalTwin.mlp(s, 32).training(60, 1e-2).fit(SamplingPlan.uniform(30, 40, 1, 1).sample(d));
        Table t = twin.diagnostics();
        System.out.println(t.print());
        for (int j = 0; j < 4; j++) assertTrue(t.doubleColumn("r2").get(j) > 0.8, "R² of output " + j + ": " + t.doubleColumn("r2").get(j));
        // the twin is the model of a physical layer on the real device: forward physical, backward through the twin
        PhysicalLayer layer = new PhysicalLayer(twin.asSubstrate(), d);
        Tensor x = Tensor.uniform(new Rng(3), -1, 1, 8, 4).requiresGrad(true);
        layer.forward(x).sum().backward();
        assertTrue(x.grad() != null && x.grad().isFinite());
        assertTrue(layer.parameters().get(0).grad() != null);
    }

    @Test
    void diagnosticsBeforeFittingSaySoAndWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DigitalTwin.mlp(gain(), 8).diagnostics());
        assertTrue(e.getMessage().contains("fit("), e.getMessage());
    }
}
