package org.pnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class BlasBaselineTest {
    @Test
    void debianReferenceBlasIsRefused() {
        Map<String, String> fake = Map.of("blas_lib", "/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0",
                "blas_core", "n/a", "cpu_capability", "AVX2", "threads", "1");
        String reason = BlasBaseline.invalidReason(fake);
        assertNotNull(reason);
        assertTrue(reason.contains("INVALID") && reason.contains("libblas.so.3.11.0"), reason);
        assertEquals(BlasBaseline.Kind.REFERENCE, BlasBaseline.classify(fake.get("blas_lib")));
    }

    @Test
    void optimizedBlasIsAccepted() {
        assertNull(BlasBaseline.invalidReason(Map.of("blas_lib",
                "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3")));
        assertEquals(BlasBaseline.Kind.OPENBLAS,
                BlasBaseline.classify("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so"));
        assertEquals(BlasBaseline.Kind.MKL, BlasBaseline.classify("/opt/intel/lib/libmkl_rt.so.2"));
        assertEquals(BlasBaseline.Kind.BLIS, BlasBaseline.classify("/usr/lib/x86_64-linux-gnu/blis-openmp/libblas.so.3"));
    }

    @Test
    void unknownBlasIsFlaggedNotRefused() {
        Map<String, String> r = Map.of("blas_lib", "unknown");
        assertNull(BlasBaseline.invalidReason(r));
        assertTrue(BlasBaseline.describe(r).contains("UNVERIFIED"), BlasBaseline.describe(r));
    }

    /**
     * End to end where the machine allows: the reference script run with Debian's reference BLAS first on the library
     * path (LD_LIBRARY_PATH, no system change) reports it, and the bench's check refuses it.
     */
    @Test
    void referenceScriptRunOnReferenceBlasIsRefused() throws Exception {
        Path refBlas = Path.of("/usr/lib/x86_64-linux-gnu/blas");
        Path script = Path.of("").toAbsolutePath().getParent().resolve("bench/pytorch/pnn_reference.py");
        Assumptions.assumeTrue(Files.isDirectory(refBlas) && Files.isRegularFile(script)
                && Files.isExecutable(Path.of("/usr/bin/python3")), "no reference BLAS, script or python here");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
                + " import pnn_reference as r; print('BLAS ' + r.blas_report())", script.getParent().toString());
        pb.environment().put("LD_LIBRARY_PATH", refBlas.toString());
        Process p = pb.redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(p.waitFor() == 0, "python cannot import torch: " + text);
        String line = text.lines().filter(l -> l.startsWith("BLAS ")).findFirst().orElseThrow();
        Map<String, String> r = new HashMap<>();
        for (String kv : line.substring(5).split("\\s+")) r.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        assertEquals(BlasBaseline.Kind.REFERENCE, BlasBaseline.classify(r.get("blas_lib")), line);
        assertNotNull(BlasBaseline.invalidReason(r), line);
    }
}
