package org.pnn4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The house style: readable fonts, legends below the plot (never over the data), colour-blind-safe colours. */
final class Style {
    private Style() {}

    /** Okabe-Ito colours: distinguishable with the common colour-vision deficiencies. */
    static final Color[] COLORS = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(120, 120, 120), new Color(240, 228, 66)
    };

    /** A diverging blue-white-red scale for signed quantities (couplings). */
    static final Color[] DIVERGING = {new Color(33, 102, 172), new Color(247, 247, 247), new Color(178, 24, 43)};
    /** A sequential white-to-blue scale for counts. */
    static final Color[] SEQUENTIAL = {new Color(247, 251, 255), new Color(107, 174, 214), new Color(8, 48, 107)};

    static Color color(int i) {
        return COLORS[Math.floorMod(i, COLORS.length)];
    }

    static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f);
    static final BasicStroke SOLID = new BasicStroke(2f);

    /**
     * {@link #DASHED} for a line of {@code points} points across a plot {@code widthPx} wide, or a finer dash when its
     * segments are shorter than one dash: XChart strokes every segment on its own, restarting the dash pattern, so a
     * 7-on-5-off dash on 3-pixel segments (200 epochs) drew a solid line. The finer pattern splits each segment into
     * a dash and a gap, so a long test curve still reads as dashed.
     */
    static BasicStroke dashed(int points, int widthPx) {
        double segment = 0.8 * widthPx / Math.max(1, points - 1);
        if (segment >= 12) return DASHED;
        float on = (float) Math.max(1.0, 0.55 * segment), off = (float) Math.max(1.0, 0.45 * segment);
        return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {on, off}, 0f);
    }

    /** "name (unit)", with "a.u." where the unit is unknown and nothing for "" given explicitly as dimensionless via "-". */
    static String label(String name, String unit) {
        if (unit == null || unit.isBlank()) return name + " (a.u.)";
        if (unit.equals("-")) return name;
        return name + " (" + unit + ")";
    }

    static String fmt(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    static void common(Styler s) {
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendPosition(LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setChartPadding(12);
        s.setSeriesColors(COLORS);
        s.setAntiAlias(true);
    }

    /**
     * {@code v} rounded up to three significant digits, so colour scales read 0.9 rather than the float-to-double
     * 0.8999999761581421.
     */
    static double niceCeiling(double v) {
        return round3(v, true);
    }

    /** {@code v} rounded down to three significant digits. */
    static double niceFloor(double v) {
        return round3(v, false);
    }

    private static double round3(double v, boolean up) {
        if (v == 0 || !Double.isFinite(v)) return v;
        double p = Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 2);
        double q = v / p;
        double r = (up ? Math.ceil(q - 1e-9) : Math.floor(q + 1e-9)) * p;
        return Double.parseDouble(String.format(Locale.ROOT, "%.3g", r));
    }

    /**
     * Prepares an axis of whole-number x positions (device calls, element indices) and returns them. When the axis
     * limits are the data's whole-number ends, XChart 4.0.3 spaces labels at range/19 (0, 27, 54, ...) and they run
     * together; limits half a step outside the data make it place round ticks (0, 100, 200, ...) and keep edge
     * points off the frame.
     */
    static double[] indexAxis(XYChart c, double[] x) {
        if (x.length == 0) return x;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        Double min = c.getStyler().getXAxisMin(), max = c.getStyler().getXAxisMax();
        c.getStyler().setXAxisMin(Math.min(lo - 0.5, min == null ? Double.POSITIVE_INFINITY : min))
                .setXAxisMax(Math.max(hi + 0.5, max == null ? Double.NEGATIVE_INFINITY : max));
        return x;
    }

    /** Pixels a legend entry takes besides its text: the swatch or line sample and the gaps around it. */
    static final int LEGEND_ENTRY_EXTRA = 56;

    /**
     * Places {@code c}'s legend where it fits: below the plot in a row when the entries' width fits the chart (XChart
     * 4.0.3 does not wrap a row, it clips it), else in a column right of the plot; there, a title wider than what is
     * left for the plot gets a smaller font (down to 11 pt), since XChart centres it on the plot and clips it at the
     * figure's left edge.
     */
    static void fitLegend(XYChart c) {
        Styler s = c.getStyler();
        java.awt.image.BufferedImage scratch = new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = scratch.createGraphics();
        try {
            java.awt.FontMetrics legend = g.getFontMetrics(s.getLegendFont());
            int row = 0, column = 0;
            for (XYSeries series : c.getSeriesCollection()) {
                if (!series.isShowInLegend()) continue;
                int w = legend.stringWidth(series.getName()) + LEGEND_ENTRY_EXTRA;
                row += w;
                column = Math.max(column, w);
            }
            if (row <= c.getWidth() - 2 * s.getChartPadding()) {
                s.setLegendPosition(LegendPosition.OutsideS);
                s.setLegendLayout(Styler.LegendLayout.Horizontal);
                return;
            }
            s.setLegendPosition(LegendPosition.OutsideE);
            s.setLegendLayout(Styler.LegendLayout.Vertical);
            int plot = c.getWidth() - column - 2 * s.getChartPadding() - 70; // 70: the y axis' title and tick labels
            Font title = s.getChartTitleFont();
            while (title.getSize() > 11 && g.getFontMetrics(title).stringWidth(c.getTitle()) > plot)
                title = title.deriveFont((float) title.getSize() - 1);
            s.setChartTitleFont(title);
        } finally {
            g.dispose();
        }
    }

    static void axes(org.knowm.xchart.style.AxesChartStyler s) {
        common(s);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
    }

    static XYChart xy(int width, int height, String title, String xLabel, String yLabel) {
        XYChart c = new XYChart(width, height);
        c.setTitle(title);
        c.setXAxisTitle(xLabel);
        c.setYAxisTitle(yLabel);
        axes(c.getStyler());
        c.getStyler().setMarkerSize(6);
        // XChart's default pattern writes .021; Ticks.label writes 0.021, and 0.3 where the grid step's sum is
        // 0.30000000000000004. Only on x-y charts: on a category axis of names the function replaces every name by "0"
        c.getStyler().setxAxisTickLabelsFormattingFunction(Ticks::label);
        c.getStyler().setyAxisTickLabelsFormattingFunction(Ticks::label);
        return c;
    }

    static CategoryChart category(int width, int height, String title, String xLabel, String yLabel) {
        CategoryChart c = new CategoryChart(width, height);
        c.setTitle(title);
        c.setXAxisTitle(xLabel);
        c.setYAxisTitle(yLabel);
        axes(c.getStyler());
        c.getStyler().setLegendVisible(false);
        return c;
    }

    static HeatMapChart heat(int width, int height, String title, String xLabel, String yLabel, Color[] colors) {
        HeatMapChart c = new org.knowm.xchart.HeatMapChartBuilder().width(width).height(height).build();
        c.setTitle(title);
        c.setXAxisTitle(xLabel);
        c.setYAxisTitle(yLabel);
        axes(c.getStyler());
        // the colour-scale legend: vertical, right of the plot (a horizontal layout squeezes the plot to nothing)
        c.getStyler().setLegendPosition(LegendPosition.OutsideE);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        c.getStyler().setRangeColors(colors);
        c.getStyler().setPlotGridLinesVisible(false);
        c.getStyler().setShowValue(false);
        return c;
    }

    /** A line without markers. */
    static XYSeries line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
        return s;
    }

    /** Points without lines. */
    static XYSeries scatter(XYChart c, String name, double[] x, double[] y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        return s;
    }

    /** A filled band between {@code lo} and {@code hi}, drawn as a closed polygon; shows in the legend as a swatch. */
    static XYSeries band(XYChart c, String name, double[] x, double[] lo, double[] hi, Color color) {
        int n = x.length;
        double[] px = new double[2 * n], py = new double[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = x[i];
            py[i] = hi[i];
            px[2 * n - 1 - i] = x[i];
            py[2 * n - 1 - i] = lo[i];
        }
        XYSeries s = c.addSeries(name, px, py);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(translucent(color, 70));
        s.setLineColor(translucent(color, 0));
        return s;
    }

    /** A histogram outline (filled to zero) from bin edges [bins+1] and counts [bins]. */
    static XYSeries histogram(XYChart c, String name, double[] edges, double[] counts, Color color, boolean fill) {
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {edges[0], 0});
        for (int b = 0; b < counts.length; b++) {
            pts.add(new double[] {edges[b], counts[b]});
            pts.add(new double[] {edges[b + 1], counts[b]});
        }
        pts.add(new double[] {edges[counts.length], 0});
        double[] x = new double[pts.size()], y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = pts.get(i)[0];
            y[i] = pts.get(i)[1];
        }
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(fill ? XYSeries.XYSeriesRenderStyle.PolygonArea : XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(new BasicStroke(1.5f));
        if (fill) s.setFillColor(translucent(color, 90));
        return s;
    }

    static <C extends Chart<?, ?>> Figure<C> figure(C chart, tech.tablesaw.api.Table table) {
        return new Figure<>(List.of(chart), table);
    }
}
