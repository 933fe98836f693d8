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
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalUsage;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class ForwardForwardTest {
    private static final float[] X = {0.3f, -0.7f, 1.1f, 0.2f, -0.4f, 0.9f};
    private static final int[] LABELS = {0, 1, 1};
    private static final double THETA = 0.4;

    /** tanh(x·W + b) for row-major W [in, out]. */
    private static double[][] tanhLayer(double[][] x, float[] w, float[] b, int out) {
        double[][] h = new double[x.length][out];
        for (int n = 0; n < x.length; n++)
            for (int j = 0; j < out; j++) {
                double s = b[j];
                for (int i = 0; i < x[n].length; i++) s += x[n][i] * w[i * out + j];
                h[n][j] = Math.tanh(s);
            }
        return h;
    }

    /**
     * ∂L/∂a per row and unit for L = mean over rows of softplus(−s(G − θn)), G = Σ h², h = tanh(a): by the chain rule
     * −s·σ(−s(G − θn)) · 2h · (1 − h²) / rows.
     */
    private static double[][] localError(double[][] h, double[] sign) {
        int rows = h.length, n = h[0].length;
        double[][] d = new double[rows][n];
        for (int r = 0; r < rows; r++) {
            double g = 0;
            for (double v : h[r]) g += v * v;
            double u = sign[r] * (g - THETA * n);
            double dG = -sign[r] / (1 + Math.exp(u)) / rows; // d softplus(−u)/dG = −s·σ(−u)
            for (int j = 0; j < n; j++) d[r][j] = dG * 2 * h[r][j] * (1 - h[r][j] * h[r][j]);
        }
        return d;
    }

    private static void assertUpdated(float[] w, float[] b, double[][] in, double[][] d, double lr, List<Parameter> ps, int wi) {
        int inW = in[0].length, out = d[0].length;
        for (int i = 0; i < inW; i++)
            for (int j = 0; j < out; j++) {
                double g = 0;
                for (int r = 0; r < in.length; r++) g += in[r][i] * d[r][j];
                assertEquals(w[i * out + j] - lr * g, ps.get(wi).snapshot()[i * out + j], 1e-6, ps.get(wi).name() + "[" + i + "," + j + "]");
            }
        for (int j = 0; j < out; j++) {
            double g = 0;
            for (double[] row : d) g += row[j];
            assertEquals(b[j] - lr * g, ps.get(wi + 1).snapshot()[j], 1e-6, ps.get(wi + 1).name() + "[" + j + "]");
        }
    }

    @Test
    void eachBlocksUpdateIsTheGradientOfItsOwnLogisticGoodnessLossComputedByHand() {
        // 2 classes, 2 features: block 1 linear(4, 3) tanh on [onehot(label), x], block 2 linear(3, 3) tanh on h1/rms(h1)
        ForwardForwardNetwork net = ForwardForwardNetwork.of(2, linear(4, 3), tanh(), linear(3, 3), tanh()).initialize(3);
        List<Parameter> ps = net.parameters();
        float[] w1 = ps.get(0).snapshot(), b1 = ps.get(1).snapshot(), w2 = ps.get(2).snapshot(), b2 = ps.get(3).snapshot();
        // with 2 classes the negative label is the other one: rows 0-2 positive, 3-5 negative
        double[][] x = new double[6][4];
        double[] sign = new double[6];
        for (int r = 0; r < 6; r++) {
            int n = r % 3, label = r < 3 ? LABELS[n] : 1 - LABELS[n];
            x[r][label] = 1;
            x[r][2] = X[2 * n];
            x[r][3] = X[2 * n + 1];
            sign[r] = r < 3 ? 1 : -1;
        }
        double[][] h1 = tanhLayer(x, w1, b1, 3), n1 = new double[6][3];
        for (int r = 0; r < 6; r++) {
            double ms = 0;
            for (double v : h1[r]) ms += v * v / 3;
            for (int j = 0; j < 3; j++) n1[r][j] = h1[r][j] / Math.sqrt(ms + 1e-12);
        }
        double[][] h2 = tanhLayer(n1, w2, b2, 3);
        double lr = 0.1;
        Method.StepResult result = Method.forwardForward(THETA).step(new Method.Step(net, new Batch(Tensor.wrap(X, 3, 2), LABELS, null, null),
                Loss.crossEntropy(), Optimizer.sgd(lr), ps, new Rng(0), 0));
        assertUpdated(w1, b1, x, localError(h1, sign), lr, ps, 0);
        assertUpdated(w2, b2, n1, localError(h2, sign), lr, ps, 2);
        double loss = 0;
        for (double[][] h : new double[][][] {h1, h2})
            for (int r = 0; r < 6; r++) {
                double g = 0;
                for (double v : h[r]) g += v * v;
                loss += Math.log1p(Math.exp(-sign[r] * (g - THETA * 3))) / 6;
            }
        assertEquals(loss, result.loss(), 1e-5, "the reported loss is the sum of the blocks' losses");
    }

    @Test
    void softplusIsStableAndItsGradientIsTheLogisticFunction() {
        Tensor u = Tensor.of(new float[] {-200f, -1f, 0f, 2f, 200f}, 5).requiresGrad(true);
        Tensor sp = ForwardForward.softplus(u);
        assertArrayEquals(new float[] {0f, (float) Math.log1p(Math.exp(-1)), (float) Math.log(2), (float) Math.log1p(Math.exp(2)), 200f},
                sp.toArray(), 1e-6f);
        sp.sum().backward();
        float[] g = u.grad().toArray();
        double[] v = {-200, -1, 0, 2, 200};
        for (int i = 0; i < v.length; i++) assertEquals(1 / (1 + Math.exp(-v[i])), g[i], 1e-6, "σ(" + v[i] + ")");
    }

    @Test
    void learnsMoonsOnANoisyDeviceUsedAsAFixedTransformBetweenTrainedLayersWithOneCallPerStep() {
        // Oguz et al. 2023: a physical transform between forward-forward-trained digital layers
        var sub = MethodsTest.saturableGain().outputNoise(rng -> y -> y.add(Tensor.randn(rng, 0.02, y.shape())));
        PhysicalLayer device = physical(sub, 3);
        ForwardForwardNetwork net = ForwardForwardNetwork.of(2, linear(2 + 2, 4), tanh(), device, linear(4, 8), tanh()).initialize(5);
        float[] gain = device.parameters().get(0).snapshot();
        Split s = Synthetic.moons(200, 0.1, 3).split(0.25, 3);
        double untrained = Evaluation.physical(net, s.test()).accuracy();
        History h = Trainer.of(net).method(Method.forwardForward(0.5)).optimizer(Optimizer.adam(0.03)).epochs(30).seed(2).fit(s.train());
        double acc = Evaluation.physical(net, s.test()).accuracy();
        assertTrue(acc > 0.75, "forward-forward accuracy on the device " + acc + " (untrained " + untrained + ", chance 0.5)");
        assertEquals(30L * s.train().numBatches(32), h.last().physicalCalls(), "one device call (positives and negatives together) per step");
        assertArrayEquals(gain, device.parameters().get(0).snapshot(), "the physical layer is a fixed transform");
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss(), "the local losses fall");
        long before = PhysicalUsage.of(net).calls();
        net.forward(s.test().batches(1000, new Rng(0)).iterator().next().x());
        assertEquals(2, PhysicalUsage.of(net).calls() - before, "predicting costs one device call per class");
    }

    @Test
    void refusesWhatItCannotTrainSayingWhatToBuild() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ForwardForwardNetwork.of(3, linear(3, 4), tanh()));
        assertTrue(e.getMessage().contains("3 + (number of features)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ForwardForwardNetwork.of(2, physical(MethodsTest.saturableGain())));
        assertTrue(e.getMessage().contains("has none"), e.getMessage());
        Network plain = Network.of(linear(2, 4), tanh(), linear(4, 2));
        e = assertThrows(IllegalArgumentException.class, () -> Method.forwardForward(0.5).step(new Method.Step(plain,
                new Batch(Tensor.wrap(X, 3, 2), LABELS, null, null), Loss.crossEntropy(), Optimizer.sgd(0.1), plain.parameters())));
        assertTrue(e.getMessage().contains("ForwardForwardNetwork.of"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Method.forwardForward(0));
        assertTrue(e.getMessage().contains("got 0.0"), e.getMessage());
    }
}
