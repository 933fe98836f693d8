package org.pnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pnn4j.data.Split;
import org.pnn4j.data.Vowels;
import tech.tablesaw.api.Table;

class ReproduceMethodsTest {
    @Test
    void everyMethodButInSilicoSpendsExactlyTheBudgetOfDeviceCalls() {
        Split s = Vowels.split(Vowels.load(Bench.sharedDatasets(Bench.projectRoot()).resolve("vowels/vowdata.dat")), 1);
        int batches = s.train().numBatches(ReproduceMethods.BATCH), budget = 4 * batches;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Table t = ReproduceMethods.run(s, budget, new long[] {1, 2}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(ReproduceMethods.entries().size(), t.rowCount());
        for (int i = 0; i < t.rowCount(); i++) {
            String method = t.stringColumn("method").get(i);
            long calls = t.longColumn("device_calls_per_run").get(i);
            assertEquals(method.startsWith("in silico") ? 0 : budget, calls, method);
            double acc = t.doubleColumn("device_test_acc_%_mean").get(i);
            assertTrue(acc >= 0 && acc <= 100, method + ": " + acc);
        }
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("DFA seed 2"), buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onTheMeshInSituAdjointSpendsThreeRunsAStepAndExactlyTheBudget() {
        Split s = Vowels.split(Vowels.load(Bench.sharedDatasets(Bench.projectRoot()).resolve("vowels/vowdata.dat")), 1);
        int batches = s.train().numBatches(ReproduceMethods.BATCH), budget = 12 * batches; // a multiple of 1, 2, 3 and 4 calls a step
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Table t = ReproduceMethods.runMesh(s, budget, new long[] {1}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(ReproduceMethods.meshEntries().size(), t.rowCount());
        for (int i = 0; i < t.rowCount(); i++) {
            String method = t.stringColumn("method").get(i);
            assertEquals(method.startsWith("in silico") ? 0 : budget, t.longColumn("device_calls_per_run").get(i), method);
        }
        String last = t.stringColumn("method").get(t.rowCount() - 1);
        assertTrue(last.startsWith("in-situ adjoint"), last);
        assertEquals(4, t.intColumn("epochs").get(t.rowCount() - 1), "12 batches' worth of calls at 3 runs a step");
        assertTrue(t.doubleColumn("device_test_acc_%_mean").get(t.rowCount() - 1) > 14.3, "above chance on the noisy mesh");
    }

    @Test
    void theEquilibriumGroupTrainsAResistorNetworkByEveryMethodOnTheSameBudget() {
        Split s = Vowels.split(Vowels.load(Bench.sharedDatasets(Bench.projectRoot()).resolve("vowels/vowdata.dat")), 1);
        int batches = s.train().numBatches(ReproduceMethods.BATCH), budget = 12 * batches; // whole epochs at 1, 2, 3 and 4 calls a step
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Table t = ReproduceMethods.runEquilibrium(s, budget, new long[] {1}, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(ReproduceMethods.equilibriumEntries().size(), t.rowCount());
        for (int i = 0; i < t.rowCount(); i++) {
            String method = t.stringColumn("method").get(i);
            assertEquals(method.startsWith("in silico") ? 0 : budget, t.longColumn("device_calls_per_run").get(i), method);
        }
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("EP symmetric seed 1: 4 epochs"), buf.toString(StandardCharsets.UTF_8));
    }
}
