package org.pnn4j.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Tensor;

class ParameterTest {
    @Test
    void setRefusesNaNAndInfinityAndKeepsTheOldValues() {
        Parameter bounded = new Parameter("phase", Tensor.zeros(3), true, -Math.PI, Math.PI);
        Parameter free = new Parameter("w", Tensor.zeros(3));
        for (Parameter p : new Parameter[] {bounded, free}) {
            for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.set(new float[] {0.5f, bad, 0.1f}));
                assertTrue(e.getMessage().contains("element 1") && e.getMessage().contains("not a finite number"), e.getMessage());
                assertArrayEquals(new float[3], p.snapshot(), "a refused set must change nothing");
            }
        }
        bounded.set(new float[] {-3f, 0f, 3f});
        assertArrayEquals(new float[] {-3f, 0f, 3f}, bounded.snapshot());
    }
}
