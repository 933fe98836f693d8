package org.pnn4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocationsTest {
    @AfterEach
    void clear() {
        System.clearProperty("pnn4j.shared");
        System.clearProperty("pnn4j.home");
    }

    @Test
    void sharedPropertyNamesTheFolderHoldingDatasets(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("datasets/vowels"));
        System.setProperty("pnn4j.shared", dir.toString());
        assertEquals(dir.resolve("datasets").toAbsolutePath().normalize(), Locations.sharedDatasets());
        assertEquals(dir.resolve("datasets/vowels").toAbsolutePath().normalize(), Locations.sharedDataset("vowels"));
        DatasetMissingException e = assertThrows(DatasetMissingException.class, () -> Locations.sharedDataset("phyll-acoustic"));
        assertTrue(e.getMessage().contains("phyll-acoustic"), e.getMessage());
    }

    @Test
    void sharedPropertyWithoutDatasetsSaysWhatToSet(@TempDir Path dir) {
        System.setProperty("pnn4j.shared", dir.toString());
        DatasetMissingException e = assertThrows(DatasetMissingException.class, Locations::sharedDatasets);
        assertTrue(e.getMessage().contains("PNN4J_SHARED") && e.getMessage().contains("datasets/"), e.getMessage());
        assertEquals(dir.resolve("datasets").toAbsolutePath().normalize(), e.path());
    }

    @Test
    void homePropertyWithoutLauncherIsRefusedWithTheReason(@TempDir Path dir) {
        System.setProperty("pnn4j.home", dir.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, Locations::checkout);
        assertTrue(e.getMessage().contains("PNN4J_HOME") && e.getMessage().contains("pnn4j"), e.getMessage());
    }

    @Test
    void homePropertyNamesTheCheckout(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("pnn4j"), "#!/bin/sh\n");
        Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        System.setProperty("pnn4j.home", dir.toString());
        assertEquals(dir.toAbsolutePath().normalize(), Locations.checkout().orElseThrow());
        assertEquals(dir.toAbsolutePath().normalize().resolve("pnn4j"), Locations.launcher());
    }

    @Test
    void vowelsLoadFromTheSharedFolder() {
        TestData.requireOrSkip(TestData.sharedDatasets().resolve("vowels/vowdata.dat"));
        Dataset v = Datasets.vowels();
        assertEquals(259, v.size());
        assertEquals(12, v.numFeatures());
        assertEquals(Vowels.VOWELS, v.classNames());
    }

    /** Prints what {@link Locations} finds, for the child JVM below. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("checkout=" + Locations.checkout().map(Path::toString).orElse("none"));
            try {
                System.out.println("shared=" + Locations.sharedDatasets());
            } catch (DatasetMissingException e) {
                System.out.println("shared=missing: " + e.getMessage());
            }
        }
    }

    /**
     * A notebook's kernel may run in any folder (Jupyter starts it in the notebook's folder): run in an unrelated
     * temp folder with no PNN4J_* settings, the lookup still finds this checkout and the shared folder beside it,
     * from where the classes were loaded.
     */
    @Test
    void findsTheCheckoutAndSharedDatasetsFromAnyWorkingDirectory(@TempDir Path elsewhere) throws Exception {
        Path checkout = Paths.get("").toAbsolutePath();
        while (checkout != null && !Files.isRegularFile(checkout.resolve("pnn4j"))) checkout = checkout.getParent();
        if (checkout == null) throw new IllegalStateException("the tests do not run inside a pnn4j checkout");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(elsewhere.toFile()).redirectErrorStream(true);
        pb.environment().remove("PNN4J_HOME");
        pb.environment().remove("PNN4J_SHARED");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("checkout=" + checkout + "\n"), "expected checkout " + checkout + ", got:\n" + out);
        Path shared = TestData.sharedDatasets();
        boolean sharedFromProperty = System.getProperty("pnn4j.shared", System.getenv("PNN4J_SHARED")) != null;
        if (!sharedFromProperty)
            assertTrue(out.contains("shared=" + shared.toRealPath() + "\n") || out.contains("shared=" + shared.toAbsolutePath().normalize() + "\n"),
                    "expected shared " + shared + ", got:\n" + out);
    }
}
