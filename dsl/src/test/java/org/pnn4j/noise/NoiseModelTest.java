package org.pnn4j.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class NoiseModelTest {
    /** Every model in one chain. */
    static final NoiseModel EVERYTHING = NoiseModel.programmingError(0.01, 0.01)
            .then(NoiseModel.neighbourCrosstalk(0.02, 0.01))
            .then(NoiseModel.shotNoise(1e3))
            .then(NoiseModel.shotNoiseGaussian(1e4))
            .then(NoiseModel.multiplicativeGaussian(0.01))
            .then(NoiseModel.additiveGaussian(0.01))
            .then(NoiseModel.linearDrift(1e-3))
            .then(NoiseModel.randomWalkDrift(1e-3).perChannel())
            .then(NoiseModel.pinkDrift(1e-2, 100).multiplicative())
            .then(NoiseModel.quantization(12, 0, 2));

    static float[][] run(NoiseModel model, long seed, int calls) {
        NoiseProcess p = model.start(new Rng(seed));
        Tensor x = Tensor.linspace(0.1, 1, 40).reshape(4, 10);
        float[][] out = new float[calls][];
        for (int t = 0; t < calls; t++) out[t] = p.apply(x).array();
        return out;
    }

    @Test
    void sameSeedGivesTheSameStreamAndAnotherSeedAnother() {
        float[][] a = run(EVERYTHING, 42, 6), b = run(EVERYTHING, 42, 6), c = run(EVERYTHING, 43, 6);
        for (int t = 0; t < 6; t++) {
            assertArrayEquals(a[t], b[t], "call " + t);
            assertFalse(Arrays.equals(a[t], c[t]), "call " + t);
        }
    }

    @Test
    void startTakesOneSplitOfTheCallersStream() {
        Rng used = new Rng(7), reference = new Rng(7);
        NoiseModel.additiveGaussian(1).start(used).apply(Tensor.zeros(3, 3));
        reference.split();
        assertEquals(reference.nextLong(), used.nextLong(), "the process draws from its own stream, not the caller's");
    }

    @Test
    void compositionAppliesInOrder() {
        NoiseModel quantize = NoiseModel.quantization(2, 0, 3); // levels 0, 1, 2, 3
        NoiseModel shift = NoiseModel.linearDrift(0.25);        // +0.25 per call
        Tensor x = Tensor.vector(0.9f, 2.2f);
        NoiseProcess quantizeThenShift = quantize.then(shift).start(new Rng(1));
        NoiseProcess shiftThenQuantize = shift.then(quantize).start(new Rng(1));
        quantizeThenShift.apply(x);
        shiftThenQuantize.apply(x);
        assertArrayEquals(new float[] {1.25f, 2.25f}, quantizeThenShift.apply(x).array()); // q(x) + 0.25
        assertArrayEquals(new float[] {1f, 2f}, shiftThenQuantize.apply(x).array());      // q(x + 0.25)
        assertArrayEquals(new float[] {1.5f, 2.5f}, quantizeThenShift.apply(x).array());
        assertArrayEquals(new float[] {1f, 3f}, shiftThenQuantize.apply(x).array());
    }

    @Test
    void noiseBeforeAnAdcEndsOnLevels() {
        float[] y = NoiseModel.additiveGaussian(0.3).then(NoiseModel.quantization(3, 0, 7)).start(new Rng(2))
                .apply(Tensor.full(3.5, 100, 10)).array();
        for (float v : y) assertEquals(Math.rint(v), v);
    }

    @Test
    void noneChangesNothingAndChainsDescribeThemselves() {
        Tensor x = Tensor.vector(1, 2, 3);
        assertSame(x, NoiseModel.none().start(new Rng(1)).apply(x));
        assertEquals("shotNoise(1000).then(additiveGaussian(0.01)).then(quantization(8, 0, 1))",
                NoiseModel.shotNoise(1e3).then(NoiseModel.additiveGaussian(0.01)).then(NoiseModel.quantization(8, 0, 1)).toString());
        assertEquals("programmingError(0.01, 0.02)", NoiseModel.programmingError(0.01, 0.02).toString());
        assertEquals("none()", NoiseModel.none().toString());
        assertThrows(NullPointerException.class, () -> NoiseModel.none().then(null));
    }

    @Test
    void aUserLambdaIsAModelToo() {
        NoiseModel clip = rng -> signal -> signal.clamp(0, 1);
        assertArrayEquals(new float[] {0, 0.5f, 1}, clip.then(NoiseModel.none()).start(new Rng(1)).apply(Tensor.vector(-1, 0.5f, 2)).array());
    }
}
