package org.pnn4j.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

class PerInstanceErrorTest {
    @Test
    void programmingErrorIsFixedAcrossCallsAndDiffersAcrossSeeds() {
        NoiseModel model = NoiseModel.programmingError(0.05, 0.02);
        Tensor theta = Tensor.linspace(-1, 1, 64).reshape(8, 8);
        NoiseProcess a = model.start(new Rng(1));
        float[] first = a.applyUnbatched(theta).array();
        for (int call = 0; call < 5; call++) assertArrayEquals(first, a.applyUnbatched(theta).array());
        assertArrayEquals(first, model.start(new Rng(1)).applyUnbatched(theta).array(), "same seed, same instance");
        assertFalse(Arrays.equals(first, model.start(new Rng(2)).applyUnbatched(theta).array()), "another instance");
        assertArrayEquals(new int[] {8, 8}, a.applyUnbatched(theta).shape());
    }

    @Test
    void programmingErrorIsTheSameForEverySampleOfABatch() {
        NoiseProcess p = NoiseModel.programmingError(0.1, 0.1).start(new Rng(3));
        float[] y = p.apply(Tensor.full(0.5, 4, 3)).array();
        for (int b = 1; b < 4; b++) for (int c = 0; c < 3; c++) assertEquals(y[c], y[b * 3 + c]);
    }

    @Test
    void programmingErrorOffsetsAndGainsHaveTheirSpread() {
        int channels = 100_000;
        double so = 0.05, sg = 0.02;
        NoiseProcess p = NoiseModel.programmingError(so, sg).start(new Rng(4));
        float[] offsets = p.apply(Tensor.zeros(1, channels)).array();
        float[] atOne = p.apply(Tensor.ones(1, channels)).array();
        double[] gains = new double[channels];
        for (int c = 0; c < channels; c++) gains[c] = atOne[c] - offsets[c] - 1;
        Moments o = Moments.of(offsets), g = Moments.of(gains);
        assertEquals(0, o.mean, o.meanBound(so * so));
        assertEquals(so * so, o.variance, o.gaussianVarianceBound(so * so));
        assertEquals(0, g.mean, g.meanBound(sg * sg) + 1e-7);
        assertEquals(sg * sg, g.variance, g.gaussianVarianceBound(sg * sg) + 1e-9); // float rounding of y
    }

    @Test
    void neighbourCrosstalkIsTridiagonalAndFixedPerInstance() {
        int c = 6;
        NoiseProcess p = NoiseModel.neighbourCrosstalk(0.02, 0.005).start(new Rng(5));
        float[] columns = p.apply(Tensor.eye(c)).array(); // sample j is unit vector e_j: row j holds column j of M
        for (int j = 0; j < c; j++)
            for (int i = 0; i < c; i++) {
                float mij = columns[j * c + i];
                if (i == j) assertEquals(1f, mij);
                else if (Math.abs(i - j) == 1) assertEquals(0.02, mij, 5 * 0.005);
                else assertEquals(0f, mij);
            }
        assertNotEquals(columns[1], columns[c], "each direction of a link has its own coupling");
        assertArrayEquals(columns, p.apply(Tensor.eye(c)).array(), "drawn once, not per call");
        assertFalse(Arrays.equals(columns, NoiseModel.neighbourCrosstalk(0.02, 0.005).start(new Rng(6)).apply(Tensor.eye(c)).array()));
    }

    @Test
    void givenCrosstalkMixesEverySampleWithTheMatrix() {
        Tensor m = Tensor.matrix(new float[][] {{1, 0.1f, 0}, {0, 1, 0.2f}, {0.3f, 0, 1}});
        NoiseProcess p = NoiseModel.crosstalk(m).start(new Rng(1));
        Tensor y = p.apply(Tensor.matrix(new float[][] {{1, 2, 3}, {0, 0, 1}}));
        assertArrayEquals(new float[] {1.2f, 2.6f, 3.3f, 0, 0.2f, 1}, y.array(), 1e-6f);
        assertThrows(ShapeMismatchException.class, () -> p.apply(Tensor.zeros(2, 4)));
        assertThrows(ShapeMismatchException.class, () -> NoiseModel.crosstalk(Tensor.zeros(2, 3)));
    }
}
