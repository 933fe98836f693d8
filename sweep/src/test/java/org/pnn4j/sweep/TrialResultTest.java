package org.pnn4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.sweep.TrialOutcome.HistoryRow;

class TrialResultTest {
    static TrialResult sample(Trial t) {
        List<HistoryRow> h = List.of(new HistoryRow(1, 1.9, 0.3, Double.NaN, Double.NaN, 0.02, 0.5, 210, 1, "physicsAware()", 28, 420, 0.1),
                new HistoryRow(2, 1.1 / 3, 0.5, 1.0, 0.4, 0.02, 0.25, 420, 1, "physicsAware()", 56, 840, 0.2));
        return new TrialResult(t, true, "", new TrialOutcome("physicsAware()", 2, 4.0 / 7, 5.0 / 7, 56, 0.2, 0.75, 420, h), 0.9, 1, "3@host");
    }

    @Test
    void aResultSurvivesItsFileBitForBit() {
        Trial t = Trial.of(Map.of("experiment", "vowels", "method", "pat", "seed", "7"));
        TrialResult r = sample(t);
        TrialResult back = TrialResult.fromProperties(r.toProperties(), "test");
        assertEquals(r, back);
        assertEquals(Double.doubleToLongBits(1.1 / 3), Double.doubleToLongBits(back.outcome().history().get(1).trainLoss()));
    }

    @Test
    void aFailedResultKeepsItsError() {
        Trial t = Trial.of(Map.of("seed", "3"));
        TrialResult r = new TrialResult(t, false, "IllegalStateException: the cavity diverged", null, 0.1, 0, "driver@h");
        TrialResult back = TrialResult.fromProperties(r.toProperties(), "test");
        assertFalse(back.ok());
        assertEquals("IllegalStateException: the cavity diverged", back.error());
    }

    @Test
    void anEditedResultIsRefusedAndSaysToDeleteIt() {
        Trial t = Trial.of(Map.of("seed", "3"));
        String text = sample(t).toProperties().replace("config.seed=3", "config.seed=4");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrialResult.fromProperties(text, "f.properties"));
        assertTrue(e.getMessage().contains("f.properties") && e.getMessage().contains("delete"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrialResult.fromProperties("hello=1\n", "g.properties"));
        assertTrue(e.getMessage().contains("not a trial result"), e.getMessage());
    }

    @Test
    void theStoreWritesThroughATemporaryFileAndLeavesNoneBehind(@TempDir Path dir) throws Exception {
        TrialStore store = new TrialStore(dir);
        Trial t = Trial.of(Map.of("seed", "5"));
        store.write(sample(t));
        store.write(sample(t));
        try (var files = Files.list(dir.resolve("trials"))) {
            assertEquals(List.of(t.key() + ".properties"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals(sample(t), store.read(t).orElseThrow());
        // what a sweep killed in mid-write leaves: a temporary file, which is not a result
        Files.writeString(dir.resolve("trials/." + t.key() + ".properties.tmp-x"), "half");
        assertEquals(sample(t), store.read(t).orElseThrow());
        assertTrue(store.read(Trial.of(Map.of("seed", "6"))).isEmpty());
    }
}
