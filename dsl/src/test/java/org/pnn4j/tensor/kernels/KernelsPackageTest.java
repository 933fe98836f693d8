package org.pnn4j.tensor.kernels;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The raw kernels' package lies below {@code org.pnn4j.tensor}: it knows no pnn4j package, and only Kernels is public. */
class KernelsPackageTest {
    private static final Path SOURCES = Path.of("src/main/java/org/pnn4j/tensor/kernels");

    @Test
    void kernelsImportNoPnn4jPackage() throws IOException {
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList())
                for (String line : Files.readAllLines(f))
                    if (line.startsWith("import org.pnn4j.") || line.contains(" org.pnn4j.tensor.Tensor"))
                        upward.add(f.getFileName() + ": " + line.trim());
        }
        assertTrue(upward.isEmpty(), "org.pnn4j.tensor.kernels must not use the packages above it: " + upward);
    }

    @Test
    void onlyKernelsIsPublic() throws IOException, ClassNotFoundException {
        List<String> open = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")).toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                if (Modifier.isPublic(Class.forName("org.pnn4j.tensor.kernels." + name, false, getClass().getClassLoader()).getModifiers()))
                    open.add(name);
            }
        }
        assertEquals(List.of("Kernels"), open);
    }
}
