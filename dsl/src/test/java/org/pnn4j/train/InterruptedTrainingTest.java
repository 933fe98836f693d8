package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.Network;
import org.pnn4j.data.Split;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalUsage;

/** A run stopped by a listener or by the thread's interrupt flag keeps its history and the parameters of its last step. */
class InterruptedTrainingTest {
    private static final Split DATA = CheckpointV2Writer.data();

    /** Stops after batch {@code batch} of epoch {@code epoch}, keeping the parameters it saw after that step. */
    private static final class StopAt implements TrainingListener {
        final int epoch, batch;
        final boolean byInterruptFlag;
        List<float[]> seen;
        final Network net;

        StopAt(Network net, int epoch, int batch, boolean byInterruptFlag) {
            this.net = net;
            this.epoch = epoch;
            this.batch = batch;
            this.byInterruptFlag = byInterruptFlag;
        }

        @Override
        public void onBatchEnd(BatchProgress p) {
            if (p.epoch() != epoch || p.batch() != batch) return;
            seen = new ArrayList<>();
            for (Parameter q : net.parameters()) seen.add(q.snapshot());
            if (byInterruptFlag) Thread.currentThread().interrupt();
            else throw new StopRequest("stopped by the test");
        }
    }

    @Test
    void aListenerStopKeepsTheFinishedEpochsThePartialOneAndTheLastStepsParameters() {
        Network net = CheckpointV2Writer.network(7);
        StopAt stop = new StopAt(net, 2, 3, false);
        TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class,
                () -> CheckpointV2Writer.trainer(net, 3).listener(stop).fit(DATA.train()));
        assertInstanceOf(TrainingListener.StopRequest.class, e.getCause());
        History h = e.history();
        assertEquals(2, h.size());
        assertTrue(h.epochs().get(0).complete());
        EpochResult partial = h.last();
        assertFalse(partial.complete());
        assertEquals(2, partial.epoch());
        assertTrue(Double.isNaN(partial.testLoss()), "no validation for a partial epoch");
        int perEpoch = DATA.train().numBatches(32);
        assertEquals(perEpoch + 3, e.step());
        assertEquals(2, e.epoch());
        assertEquals(3, e.batch());
        assertEquals(h.epochs().get(0).samples() + 3 * 32, partial.samples(), "the partial row counts the 3 batches done");
        assertEquals(List.of(h.epochs().get(0)), h.completeEpochs());
        assertFalse(h.table().booleanColumn("complete").get(1));
        List<Parameter> ps = net.parameters();
        for (int i = 0; i < ps.size(); i++) assertArrayEquals(stop.seen.get(i), ps.get(i).snapshot(), ps.get(i).name());
        assertTrue(e.getMessage().contains("epoch 2, batch 3") && e.getMessage().contains("1 finished epoch and the partial one")
                && e.getMessage().contains("stopped by the test"), e.getMessage());
    }

    @Test
    void theInterruptFlagStopsTheRunAndIsCleared() {
        Network net = CheckpointV2Writer.network(7);
        StopAt stop = new StopAt(net, 1, 2, true);
        TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class,
                () -> CheckpointV2Writer.trainer(net, 2).listener(stop).fit(DATA.train()));
        assertFalse(Thread.currentThread().isInterrupted(), "the flag is cleared, as InterruptedException clears it");
        assertNull(e.getCause());
        assertEquals(1, e.history().size());
        assertFalse(e.history().last().complete());
        assertEquals(2, e.step());
        assertTrue(e.getMessage().contains("0 finished epochs and the partial one") && e.getMessage().contains("thread was interrupted"), e.getMessage());
        List<Parameter> ps = net.parameters();
        for (int i = 0; i < ps.size(); i++) assertArrayEquals(stop.seen.get(i), ps.get(i).snapshot(), ps.get(i).name());
    }

    @Test
    void aRunStoppedWithACheckpointResumesBitForBit(@TempDir Path dir) {
        Path ckp = dir.resolve("run.ckp");
        Network straight = CheckpointV2Writer.network(7);
        History full = CheckpointV2Writer.trainer(straight, 3).fit(DATA.train());

        Network net = CheckpointV2Writer.network(7);
        assertThrows(TrainingInterruptedException.class,
                () -> CheckpointV2Writer.trainer(net, 3).checkpoint(ckp).listener(new StopAt(net, 2, 4, false)).fit(DATA.train()));
        Network resumed = CheckpointV2Writer.network(99);
        History rest = CheckpointV2Writer.trainer(resumed, 3).resumeFrom(ckp).fit(DATA.train());
        assertEquals(3, rest.size());
        assertEquals(full.last().trainLoss(), rest.last().trainLoss());
        assertEquals(full.last().physical().calls(), rest.last().physical().calls());
        for (int i = 0; i < straight.parameters().size(); i++)
            assertArrayEquals(straight.parameters().get(i).snapshot(), resumed.parameters().get(i).snapshot());
    }

    @Test
    void aStopAtAnEpochsEndKeepsEveryEpochComplete() {
        Network net = CheckpointV2Writer.network(7);
        TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class,
                () -> CheckpointV2Writer.trainer(net, 3).listener(new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochResult r) {
                        if (r.epoch() == 2) throw new StopRequest("enough");
                    }
                }).fit(DATA.train()));
        assertEquals(2, e.history().size());
        assertTrue(e.history().epochs().stream().allMatch(EpochResult::complete));
        assertTrue(e.getMessage().contains("at the end of epoch 2"), e.getMessage());
    }

    @Test
    void physicalUsageAddsAndSubtracts() {
        PhysicalUsage a = new PhysicalUsage(3, 40, 0.5), b = new PhysicalUsage(1, 10, 0.25);
        assertEquals(new PhysicalUsage(4, 50, 0.75), a.plus(b));
        assertEquals(new PhysicalUsage(2, 30, 0.25), a.minus(b));
        assertEquals(a, a.plus(PhysicalUsage.NONE));
        Network net = CheckpointV2Writer.network(7);
        History h = CheckpointV2Writer.trainer(net, 1).fit(DATA.train());
        assertEquals(PhysicalUsage.of(net).calls(), h.last().physical().calls(), "a run from fresh layers: its usage is the layers'");
        assertEquals(DATA.train().numBatches(32), h.last().physicalCalls());
    }
}
