package org.pnn4j.physics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.nn.Parameter;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** Any substrate takes the noise algebra's models through withNoise. */
class NoisySubstrateTest {
    private static Params theta(Substrate s) {
        Rng rng = new Rng(0);
        java.util.List<Parameter> ps = new java.util.ArrayList<>();
        for (ParameterSpec p : s.parameters()) ps.add(p.create(rng));
        return Params.of(s.name(), ps);
    }

    @Test
    void additiveOutputNoiseOnABuiltInSubstrateHasTheRequestedStatistics() {
        Substrate quiet = Cavity.acoustic(4, 2, 3).flawless();
        Substrate noisy = quiet.withNoise(NoiseModel.none(), NoiseModel.additiveGaussian(0.05));
        Tensor x = Tensor.full(0.5, 2000, 4);
        Params th = theta(quiet);
        Tensor clean = quiet.device(1).forward(x, th), measured = noisy.device(1).forward(x, th);
        float[] a = clean.array(), b = measured.array();
        double s = 0, s2 = 0;
        for (int i = 0; i < a.length; i++) {
            double d = b[i] - a[i];
            s += d;
            s2 += d * d;
        }
        int n = a.length;
        double mean = s / n, std = Math.sqrt(s2 / n - mean * mean);
        assertEquals(0, mean, 5 * 0.05 / Math.sqrt(n));
        assertEquals(0.05, std, 5 * 0.05 / Math.sqrt(2.0 * n));
        assertArrayEquals(quiet.model(x, th).array(), noisy.model(x, th).array(), "the model is unchanged");
    }

    @Test
    void inputNoiseIsClampedToTheInputRangeLikeASaturatingDac() {
        Substrate quiet = Cavity.acoustic(4, 2, 3).flawless();
        Substrate noisy = quiet.withNoise(NoiseModel.additiveGaussian(0.5), NoiseModel.none());
        Tensor y = noisy.device(3).forward(Tensor.full(1.0, 50, 4), theta(quiet)); // at the top of [0, 1]
        assertTrue(y.isFinite(), "noise pushing the drive past the range is clamped, not rejected");
    }

    @Test
    void sameSeedSameNoise() {
        Substrate noisy = Cavity.acoustic(4, 2, 3).withNoise(NoiseModel.multiplicativeGaussian(0.1), NoiseModel.additiveGaussian(0.01));
        Tensor x = Tensor.full(0.3, 3, 4);
        Params th = theta(noisy);
        assertArrayEquals(noisy.device(7).forward(x, th).array(), noisy.device(7).forward(x, th).array());
    }
}
