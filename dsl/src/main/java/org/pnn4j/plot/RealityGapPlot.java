package org.pnn4j.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import tech.tablesaw.api.Table;

/**
 * PAT against in-silico training, device test accuracy per physical system: grouped bars (mean over seeds, error bar
 * one sample standard deviation) for each method, the published accuracy beside them where there is one, and the
 * PAT-minus-in-silico gap in points in each system's label. From a table with columns {@code system} (text),
 * {@code method} (text), {@code accuracy} and {@code sd} (fractions) and optionally {@code paper} (fraction, NaN where
 * none), as {@code PatPaper.summary} makes it; drawn in percent.
 */
public final class RealityGapPlot extends PlotBuilder<RealityGapPlot, CategoryChart> {
    private final Table results;

    RealityGapPlot(Table results) {
        this.results = Objects.requireNonNull(results, "results");
    }

    /** @throws IllegalArgumentException if a column is missing or the table is empty */
    @Override
    public Figure<CategoryChart> build() {
        for (String col : List.of("system", "method", "accuracy", "sd"))
            if (!results.columnNames().contains(col))
                throw new IllegalArgumentException("table '" + results.name() + "' has no column '" + col + "' (it has " + results.columnNames()
                        + "); the reality-gap plot needs columns system, method, accuracy, sd (and optionally paper)");
        if (results.rowCount() == 0) throw new IllegalArgumentException("table '" + results.name() + "' has no rows to plot");
        boolean hasPaper = results.columnNames().contains("paper");
        Map<String, Map<String, double[]>> bySystem = new LinkedHashMap<>();
        List<String> methods = new ArrayList<>();
        Map<String, Double> paperPat = new LinkedHashMap<>();
        for (int i = 0; i < results.rowCount(); i++) {
            String sys = String.valueOf(results.column("system").get(i)), m = String.valueOf(results.column("method").get(i));
            double a = ((Number) results.column("accuracy").get(i)).doubleValue(), s = ((Number) results.column("sd").get(i)).doubleValue();
            bySystem.computeIfAbsent(sys, k -> new LinkedHashMap<>()).put(m, new double[] {100 * a, 100 * s});
            if (!methods.contains(m)) methods.add(m);
            if (hasPaper && m.equals(methods.get(0))) {
                Object p = results.column("paper").get(i);
                paperPat.put(sys, p == null ? Double.NaN : ((Number) p).doubleValue());
            }
        }
        List<String> labels = new ArrayList<>();
        for (var e : bySystem.entrySet()) {
            double[] first = e.getValue().get(methods.get(0)), second = methods.size() > 1 ? e.getValue().get(methods.get(1)) : null;
            labels.add(first != null && second != null && !Double.isNaN(first[0]) && !Double.isNaN(second[0])
                    ? String.format(Locale.ROOT, "%s (gap %+.1f)", e.getKey(), first[0] - second[0]) : e.getKey());
        }
        CategoryChart c = Style.category(width(), height(), titleOr(methods.size() > 1 ? methods.get(0) + " vs " + methods.get(1)
                + ": test accuracy on the simulated device" : "test accuracy on the simulated device"), "system (gap in points)", "test accuracy (%)");
        c.getStyler().setLegendVisible(true);
        c.getStyler().setXAxisLabelRotation(bySystem.size() > 3 ? 20 : 0);
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setYAxisMax(100.0);
        int k = 0;
        for (String m : methods) {
            List<Double> y = new ArrayList<>(), err = new ArrayList<>();
            for (var e : bySystem.values()) {
                double[] v = e.getOrDefault(m, new double[] {Double.NaN, 0});
                y.add(Double.isNaN(v[0]) ? 0 : v[0]);
                err.add(Double.isNaN(v[1]) ? 0 : v[1]);
            }
            CategorySeries s = c.addSeries(m + " (pnn4j, mean ± sd)", labels, y, err);
            s.setFillColor(Style.color(k++));
        }
        if (hasPaper && paperPat.values().stream().anyMatch(v -> !Double.isNaN(v))) {
            List<Double> y = new ArrayList<>();
            for (String sys : bySystem.keySet()) {
                double v = paperPat.getOrDefault(sys, Double.NaN);
                y.add(Double.isNaN(v) ? 0 : 100 * v);
            }
            CategorySeries s = c.addSeries(methods.get(0) + " (published)", labels, y);
            s.setFillColor(Style.translucent(Style.color(k), 140));
        }
        return Style.figure(c, results);
    }
}
