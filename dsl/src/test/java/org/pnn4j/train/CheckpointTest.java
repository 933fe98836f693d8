package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.Network;
import org.pnn4j.Pnn;
import org.pnn4j.data.Augmentation;
import org.pnn4j.data.Split;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.StatefulModel;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** Checkpoints within an epoch, model state, atomic writes, all-or-nothing restores, and reading format version 2. */
class CheckpointTest {
    private static final Split DATA = org.pnn4j.data.Synthetic.moons(200, 0.1, 3).split(0.25, 3);

    /** A substrate whose model holds learned state: its gain correction changes with every model evaluation (a twin refitted as it goes). */
    static final class RefittedTwin implements Substrate, StatefulModel {
        final CustomSubstrate inner;
        long refits;
        boolean failSave, failRestore;

        RefittedTwin() {
            inner = MethodsTest.saturableGain();
        }

        @Override public String name() { return inner.name(); }
        @Override public int inputSize() { return inner.inputSize(); }
        @Override public int outputSize() { return inner.outputSize(); }
        @Override public double inputMin() { return inner.inputMin(); }
        @Override public double inputMax() { return inner.inputMax(); }
        @Override public List<ParameterSpec> parameters() { return inner.parameters(); }
        @Override public PhysicalDevice device(long seed) {
            return inner.withNoise(NoiseModel.additiveGaussian(0.02), NoiseModel.additiveGaussian(0.05)).device(seed);
        }

        @Override
        public Tensor model(Tensor x, Params theta) {
            return inner.model(x, theta).mul(1 + 0.01f * (refits++ % 5));
        }

        @Override
        public void saveModel(DataOutput out) throws IOException {
            out.writeLong(refits);
            if (failSave) throw new IOException("disk full (test)");
        }

        @Override
        public void restoreModel(DataInput in) throws IOException {
            long r = in.readLong();
            if (failRestore) throw new IllegalArgumentException("the saved twin has another architecture (test)");
            refits = r;
        }
    }

    private static Network twinNet(long seed) {
        return Network.of(Pnn.linear(2, 4), new PhysicalLayer(new RefittedTwin(), 5), Pnn.linear(4, 2)).initialize(seed);
    }

    private static RefittedTwin twinOf(Network n) {
        return (RefittedTwin) ((PhysicalLayer) n.layers().get(1)).substrate();
    }

    /** Gaussian jitter on the inputs, drawn from the trainer's stream. */
    private static Augmentation jitter() {
        return new Augmentation() {
            @Override
            public Tensor apply(Tensor x, Rng rng) {
                return x.add(Tensor.uniform(rng, -0.05, 0.05, x.shape()));
            }

            @Override
            public String describe() {
                return "jitter(0.05)";
            }
        };
    }

    private static Trainer trainer(Network net) {
        return Trainer.of(net).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(3).batchSize(16).seed(3)
                .validation(DATA.test()).augmentation(jitter());
    }

    /** Thrown by a listener to stand for a killed process. */
    static final class Killed extends RuntimeException {
        Killed() {
            super("killed (test)");
        }
    }

    private static TrainingListener killAt(int epoch, int batch) {
        return new TrainingListener() {
            @Override
            public void onBatchEnd(BatchProgress p) {
                if (p.epoch() == epoch && p.batch() == batch) throw new Killed();
            }
        };
    }

    private static void assertSameRows(History full, History rest) {
        assertEquals(full.size(), rest.size());
        for (int i = 0; i < full.size(); i++) {
            EpochResult a = full.epochs().get(i), b = rest.epochs().get(i);
            String e = "epoch " + a.epoch();
            assertEquals(a.epoch(), b.epoch(), e);
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "train loss, " + e);
            assertEquals(a.trainAccuracy(), b.trainAccuracy(), 0.0, "train accuracy, " + e);
            assertEquals(a.testLoss(), b.testLoss(), 0.0, "test loss, " + e);
            assertEquals(a.testAccuracy(), b.testAccuracy(), 0.0, "test accuracy, " + e);
            assertEquals(a.learningRate(), b.learningRate(), 0.0, e);
            assertEquals(a.samples(), b.samples(), e);
            assertEquals(a.physicalCalls(), b.physicalCalls(), "physical calls, " + e);
            assertEquals(a.physicalSamples(), b.physicalSamples(), "physical samples, " + e);
            assertEquals(a.method(), b.method(), e);
        }
    }

    private static void assertSameParameters(Network a, Network b) {
        List<Parameter> pa = a.parameters(), pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) assertArrayEquals(pa.get(i).snapshot(), pb.get(i).snapshot(), "parameter " + pa.get(i).name());
    }

    private static Tensor probe() {
        return Tensor.uniform(new Rng(1), -1, 1, 3, 2);
    }

    @Test
    void aRunKilledWithinAnEpochAndResumedEqualsTheUninterruptedRunBitForBit(@TempDir Path dir) throws IOException {
        Network straight = twinNet(7);
        History full = trainer(straight).fit(DATA.train());
        int batches = DATA.train().numBatches(16);
        assertEquals(10, batches);

        int[][] killPoints = {{1, 5}, {2, 8}, {3, 10}}; // checkpoints every 3 batches: at 3, 6, 9 of each epoch and at epoch ends
        for (int[] kill : killPoints) {
            Path ckp = dir.resolve("run-" + kill[0] + "-" + kill[1] + ".ckp");
            Network first = twinNet(7);
            assertThrows(Killed.class, () -> trainer(first).checkpoint(ckp).checkpointEvery(3).listener(killAt(kill[0], kill[1])).fit(DATA.train()));
            assertEquals(Checkpoint.VERSION, Checkpoint.versionOf(ckp));
            assertFalse(Files.exists(dir.resolve(ckp.getFileName() + ".tmp")), "no temporary file left behind");

            Network resumed = twinNet(99); // a new process: other initial values, a fresh device and twin
            long[] batchesRun = {0};
            History rest = trainer(resumed).resumeFrom(ckp).listener(new TrainingListener() {
                @Override
                public void onBatchEnd(BatchProgress p) {
                    batchesRun[0]++;
                }
            }).fit(DATA.train());
            String at = "killed at epoch " + kill[0] + ", batch " + kill[1];
            long expectedBatches = 3L * batches - ((kill[0] - 1) * batches + (kill[1] - 1) / 3 * 3);
            assertEquals(expectedBatches, batchesRun[0], at + ": the resume starts after the last checkpoint (lost at most 3 batches)");
            assertSameRows(full, rest);
            assertSameParameters(straight, resumed);
            assertEquals(twinOf(straight).refits, twinOf(resumed).refits, at + ": the twin's learned state was restored");
        }
        // and the devices' noise streams: the next physical measurement is the same
        Network resumed = twinNet(99);
        trainer(resumed).resumeFrom(dir.resolve("run-2-8.ckp")).fit(DATA.train());
        PhysicalDevice a = ((PhysicalLayer) straight.layers().get(1)).device(), b = ((PhysicalLayer) resumed.layers().get(1)).device();
        Params theta = ((PhysicalLayer) straight.layers().get(1)).params();
        assertArrayEquals(a.forward(Tensor.uniform(new Rng(2), -1, 1, 4, 4), theta).toArray(),
                b.forward(Tensor.uniform(new Rng(2), -1, 1, 4, 4), theta).toArray());
    }

    @Test
    void checkpointEveryNeedsAFileAndAPositiveCount() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer(twinNet(1)).checkpointEvery(2).fit(DATA.train()));
        assertTrue(e.getMessage().contains(".checkpoint(path)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> trainer(twinNet(1)).checkpointEvery(-1));
    }

    @Test
    void aCheckpointWithinAnEpochIsRefusedForAnotherBatchSize(@TempDir Path dir) {
        Path ckp = dir.resolve("mid.ckp");
        assertThrows(Killed.class, () -> trainer(twinNet(7)).checkpoint(ckp).checkpointEvery(2).listener(killAt(1, 3)).fit(DATA.train()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(twinNet(7)).batchSize(8).resumeFrom(ckp).fit(DATA.train()));
        assertTrue(e.getMessage().contains("batch size 16") && e.getMessage().contains("batch size 8"), e.getMessage());
    }

    @Test
    void aFailedWriteLeavesThePreviousCheckpointIntact(@TempDir Path dir) throws IOException {
        Path ckp = dir.resolve("run.ckp");
        Network net = twinNet(7);
        trainer(net).epochs(1).checkpoint(ckp).fit(DATA.train());
        byte[] before = Files.readAllBytes(ckp);
        twinOf(net).failSave = true;
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> trainer(net).epochs(1).checkpoint(ckp).fit(DATA.train()));
        assertTrue(e.getMessage().contains("cannot write checkpoint") && e.getMessage().contains("disk full"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(ckp), "the previous checkpoint is untouched");
        assertFalse(Files.exists(dir.resolve("run.ckp.tmp")), "the temporary file is removed");
    }

    @Test
    void aRestoreThatFailsChangesNothing(@TempDir Path dir) {
        Path ckp = dir.resolve("run.ckp");
        trainer(twinNet(7)).epochs(1).checkpoint(ckp).fit(DATA.train());
        Network target = twinNet(99), control = twinNet(99);
        twinOf(target).failRestore = true;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(target).epochs(2).resumeFrom(ckp).fit(DATA.train()));
        assertTrue(e.getMessage().contains("nothing was changed") && e.getMessage().contains("another architecture"), e.getMessage());
        assertSameParameters(control, target);
        assertEquals(0, twinOf(target).refits);
        // the device's noise stream was put back: its next measurement is a fresh device's
        PhysicalLayer a = (PhysicalLayer) control.layers().get(1), b = (PhysicalLayer) target.layers().get(1);
        assertArrayEquals(a.device().forward(Tensor.uniform(new Rng(2), -1, 1, 4, 4), a.params()).toArray(),
                b.device().forward(Tensor.uniform(new Rng(2), -1, 1, 4, 4), b.params()).toArray());
    }

    @Test
    void aDamagedTruncatedOrMissingCheckpointIsRefusedAndChangesNothing(@TempDir Path dir) throws IOException {
        Path ckp = dir.resolve("run.ckp");
        trainer(twinNet(7)).epochs(1).checkpoint(ckp).fit(DATA.train());
        byte[] good = Files.readAllBytes(ckp);
        // one flipped byte in the middle of the parameters (it loaded silently before: a weight became 8.26e36)
        byte[] flipped = good.clone();
        flipped[good.length / 3] ^= 0x40;
        Path bad = Files.write(dir.resolve("flipped.ckp"), flipped);
        Network target = twinNet(99), control = twinNet(99);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(target).epochs(2).resumeFrom(bad).fit(DATA.train()));
        assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains("checksum"), e.getMessage());
        assertSameParameters(control, target);
        Path cut = Files.write(dir.resolve("cut.ckp"), java.util.Arrays.copyOf(good, good.length / 2));
        IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> trainer(twinNet(99)).epochs(2).resumeFrom(cut).fit(DATA.train()));
        assertTrue(c.getMessage().contains("damaged") || c.getMessage().contains("truncated"), c.getMessage());
        assertFalse(c.getMessage().endsWith("null"), c.getMessage());
        Path missing = dir.resolve("nowhere.ckp");
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> trainer(twinNet(99)).epochs(2).resumeFrom(missing).fit(DATA.train()));
        assertTrue(m.getMessage().startsWith("there is no checkpoint at") && m.getMessage().contains("resumeFrom"), m.getMessage());
    }

    @Test
    void aCheckpointOfAnotherOptimizerIsRefused(@TempDir Path dir) {
        Path ckp = dir.resolve("adam.ckp");
        trainer(twinNet(7)).epochs(1).checkpoint(ckp).fit(DATA.train());
        Network target = twinNet(99), control = twinNet(99);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(target).optimizer(Optimizer.sgd(0.02, 0.9, false)).epochs(2).resumeFrom(ckp).fit(DATA.train()));
        assertTrue(e.getMessage().contains("'adam' optimizer") && e.getMessage().contains("'sgd'"), e.getMessage());
        assertSameParameters(control, target);
    }

    @Test
    void aModelStateForALayerWithoutOneIsRefused(@TempDir Path dir) {
        Path ckp = dir.resolve("twin.ckp");
        trainer(twinNet(7)).epochs(1).checkpoint(ckp).fit(DATA.train());
        Network plain = CheckpointV2Writer.network(7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer(plain).epochs(2).resumeFrom(ckp).fit(DATA.train()));
        assertTrue(e.getMessage().contains("not a StatefulModel"), e.getMessage());
    }

    @Test
    void aVersion2CheckpointWrittenByTheOlderCodeIsStillRead(@TempDir Path dir) throws IOException {
        Path v2 = dir.resolve("checkpoint-v2.ckp");
        try (InputStream in = CheckpointTest.class.getResourceAsStream("checkpoint-v2.ckp")) {
            Files.copy(in, v2);
        }
        assertEquals(2, Checkpoint.versionOf(v2));
        Split s = CheckpointV2Writer.data();
        Network straight = CheckpointV2Writer.network(7);
        History full = CheckpointV2Writer.trainer(straight, 2).fit(s.train());

        Network resumed = CheckpointV2Writer.network(99);
        History rest = CheckpointV2Writer.trainer(resumed, 2).resumeFrom(v2).fit(s.train());
        assertEquals(2, rest.size());
        EpochResult saved = rest.epochs().get(0), now = full.epochs().get(0);
        assertEquals(1, saved.epoch());
        assertEquals("physicsAware()", saved.method());
        assertEquals(now.physicalCalls(), saved.physicalCalls());
        assertEquals(now.physicalSamples(), saved.physicalSamples());
        assertEquals(now.samples(), saved.samples());
        // the file was written by the code of its time; the same float computations give the same numbers, but a later
        // change of summation order may move them by rounding, hence the tolerances
        assertEquals(now.trainLoss(), saved.trainLoss(), 1e-6 * Math.abs(now.trainLoss()));
        assertEquals(full.last().trainLoss(), rest.last().trainLoss(), 1e-4 * Math.abs(full.last().trainLoss()));
        List<Parameter> a = straight.parameters(), b = resumed.parameters();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).snapshot(), b.get(i).snapshot(), 1e-4f, a.get(i).name());
    }

    @Test
    void aVersion3CheckpointWrittenWithinAnEpochBeforePhysicalUsageAndViewsIsStillRead(@TempDir Path dir) throws IOException {
        // written by the code of 2026-12-03 (CheckpointV3Writer): the state after batch 2 of epoch 2, noisy drifting device, Adam
        Path v3 = dir.resolve("checkpoint-v3-within-epoch.ckp");
        try (InputStream in = CheckpointTest.class.getResourceAsStream("checkpoint-v3-within-epoch.ckp")) {
            Files.copy(in, v3);
        }
        assertEquals(3, Checkpoint.versionOf(v3));
        Split s = CheckpointV2Writer.data();
        Network straight = CheckpointV2Writer.network(7);
        History full = CheckpointV2Writer.trainer(straight, 2).fit(s.train());

        Network resumed = CheckpointV2Writer.network(99);
        History rest = CheckpointV3Writer.trainer(resumed, dir.resolve("continued.ckp")).resumeFrom(v3).fit(s.train());
        assertEquals(2, rest.size());
        for (int i = 0; i < 2; i++) {
            EpochResult a = full.epochs().get(i), b = rest.epochs().get(i);
            assertEquals(a.trainLoss(), b.trainLoss(), "train loss, epoch " + (i + 1));
            assertEquals(a.physical().calls(), b.physical().calls(), "physical calls, epoch " + (i + 1));
            assertEquals(a.physical().samples(), b.physical().samples(), "physical samples, epoch " + (i + 1));
            assertTrue(b.complete());
        }
        List<Parameter> a = straight.parameters(), b = resumed.parameters();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).snapshot(), b.get(i).snapshot(), a.get(i).name());
        // the restored network, devices included, gives the same outputs as the one trained without a stop
        Tensor x = s.test().features();
        assertArrayEquals(straight.predict(x).toArray(), resumed.predict(x).toArray());
    }
}
