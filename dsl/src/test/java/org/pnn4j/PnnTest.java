package org.pnn4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.acoustic;
import static org.pnn4j.Pnn.electronic;
import static org.pnn4j.Pnn.fourierOptics;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.mech;
import static org.pnn4j.Pnn.microwave;
import static org.pnn4j.Pnn.optical;
import static org.pnn4j.Pnn.oscillators;
import static org.pnn4j.Pnn.pendula;
import static org.pnn4j.Pnn.shg;
import static org.pnn4j.Pnn.sigmoid;

import org.junit.jupiter.api.Test;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/** The DSL mixes physical and digital layers in one Network.of, with shapes checked at build time. */
class PnnTest {
    @Test
    void everyPhysicalFactoryGivesALayerThatRunsInEveryMode() {
        PhysicalLayer[] layers = {optical(shg()), fourierOptics(16), mech(3), electronic(), acoustic(4, 2, 5), microwave(4, 2, 5),
                oscillators(6), pendula(5)};
        for (PhysicalLayer layer : layers) {
            int in = layer.substrate().inputSize(), out = layer.substrate().outputSize();
            double lo = Math.max(0, layer.substrate().inputMin()), hi = Math.min(1, layer.substrate().inputMax());
            Tensor x = Tensor.uniform(new Rng(1), lo, hi, 2, in);
            for (PhysicalLayer.Mode mode : PhysicalLayer.Mode.values()) {
                Tensor y = layer.mode(mode).forward(x);
                assertArrayEquals(new int[] {2, out}, y.shape(), layer.describe() + " in " + mode);
                assertTrue(y.isFinite(), layer.describe() + " in " + mode);
            }
        }
    }

    @Test
    void mixedNetworkOfOpticsAndDigitalLayersBuildsAndBackpropagates() {
        PhysicalLayer optics = optical(shg());
        int in = optics.substrate().inputSize(), out = optics.substrate().outputSize();
        Network net = Network.of(linear(12, in), sigmoid(), optics, linear(out, 7));
        assertTrue(net.summary().contains(optics.describe()), net.summary());
        Tensor y = net.forward(Tensor.uniform(new Rng(2), -1, 1, 5, 12));
        y.sum().backward();
        assertTrue(net.parameters().stream().allMatch(p -> p.grad() != null), "every parameter gets a PAT gradient");
    }

    @Test
    void physicalLayerWidthMismatchIsReportedWithTheSubstrateName() {
        PhysicalLayer optics = optical(shg());
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> Network.of(linear(12, 48), optics));
        assertEquals("layer 2 (" + optics.describe() + ") expects " + optics.substrate().inputSize()
                + " inputs, got 48 (previous layer: linear(12, 48))", e.getMessage());
    }

    @Test
    void acousticAndMicrowaveFactoriesRejectTheOtherKind() {
        assertThrows(IllegalArgumentException.class, () -> acoustic(Cavity.microwave(2, 1, 2)));
        assertThrows(IllegalArgumentException.class, () -> microwave(Cavity.acoustic(2, 1, 2)));
    }
}
