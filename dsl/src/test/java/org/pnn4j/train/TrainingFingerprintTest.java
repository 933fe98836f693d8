package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.pnn4j.Pnn.linear;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.pnn4j.Network;
import org.pnn4j.Pnn;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Split;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * Outputs and gradients bit for bit as the code of 2026-12-03 computed them (before modes were passed instead of
 * flipped, residuals saved by {@link org.pnn4j.tensor.Function} and {@code PhysicalUsage}): CRC-32s of the raw float
 * bits of trained parameters (every training method, one epoch, noisy simulated devices), of a physics-aware forward's
 * output and of its gradients (the custom VJPs of PAT and of the oscillators' and pendula's RK4 integrators). The
 * expected values are {@code training-fingerprints.txt}, written by that code with
 * {@code -Dpnn4j.writeFingerprints=dsl/src/test/resources/org/pnn4j/train/training-fingerprints.txt}; a change that
 * moves any float fails here.
 */
class TrainingFingerprintTest {
    private static Split moons() {
        return CheckpointV2Writer.data();
    }

    private static String crc(Network net) {
        CRC32 c = new CRC32();
        for (Parameter p : net.parameters()) update(c, p.snapshot());
        return Long.toHexString(c.getValue());
    }

    private static void update(CRC32 c, float[] v) {
        for (float f : v) {
            int b = Float.floatToRawIntBits(f);
            c.update(b >>> 24);
            c.update(b >>> 16);
            c.update(b >>> 8);
            c.update(b);
        }
    }

    private static String trained(Method m) {
        Network net = CheckpointV2Writer.network(7);
        History h = Trainer.of(net).method(m).optimizer(Optimizer.adam(0.02)).epochs(1).batchSize(50).seed(3)
                .validation(moons().test()).fit(moons().train());
        CRC32 c = new CRC32();
        for (Parameter p : net.parameters()) update(c, p.snapshot());
        update(c, new float[] {(float) h.last().trainLoss(), (float) h.last().testLoss(), h.last().physicalCalls()});
        return Long.toHexString(c.getValue());
    }

    /** Output and parameter gradients of one physics-aware forward and backward of {@code layer} on a fixed batch. */
    private static String patGradients(PhysicalLayer layer, long seed) {
        Network net = Network.of(layer).initialize(seed);
        int n = layer.substrate().inputSize();
        Rng rng = new Rng(seed);
        float[] x = new float[4 * n];
        double lo = layer.substrate().inputMin(), hi = layer.substrate().inputMax();
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) { lo = -1; hi = 1; }
        for (int i = 0; i < x.length; i++) x[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        Tensor in = Tensor.wrap(x, 4, n).requiresGrad(true);
        Tensor y = net.forward(in);
        y.square().sum().backward();
        CRC32 c = new CRC32();
        update(c, y.toArray());
        update(c, in.grad().toArray());
        for (Parameter p : net.parameters()) update(c, p.grad().toArray());
        return Long.toHexString(c.getValue());
    }

    private static String localLearning() {
        Split s = moons();
        Dataset train = scaled(AcceptanceTest.padLabels(s.train(), 2));
        LocalNetwork net = LocalNetwork.of(2, 3, LocalNetwork.block(Pnn.pendula(4), linear(4 + 4, 4)),
                LocalNetwork.block(Pnn.pendula(4), linear(4, 4)));
        net.initialize(new Rng(2));
        History h = Trainer.of(net).method(Method.localLearning(3, 4)).optimizer(Optimizer.adam(0.01)).epochs(1).batchSize(50).seed(1).fit(train);
        CRC32 c = new CRC32();
        for (Parameter p : net.parameters()) update(c, p.snapshot());
        update(c, new float[] {(float) h.last().trainLoss(), h.last().physicalCalls()});
        update(c, net.forward(scaled(AcceptanceTest.padLabels(s.test(), 2)).features()).toArray());
        return Long.toHexString(c.getValue());
    }

    /** Moons (within about [-1.2, 2.2]) scaled into the pendula's input range [-1, 1]. */
    private static Dataset scaled(Dataset d) {
        return Dataset.classification(d.name(), d.features().mul(0.4f), d.labels(), d.classNames());
    }

    static Map<String, String> fingerprints() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("backprop", trained(Method.backprop()));
        m.put("inSilico", trained(Method.inSilico()));
        m.put("physicsAware", trained(Method.physicsAware()));
        m.put("spsa", trained(Method.spsa(0.05, 0.02)));
        m.put("finiteDifferences", trained(Method.finiteDifferences(1e-2)));
        m.put("localLearning", localLearning());
        m.put("patOscillators", patGradients(Pnn.oscillators(6), 5));
        m.put("patPendula", patGradients(Pnn.pendula(6), 5));
        Network ev = CheckpointV2Writer.network(7);
        CRC32 c = new CRC32();
        update(c, new float[] {(float) Evaluation.physical(ev, moons().test()).loss(), (float) Evaluation.ideal(ev, moons().test()).loss(),
                (float) Evaluation.of(ev, moons().test(), Loss.crossEntropy()).loss()});
        m.put("evaluation", Long.toHexString(c.getValue()));
        return m;
    }

    private static String text(Map<String, String> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append(' ').append(v).append('\n'));
        return b.toString();
    }

    @Test
    void outputsAndGradientsAreThoseOfTheCodeOf20261203() throws IOException {
        String now = text(fingerprints());
        String target = System.getProperty("pnn4j.writeFingerprints");
        if (target != null && !target.isEmpty()) {
            Files.writeString(Path.of(target).toAbsolutePath(), now, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = TrainingFingerprintTest.class.getResourceAsStream("training-fingerprints.txt")) {
            assertNotNull(in, "training-fingerprints.txt is missing");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), now);
        }
    }
}
