package org.pnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Tensor;

class ConstraintTest {
    /** (float) 2π = 6.2831855 > 2π: a value clamped to [-2π, 2π] must still lie inside the double range. */
    @Test
    void clampStaysInsideBoundsThatHaveNoExactFloat() {
        double hi = 2 * Math.PI, lo = -2 * Math.PI;
        assertTrue((float) hi > hi, "the premise: 2π rounds up to float");
        Parameter p = new Parameter("phase", Tensor.of(new float[] {0f, 0f, 1f}, 3), true, lo, hi);
        p.value().array()[0] = 7f; // as an optimizer step leaves it
        p.value().array()[1] = -7f;
        Constraint.clampToRange().project(p);
        float[] v = p.value().array();
        assertTrue(v[0] <= hi && v[0] > hi - 1e-6, "upper: " + v[0]);
        assertTrue(v[1] >= lo && v[1] < lo + 1e-6, "lower: " + v[1]);
        assertEquals(1f, v[2]);
    }

    /** The trainers' own clamp (after every step of a physical parameter) and Tensor.clamp stay inside too. */
    @Test
    void tensorClampAndParameterFloatBoundsStayInside() {
        double hi = 2 * Math.PI;
        float[] c = Tensor.of(new float[] {7f, -7f}, 2).clamp(-hi, hi).array();
        assertTrue(c[0] <= hi && c[1] >= -hi, c[0] + ", " + c[1]);
        Parameter p = new Parameter("phase", Tensor.of(new float[] {0f}, 1), true, -hi, hi);
        assertTrue(p.floatHi() <= hi && p.floatHi() > hi - 1e-6);
        assertTrue(p.floatLo() >= -hi && p.floatLo() < -hi + 1e-6);
    }

    @Test
    void clampToExactFloatBoundsKeepsThem() {
        Parameter p = new Parameter("g", Tensor.of(new float[] {3f, -3f}, 2));
        Constraint.clamp(-1, 0.5).project(p);
        assertEquals(0.5f, p.value().array()[0]);
        assertEquals(-1f, p.value().array()[1]);
    }
}
