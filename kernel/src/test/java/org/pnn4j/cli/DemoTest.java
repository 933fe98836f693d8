package org.pnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class DemoTest {
    /** One row of the printed accuracy table: training, % on the model, % on the device, gap, device calls. */
    private static final Pattern ROW = Pattern.compile(
            "^(in silico|physics-aware) +([0-9]+\\.[0-9])% +([0-9]+\\.[0-9])% +([-+][0-9]+\\.[0-9]) +([0-9]+)$", Pattern.MULTILINE);

    private static String run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = Demo.run(args, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(0, code);
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The main job as {@code ./pnn4j demo} runs it: default epochs, seed 1. */
    @Test
    void demoTrainsThePhysicalNetworkBothWaysAndPatHoldsOnTheDevice() {
        String out = run();
        assertTrue(out.contains("shg(") && out.contains("mech(8)"), "the network has the optical and the mechanical layer: " + out);
        assertTrue(out.contains("in silico, " + Demo.DEFAULT_EPOCHS + " epochs:") && out.contains("physics-aware, " + Demo.DEFAULT_EPOCHS + " epochs:"), out);
        assertTrue(Pattern.compile("^test accuracy +on the model +on the device +gap +device calls \\(train\\)$", Pattern.MULTILINE).matcher(out).find(),
                "the table's header: " + out);
        Matcher m = ROW.matcher(out);
        double[][] acc = new double[2][];
        long[] calls = new long[2];
        for (int i = 0; i < 2; i++) {
            assertTrue(m.find(), "row " + (i + 1) + " of the accuracy table: " + out);
            assertEquals(i == 0 ? "in silico" : "physics-aware", m.group(1));
            double model = Double.parseDouble(m.group(2)), device = Double.parseDouble(m.group(3));
            assertEquals(device - model, Double.parseDouble(m.group(4)), 0.11, "gap = device − model: " + m.group());
            acc[i] = new double[] {model, device};
            calls[i] = Long.parseLong(m.group(5));
        }
        assertEquals(0, calls[0], "in-silico training calls no device");
        assertTrue(calls[1] > 0, "physics-aware training calls the devices");
        // the reality gap. Seed 1 (fixed, so this is the same every run): in silico 88.0% -> 83.8% on the device, PAT 88.6%
        // -> 87.7%. Over seeds 1-4 (measured 2026-12-03), in silico always lost more on the device than PAT (4.2, 3.9, 2.5,
        // 2.8 points against 0.8, -0.8, 0.6, 0.3), but PAT ended ahead on the device for seeds 1, 3 and 4 only (seed 2:
        // 84.7% against in silico's 87.2%, its model accuracy being 7 points lower): the second claim holds for this seed
        assertTrue(acc[1][1] > acc[0][1] + 1, "PAT on the device beats in silico on the device: " + out);
        assertTrue(acc[0][0] - acc[0][1] > acc[1][0] - acc[1][1], "in silico loses more on the device than PAT: " + out);
        assertTrue(acc[0][0] > 80 && acc[1][1] > 80, "both runs learn the digits: " + out);
        for (String name : new String[] {"training-curves", "optics-transfer-function", "mechanics-transfer-function",
                "optics-noise-histogram", "mechanics-noise-vs-signal"}) {
            Path png = Demo.OUT.resolve(name + ".png");
            assertTrue(out.contains(png.toString()), "the demo prints where it wrote " + png + ": " + out);
            BufferedImage img = assertDoesNotThrow(() -> ImageIO.read(png.toFile()), png.toString());
            assertTrue(img != null && img.getWidth() >= 400 && img.getHeight() >= 300, "a readable PNG of a chart: " + png);
        }
    }

    @Test
    void theTableLinesUpItsColumns() {
        String t = Demo.table(new Demo.Accuracy("in silico", 0.88, 0.838, 0, null), new Demo.Accuracy("physics-aware", 0.886, 0.877, 2700, null));
        String[] lines = t.split("\n");
        assertEquals(3, lines.length, t);
        for (String l : lines) assertEquals(lines[0].length(), l.length(), "equal widths:\n" + t);
        assertTrue(lines[1].matches("in silico +88\\.0% +83\\.8% +-4\\.2 +0"), lines[1]);
        assertTrue(lines[2].matches("physics-aware +88\\.6% +87\\.7% +-0\\.9 +2700"), lines[2]);
    }

    @Test
    void badOptionsAreRejectedWithExitCode2() {
        assertEquals(2, Demo.run(new String[] {"--epochs", "zero"}, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(2, Demo.run(new String[] {"--epochs"}, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(2, Demo.run(new String[] {"--bogus"}, new PrintStream(new ByteArrayOutputStream())));
        assertEquals(2, Demo.run(new String[] {"--epochs", "0"}, new PrintStream(new ByteArrayOutputStream())));
    }
}
