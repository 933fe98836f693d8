package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelspecTest {
    @Test
    void theKernelspecStartsThisJvmWithTheClassArchiveInItsOwnFolder(@TempDir Path kernels) throws Exception {
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        Path dir = Kernelspec.install(kernels, new PrintStream(warnings, true, StandardCharsets.UTF_8));
        assertEquals(kernels.resolve("pnn4j"), dir);
        List<String> argv = new ArrayList<>();
        JsonParser.parseString(Files.readString(dir.resolve("kernel.json"))).getAsJsonObject().getAsJsonArray("argv")
                .forEach(e -> argv.add(e.getAsString()));
        assertTrue(argv.get(0).endsWith("java"), argv.toString());
        assertEquals(List.of("org.pnn4j.cli.Main", "kernel", "{connection_file}"), argv.subList(argv.size() - 3, argv.size()));
        // one collector: the serial one, unless the installing JVM named its own
        List<String> gcs = argv.stream().filter(a -> a.matches("-XX:\\+Use\\w*GC")).toList();
        boolean named = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.matches("-XX:\\+Use\\w*GC"));
        assertEquals(1, gcs.size(), argv.toString());
        if (!named) assertEquals(Kernelspec.GC, gcs.get(0));
        String archiveFlag = "-XX:SharedArchiveFile=" + dir.resolve(Kernelspec.CLASS_ARCHIVE).toAbsolutePath();
        if (Runtime.version().feature() >= 19) {
            assertTrue(argv.contains(archiveFlag), argv.toString());
            assertTrue(argv.contains("-XX:+AutoCreateSharedArchive"), argv.toString());
            assertEquals(1, argv.stream().filter(a -> a.startsWith("-XX:SharedArchiveFile")).count(), argv.toString());
            // written, or the install says why and still succeeds (surefire's classpath holds class folders, which a
            // class-data archive refuses; ./pnn4j install runs from jars, and CI checks that the archive is there)
            String w = warnings.toString(StandardCharsets.UTF_8);
            assertTrue(Files.isRegularFile(dir.resolve(Kernelspec.CLASS_ARCHIVE))
                    || w.startsWith("pnn4j install: no class-data archive ("), w);
        } else {
            assertTrue(argv.stream().noneMatch(a -> a.contains("SharedArchive")), argv.toString());
        }
    }
}
