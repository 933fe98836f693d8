package org.pnn4j.train;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.pnn4j.nn.Optimizer;

/**
 * Wrote {@code checkpoint-v2.ckp} (a test resource) with the pnn4j that wrote format version 2, so that later versions
 * keep reading it ({@link CheckpointCompatibilityTest}). Runs only when asked:
 * {@code mvn -o test -pl dsl -Dtest=CheckpointV2Writer -Dpnn4j.writeCheckpointV2=dsl/src/test/resources/org/pnn4j/train/checkpoint-v2.ckp}.
 */
class CheckpointV2Writer {
    /** The network the file was written from: linear(2,4), a noisy saturable-gain layer, linear(4,2), initialized from seed 7. */
    static org.pnn4j.Network network(long seed) {
        var noisy = MethodsTest.saturableGain().withNoise(org.pnn4j.noise.NoiseModel.additiveGaussian(0.02),
                org.pnn4j.noise.NoiseModel.additiveGaussian(0.05).then(org.pnn4j.noise.NoiseModel.randomWalkDrift(0.002)));
        return org.pnn4j.Network.of(org.pnn4j.Pnn.linear(2, 4), new org.pnn4j.physics.PhysicalLayer(noisy, 5),
                org.pnn4j.Pnn.linear(4, 2)).initialize(seed);
    }

    /** One epoch of physics-aware training on 200 moons (seed 3, split 0.25), Adam(0.02), trainer seed 3. */
    static Trainer trainer(org.pnn4j.Network net, int epochs) {
        return Trainer.of(net).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(epochs).seed(3);
    }

    static org.pnn4j.data.Split data() {
        return org.pnn4j.data.Synthetic.moons(200, 0.1, 3).split(0.25, 3);
    }

    @Test
    @EnabledIfSystemProperty(named = "pnn4j.writeCheckpointV2", matches = ".+")
    void write() {
        trainer(network(7), 1).checkpoint(Path.of(System.getProperty("pnn4j.writeCheckpointV2")).toAbsolutePath()).fit(data().train());
    }
}
