package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.substrate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.Network;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalLayer.Mode;
import tech.tablesaw.api.Table;

class MethodsTest {
    /** Model tanh(g·x); the device has 15% more gain (the reality gap), no noise. */
    static CustomSubstrate saturableGain() {
        return substrate("saturable-gain", (x, t) -> x.mul(t.get("g")).tanh())
                .io(4, 4).inputRange(-10, 10)
                .param("g", 0.1, 5, 4)
                .realization((x, t) -> x.mul(t.get("g").mul(1.15)).tanh());
    }

    private static Network net(long seed) {
        return Network.of(linear(2, 4), physical(saturableGain()), linear(4, 2)).initialize(seed);
    }

    private static Split moons() {
        return Synthetic.moons(200, 0.1, 3).split(0.25, 3);
    }

    @Test
    void inSilicoNeverQueriesTheDeviceAndPhysicalEvaluationShowsTheRealityGap() {
        Network net = net(4);
        History h = Trainer.of(net).method(Method.inSilico()).optimizer(Optimizer.adam(0.02)).epochs(5).seed(1).fit(moons().train());
        assertEquals(0, h.last().physicalCalls(), "in-silico training must not call the device");
        assertEquals(Mode.PHYSICS_AWARE, ((PhysicalLayer) net.layers().get(1)).mode(), "the layer's own mode is restored");
        Evaluation ideal = Evaluation.ideal(net, moons().test()), real = Evaluation.physical(net, moons().test());
        assertNotEquals(ideal.loss(), real.loss(), 1e-6, "the 15% gain gap must show in the loss");
        assertEquals(Mode.PHYSICS_AWARE, ((PhysicalLayer) net.layers().get(1)).mode(), "Evaluation.physical restores modes");
    }

    @Test
    void physicsAwareRespectsPerLayerOverridesAndUserFrozenLayers() {
        PhysicalLayer a = physical(saturableGain()), b = physical(saturableGain(), 1), c = physical(saturableGain(), 2);
        Network net = Network.of(linear(2, 4), a, b, c, linear(4, 2)).initialize(3);
        a.mode(Mode.FROZEN);
        ModeMethod m = Method.physicsAware().with(b, Mode.IDEAL);
        assertEquals(Mode.FROZEN, m.modeFor(a));
        assertEquals(Mode.IDEAL, m.modeFor(b));
        assertEquals(Mode.PHYSICS_AWARE, m.modeFor(c));
        float[] aBefore = a.parameters().get(0).snapshot(), bBefore = b.parameters().get(0).snapshot(), cBefore = c.parameters().get(0).snapshot();
        Trainer.of(net).method(m).optimizer(Optimizer.adam(0.05)).epochs(1).seed(1).fit(moons().train());
        assertArrayEquals(aBefore, a.parameters().get(0).snapshot(), "a frozen layer's parameters stay");
        assertTrue(a.physicalCalls() > 0 && c.physicalCalls() > 0, "frozen and PAT layers run on their devices");
        assertEquals(0, b.physicalCalls(), "the IDEAL override never calls the device");
        assertNotEquals(bBefore[0], b.parameters().get(0).snapshot()[0]);
        assertNotEquals(cBefore[0], c.parameters().get(0).snapshot()[0]);
        assertEquals(Mode.FROZEN, a.mode());
        assertEquals(Mode.PHYSICS_AWARE, b.mode());
    }

    @Test
    void stagedRunRecordsStageMethodAndPhysicalCallsPerEpoch() {
        Network net = net(4);
        Split s = moons();
        History h = Trainer.of(net).optimizer(Optimizer.adam(0.02)).seed(1)
                .stage(Method.inSilico(), 2).stage(Method.physicsAware(), 3).fit(s.train());
        Table t = h.table();
        assertEquals(5, t.rowCount());
        assertEquals(List.of(1, 1, 2, 2, 2), t.intColumn("stage").asList());
        assertEquals("inSilico()", t.stringColumn("method").get(1));
        assertEquals("physicsAware()", t.stringColumn("method").get(2));
        int batches = s.train().numBatches(32);
        assertEquals(0L, t.longColumn("physical_calls").get(1));
        assertEquals(3L * batches, t.longColumn("physical_calls").get(4), "one device call per PAT step");
        assertEquals(3L * s.train().size(), t.longColumn("physical_samples").get(4));
    }

    @Test
    void stagesAndMethodTogetherAreRejected() {
        Trainer t = Trainer.of(net(1)).method(Method.inSilico()).stage(Method.physicsAware(), 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.fit(moons().train()));
        assertTrue(e.getMessage().contains("both stages and method"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trainer.of(net(1)).stage(Method.inSilico(), 0));
    }

    @Test
    void batchProgressCountsPhysicalCalls() {
        long[] last = {-1};
        Trainer.of(net(2)).method(Method.physicsAware()).epochs(1).seed(1)
                .listener(new TrainingListener() {
                    @Override
                    public void onBatchEnd(BatchProgress p) {
                        last[0] = p.physicalCalls();
                        assertEquals(p.step(), p.physicalCalls());
                    }
                }).fit(moons().train());
        assertEquals(moons().train().numBatches(32), last[0]);
    }

    @Test
    void spsaLowersTheLossOnThePhysicalSystem() {
        Network net = net(5);
        Split s = moons();
        double before = Evaluation.physical(net, s.train()).loss();
        History h = Trainer.of(net).method(Method.spsa(0.05, 0.02)).epochs(15).seed(2).fit(s.train());
        double after = Evaluation.physical(net, s.train()).loss();
        assertTrue(after < 0.9 * before, "SPSA loss " + before + " -> " + after);
        assertEquals(2L * 15 * s.train().numBatches(32), h.last().physicalCalls(), "two device calls per SPSA step");
        assertTrue(Double.isNaN(h.last().trainAccuracy()), "SPSA gives no outputs to count accuracy on");
        assertThrows(IllegalArgumentException.class, () -> Method.spsa(-1, 0.1));
    }

    @Test
    void finiteDifferencesLowerTheLossOnThePhysicalSystem() {
        Network net = net(5);
        Split s = moons();
        double before = Evaluation.physical(net, s.train()).loss();
        Trainer.of(net).method(Method.finiteDifferences(1e-2)).optimizer(Optimizer.adam(0.02)).epochs(3).seed(2).fit(s.train());
        double after = Evaluation.physical(net, s.train()).loss();
        assertTrue(after < 0.9 * before, "finite-difference loss " + before + " -> " + after);
        assertThrows(IllegalArgumentException.class, () -> Method.finiteDifferences(0));
    }

    @Test
    void resumingFromACheckpointContinuesBitIdentically(@TempDir Path dir) {
        Split s = moons();
        Network straight = net(7);
        History full = Trainer.of(straight).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(4).seed(3).fit(s.train());

        Path ckp = dir.resolve("run.ckp");
        Network first = net(7);
        Trainer.of(first).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(2).seed(3).checkpoint(ckp).fit(s.train());
        assertTrue(Files.isRegularFile(ckp));
        Network resumed = net(99); // different start: everything must come from the checkpoint
        History rest = Trainer.of(resumed).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(4).seed(3)
                .resumeFrom(ckp).fit(s.train());
        List<Parameter> a = straight.parameters(), b = resumed.parameters();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).snapshot(), b.get(i).snapshot(), "parameter " + a.get(i).name());
        assertEquals(4, rest.size());
        for (int e = 0; e < 4; e++) assertEquals(full.epochs().get(e).trainLoss(), rest.epochs().get(e).trainLoss(), 0.0, "epoch " + (e + 1));
        assertEquals(full.last().physicalCalls(), rest.last().physicalCalls());
    }

    /** The gain substrate with per-call Gaussian noise on its inputs and outputs and a random-walk drift on its outputs. */
    private static Network noisyNet(long seed) {
        var noisy = saturableGain().withNoise(org.pnn4j.noise.NoiseModel.additiveGaussian(0.02),
                org.pnn4j.noise.NoiseModel.additiveGaussian(0.05).then(org.pnn4j.noise.NoiseModel.randomWalkDrift(0.002)));
        return Network.of(linear(2, 4), new PhysicalLayer(noisy, 5), linear(4, 2)).initialize(seed);
    }

    @Test
    void anInterruptedRunOnANoisySimulatedDeviceResumesBitForBit(@TempDir Path dir) {
        Split s = moons();
        Network straight = noisyNet(7);
        History full = Trainer.of(straight).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(4).seed(3)
                .validation(s.test()).fit(s.train());

        Path ckp = dir.resolve("noisy.ckp");
        Network first = noisyNet(7);
        Trainer.of(first).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(2).seed(3)
                .validation(s.test()).checkpoint(ckp).fit(s.train());
        // a new process: a fresh network whose device starts from the same seed, but has not seen the first 2 epochs
        Network resumed = noisyNet(99);
        History rest = Trainer.of(resumed).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(4).seed(3)
                .validation(s.test()).resumeFrom(ckp).fit(s.train());
        List<Parameter> a = straight.parameters(), b = resumed.parameters();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).snapshot(), b.get(i).snapshot(), "parameter " + a.get(i).name());
        for (int e = 0; e < 4; e++) {
            assertEquals(full.epochs().get(e).trainLoss(), rest.epochs().get(e).trainLoss(), 0.0, "train loss, epoch " + (e + 1));
            assertEquals(full.epochs().get(e).testLoss(), rest.epochs().get(e).testLoss(), 0.0, "test loss, epoch " + (e + 1));
        }
        // and the device's next measurement is the same
        var x = org.pnn4j.tensor.Tensor.uniform(new org.pnn4j.tensor.Rng(1), -1, 1, 3, 2);
        assertArrayEquals(straight.forward(x).toArray(), resumed.forward(x).toArray());
    }

    @Test
    void resumingWithoutTheDeviceStateIsNotBitExactOnANoisyDevice(@TempDir Path dir) {
        // the control for the test above: the noise really matters, so restoring it is what makes the resume exact
        Split s = moons();
        Network straight = noisyNet(7);
        History full = Trainer.of(straight).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(3).seed(3).fit(s.train());
        Network other = noisyNet(7);
        ((PhysicalLayer) other.layers().get(1)).forward(org.pnn4j.tensor.Tensor.zeros(1, 4)); // one extra device call shifts the noise
        History shifted = Trainer.of(other).method(Method.physicsAware()).optimizer(Optimizer.adam(0.02)).epochs(3).seed(3).fit(s.train());
        assertNotEquals(full.last().trainLoss(), shifted.last().trainLoss(), 0.0);
    }

    @Test
    void aVersion1CheckpointIsRefusedWithWhatToDo(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("old.ckp");
        try (var out = new java.io.DataOutputStream(Files.newOutputStream(old))) {
            out.write("PNN4JCKP".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.writeInt(1);
            out.writeInt(2);
        }
        Trainer t = Trainer.of(net(1)).epochs(3).resumeFrom(old);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(moons().train()));
        assertTrue(e.getMessage().contains("version 1") && e.getMessage().contains("start the run again"), e.getMessage());
    }

    @Test
    void aFileThatIsNotACheckpointIsRejectedWithItsName(@TempDir Path dir) throws Exception {
        Path bogus = dir.resolve("notes.txt");
        Files.writeString(bogus, "hello, not a checkpoint");
        Trainer t = Trainer.of(net(1)).epochs(1).resumeFrom(bogus);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(moons().train()));
        assertTrue(e.getMessage().contains("not a pnn4j checkpoint") && e.getMessage().contains("notes.txt"), e.getMessage());
    }

    @Test
    void localLearningRejectsAModelThatIsNotALocalNetwork() {
        Trainer t = Trainer.of(net(1)).method(Method.localLearning()).epochs(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(moons().train()));
        assertTrue(e.getMessage().contains("LocalNetwork.of"), e.getMessage());
    }
}
