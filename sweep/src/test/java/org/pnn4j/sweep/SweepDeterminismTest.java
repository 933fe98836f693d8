package org.pnn4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * A trial's result does not depend on where or in which order it ran: real pnn4j training (the vowel pendula, PAT
 * with measurement noise and in silico, one epoch) on {@code local[1]} (one after another) and on {@code local[2]}
 * (two at a time, in a different order) gives the same table, history included, but for the columns that measure time
 * and place.
 */
class SweepDeterminismTest {
    @AfterAll
    static void stopEngine() {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static Table reproducible(Table t) {
        Table c = t.copy();
        c.removeColumns(SweepResult.RUN_DEPENDENT_COLUMNS.toArray(String[]::new));
        return c;
    }

    private static Table reproducibleHistory(Table t) {
        Table c = t.copy();
        c.removeColumns("seconds", "physical_seconds");
        return c;
    }

    @Test
    void theSameTableFromOneThreadAndFromTwo(@TempDir Path dir) {
        List<Trial> trials = Grid.parse("""
                experiment = vowels
                epochs = 1
                method = insilico, pat
                seed = 1, 2
                noise = 0.03
                """, "test").trials();
        SweepResult one = Sweep.of(trials).master("local[1]").out(dir.resolve("one")).progress(new PrintStream(new ByteArrayOutputStream())).run();
        // the other order, two at a time
        List<Trial> reversed = new java.util.ArrayList<>(trials);
        java.util.Collections.reverse(reversed);
        SweepResult two = Sweep.of(reversed).master("local[2]").out(dir.resolve("two")).progress(new PrintStream(new ByteArrayOutputStream())).run();
        assertEquals(0, one.failed(), one.toString());
        assertEquals(4, two.ran());
        Table a = reproducible(one.table()), b = reproducible(two.table()).sortAscendingOn("key");
        a = a.sortAscendingOn("key");
        assertEquals(a.print(), b.print());
        for (TrialResult r : one.results()) {
            TrialResult s = two.results().stream().filter(x -> x.key().equals(r.key())).findFirst().orElseThrow();
            assertEquals(r.outcome().deviceAccuracy(), s.outcome().deviceAccuracy(), 0.0, r.trial().describe());
            assertEquals(r.outcome().modelAccuracy(), s.outcome().modelAccuracy(), 0.0, r.trial().describe());
            assertEquals(r.outcome().physicalCalls(), s.outcome().physicalCalls(), r.trial().describe());
            assertEquals(reproducibleHistory(one.history(r.key())).print(), reproducibleHistory(two.history(r.key())).print(), r.trial().describe());
            // the losses to the last bit
            for (int e = 0; e < r.outcome().history().size(); e++)
                assertEquals(Double.doubleToLongBits(r.outcome().history().get(e).trainLoss()),
                        Double.doubleToLongBits(s.outcome().history().get(e).trainLoss()), r.trial().describe());
        }
        assertTrue(one.results().stream().anyMatch(r -> r.outcome().physicalCalls() > 0), "PAT trials query the pendula");
    }
}
