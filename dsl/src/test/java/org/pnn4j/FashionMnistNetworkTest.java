package org.pnn4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.flatten;
import static org.pnn4j.Pnn.oscillators;
import static org.pnn4j.Pnn.patches;

import org.junit.jupiter.api.Test;
import org.pnn4j.data.Augmentation;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Datasets;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.train.Evaluation;
import org.pnn4j.train.History;
import org.pnn4j.train.Method;
import org.pnn4j.train.Trainer;

/** The Fashion-MNIST reference architecture and the shared physical layer it relies on. */
class FashionMnistNetworkTest {
    @Test
    void referenceNetworkHasTheReferenceShapes() {
        Network net = Pnn.fashionMnistOscillators();
        assertArrayEquals(new int[] {784}, net.inputShape());
        assertArrayEquals(new int[] {10}, net.outputShape());
        String summary = net.summary();
        assertTrue(summary.contains("patches(28, 28, 7, 100)") && summary.contains("[16, 100]") && summary.contains("[1610]")
                && summary.contains("oscillators(1610)") && summary.contains("lastFeatures(10)"), summary);
        // trainable: C and e of both oscillator networks, and the scale
        assertEquals(100 * 100 + 100 + 1610 * 1610 + 1610 + 1, net.parameterCount());
        assertEquals(7, net.layers().size());
    }

    @Test
    void sharedLayerRunsEveryPatchInOneDeviceCall() {
        Network net = Pnn.fashionMnistOscillators(4);
        PhysicalLayer small = (PhysicalLayer) net.layers().get(1), large = (PhysicalLayer) net.layers().get(4);
        Tensor x = Tensor.uniform(new Rng(2), 0, 1, 3, 784);
        Tensor y = net.predict(x);
        assertArrayEquals(new int[] {3, 10}, y.shape());
        assertTrue(y.isFinite());
        assertEquals(1, small.physicalCalls());
        assertEquals(3 * 16, small.physicalSamples());
        assertEquals(1, large.physicalCalls());
        assertEquals(3, large.physicalSamples());
    }

    @Test
    void sharedLayerEqualsRunningEachPatchAlone() {
        PhysicalLayer osc = oscillators(6).mode(PhysicalLayer.Mode.IDEAL);
        Tensor x = Tensor.uniform(new Rng(3), -1, 1, 2, 3, 6);
        Tensor all = osc.forward(x);
        assertArrayEquals(new int[] {2, 3, 6}, all.shape());
        Tensor row = osc.forward(x.reshape(6, 6).slice(0, 4, 5));
        for (int k = 0; k < 6; k++) assertEquals(row.get(0, k), all.get(1, 1, k), 1e-6);
        assertArrayEquals(new int[] {3, 6}, osc.outputShape(new int[] {3, 6}));
        var e = assertThrows(ShapeMismatchException.class, () -> osc.forward(Tensor.zeros(2, 3, 5)));
        assertTrue(e.getMessage().contains("[batch, ..., 6]"), e.getMessage());
    }

    @Test
    void sharedLayerGradientsInIdealAndPhysicsAwareModes() {
        Network ideal = Network.of(patches(4, 4, 2, 5), oscillators(5), flatten()).mode(PhysicalLayer.Mode.IDEAL);
        GradCheck.Result r = GradCheck.check(in -> ideal.forward(in[0]), Tensor.uniform(new Rng(4), 0, 1, 2, 16));
        assertTrue(r.passed(), r.toString());
        // PAT: the backward through the shared layer is the model's VJP at each patch's physical input
        PhysicalLayer pat = oscillators(5);
        Tensor x = Tensor.uniform(new Rng(5), 0, 1, 2, 4, 5).requiresGrad(true);
        pat.forward(x).sum().backward();
        Tensor viaPatches = x.grad();
        assertArrayEquals(new int[] {2, 4, 5}, viaPatches.shape());
        assertTrue(viaPatches.isFinite());
        assertTrue(pat.parameters().get(0).grad() != null && pat.parameters().get(0).grad().isFinite());
    }

    @Test
    void trainsAndEvaluatesWithAugmentationOnAFewImages() {
        org.pnn4j.data.TestData.requireOrSkip(org.pnn4j.data.DatasetCache.root().resolve("fashion-mnist").resolve("train-images-idx3-ubyte"));
        Dataset train = Datasets.fashionMnist(true).subset(range(64)), test = Datasets.fashionMnist(false).subset(range(32));
        Network net = Pnn.fashionMnistOscillators().initialize(1);
        History h = Trainer.of(net).method(Method.physicsAware()).optimizer(Optimizer.adam(1e-3)).epochs(1).batchSize(32).seed(1)
                .augmentation(Augmentation.horizontalFlip(28, 28)).validation(test).fit(train);
        assertTrue(Double.isFinite(h.last().trainLoss()));
        // 2 steps, each one device call per physical layer, plus the validation pass (one batch)
        assertEquals(2 * 2 + 2, h.last().physicalCalls());
        assertEquals(64 * 17 + 32 * 17, h.last().physicalSamples());
        Evaluation ev = Evaluation.physical(net, test);
        assertEquals(32, ev.samples());
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }
}
