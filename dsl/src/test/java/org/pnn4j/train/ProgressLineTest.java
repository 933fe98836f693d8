package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static TrainingListener.BatchProgress batch(int epoch, int b, double acc, double eta, long calls) {
        return new TrainingListener.BatchProgress(epoch, b, 45, (epoch - 1) * 45L + b, 0.5, 0.41234, acc, 2.14, eta, calls);
    }

    private static EpochResult epoch(int e, double testLoss, double testAcc, long calls) {
        return new EpochResult(e, 0.41234, 0.875, testLoss, testAcc, 0.01, 1.234, 1437L * e, 1, "physicsAware()", new org.pnn4j.physics.PhysicalUsage(calls, calls * 32, 0.5), true);
    }

    @Test
    void batchLineSaysLossAccuracyDeviceCallsElapsedAndEta() {
        assertEquals("epoch 3/20  batch 12/45  loss 0.4123  acc 87.50%  device calls 1,234  elapsed 2.1 s  ETA 12 s",
                ProgressLine.batch(20, batch(3, 12, 0.875, 12.4, 1234)));
    }

    @Test
    void batchLineLeavesOutWhatItCannotSay() {
        // regression (no accuracy), no device called, ETA not yet known, epochs unknown
        assertEquals("epoch 1  batch 2/45  loss 0.4123  elapsed 2.1 s", ProgressLine.batch(0, batch(1, 2, Double.NaN, Double.NaN, 0)));
    }

    @Test
    void epochLineSaysTrainAndTestDeviceCallsSecondsAndEta() {
        assertEquals("epoch  3/20  train loss 0.4123  acc  87.50%  |  test loss 0.5000  acc  85.00%  |  device calls 2,760  |  1.2 s  ETA 1 min 05 s",
                ProgressLine.epoch(20, epoch(3, 0.5, 0.85, 2760), 65));
        // the last epoch has no ETA; no validation, no device
        assertEquals("epoch 20/20  train loss 0.4123  acc  87.50%  |  1.2 s", ProgressLine.epoch(20, epoch(20, Double.NaN, Double.NaN, 0), 3));
    }

    @Test
    void durationsReadAtAGlance() {
        assertEquals("0.4 s", ProgressLine.duration(0.42));
        assertEquals("9.9 s", ProgressLine.duration(9.94));
        assertEquals("10 s", ProgressLine.duration(9.96));
        assertEquals("59 s", ProgressLine.duration(59.4));
        assertEquals("1 min 00 s", ProgressLine.duration(59.6));
        assertEquals("13 min 54 s", ProgressLine.duration(833.9));
        assertEquals("1 h 02 min", ProgressLine.duration(3720));
        assertEquals("?", ProgressLine.duration(Double.NaN));
        assertEquals("?", ProgressLine.duration(-1));
        assertEquals("?", ProgressLine.duration(Double.POSITIVE_INFINITY));
    }

    @Test
    void printingListenerPrintsChosenEpochsAndBatchLinesInLongEpochs() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long[] now = {0};
        PrintingListener l = new PrintingListener(new PrintStream(buf, true, StandardCharsets.UTF_8), 5, () -> now[0]);
        l.onStart(new TrainingListener.Plan(12, 45, 32, 1437, "net"));
        for (int e = 1; e <= 12; e++) {
            for (int b = 1; b <= 45; b++) {
                now[0] += e == 2 ? 500_000_000L : 1_000_000L; // epoch 2 is slow: 22.5 s
                l.onBatchEnd(new TrainingListener.BatchProgress(e, b, 45, (e - 1) * 45L + b, 0.5, 0.5, 0.5, now[0] / 1e9, 30, 0));
            }
            l.onEpochEnd(epoch(e, 0.5, 0.85, 0));
        }
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        StringBuilder epochs = new StringBuilder();
        int batchLines = 0;
        for (String s : lines) {
            if (s.startsWith("epoch")) epochs.append(s, 0, 11).append(';');
            if (s.startsWith("  epoch 2/12  batch")) batchLines++;
        }
        assertEquals("epoch  1/12;epoch  5/12;epoch 10/12;epoch 12/12;", epochs.toString(), String.join("\n", lines));
        assertEquals(2, batchLines, "a batch line every 10 s of the 22.5 s epoch: " + String.join("\n", lines));
        assertTrue(lines[0].endsWith("ETA 30 s"), lines[0]);
        assertThrows(IllegalArgumentException.class, () -> TrainingListener.printing(System.out, 0));
    }
}
