package org.pnn4j.plot;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * A finished plot: one or more XChart charts laid out side by side (panels of equal size), wrapping into rows of
 * a fixed number of panels where a plot asks for it (e.g. a comparison over five substrates), and the table
 * of the data drawn. The charts are XChart's own objects: restyle them before saving, or hand
 * {@link #chart()} to anything that renders XChart.
 *
 * @param <C> the chart type of the panels
 */
public final class Figure<C extends Chart<?, ?>> {
    private final List<C> charts;
    private final Table table;
    private final int columns;

    Figure(List<C> charts, Table table) {
        this(charts, table, Integer.MAX_VALUE);
    }

    /** Panels {@code columns} to a row, left to right then top to bottom. */
    Figure(List<C> charts, Table table, int columns) {
        if (charts.isEmpty()) throw new IllegalArgumentException("a figure needs at least one chart");
        if (columns < 1) throw new IllegalArgumentException("a figure needs at least one panel per row, got " + columns);
        this.columns = columns;
        this.charts = List.copyOf(charts);
        for (C c : this.charts) if (c instanceof org.knowm.xchart.XYChart xy) Ticks.roundXTicks(xy);
        this.table = Objects.requireNonNull(table, "table");
    }

    /** The (first) chart; for a figure of several panels, the leftmost. */
    public C chart() {
        return charts.get(0);
    }

    /** Every panel, left to right (and row by row). */
    public List<C> charts() {
        return charts;
    }

    /** The data behind the plot, one row per plotted point or cell; the columns are named after the quantities. */
    public Table table() {
        return table;
    }

    /** Width of the whole figure in pixels: the panels' widths summed along the widest row. */
    public int width() {
        int w = 0;
        for (int r = 0; r * (long) columns < charts.size(); r++) {
            int row = 0;
            for (C c : row(r)) row += c.getWidth();
            w = Math.max(w, row);
        }
        return w;
    }

    /** Height of the whole figure in pixels: the tallest panel of each row, summed over the rows. */
    public int height() {
        int h = 0;
        for (int r = 0; r * (long) columns < charts.size(); r++) h += rowHeight(r);
        return h;
    }

    private List<C> row(int r) {
        int from = r * columns;
        return charts.subList(from, (int) Math.min(charts.size(), from + (long) columns));
    }

    private int rowHeight(int r) {
        int h = 0;
        for (C c : row(r)) h = Math.max(h, c.getHeight());
        return h;
    }

    /** The figure rendered to an RGB image of {@link #width()} × {@link #height()} pixels. */
    public BufferedImage image() {
        BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width(), height());
            paint(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Writes the figure as a PNG of {@link #width()} × {@link #height()} pixels, creating missing parent folders.
     *
     * @return {@code path}
     * @throws IOException if the file cannot be written
     */
    public Path savePng(Path path) throws IOException {
        createParent(path);
        if (!ImageIO.write(image(), "png", path.toFile()))
            throw new IOException("no PNG writer in this JVM (ImageIO); cannot write " + path);
        return path;
    }

    /**
     * Writes the figure as SVG (vector graphics, via VectorGraphics2D), creating missing parent folders.
     *
     * @return {@code path}
     * @throws IOException if the file cannot be written
     */
    public Path saveSvg(Path path) throws IOException {
        createParent(path);
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        Document doc = Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, width(), height()));
        try (OutputStream out = Files.newOutputStream(path)) {
            doc.writeTo(out);
        }
        return path;
    }

    private void paint(Graphics2D g) {
        int y = 0;
        for (int r = 0; r * (long) columns < charts.size(); r++) {
            int x = 0;
            for (C c : row(r)) {
                AffineTransform saved = g.getTransform();
                g.translate(x, y);
                c.paint(g, c.getWidth(), c.getHeight());
                g.setTransform(saved);
                x += c.getWidth();
            }
            y += rowHeight(r);
        }
    }

    private static void createParent(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
    }

    @Override
    public String toString() {
        return "Figure[" + charts.size() + " panel(s), " + width() + "x" + height() + " px, table '" + table.name() + "' "
                + table.rowCount() + " rows]";
    }
}
