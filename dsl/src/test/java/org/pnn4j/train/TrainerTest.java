package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.tanh;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pnn4j.Network;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Datasets;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.LrSchedule;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.Table;

class TrainerTest {
    private static Split digits() {
        return Datasets.digits().normalizeByMax().split(0.2, 7);
    }

    @Test
    void mlpLearnsDigitsToHighTestAccuracy() {
        Split s = digits();
        Network net = Network.of(linear(64, 64), tanh(), linear(64, 10)).initialize(1);
        History h = Trainer.of(net).optimizer(Optimizer.adam(3e-3)).epochs(15).batchSize(32).seed(3)
                .validation(s.test()).fit(s.train());
        assertEquals(15, h.size());
        assertTrue(h.last().testAccuracy() > 0.93, "test accuracy " + h.last().testAccuracy());
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss(), "loss decreases");
        Evaluation ev = Evaluation.of(net, s.test());
        assertEquals(h.last().testAccuracy(), ev.accuracy(), 1e-12);
    }

    @Test
    void fixedSeedsReproduceARunBitForBit() {
        Split s = digits();
        float[][] finals = new float[2][];
        List<Table> tables = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Network net = Network.of(linear(64, 32), tanh(), linear(32, 10)).initialize(11);
            History h = Trainer.of(net).optimizer(Optimizer.sgd(0.1, 0.9, false)).epochs(3).batchSize(16).seed(5)
                    .validation(s.test()).fit(s.train());
            finals[run] = net.parameters().get(0).snapshot();
            tables.add(h.table().removeColumns("seconds"));
        }
        assertArrayEquals(finals[0], finals[1]);
        assertEquals(tables.get(0).print(), tables.get(1).print());
    }

    @Test
    void historyTableHasOneRowPerEpochAndTheDocumentedColumns() {
        Split s = digits();
        History h = Trainer.of(Network.of(linear(64, 10))).epochs(2).schedule(LrSchedule.step(1, 0.5))
                .optimizer(Optimizer.sgd(0.2)).validation(s.test()).fit(s.train());
        Table t = h.table();
        assertEquals(2, t.rowCount());
        assertEquals(List.of("epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "learning_rate", "seconds", "samples",
                        "stage", "method", "physical_calls", "physical_samples", "physical_seconds", "complete"),
                t.columnNames());
        assertEquals(0.1, t.doubleColumn("learning_rate").get(1), 1e-12);
        assertEquals(2L * s.train().size(), (long) t.longColumn("samples").get(1));
    }

    @Test
    void divergenceStopsNamesTheStepAndRestoresTheLastFiniteParameters() {
        Dataset xor = Synthetic.xor(64, 0.1, 1);
        Network net = Network.of(linear(2, 8), tanh(), linear(8, 2)).initialize(2);
        List<float[]> seen = new ArrayList<>();
        Parameter w = net.parameters().get(0);
        // a huge learning rate makes the loss overflow to infinity within a few steps
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.of(net).optimizer(Optimizer.sgd(1e30)).loss(Loss.mse()).epochs(5).batchSize(8)
                        .listener(new TrainingListener() {
                            @Override
                            public void onBatchEnd(BatchProgress p) {
                                seen.add(w.snapshot());
                            }
                        }).fit(xor));
        assertTrue(e.getMessage().contains("step " + e.step()) && e.getMessage().contains("Lower the learning rate"), e.getMessage());
        assertTrue(net.parameters().stream().allMatch(p -> p.value().isFinite()), "restored parameters are finite");
        // the restored parameters are the ones the last successful step started from
        float[] expected = e.step() >= 3 ? seen.get((int) e.step() - 3) : null;
        if (expected != null) assertArrayEquals(expected, w.snapshot());
        float[] x = xor.features().toArray();
        assertTrue(Tensor.wrap(x, xor.size(), 2).isFinite());
    }

    @Test
    void moreClassesThanOutputsIsRejectedBeforeTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.of(Network.of(linear(64, 5))).fit(Datasets.digits()));
        assertTrue(e.getMessage().contains("10 classes") && e.getMessage().contains("5 outputs"), e.getMessage());
    }

    @Test
    void wrongSampleShapeIsRejectedBeforeTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.of(Network.of(linear(4, 3))).fit(Datasets.digits()));
        assertTrue(e.getMessage().contains("[64]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void labelOutOfRangeInALossNamesRowAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Loss.crossEntropy().apply(Tensor.zeros(3, 4), new int[] {0, 4, 1}));
        assertTrue(e.getMessage().contains("label 4 at batch row 1") && e.getMessage().contains("[0, 4)"), e.getMessage());
    }

    @Test
    void listenersHearEveryBatchAndEpoch() {
        Dataset xor = Synthetic.xor(40, 0.1, 1);
        int[] counts = new int[3];
        Trainer.of(Network.of(linear(2, 2))).epochs(2).batchSize(16).listener(new TrainingListener() {
            @Override
            public void onStart(Plan plan) {
                assertEquals(3, plan.batchesPerEpoch());
            }

            @Override
            public void onBatchEnd(BatchProgress p) {
                counts[0]++;
            }

            @Override
            public void onEpochEnd(EpochResult e) {
                counts[1]++;
            }

            @Override
            public void onEnd(History h) {
                counts[2]++;
            }
        }).fit(xor);
        assertArrayEquals(new int[] {6, 2, 1}, counts);
    }

    @Test
    void confusionMatrixCountsEverySampleOnce() {
        Split s = digits();
        Network net = Network.of(linear(64, 10));
        Evaluation ev = Evaluation.of(net, s.test());
        int total = 0, diag = 0;
        int[][] c = ev.confusion();
        for (int i = 0; i < c.length; i++)
            for (int j = 0; j < c.length; j++) { total += c[i][j]; if (i == j) diag += c[i][j]; }
        assertEquals(s.test().size(), total);
        assertEquals(ev.accuracy(), (double) diag / total, 1e-12);
        assertEquals(11, ev.confusionTable().columnCount());
    }
}
