package org.pnn4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GridTest {
    @Test
    void aGridIsTheCartesianProductWithTheFirstAxisVaryingSlowest() {
        List<Trial> t = Grid.parse("experiment = vowels\nmethod = pat, insilico\nseed = 1, 2, 3\nepochs = 5\n", "test").trials();
        assertEquals(6, t.size());
        assertEquals("pat", t.get(0).get("method", null));
        assertEquals(List.of(1L, 2L, 3L, 1L, 2L, 3L), t.stream().map(Trial::seed).toList());
        assertEquals("insilico", t.get(5).get("method", null));
    }

    @Test
    void theKeyDependsOnTheConfigurationOnlyNotOnItsOrderOrSpacing() {
        Trial a = Trial.of(Map.of("method", "pat", "seed", "2")), b = Trial.of(Map.of(" seed", "2 ", "method", " pat"));
        assertEquals(a.key(), b.key());
        assertEquals(a, b);
        assertEquals(16, a.key().length());
        assertNotEquals(a.key(), Trial.of(Map.of("method", "pat", "seed", "3")).key());
        // the hash of the canonical text, fixed: a result written today is found by tomorrow's sweep
        assertEquals("method=pat\nseed=2\n", a.canonical());
    }

    @Test
    void aTrialWithoutSeedGetsTheDefaultSeedInItsConfiguration() {
        Trial t = Trial.of(Map.of("method", "pat"));
        assertEquals(Trial.DEFAULT_SEED, t.seed());
        assertEquals(t.key(), Trial.of(Map.of("method", "pat", "seed", "1")).key());
    }

    @Test
    void badInputIsRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trial.of(Map.of("seed", "two")));
        assertTrue(e.getMessage().contains("'two'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Grid.parse("seed = 1,,2", "g.properties"));
        assertTrue(e.getMessage().contains("g.properties") && e.getMessage().contains("seed"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Grid.parse("# nothing\n", "g.properties"));
        assertTrue(e.getMessage().contains("no axis"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Grid.read(Path.of("no-such-grid.properties")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sweep.of(List.of()));
    }

    @Test
    void aGridFileIsReadInItsOwnOrder(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("g.properties");
        Files.writeString(f, "# a comment\nzeta = a, b\nalpha : 1\n");
        Grid g = Grid.read(f);
        assertEquals(List.of("zeta", "alpha"), List.copyOf(g.axes().keySet()));
        assertEquals(2, g.trials().size());
    }
}
