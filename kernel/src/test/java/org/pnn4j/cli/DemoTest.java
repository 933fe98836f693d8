package org.pnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
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
        for (String name : new String[] {"training-curves", "confusion-matrix", "transfer-function", "noise-histogram", "noise-vs-signal"}) {
            Path png = Path.of("out", name + ".png");
            assertTrue(out.contains(png.toString()), "the demo prints where it wrote " + png + ": " + out);
            BufferedImage img = assertDoesNotThrow(() -> ImageIO.read(png.toFile()), png.toString());
            assertTrue(img != null && img.getWidth() >= 400 && img.getHeight() >= 300, "a readable PNG of a chart: " + png);
        }
    }

    @Test
    void badOptionsAreRejectedWithExitCode2() {
        assertEquals(2, Demo.run(new String[] {"--epochs", "zero"}, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(2, Demo.run(new String[] {"--epochs"}, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(2, Demo.run(new String[] {"--bogus"}, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(2, Demo.run(new String[] {"--epochs", "0"}, new PrintStream(new ByteArrayOutputStream())));
    }
}
