package org.pnn4j.physics;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.Pnn;
import org.pnn4j.backend.Capabilities;
import org.pnn4j.backend.Preflight;
import org.pnn4j.backend.PreflightException;
import org.pnn4j.tensor.Tensor;

/** Range checks see float32 values at the bounds as inside: a bound rounded to float32 is inside the range. */
class SubstratesRangeTest {
    private static final double LO = -Math.PI, HI = Math.PI; // neither is a float32; both round outwards
    private static final float LO32 = (float) LO, HI32 = (float) HI;

    /** Inputs in [−π, π] (8 of them, so the vector path and the tail both run), a parameter "phase" in [−π, π]. */
    private static CustomSubstrate phases() {
        return Pnn.substrate("phases", (x, t) -> x.mul(t.get("phase"))).io(9, 9).inputRange(LO, HI).param("phase", LO, HI, 9);
    }

    private static Tensor row(float v, int at) {
        float[] d = new float[9];
        d[at] = v;
        return Tensor.of(d, 1, 9);
    }

    private static Params theta(float v, int at) {
        float[] d = new float[9];
        d[at] = v;
        return Params.of("phases", Map.of("phase", Tensor.of(d, 9)));
    }

    @Test
    void theRoundedBoundsAreOutsideInDoubleButInsideAsFloat32() {
        assertTrue(HI32 > HI && LO32 < LO, "the test needs bounds that round outwards");
        assertTrue(Substrates.inside(HI32, LO, HI));
        assertTrue(Substrates.inside(LO32, LO, HI));
        assertFalse(Substrates.inside(Math.nextUp(HI32), LO, HI));
        assertFalse(Substrates.inside(Math.nextDown(LO32), LO, HI));
        assertFalse(Substrates.inside(Float.NaN, LO, HI));
        assertTrue(Substrates.inside(1e30f, 0, Double.POSITIVE_INFINITY));
    }

    @Test
    void aSigmoidThatRoundsToOneTimesPiIsAnAcceptedInput() {
        CustomSubstrate s = Pnn.substrate("pi", (x, t) -> x).io(1, 1).inputRange(0, Math.PI);
        Tensor x = Tensor.of(new float[] {50f}, 1, 1).sigmoid().mul((float) Math.PI);
        assertTrue(x.array()[0] == 3.1415927f, "sigmoid(50)·π is π in float32, got " + x.array()[0]);
        assertDoesNotThrow(() -> Substrates.checkInput(s, x));
    }

    @Test
    void inputsAtBothFloat32BoundsPassAndOneUlpBeyondIsRefused() {
        CustomSubstrate s = phases();
        for (int at : new int[] {0, 8}) { // in a vector lane and in the scalar tail
            int col = at;
            assertDoesNotThrow(() -> Substrates.checkInput(s, row(HI32, col)));
            assertDoesNotThrow(() -> Substrates.checkInput(s, row(LO32, col)));
            IllegalArgumentException up = assertThrows(IllegalArgumentException.class, () -> Substrates.checkInput(s, row(Math.nextUp(HI32), col)));
            assertTrue(up.getMessage().contains("column " + col) && up.getMessage().contains("outside its input range"), up.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Substrates.checkInput(s, row(Math.nextDown(LO32), col)));
        }
    }

    @Test
    void parametersAtBothFloat32BoundsPassAndOneUlpBeyondIsRefused() {
        CustomSubstrate s = phases();
        for (int at : new int[] {0, 8}) {
            int i = at;
            assertDoesNotThrow(() -> Substrates.checkParams(s, theta(HI32, i)));
            assertDoesNotThrow(() -> Substrates.checkParams(s, theta(LO32, i)));
            IllegalArgumentException up = assertThrows(IllegalArgumentException.class, () -> Substrates.checkParams(s, theta(Math.nextUp(HI32), i)));
            assertTrue(up.getMessage().contains("element " + i), up.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Substrates.checkParams(s, theta(Math.nextDown(LO32), i)));
        }
    }

    @Test
    void preflightAcceptsBothFloat32BoundsForInputsAndParameters() {
        CustomSubstrate s = phases();
        Capabilities caps = Capabilities.of(64, 4, List.of(Capabilities.SubstrateInfo.of(s)), false);
        for (float v : new float[] {HI32, LO32}) {
            assertDoesNotThrow(() -> Preflight.check(caps, "phases", row(v, 3), theta(0, 0), 1));
            assertDoesNotThrow(() -> Preflight.check(caps, "phases", row(0, 3), theta(v, 3), 1));
        }
        assertThrows(PreflightException.class, () -> Preflight.check(caps, "phases", row(Math.nextUp(HI32), 3), theta(0, 0), 1));
        assertThrows(PreflightException.class, () -> Preflight.check(caps, "phases", row(Math.nextDown(LO32), 3), theta(0, 0), 1));
        assertThrows(PreflightException.class, () -> Preflight.check(caps, "phases", row(0, 3), theta(Math.nextUp(HI32), 3), 1));
        assertThrows(PreflightException.class, () -> Preflight.check(caps, "phases", row(0, 3), theta(Math.nextDown(LO32), 3), 1));
    }
}
