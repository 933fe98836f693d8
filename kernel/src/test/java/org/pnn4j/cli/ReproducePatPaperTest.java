package org.pnn4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.PatPaper.Experiment;
import org.pnn4j.data.DatasetCache;

/** {@code pnn4j reproduce shg-vowels | plate-mnist | ... | pat-paper}: bounded runs give complete tables, plots and usage errors. */
class ReproducePatPaperTest {
    private static String run(String... args) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        assertEquals(0, Reproduce.run(args, new PrintStream(b, true, StandardCharsets.UTF_8)));
        return b.toString(StandardCharsets.UTF_8);
    }

    private static void requireMnist() {
        Path f = DatasetCache.root().resolve("mnist").resolve("train-images-idx3-ubyte");
        boolean present = Files.isRegularFile(f) || Files.isRegularFile(Path.of(f + ".gz"));
        if (!present && "1".equals(System.getenv("PNN4J_REQUIRE_DATASETS")))
            throw new AssertionError(f + " is missing; run ./pnn4j datasets (PNN4J_REQUIRE_DATASETS=1 forbids skipping)");
        Assumptions.assumeTrue(present, f + " is not in the dataset cache; run ./pnn4j datasets to fetch it");
    }

    @Test
    void theBoundedRunOfAllFiveGivesPatAndInSilicoRowsBesideThePaperAndAPlot(@TempDir Path dir) throws Exception {
        requireMnist();
        Path png = dir.resolve("gap.png");
        String out = run("pat-paper", "--quick", "--train", "64", "--test", "40", "--epochs", "1", "--plot", png.toString());
        for (Experiment e : Experiment.values()) {
            assertTrue(out.contains(e.command() + ": " + e.architecture()), e.command() + " architecture line missing:\n" + out);
            assertTrue(out.matches("(?s).*\\n *" + e.command() + " +\\| +PAT +\\| +1 +\\|.*"), e.command() + " PAT row missing:\n" + out);
            assertTrue(out.matches("(?s).*\\n *" + e.command() + " +\\| +in silico +\\| +1 +\\|.*"), e.command() + " in-silico row missing:\n" + out);
            assertTrue(out.matches("(?s).*\\n" + e.command() + ": PAT \\d+\\.\\d% \\+- 0\\.0, in silico \\d+\\.\\d% \\+- 0\\.0 \\(device, mean \\+- sd over 1 seeds; gap [+-]\\d+\\.\\d points\\); paper \\d+\\.\\d%.*"),
                    e.command() + " summary missing:\n" + out);
        }
        assertTrue(out.contains("49 test samples"), "the vowels use the PAT example's 49 test rows:\n" + out);
        assertTrue(Files.size(png) > 5000, "the gap plot was written: " + png);
    }

    @Test
    void theRandomControlRunsInPlaceOfTheCircuitAndSaysSo(@TempDir Path dir) throws Exception {
        requireMnist();
        Path png = dir.resolve("random.png");
        String out = run("circuit-mnist", "--quick", "--train", "64", "--test", "40", "--devices", "random", "--width", "24", "--plot", png.toString());
        assertTrue(out.contains("variant: devices random, hidden physical layers of 24 outputs"), out);
        assertTrue(out.matches("(?s).*\\n *circuit-mnist +\\| +PAT \\(random transforms\\) +\\| +1 +\\|.*"), out);
        assertTrue(out.contains("circuit-mnist (random transforms): PAT "), out);
        assertTrue(out.contains("physical_calls"), out);
        assertTrue(Files.size(png) > 5000, "the plot was written: " + png);
    }

    @Test
    void badOptionsAreUsageErrors() {
        var e = assertThrows(Main.UsageException.class, () -> run("plate-mnist", "--epochs", "0"));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        e = assertThrows(Main.UsageException.class, () -> run("plate-mnist", "--train", "70000"));
        assertTrue(e.getMessage().contains("60000"), e.getMessage());
        e = assertThrows(Main.UsageException.class, () -> run("circuit-mnist", "--sideways", "1"));
        assertTrue(e.getMessage().contains("unexpected option '--sideways'"), e.getMessage());
        e = assertThrows(Main.UsageException.class, () -> run("shg-vowels", "--devices", "perfect"));
        assertTrue(e.getMessage().contains("default, flawless or random") && e.getMessage().contains("'perfect'"), e.getMessage());
        e = assertThrows(Main.UsageException.class, () -> run("pat-paper", "--devices", "random"));
        assertTrue(e.getMessage().contains("plate-mnist and circuit-mnist"), e.getMessage());
        e = assertThrows(Main.UsageException.class, () -> run("hybrid-mnist", "--width", "120"));
        assertTrue(e.getMessage().contains("sizes are fixed"), e.getMessage());
        e = assertThrows(Main.UsageException.class, () -> run("plate-mnist", "--width", "4"));
        assertTrue(e.getMessage().contains("at least 10"), e.getMessage());
        e = assertThrows(Main.UsageException.class, () -> run("hybrid-mnist", "--seeds", "one"));
        assertTrue(e.getMessage().contains("takes a number"), e.getMessage());
    }
}
