package org.pnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/** Patches, padFeatures, lastFeatures and scale: values, shapes, errors and gradients. */
class ReshapingLayersTest {
    private final Rng rng = new Rng(5);

    @Test
    void patchesCutRowMajorGridAndPadWithZeros() {
        // one 4x4 image with pixel value = its index; 2x2 patches padded to 6
        float[] px = new float[16];
        for (int i = 0; i < 16; i++) px[i] = i;
        Patches p = new Patches(4, 4, 2, 6);
        Tensor y = p.forward(Tensor.of(px, 1, 16));
        assertArrayEquals(new int[] {1, 4, 6}, y.shape());
        assertArrayEquals(new float[] {0, 1, 4, 5, 0, 0, 2, 3, 6, 7, 0, 0, 8, 9, 12, 13, 0, 0, 10, 11, 14, 15, 0, 0}, y.toArray());
        assertEquals(4, p.count());
        // [batch, h, w] gives the same
        assertArrayEquals(y.toArray(), p.forward(Tensor.of(px, 1, 4, 4)).toArray());
    }

    @Test
    void fashionMnistPatchesAre16Of100() {
        Patches p = new Patches(28, 28, 7, 100);
        assertArrayEquals(new int[] {16, 100}, p.outputShape(new int[] {784}));
        Tensor x = Tensor.uniform(rng, 0, 1, 3, 784);
        Tensor y = p.forward(x);
        assertArrayEquals(new int[] {3, 16, 100}, y.shape());
        // patch 5 = grid row 1, column 1: pixel (7 + r, 7 + c) of image 2
        for (int r = 0; r < 7; r++)
            for (int c = 0; c < 7; c++) assertEquals(x.get(2, (7 + r) * 28 + 7 + c), y.get(2, 5, r * 7 + c));
        for (int k = 49; k < 100; k++) assertEquals(0f, y.get(1, 15, k));
    }

    @Test
    void patchesRejectBadConfigurationsAndInputs() {
        var tiling = assertThrows(IllegalArgumentException.class, () -> new Patches(28, 28, 5, 100));
        assertTrue(tiling.getMessage().contains("do not tile"), tiling.getMessage());
        var narrow = assertThrows(IllegalArgumentException.class, () -> new Patches(28, 28, 7, 40));
        assertTrue(narrow.getMessage().contains("49 pixels"), narrow.getMessage());
        var input = assertThrows(ShapeMismatchException.class, () -> new Patches(28, 28, 7, 100).forward(Tensor.zeros(2, 100)));
        assertTrue(input.getMessage().contains("[batch, 784]"), input.getMessage());
        assertThrows(ShapeMismatchException.class, () -> new Patches(28, 28, 7, 100).outputShape(new int[] {783}));
    }

    @Test
    void patchesGradientIsTheScatterBack() {
        Patches p = new Patches(4, 6, 2, 5);
        GradCheck.Result r = GradCheck.check(in -> p.forward(in[0]), Tensor.uniform(rng, -1, 1, 2, 24));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void padAndLastFeatures() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new float[] {1, 2, 3, 0, 0, 4, 5, 6, 0, 0}, FeatureWindow.padTo(5).forward(x).toArray());
        assertArrayEquals(new float[] {2, 3, 5, 6}, FeatureWindow.last(2).forward(x).toArray());
        assertArrayEquals(new int[] {1610}, FeatureWindow.padTo(1610).outputShape(new int[] {1600}));
        assertArrayEquals(new int[] {10}, FeatureWindow.last(10).outputShape(new int[] {1610}));
        assertArrayEquals(new int[] {4, 7}, FeatureWindow.padTo(7).outputShape(new int[] {4, 3}));
        var tooWide = assertThrows(ShapeMismatchException.class, () -> FeatureWindow.padTo(2).forward(x));
        assertTrue(tooWide.getMessage().contains("cannot pad 3 features"), tooWide.getMessage());
        var tooFew = assertThrows(ShapeMismatchException.class, () -> FeatureWindow.last(4).outputShape(new int[] {3}));
        assertTrue(tooFew.getMessage().contains("last 4 of only 3"), tooFew.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FeatureWindow.padTo(0));
        assertThrows(IllegalArgumentException.class, () -> FeatureWindow.last(-1));
    }

    @Test
    void padAndLastFeaturesGradients() {
        GradCheck.Result pad = GradCheck.check(in -> FeatureWindow.padTo(6).forward(in[0]), Tensor.uniform(rng, -1, 1, 3, 4));
        assertTrue(pad.passed(), pad.toString());
        GradCheck.Result last = GradCheck.check(in -> FeatureWindow.last(2).forward(in[0]), Tensor.uniform(rng, -1, 1, 3, 4));
        assertTrue(last.passed(), last.toString());
    }

    @Test
    void scaleMultipliesByItsTrainableFactor() {
        Scale s = new Scale(2.5);
        assertArrayEquals(new float[] {2.5f, -5f}, s.forward(Tensor.of(new float[] {1, -2}, 1, 2)).toArray());
        assertEquals(1, s.parameters().size());
        assertTrue(s.factor().trainable());
        s.factor().set(new float[] {7});
        s.initialize(new Rng(1));
        assertEquals(2.5f, s.factor().value().item());
        assertEquals("scale(2.5)", s.describe());
        assertThrows(IllegalArgumentException.class, () -> new Scale(Double.NaN));
    }

    @Test
    void scaleGradientForInputAndFactor() {
        Scale s = new Scale(1.5);
        GradCheck.Result r = GradCheck.check(in -> {
            s.factor().set(in[1].array());
            return in[0].mul(in[1]);
        }, Tensor.uniform(rng, -1, 1, 3, 4), Tensor.full(1.5, 1));
        assertTrue(r.passed(), r.toString());
        GradCheck.Result viaLayer = GradCheck.check(in -> s.forward(in[0]), Tensor.uniform(rng, -1, 1, 3, 4));
        assertTrue(viaLayer.passed(), viaLayer.toString());
        // the layer's own parameter receives dL/ds = sum(x · dL/dy)
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
        s.factor().zeroGrad();
        s.forward(x).sum().backward();
        assertEquals(6f, s.factor().grad().item(), 1e-6);
    }
}
