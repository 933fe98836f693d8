package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.tanh;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pnn4j.Network;
import org.pnn4j.data.Batch;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalUsage;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class FeedbackAlignmentTest {
    private static final float[] X = {0.3f, -0.7f, 1.1f, 0.2f, -0.4f, 0.9f};
    private static final int[] LABELS = {0, 1, 1};

    /** e = ∂mean(CE)/∂y = (softmax(y) − onehot)/batch, computed by hand. */
    private static double[][] outputError(double[][] y) {
        double[][] e = new double[y.length][y[0].length];
        for (int n = 0; n < y.length; n++) {
            double m = Math.max(y[n][0], y[n][1]), z = 0;
            for (double v : y[n]) z += Math.exp(v - m);
            for (int c = 0; c < y[n].length; c++) e[n][c] = (Math.exp(y[n][c] - m) / z - (c == LABELS[n] ? 1 : 0)) / y.length;
        }
        return e;
    }

    private static double[][] affine(double[][] x, float[] w, float[] b, int out) {
        double[][] y = new double[x.length][out];
        for (int n = 0; n < x.length; n++)
            for (int j = 0; j < out; j++) {
                double s = b[j];
                for (int i = 0; i < x[n].length; i++) s += x[n][i] * w[i * out + j];
                y[n][j] = s;
            }
        return y;
    }

    @Test
    void theUpdateEqualsNoklandsFormulaOnASmallDigitalNetwork() {
        Network net = Network.of(linear(2, 3), tanh(), linear(3, 2)).initialize(3);
        List<Parameter> ps = net.parameters(); // W1 [2,3], b1 [3], W2 [3,2], b2 [2]
        float[] w1 = ps.get(0).snapshot(), b1 = ps.get(1).snapshot(), w2 = ps.get(2).snapshot(), b2 = ps.get(3).snapshot();
        double[][] x = {{X[0], X[1]}, {X[2], X[3]}, {X[4], X[5]}};
        double[][] a1 = affine(x, w1, b1, 3), h1 = new double[3][3];
        for (int n = 0; n < 3; n++) for (int j = 0; j < 3; j++) h1[n][j] = Math.tanh(a1[n][j]);
        double[][] e = outputError(affine(h1, w2, b2, 2));
        FeedbackAlignment dfa = (FeedbackAlignment) Method.feedbackAlignment(11);
        float[] B = dfa.feedbackMatrix(0, 2, 3).array(); // [classes 2, width 3]
        double lr = 0.1;
        dfa.step(new Method.Step(net, new Batch(Tensor.wrap(X, 3, 2), LABELS, null, null), Loss.crossEntropy(), Optimizer.sgd(lr), ps, new Rng(0), 0));
        // last layer: the true gradient h1ᵀ e; first block: xᵀ ((e B) ⊙ (1 − tanh²(a1)))
        for (int i = 0; i < 3; i++)
            for (int c = 0; c < 2; c++) {
                double g = 0;
                for (int n = 0; n < 3; n++) g += h1[n][i] * e[n][c];
                assertEquals(w2[i * 2 + c] - lr * g, ps.get(2).snapshot()[i * 2 + c], 1e-5, "W2[" + i + "," + c + "]");
            }
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++) {
                double g = 0, gb = 0;
                for (int n = 0; n < 3; n++) {
                    double d = (e[n][0] * B[j] + e[n][1] * B[3 + j]) * (1 - h1[n][j] * h1[n][j]);
                    g += x[n][i] * d;
                    gb += d;
                }
                assertEquals(w1[i * 3 + j] - lr * g, ps.get(0).snapshot()[i * 3 + j], 1e-5, "W1[" + i + "," + j + "]");
                if (i == 0) assertEquals(b1[j] - lr * gb, ps.get(1).snapshot()[j], 1e-5, "b1[" + j + "]");
            }
    }

    @Test
    void aPhysicalLayerIsUpdatedThroughItsModelsVjpAtTheMeasuredStateWithOneCallPerStep() {
        // linear(2,4) -> device tanh(1.15·g·x) (model tanh(g·x)) -> linear(4,2): blocks [linear], [device], [linear]
        PhysicalLayer dev = physical(MethodsTest.saturableGain());
        Network net = Network.of(linear(2, 4), dev, linear(4, 2)).initialize(5);
        List<Parameter> ps = net.parameters();
        float[] w1 = ps.get(0).snapshot(), b1 = ps.get(1).snapshot(), g = ps.get(2).snapshot(), w2 = ps.get(3).snapshot(), b2 = ps.get(4).snapshot();
        double[][] x = {{X[0], X[1]}, {X[2], X[3]}, {X[4], X[5]}};
        double[][] u = affine(x, w1, b1, 4), v = new double[3][4];
        for (int n = 0; n < 3; n++) for (int j = 0; j < 4; j++) v[n][j] = Math.tanh(1.15 * g[j] * u[n][j]); // measured
        double[][] e = outputError(affine(v, w2, b2, 2));
        FeedbackAlignment dfa = (FeedbackAlignment) Method.feedbackAlignment(2);
        float[] B = dfa.feedbackMatrix(1, 2, 4).array();
        long calls = PhysicalUsage.of(net).calls();
        double lr = 0.1;
        dfa.step(new Method.Step(net, new Batch(Tensor.wrap(X, 3, 2), LABELS, null, null), Loss.crossEntropy(), Optimizer.sgd(lr), ps, new Rng(0), 0));
        assertEquals(1, PhysicalUsage.of(net).calls() - calls, "one device call per physical layer per step");
        for (int j = 0; j < 4; j++) {
            double grad = 0;
            for (int n = 0; n < 3; n++) {
                double delta = e[n][0] * B[j] + e[n][1] * B[4 + j];
                double t = Math.tanh(g[j] * u[n][j]); // the model's derivative at the measured input u
                grad += delta * (1 - t * t) * u[n][j];
            }
            assertEquals(g[j] - lr * grad, ps.get(2).snapshot()[j], 1e-5, "g[" + j + "]");
        }
    }

    @Test
    void learnsMoonsOnANoisyDeviceAboveChanceWithOneCallPerBatch() {
        var sub = MethodsTest.saturableGain().outputNoise(rng -> y -> y.add(Tensor.randn(rng, 0.02, y.shape())));
        Network net = Network.of(linear(2, 8), tanh(), linear(8, 4), tanh(), physical(sub, 3), linear(4, 2)).initialize(5);
        Split s = Synthetic.moons(200, 0.1, 3).split(0.25, 3);
        History h = Trainer.of(net).method(Method.feedbackAlignment(1)).optimizer(Optimizer.adam(0.03)).epochs(20).seed(2).fit(s.train());
        double acc = Evaluation.physical(net, s.test()).accuracy();
        assertTrue(acc > 0.75, "DFA accuracy on the device " + acc + " (chance 0.5)");
        assertEquals(20L * s.train().numBatches(32), h.last().physicalCalls(), "one device call per step");
    }

    @Test
    void refusesAModelThatIsNotASequence() {
        Layer single = linear(2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Method.feedbackAlignment(1)
                .step(new Method.Step(single, new Batch(Tensor.wrap(X, 3, 2), LABELS, null, null), Loss.crossEntropy(), Optimizer.sgd(0.1), single.parameters())));
        assertTrue(e.getMessage().contains("sequence of layers"), e.getMessage());
    }
}
