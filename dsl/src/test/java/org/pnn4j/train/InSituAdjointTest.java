package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.scale;
import static org.pnn4j.Pnn.tanh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.Network;
import org.pnn4j.data.Batch;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalUsage;
import org.pnn4j.physics.optics.MziMesh;
import org.pnn4j.physics.optics.Shg;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class InSituAdjointTest {
    /**
     * A task only a mesh can solve: the label of x ∈ [−1, 1]⁴ is the brightest output of a hidden 4-mode "teacher"
     * mesh (random phases), so the student mesh has to learn the teacher's interference. Chance: 1/4.
     */
    static Dataset teacherTask(int n, long seed) {
        MziMesh teacher = MziMesh.of(4).flawless();
        Rng rng = new Rng(seed);
        Params phases = Params.of(teacher.name(), Map.of("theta", Tensor.uniform(rng, 0, 2 * Math.PI, teacher.mzis()),
                "phi", Tensor.uniform(rng, 0, 2 * Math.PI, teacher.mzis())));
        Tensor x = Tensor.uniform(rng, -1, 1, n, 4);
        int[] labels = teacher.model(x, phases).argmaxRows();
        return Dataset.classification("teacher mesh", x, labels, List.of("0", "1", "2", "3"));
    }

    @Test
    void aNoisyMeshAloneLearnsItsTeachersInterferenceFromItsOwnGradients() {
        Split s = teacherTask(400, 1).split(0.25, 2);
        PhysicalLayer mesh = physical(MziMesh.of(4), 7); // default imperfections and noise
        Network net = Network.of(mesh, scale(8)).initialize(3);
        double before = Evaluation.physical(net, s.test()).accuracy();
        History h = Trainer.of(net).method(Method.inSituAdjoint()).optimizer(Optimizer.adam(0.05)).epochs(15).batchSize(30).seed(4)
                .fit(s.train());
        double after = Evaluation.physical(net, s.test()).accuracy();
        assertTrue(after > 0.8 && after > before + 0.2, "device test accuracy " + before + " -> " + after + " (chance 0.25)");
        assertEquals(3L * 15 * s.train().numBatches(30), h.last().physicalCalls(), "forward, adjoint and interference run per step");
    }

    @Test
    void threeNoisyFourPortMeshesWithDigitalNonlinearitiesLearnMoonsAsInPaiEtAl() {
        // the architecture of Pai et al. (Science 380:398, 2023): three 4-port meshes, digital nonlinearities between them
        Split s = Synthetic.moons(400, 0.1, 3).split(0.25, 3);
        Network net = Network.of(linear(2, 4), tanh(), physical(MziMesh.of(4), 1), tanh(), physical(MziMesh.of(4), 2), tanh(),
                physical(MziMesh.of(4), 3), linear(4, 2)).initialize(5);
        History h = Trainer.of(net).method(Method.inSituAdjoint()).optimizer(Optimizer.adam(0.03)).epochs(30).seed(2).fit(s.train());
        double acc = Evaluation.physical(net, s.test()).accuracy();
        assertTrue(acc > 0.85, "in-situ adjoint accuracy on the devices " + acc + " (chance 0.5; measured 0.94)");
        assertEquals(3L * 3 * 30 * s.train().numBatches(32), h.last().physicalCalls(), "three runs per mesh per step");
    }

    @Test
    void aStepCountsThreeRunsOnAViewOfTheModel() {
        PhysicalLayer mesh = physical(MziMesh.of(3).phaseError(0.5), 1);
        Network net = Network.of(mesh, scale(4)).initialize(1);
        Tensor x = Tensor.uniform(new Rng(1), -1, 1, 5, 3);
        Batch b = new Batch(x, new int[] {0, 1, 2, 0, 1}, null, null);
        PhysicalUsage u0 = PhysicalUsage.of(net);
        Method.inSituAdjoint().step(new Method.Step(net, b, Loss.crossEntropy(), Optimizer.sgd(1e-3), net.parameters()));
        PhysicalUsage used = PhysicalUsage.of(net).minus(u0);
        assertEquals(3, used.calls());
        assertEquals(15, used.samples());
        assertEquals(PhysicalLayer.Mode.PHYSICS_AWARE, mesh.mode(), "the layer's own mode is unchanged");
        assertTrue(!mesh.adjointGradients(), "the model's layer is not replaced, only viewed");
    }

    @Test
    void refusesANetworkWithANonlinearPhysicalLayerNamingItAndWhatToUse() {
        PhysicalLayer shg = physical(Shg.of(8, 4, 3));
        Network net = Network.of(linear(2, 4), org.pnn4j.Pnn.sigmoid(), shg, linear(3, 2)).initialize(1);
        Batch b = new Batch(Tensor.uniform(new Rng(1), 0, 1, 3, 2), new int[] {0, 1, 0}, null, null);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Method.inSituAdjoint()
                .step(new Method.Step(net, b, Loss.crossEntropy(), Optimizer.sgd(0.1), net.parameters())));
        assertTrue(e.getMessage().contains("layer 3 (" + shg.describe() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("Method.physicsAware()"), e.getMessage());
        assertEquals(0, shg.physicalCalls(), "refused before any device call");
        shg.mode(PhysicalLayer.Mode.FROZEN); // a frozen layer may lack the capability: only its input gradient is needed
        Method.inSituAdjoint().step(new Method.Step(net, b, Loss.crossEntropy(), Optimizer.sgd(0.1), net.parameters()));
    }

    private static Network meshNet(long init) {
        return Network.of(linear(2, 4), tanh(), physical(MziMesh.of(4), 9), linear(4, 2)).initialize(init);
    }

    private static Trainer trainer(Network net) {
        return Trainer.of(net).method(Method.inSituAdjoint()).optimizer(Optimizer.adam(0.03)).epochs(3).batchSize(16).seed(6);
    }

    @Test
    void aRunResumedFromACheckpointEndsExactlyAsTheStraightRun(@TempDir Path dir) {
        Dataset data = Synthetic.moons(96, 0.1, 8);
        Network straight = meshNet(1);
        trainer(straight).fit(data);
        Path ckp = dir.resolve("run.ckp");
        Network first = meshNet(1);
        assertThrows(CheckpointTest.Killed.class, () -> trainer(first).checkpoint(ckp).checkpointEvery(2).listener(new TrainingListener() {
            @Override
            public void onBatchEnd(BatchProgress p) {
                if (p.epoch() == 2 && p.batch() == 3) throw new CheckpointTest.Killed();
            }
        }).fit(data));
        assertTrue(Files.exists(ckp));
        Network resumed = meshNet(77); // another process: other initial values, a fresh chip of the same seed
        trainer(resumed).resumeFrom(ckp).fit(data);
        List<Parameter> a = straight.parameters(), b = resumed.parameters();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).snapshot(), b.get(i).snapshot(), a.get(i).name());
    }
}
