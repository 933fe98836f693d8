package org.pnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Tensor;

class ConstraintTest {
    @Test
    void clampingToARangeWhoseEndsAreNotFloatsStaysInsideIt() {
        // (float) Math.PI = 3.1415927f is above Math.PI: a clamped phase must still pass a [-π, π] range check
        Parameter p = new Parameter("phase", Tensor.wrap(new float[] {3f, -3f, 1f}, 3), true, -Math.PI, Math.PI);
        p.value().array()[0] = 4f; // as an optimizer step leaves it
        p.value().array()[1] = -4f;
        Constraint.clampToRange().project(p);
        float[] v = p.value().array();
        assertTrue(v[0] <= Math.PI && v[0] > Math.PI - 1e-6, "upper end " + v[0]);
        assertTrue(v[1] >= -Math.PI && v[1] < -Math.PI + 1e-6, "lower end " + v[1]);
        assertEquals(1f, v[2]);
    }
}
