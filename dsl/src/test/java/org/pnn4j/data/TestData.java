package org.pnn4j.data;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Locates the data the tests read from outside the repository. */
public final class TestData {
    private TestData() {}

    /**
     * The project's {@code shared/datasets} folder: {@code -Dpnn4j.shared} or {@code $PNN4J_SHARED} (the folder
     * holding {@code datasets/}), else the first {@code shared/datasets} found walking up from the working
     * directory (the repository sits beside {@code shared/}). Without one the calling test is skipped with a message,
     * unless {@code PNN4J_REQUIRE_DATASETS=1} (as in CI), in which case it fails.
     */
    public static Path sharedDatasets() {
        String given = System.getProperty("pnn4j.shared", System.getenv("PNN4J_SHARED"));
        if (given != null && !given.isBlank()) {
            Path p = Paths.get(given).resolve("datasets");
            if (Files.isDirectory(p)) return p;
            fail("PNN4J_SHARED / -Dpnn4j.shared is " + given + ", but " + p + " is not a folder");
        }
        Path start = Paths.get("").toAbsolutePath();
        for (Path d = start; d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve("datasets");
            if (Files.isDirectory(p)) return p;
        }
        String msg = "no shared/datasets folder found walking up from " + start + "; clone the repository beside"
                + " shared/ or set PNN4J_SHARED to the shared folder";
        if ("1".equals(System.getenv("PNN4J_REQUIRE_DATASETS"))) return fail(msg + " (PNN4J_REQUIRE_DATASETS=1 forbids skipping)");
        Assumptions.abort(msg);
        return null; // not reached
    }

    /**
     * Skips the calling test when {@code file} is missing, unless {@code PNN4J_REQUIRE_DATASETS=1}, in which case
     * the test fails.
     */
    public static void requireOrSkip(Path file) {
        if (Files.isRegularFile(file) || Files.isRegularFile(Path.of(file + ".gz"))) return;
        String msg = file + " is not in the dataset cache; run ./pnn4j datasets to fetch it";
        if ("1".equals(System.getenv("PNN4J_REQUIRE_DATASETS"))) fail(msg + " (PNN4J_REQUIRE_DATASETS=1 forbids skipping)");
        Assumptions.assumeTrue(false, msg);
    }
}
