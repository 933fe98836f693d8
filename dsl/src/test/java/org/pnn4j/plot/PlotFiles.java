package org.pnn4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Renders a figure to PNG and SVG and checks both files: size, content, well-formed XML. */
final class PlotFiles {
    private PlotFiles() {}

    static void assertRenders(Figure<?> f, Path dir, String name) throws Exception {
        Path png = f.savePng(dir.resolve(name + ".png"));
        Files.copy(png, dir().resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "PNG could not be read back: " + png);
        assertEquals(f.width(), img.getWidth(), "PNG width");
        assertEquals(f.height(), img.getHeight(), "PNG height");
        assertTrue(distinctColours(img) > 5, "a drawn chart has more than a handful of colours: " + png);

        Path svg = f.saveSvg(dir.resolve(name + ".svg"));
        assertTrue(Files.size(svg) > 1000, "SVG of a chart is more than 1 kB");
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = dbf.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(doc.getElementsByTagName("text").getLength() + doc.getElementsByTagName("path").getLength() > 10,
                "SVG holds the chart's text and paths");
    }

    private static int distinctColours(BufferedImage img) {
        java.util.Set<Integer> c = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3)
            for (int x = 0; x < img.getWidth(); x += 3) c.add(img.getRGB(x, y));
        return c.size();
    }

    /** Where a developer can look at the test renders: target/plots (kept after the build). */
    static Path dir() throws IOException {
        return Files.createDirectories(Path.of("target", "plots"));
    }
}
