package org.pnn4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** Gradient checks for every digital layer and loss, with respect to inputs and parameters. */
class LayerGradientTest {
    private final Rng rng = new Rng(21);

    private Tensor rand(int... shape) {
        return Tensor.uniform(rng, -1, 1, shape);
    }

    @Test
    void linearGradientsForInputWeightAndBias() {
        Linear lin = new Linear(4, 3, true);
        Tensor w = lin.weight().value(), b = lin.bias().value();
        GradCheck.Result r = GradCheck.check(in -> {
            lin.weight().set(in[1].array());
            lin.bias().set(in[2].array());
            return in[0].matmul(in[1]).add(in[2]);
        }, rand(5, 4), w, b);
        assertTrue(r.passed(), r.toString());
        // and through the layer itself, w.r.t. its input
        GradCheck.Result viaLayer = GradCheck.check(in -> lin.forward(in[0]), rand(5, 4));
        assertTrue(viaLayer.passed(), viaLayer.toString());
    }

    @Test
    void layerNormGradient() {
        LayerNorm ln = new LayerNorm(6);
        GradCheck.Result r = GradCheck.check(in -> ln.forward(in[0]), rand(3, 6).mul(2));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void activationLayerGradients() {
        for (Layer a : new Layer[] {Activation.relu(), Activation.tanh(), Activation.sigmoid(), Activation.silu(),
                Activation.gelu(), Activation.softmax(), Activation.logSoftmax()}) {
            Tensor x = rand(3, 5);
            float[] d = x.array();
            for (int i = 0; i < d.length; i++) d[i] += d[i] >= 0 ? 0.1f : -0.1f; // away from relu's kink
            GradCheck.Result r = GradCheck.check(in -> a.forward(in[0]), x);
            assertTrue(r.passed(), a.describe() + ": " + r);
        }
    }

    @Test
    void lossGradients() {
        int[] labels = {0, 2, 1, 2};
        Tensor soft = rand(4, 3).abs().add(0.1);
        Tensor probs = soft.div(soft.sum(1, true));
        assertTrue(GradCheck.check(in -> Loss.crossEntropy().apply(in[0], labels), rand(4, 3)).passed());
        assertTrue(GradCheck.check(in -> Loss.crossEntropy().apply(in[0], probs), rand(4, 3)).passed());
        assertTrue(GradCheck.check(in -> Loss.nll().apply(in[0].logSoftmax(1), labels), rand(4, 3)).passed());
        assertTrue(GradCheck.check(in -> Loss.mse().apply(in[0], labels), rand(4, 3)).passed());
        assertTrue(GradCheck.check(in -> Loss.mse().apply(in[0], in[1]), rand(4, 3), rand(4, 3)).passed());
    }

    @Test
    void softRangePenaltyValueAndGradientMatchTheFormula() {
        // penalty = w·Σ relu(p - hi)² + relu(lo - p)²,  d/dp = 2w(p - hi) above, 2w(p - lo) below, 0 inside
        Parameter p = new Parameter("c", Tensor.vector(-2f, 0.5f, 3f));
        Tensor pen = Constraint.softRange(0, 1, 2.0).penalty(p);
        assertEquals(2.0 * (4 + 4), pen.item(), 1e-6);
        pen.backward();
        assertArrayEquals(new float[] {-8f, 0f, 8f}, p.grad().toArray(), 1e-6f);
    }
}
