package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.relu;

import org.junit.jupiter.api.Test;
import org.pnn4j.Network;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.DatasetCache;
import org.pnn4j.data.Datasets;
import org.pnn4j.data.TestData;
import org.pnn4j.nn.Optimizer;

/**
 * One epoch of the full MNIST training set (60,000 images) through a 784-128-10 MLP, inside the 1 GiB heap
 * that surefire gives every test JVM of this module (-Xmx1g in the parent pom).
 */
class MnistEpochTest {
    @Test
    void fullMnistEpochTrainsWithinAOneGigabyteHeap() {
        TestData.requireOrSkip(DatasetCache.root().resolve("mnist").resolve("train-images-idx3-ubyte"));
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap <= 1L << 30, "this test must run with -Xmx1g or less, the JVM has " + (maxHeap >> 20) + " MiB");

        Dataset train = Datasets.mnist(true), test = Datasets.mnist(false);
        assertEquals(60_000, train.size());
        Network net = Network.of(linear(784, 128), relu(), linear(128, 10)).initialize(1);
        History h = Trainer.of(net).optimizer(Optimizer.adam(1e-3)).epochs(1).batchSize(64).seed(1)
                .validation(test).fit(train);
        assertEquals(60_000, h.last().samples());
        assertTrue(h.last().testAccuracy() > 0.93, "test accuracy after one epoch: " + h.last().testAccuracy());
    }
}
