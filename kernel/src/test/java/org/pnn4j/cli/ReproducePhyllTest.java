package org.pnn4j.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code pnn4j reproduce phyll}: the reference protocol's knobs, its summary line, and its usage errors. */
class ReproducePhyllTest {
    private static String run(String... args) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        assertEquals(0, Reproduce.run(args, new PrintStream(b, true, StandardCharsets.UTF_8)));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void boundedReferenceRunReportsMeanAndSdBesideTheReferenceOnBothCavities() throws Exception {
        String out = run("phyll", "--seeds", "1,2", "--epochs", "20", "--batch", "full", "--lr", "5e-4", "--wiring", "sample-norm",
                "--surrogate-epochs", "5");
        assertTrue(out.contains("258 rows"), out);
        assertTrue(out.contains("PhyllProtocol[epochs=20, batch=0, lr=5.0E-4, wiring=SAMPLE_NORM, zscore=true"), out);
        assertTrue(out.matches("(?s).*simulated acoustic\\(19,4,16\\): PhyLL \\d+\\.\\d% \\+- \\d+\\.\\d \\(mean \\+- sd, 2 seeds.*"), out);
        assertTrue(out.matches("(?s).*recorded acoustic\\(20 in, 20 out\\): PhyLL \\d+\\.\\d% \\+- .*reference code re-run 95\\.4%.*"), out);
        assertTrue(out.contains("reference's surrogate fitted: acoustic surrogate 20-100-200-100-20 SiLU, 5 epochs"), out);
        assertTrue(out.matches("(?s).*reference surrogate \\(MLP on the recorded data\\): PhyLL \\d+\\.\\d% \\+- .*"), out);
    }

    @Test
    void badKnobsAreUsageErrors() {
        var e = assertThrows(Main.UsageException.class, () -> run("phyll", "--wiring", "sideways"));
        assertTrue(e.getMessage().contains("sample-norm or batch-max"), e.getMessage());
        e = assertThrows(Main.UsageException.class, () -> run("phyll", "--wiring", "batch-max"));
        assertTrue(e.getMessage().contains("--zscore off"), e.getMessage());
        e = assertThrows(Main.UsageException.class, () -> run("phyll", "--batch", "0"));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        e = assertThrows(Main.UsageException.class, () -> run("phyll", "--protocol", "legacy", "--batch", "full"));
        assertTrue(e.getMessage().contains("legacy"), e.getMessage());
    }
}
