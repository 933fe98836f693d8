package org.pnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.pnn4j.Network;
import org.pnn4j.Pnn;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.Substrates;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** toRange squashes activations into a substrate's input range with a margin; its outputs always pass the range check. */
class ToRangeTest {
    private static final double[][] RANGES = {{0, Math.PI}, {-Math.PI, Math.PI}, {-2 * Math.PI, 2 * Math.PI}, {1e-3, 7.3}, {-1, 1}, {0.1, 0.1000001}};

    /** Extremes, saturating values, the middle, and random values. */
    private static Tensor inputs() {
        float[] fixed = {Float.NEGATIVE_INFINITY, -Float.MAX_VALUE, -1e30f, -100, -40, -17, -1, 0, 1e-8f, 1, 17, 40, 100, 1e30f,
                Float.MAX_VALUE, Float.POSITIVE_INFINITY};
        float[] rnd = Tensor.uniform(new Rng(9), -30, 30, 2000).toArray();
        float[] all = new float[fixed.length + rnd.length];
        System.arraycopy(fixed, 0, all, 0, fixed.length);
        System.arraycopy(rnd, 0, all, fixed.length, rnd.length);
        return Tensor.of(all, all.length, 1);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        for (double[] r : new double[][] {{0, Math.PI}, {-2, 5}}) {
            for (double m : new double[] {0, 0.1, 0.45}) {
                ToRange t = Pnn.toRange(r[0], r[1], m);
                GradCheck.Result res = GradCheck.check(in -> t.forward(in[0]), Tensor.uniform(new Rng(3), -4, 4, 3, 5));
                assertTrue(res.passed(), t.describe() + ": " + res);
            }
        }
    }

    @Test
    void outputsStayInsideTheMarginBandAndPassTheSubstratesRangeCheckInFloat32() {
        Tensor x = inputs();
        for (double[] r : RANGES) {
            CustomSubstrate s = Pnn.substrate("range", (in, t) -> in).io(1, 1).inputRange(r[0], r[1]);
            for (double m : new double[] {0, 0.01, 0.05, 0.25, 0.4999}) {
                ToRange t = Pnn.toRange(s, m);
                Tensor y = t.forward(x);
                assertDoesNotThrow(() -> Substrates.checkInput(s, y), t.describe());
                float lowF = (float) t.low(), highF = (float) t.high();
                for (float v : y.array())
                    if (!(v >= lowF && v <= highF)) fail(t.describe() + ": " + v + " outside [" + lowF + ", " + highF + "]");
            }
        }
    }

    @Test
    void withoutMarginASaturatedSigmoidLandsOnTheFloat32BoundAndIsAccepted() {
        CustomSubstrate s = Pnn.substrate("phase", (in, t) -> in).io(1, 1).inputRange(0, Math.PI);
        Tensor y = Pnn.toRange(s, 0).forward(Tensor.of(new float[] {60f, -60f}, 2, 1));
        assertEquals((float) Math.PI, y.array()[0], 0f, "saturates at π rounded to float32 (above π in double)");
        assertTrue(y.array()[1] >= 0f && y.array()[1] < 1e-20f, "saturates at 0: " + y.array()[1]);
        assertDoesNotThrow(() -> Substrates.checkInput(s, y));
    }

    @Test
    void theMarginKeepsOutputsOffTheEdgesAndZeroMapsToTheMiddle() {
        ToRange t = Pnn.toRange(0, 10, 0.1);
        assertEquals(1.0, t.low(), 1e-12);
        assertEquals(9.0, t.high(), 1e-12);
        float[] y = t.forward(Tensor.of(new float[] {-1e6f, 0, 1e6f}, 1, 3)).array();
        assertArrayEquals(new float[] {1f, 5f, 9f}, y, 1e-6f);
        assertEquals("toRange(0, 10, 0.100000)", t.describe());
    }

    @Test
    void aNetworkWithToRangeBeforeItsPhysicalLayerNeverFeedsItOutOfRange() {
        CustomSubstrate s = Pnn.substrate("phases", (in, t) -> in.mul(t.get("g")).sin()).io(4, 4).inputRange(0, Math.PI).param("g", 0, 2, 4);
        Network net = Network.of(Pnn.linear(2, 4), Pnn.toRange(s), Pnn.physical(s), Pnn.linear(4, 2)).initialize(1);
        Network without = Network.of(Pnn.linear(2, 4), Pnn.physical(s), Pnn.linear(4, 2)).initialize(1);
        Tensor big = Tensor.uniform(new Rng(2), -1e4, 1e4, 16, 2);
        assertDoesNotThrow(() -> net.forward(big));
        assertThrows(IllegalArgumentException.class, () -> without.forward(big), "the control: the raw activations are out of range");
    }

    @Test
    void unboundedOrEmptyRangesAndMarginsOutsideTheirIntervalAreRefused() {
        IllegalArgumentException inf = assertThrows(IllegalArgumentException.class, () -> Pnn.toRange(0, Double.POSITIVE_INFINITY, 0.1));
        assertTrue(inf.getMessage().contains("unbounded"), inf.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pnn.toRange(Double.NEGATIVE_INFINITY, 1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> Pnn.toRange(Double.NaN, 1, 0.1));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> Pnn.toRange(1, 1, 0.1));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pnn.toRange(2, 1, 0.1));
        for (double m : new double[] {-0.01, 0.5, 0.7, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pnn.toRange(0, 1, m));
            assertTrue(e.getMessage().contains("[0, 0.5)") && e.getMessage().contains(String.valueOf(m)), e.getMessage());
        }
        CustomSubstrate unbounded = Pnn.substrate("wide", (in, t) -> in).io(1, 1).inputRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Pnn.toRange(unbounded));
        assertTrue(e.getMessage().contains("substrate 'wide'") && e.getMessage().contains("unbounded"), e.getMessage());
    }
}
