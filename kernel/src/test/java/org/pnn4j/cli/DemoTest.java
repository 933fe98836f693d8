package org.pnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DemoTest {
    private static String run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = Demo.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void demoTrainsDigitsAndReportsAccuracyAndConfusion() {
        String out = run("--epochs", "5");
        assertTrue(out.contains("linear(64, 64)") && out.contains("confusion"), out);
        Matcher m = Pattern.compile("test accuracy ([0-9.]+)%").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) > 90, "five epochs reach over 90% on digits: " + out);
    }

    @Test
    void badOptionsAreRejectedWithExitCode2() {
        assertEquals(2, Demo.run(new String[] {"--epochs", "zero"}, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(2, Demo.run(new String[] {"--epochs"}, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(2, Demo.run(new String[] {"--bogus"}, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(2, Demo.run(new String[] {"--epochs", "0"}, new PrintStream(new ByteArrayOutputStream())));
    }
}
