package org.pnn4j.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A replay of a recorded simulated run passes the conformance kit: the kit's calls are recorded first. */
class ReplayBackendConformanceTest extends BackendConformance {
    private static Path file;

    @BeforeAll
    static void record() throws Exception {
        file = Files.createTempFile("pnn4j-conformance", ".pnnrec");
        Files.delete(file);
        BackendConformance.runAllChecks(new BackendConformance() {
            @Override
            protected Backend open() {
                return new RecordingBackend(new SimulatedBackend(5, 64), file);
            }
        });
    }

    @AfterAll
    static void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    protected Backend open() {
        try {
            return ReplayBackend.open(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
