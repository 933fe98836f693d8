package org.pnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void broadcastingAddMatchesNumpyRules() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor col = Tensor.of(new float[] {10, 20}, 2, 1);
        assertArrayEquals(new float[] {11, 12, 13, 24, 25, 26}, a.add(col).toArray());
        assertArrayEquals(new float[] {2, 4, 6, 5, 7, 9}, a.add(Tensor.vector(1, 2, 3)).toArray());
        assertArrayEquals(new int[] {2, 2, 3}, Tensor.zeros(2, 1, 3).add(Tensor.zeros(2, 1)).shape());
    }

    @Test
    void incompatibleShapesNameBothShapes() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
        ShapeMismatchException m = assertThrows(ShapeMismatchException.class,
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
        assertTrue(m.getMessage().contains("inner dimensions differ (3 vs 4)"), m.getMessage());
    }

    @Test
    void matmulMatchesNaiveProduct() {
        Rng rng = new Rng(3);
        Tensor a = Tensor.randn(rng, 1, 5, 7), b = Tensor.randn(rng, 1, 7, 3);
        Tensor c = a.matmul(b);
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 7; k++) s += a.get(i, k) * b.get(k, j);
                assertEquals(s, c.get(i, j), 1e-5);
            }
    }

    @Test
    void batchedMatmulEqualsPerBatchProducts() {
        Rng rng = new Rng(4);
        Tensor a = Tensor.randn(rng, 1, 3, 2, 4), b = Tensor.randn(rng, 1, 3, 4, 5);
        Tensor c = a.matmul(b);
        for (int t = 0; t < 3; t++) {
            Tensor ct = a.slice(0, t, t + 1).reshape(2, 4).matmul(b.slice(0, t, t + 1).reshape(4, 5));
            assertTrue(ct.allClose(c.slice(0, t, t + 1).reshape(2, 5), 1e-6));
        }
    }

    @Test
    void reductionsAndSoftmax() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new float[] {5, 7, 9}, a.sum(0, false).toArray());
        assertArrayEquals(new float[] {6, 15}, a.sum(1, false).toArray());
        assertArrayEquals(new float[] {3, 6}, a.max(1, false).toArray());
        assertEquals(3.5f, a.mean().item(), 1e-6);
        Tensor sm = a.softmax(1);
        assertArrayEquals(new float[] {1, 1}, sm.sum(1, false).toArray(), 1e-6f);
        assertTrue(a.logSoftmax(1).exp().allClose(sm, 1e-6));
        Tensor big = Tensor.vector(1000, 1001).reshape(1, 2);
        assertTrue(big.softmax(1).isFinite(), "softmax must be stable for large logits");
        assertEquals(1001 + Math.log(1 + Math.exp(-1)), big.logSumExp(1, false).item(), 1e-3);
    }

    @Test
    void shapeOps() {
        Tensor a = Tensor.arange(6).reshape(2, 3);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, a.transpose().toArray());
        assertArrayEquals(new float[] {1, 2, 4, 5}, a.slice(1, 1, 3).toArray());
        assertArrayEquals(new int[] {2, 2, 3}, Tensor.stack(0, a, a).shape());
        assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5},
                Tensor.concat(1, a, a).toArray());
        assertArrayEquals(new float[] {3, 4, 5, 3, 4, 5}, a.rows(new int[] {1, 1}).toArray());
        assertArrayEquals(new float[] {2, 3}, a.pick(new int[] {2, 0}).toArray());
        assertArrayEquals(new int[] {3, 2}, a.reshape(-1, 2).shape());
        assertThrows(ShapeMismatchException.class, () -> a.reshape(4, -1));
        assertThrows(IndexOutOfBoundsException.class, () -> a.pick(new int[] {3, 0}));
    }

    @Test
    void backwardAccumulatesIntoLeavesOnly() {
        Tensor w = Tensor.vector(1, 2, 3).requiresGrad(true);
        Tensor x = Tensor.vector(4, 5, 6);
        Tensor loss = w.mul(x).sum().add(w.sum());
        loss.backward();
        assertArrayEquals(new float[] {5, 6, 7}, w.grad().toArray());
        assertNull(x.grad(), "an input that does not require a gradient gets none");
        w.mul(x).sum().backward();
        assertArrayEquals(new float[] {9, 11, 13}, w.grad().toArray(), "a second backward accumulates");
        w.zeroGrad();
        assertNull(w.grad());
    }

    @Test
    void gradOffRecordsNothing() {
        Tensor w = Tensor.vector(1, 2).requiresGrad(true);
        try (Grad.Scope off = Grad.off()) {
            Tensor y = w.mul(w);
            assertFalse(y.requiresGrad());
        }
        assertTrue(w.mul(w).requiresGrad());
    }

    @Test
    void sharedSubexpressionGetsBothContributions() {
        Tensor x = Tensor.scalar(3).requiresGrad(true);
        Tensor y = x.square();
        y.add(y).backward(); // d(2x²)/dx = 4x
        assertEquals(12f, x.grad().item(), 1e-6);
    }

    @Test
    void deepGraphDoesNotOverflowTheStack() {
        Tensor x = Tensor.scalar(1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 50_000; i++) y = y.mul(1.0);
        y.backward();
        assertEquals(1f, x.grad().item(), 1e-6);
    }

    @Test
    void backwardOnNonScalarNeedsASeed() {
        Tensor x = Tensor.vector(1, 2).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.mul(2).backward());
        assertTrue(e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void wrapRejectsWrongElementCount() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> Tensor.wrap(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("6") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void geluMatchesReferenceValues() {
        // x·Φ(x): Φ(1) = 0.8413447460685429, Φ(-2) = 0.02275013194817921
        Tensor g = Tensor.vector(1, -2, 0).gelu();
        assertEquals(0.8413447f, g.get(0), 1e-6);
        assertEquals(-2 * 0.02275013f, g.get(1), 1e-6);
        assertEquals(0f, g.get(2), 0);
        assertEquals(0.8427007929497149, SpecialFunctions.erf(1), 1e-12);
        assertEquals(-0.9999779095030014, SpecialFunctions.erf(-3), 1e-12);
        assertEquals(0.5204998778130465, SpecialFunctions.erf(0.5), 1e-12);
        assertEquals(0.9999999845827421, SpecialFunctions.erf(4), 1e-12);
        assertEquals(0.9999999999999999, SpecialFunctions.erf(6), 1e-12);
    }
}
