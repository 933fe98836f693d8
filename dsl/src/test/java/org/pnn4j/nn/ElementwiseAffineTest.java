package org.pnn4j.nn;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.pnn4j.Pnn;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/** affine(n): y_i = a_i x_i + b_i, its gradients, its start values and its errors. */
class ElementwiseAffineTest {
    @Test
    void rescalesEachFeatureByItsOwnGainAndOffset() {
        ElementwiseAffine a = new ElementwiseAffine(3, 2, -1);
        a.gain().set(new float[] {1, 2, 3});
        float[] y = a.forward(Tensor.of(new float[] {1, 1, 1, 2, 0, -1}, 2, 3)).toArray();
        assertArrayEquals(new float[] {0, 1, 2, 1, -1, -4}, y, 1e-6f);
        a.initialize(new Rng(1));
        assertArrayEquals(new float[] {2, 2, 2}, a.gain().value().toArray());
        assertArrayEquals(new float[] {-1, -1, -1}, a.offset().value().toArray());
        assertEquals("affine(3)", Pnn.affine(3).describe());
    }

    @Test
    void gradientsMatchFiniteDifferencesForInputGainAndOffset() {
        ElementwiseAffine a = new ElementwiseAffine(4, 1.5, 0.2);
        GradCheck.Result viaLayer = GradCheck.check(in -> a.forward(in[0]).mul(a.forward(in[0])), Tensor.uniform(new Rng(3), -1, 1, 5, 4));
        assertTrue(viaLayer.passed(), viaLayer.toString());
        GradCheck.Result params = GradCheck.check(in -> {
            a.gain().set(in[1].array());
            a.offset().set(in[2].array());
            return in[0].mul(in[1]).add(in[2]).tanh();
        }, Tensor.uniform(new Rng(4), -1, 1, 5, 4), a.gain().value(), a.offset().value());
        assertTrue(params.passed(), params.toString());
        // the layer's own parameter gradients: d(sum y)/da_i = sum over the batch of x_i, d/db_i = batch size
        a.gain().zeroGrad();
        a.offset().zeroGrad();
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
        a.forward(x).sum().backward();
        assertArrayEquals(new float[] {6, 8, 10, 12}, a.gain().grad().toArray(), 1e-5f);
        assertArrayEquals(new float[] {2, 2, 2, 2}, a.offset().grad().toArray(), 1e-5f);
    }

    @Test
    void badWidthsAndStartValuesAreRefusedWithTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Pnn.affine(0));
        assertTrue(e.getMessage().contains("affine(0)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Pnn.affine(2, Double.NaN, 0));
        assertTrue(e.getMessage().contains("finite"), e.getMessage());
        var s = assertThrows(ShapeMismatchException.class, () -> Pnn.affine(3).forward(Tensor.zeros(2, 4)));
        assertTrue(s.getMessage().contains("expects 3 features") && s.getMessage().contains("[2, 4]"), s.getMessage());
    }
}
