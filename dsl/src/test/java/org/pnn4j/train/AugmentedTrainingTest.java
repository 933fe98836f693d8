package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.Network;
import org.pnn4j.data.Augmentation;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;

/** Augmentation draws from the trainer's seeded stream: it changes the run, reproduces, and resumes bit for bit. */
class AugmentedTrainingTest {
    private static Network net(long seed) {
        return Network.of(linear(2, 4), physical(MethodsTest.saturableGain()), linear(4, 2)).initialize(seed);
    }

    private static Split moons() {
        return Synthetic.moons(200, 0.1, 3).split(0.25, 3);
    }

    // a 1x2 "image": the flip swaps the two features
    private static final Augmentation SWAP = Augmentation.horizontalFlip(1, 2);

    private static Trainer trainer(Network net, int epochs) {
        return Trainer.of(net).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(epochs).seed(3).augmentation(SWAP);
    }

    @Test
    void augmentationChangesTheRunAndReproducesFromTheSeed() {
        History plain = Trainer.of(net(7)).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(2).seed(3).fit(moons().train());
        History a = trainer(net(7), 2).fit(moons().train()), b = trainer(net(7), 2).fit(moons().train());
        assertNotEquals(plain.last().trainLoss(), a.last().trainLoss(), 1e-9);
        assertEquals(a.last().trainLoss(), b.last().trainLoss(), 0.0);
        assertTrue(a.table().columnNames().size() > 0);
    }

    @Test
    void augmentedRunResumesBitIdentically(@TempDir Path dir) {
        Split s = moons();
        Network straight = net(7);
        History full = trainer(straight, 4).fit(s.train());
        Path ckp = dir.resolve("run.ckp");
        trainer(net(7), 2).checkpoint(ckp).fit(s.train());
        Network resumed = net(99);
        History rest = trainer(resumed, 4).resumeFrom(ckp).fit(s.train());
        List<Parameter> a = straight.parameters(), b = resumed.parameters();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).snapshot(), b.get(i).snapshot(), "parameter " + a.get(i).name());
        for (int e = 0; e < 4; e++) assertEquals(full.epochs().get(e).trainLoss(), rest.epochs().get(e).trainLoss(), 0.0, "epoch " + (e + 1));
    }
}
