package org.pnn4j.plot;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Test accuracy against the budget of physical (device) calls, one line with markers and error bars per method,
 * one panel per substrate, on a logarithmic calls axis, the accuracy of guessing as a black dashed line: the curve of a comparison of training methods. Reads a table
 * with columns {@code substrate} (text), {@code method} (text), {@code calls} (numeric: the budget of device calls,
 * &gt; 0), {@code accuracy_mean} and {@code accuracy_sd} (fractions 0..1, drawn in percent; the error bar is ±1 sd).
 * Rows whose mean is missing (NaN: a method that does not apply at that budget) are left out. Panels come in the
 * order substrates first appear, except that the panel with the most methods (the last of them), which carries the
 * one legend, is drawn last; a method keeps one look across panels: its colour (eight colour-blind-safe colours),
 * then, from the ninth method on, another marker shape and a dashed line, so that no two methods look alike. More
 * than three panels wrap into rows of three.
 */
public final class AccuracyVsCallsPlot extends XyPlotBuilder<AccuracyVsCallsPlot> {
    /** A marker shape per cycle of the colours: the first eight methods circles, the next eight squares, ... */
    private static final org.knowm.xchart.style.markers.Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
        SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP};

    private final Table results;
    private double chance = Double.NaN;

    AccuracyVsCallsPlot(Table results) {
        this.results = Objects.requireNonNull(results, "results");
        size(560, 440);
        logX();
    }

    /** Draws the accuracy of guessing (a fraction 0..1, e.g. 1/7) as a black dashed line in every panel. */
    public AccuracyVsCallsPlot chance(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) throw new IllegalArgumentException("chance is a fraction in [0, 1], got " + fraction);
        this.chance = fraction;
        return this;
    }

    /**
     * @throws IllegalArgumentException if a column is missing, or no row has a positive budget and a finite mean
     */
    @Override
    public Figure<XYChart> build() {
        for (String col : List.of("substrate", "method", "calls", "accuracy_mean", "accuracy_sd"))
            if (!results.columnNames().contains(col))
                throw new IllegalArgumentException("table '" + results.name() + "' has no column '" + col + "' (it has " + results.columnNames()
                        + "); accuracy vs calls needs columns substrate, method, calls, accuracy_mean, accuracy_sd");
        Map<String, Map<String, List<double[]>>> bySubstrate = new LinkedHashMap<>();
        Map<String, Integer> colours = new LinkedHashMap<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < results.rowCount(); i++) {
            String s = String.valueOf(results.column("substrate").get(i)), m = String.valueOf(results.column("method").get(i));
            colours.putIfAbsent(m, colours.size());
            double calls = num(results.column("calls").get(i)), mean = num(results.column("accuracy_mean").get(i)),
                    sd = num(results.column("accuracy_sd").get(i));
            bySubstrate.computeIfAbsent(s, k -> new LinkedHashMap<>());
            if (!(calls > 0) || !Double.isFinite(mean)) continue;
            bySubstrate.get(s).computeIfAbsent(m, k -> new ArrayList<>()).add(new double[] {calls, 100 * mean, 100 * (Double.isFinite(sd) ? sd : 0)});
            lo = Math.min(lo, calls);
            hi = Math.max(hi, calls);
        }
        if (!(lo <= hi)) throw new IllegalArgumentException("table '" + results.name() + "' has no row with a budget > 0 and a finite accuracy_mean to draw");
        // one legend for all panels (a method has one colour everywhere), right of the (last) panel that has the most
        // methods, which is widened by the legend's column so that its plot is as wide as the others'
        String legendPanel = null;
        for (Map.Entry<String, Map<String, List<double[]>>> panel : bySubstrate.entrySet())
            if (legendPanel == null || panel.getValue().size() >= bySubstrate.get(legendPanel).size()) legendPanel = panel.getKey();
        // the legend's panel goes last, so that the legend stands at the figure's right edge
        Map<String, List<double[]>> legendSeries = bySubstrate.remove(legendPanel);
        bySubstrate.put(legendPanel, legendSeries);
        List<String> entries = new ArrayList<>(colours.keySet());
        if (Double.isFinite(chance)) entries.add("chance");
        int column = legendColumn(entries);
        List<XYChart> charts = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<double[]>>> panel : bySubstrate.entrySet()) {
            boolean legend = panel.getKey().equals(legendPanel);
            // each panel is titled by its substrate (a title set on the builder goes before it)
            String title = titleOr("").isEmpty() ? panel.getKey() : titleOr("") + ": " + panel.getKey();
            XYChart c = Style.xy(width() + (legend ? column : 0), height(), title, "device calls (budget)", "test accuracy on the device (%)");
            c.getStyler().setXAxisLogarithmic(isLogX()).setYAxisLogarithmic(isLogY());
            // every panel lists its methods in the table's order; the legend's panel names every method, also those
            // without a point in it: their entries are series whose only point lies below the y axis (0%), outside
            // the plot, so nothing of them is drawn
            for (String m : colours.keySet()) {
                List<double[]> points = panel.getValue().get(m);
                if (points == null) {
                    if (legend) style(c.addSeries(m, new double[] {lo}, new double[] {-1e6}), colours.get(m));
                    continue;
                }
                List<double[]> pts = points.stream().sorted((a, b) -> Double.compare(a[0], b[0])).toList();
                double[] x = pts.stream().mapToDouble(p -> p[0]).toArray(), y = pts.stream().mapToDouble(p -> p[1]).toArray(),
                        err = pts.stream().mapToDouble(p -> p[2]).toArray();
                style(c.addSeries(m, x, y, err), colours.get(m));
            }
            if (Double.isFinite(chance)) {
                XYSeries s = Style.line(c, "chance", new double[] {lo, hi}, new double[] {100 * chance, 100 * chance}, java.awt.Color.BLACK, Style.DASHED);
                s.setMarker(SeriesMarkers.NONE);
            }
            // a decade of margin is too much on a log axis: a small factor each side keeps the end points off the frame
            double pad = Math.pow(hi / lo, 0.08) * 1.15;
            c.getStyler().setXAxisMin(lo / pad).setXAxisMax(hi * pad).setYAxisMin(0.0).setYAxisMax(100.0);
            c.getStyler().setErrorBarsColorSeriesColor(true);
            // labels at 200, 300, ... too, not only at the decades (a comparison's budgets span one or two decades)
            c.getStyler().setXAxisLogarithmicDecadeOnly(false);
            // ... but only at 1, 2 and 5 times a power of ten: 600, 700, 800, 900 would run together
            c.getStyler().setxAxisTickLabelsFormattingFunction(AccuracyVsCallsPlot::oneTwoFive);
            c.getStyler().setLegendVisible(legend);
            if (legend) c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE).setLegendLayout(Styler.LegendLayout.Vertical);
            charts.add(c);
        }
        return new Figure<>(charts, results, charts.size() > 3 ? 3 : charts.size());
    }

    /** The look of the k-th method: its colour, then past the eighth a further marker shape and a dashed line. */
    private static void style(XYSeries s, int k) {
        int cycle = k / Style.COLORS.length;
        s.setMarker(MARKERS[cycle % MARKERS.length]);
        s.setLineColor(Style.color(k));
        s.setMarkerColor(Style.color(k));
        s.setLineStyle(cycle % 2 == 0 ? Style.SOLID : Style.DASHED);
    }

    /** Pixels the legend's column takes right of the plot: the widest entry, its line sample and the gaps. */
    private static int legendColumn(List<String> names) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(Style.xy(100, 100, "", "", "").getStyler().getLegendFont());
            int w = 0;
            for (String n : names) w = Math.max(w, fm.stringWidth(n) + Style.LEGEND_ENTRY_EXTRA);
            return w + 20;
        } finally {
            g.dispose();
        }
    }

    /** The label of a log-axis tick at {@code v}: v where it is 1, 2 or 5 times a power of ten, else none. */
    static String oneTwoFive(double v) {
        if (!(v > 0)) return "";
        double mantissa = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
        for (double m : new double[] {1, 2, 5}) if (Math.abs(mantissa - m) < 1e-6) return Ticks.label(v);
        return "";
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
