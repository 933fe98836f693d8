package org.pnn4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.relu;
import static org.pnn4j.Pnn.tanh;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

class NetworkTest {
    @Test
    void mismatchedLayersAreReportedAtBuildWithLayerAndBothShapes() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> Network.of(linear(12, 48), tanh(), linear(64, 7)));
        assertEquals("layer 3 (linear(64, 7)) expects 64 inputs, got 48 (previous layer: tanh())", e.getMessage());
    }

    @Test
    void wrongInputWidthNamesTheNetworkInputAndTheFirstLayer() {
        Network net = Network.of(linear(12, 4));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> net.forward(Tensor.zeros(5, 10)));
        assertTrue(e.getMessage().contains("[5, 10]") && e.getMessage().contains("linear(12, 4)")
                && e.getMessage().contains("[batch, 12]"), e.getMessage());
    }

    @Test
    void summaryListsLayersShapesAndParameterCounts() {
        Network net = Network.of(linear(12, 48), relu(), linear(48, 7));
        String s = net.summary();
        assertTrue(s.contains("linear(12, 48)") && s.contains("[48]") && s.contains("[7]"), s);
        assertEquals(12 * 48 + 48 + 48 * 7 + 7, net.parameterCount());
        assertTrue(s.contains(String.valueOf(net.parameterCount())), s);
        assertArrayEquals(new int[] {7}, net.outputShape());
    }

    @Test
    void initializationIsSeeded() {
        Network a = Network.of(linear(3, 2)).initialize(5), b = Network.of(linear(3, 2)).initialize(5);
        assertArrayEquals(a.parameters().get(0).snapshot(), b.parameters().get(0).snapshot());
        assertNotEquals(a.parameters().get(0).snapshot()[0], Network.of(linear(3, 2)).initialize(6).parameters().get(0).snapshot()[0]);
    }

    @Test
    void predictRecordsNoGradient() {
        Network net = Network.of(linear(3, 2));
        assertTrue(net.forward(Tensor.zeros(1, 3)).requiresGrad());
        assertTrue(!net.predict(Tensor.zeros(1, 3)).requiresGrad());
        assertEquals(4, net.classify(Tensor.zeros(4, 3)).length);
    }
}
