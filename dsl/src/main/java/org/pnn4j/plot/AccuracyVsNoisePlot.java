package org.pnn4j.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/**
 * Test accuracy against noise level, one line with markers per method, from a table with columns
 * {@code noise} (numeric), {@code method} (text) and {@code accuracy} (fraction 0..1); drawn in percent.
 * The figure's table is the input sorted by method and noise.
 */
public final class AccuracyVsNoisePlot extends XyPlotBuilder<AccuracyVsNoisePlot> {
    private final Table results;
    private String noiseName = "noise level", noiseUnit = "";

    AccuracyVsNoisePlot(Table results) {
        this.results = Objects.requireNonNull(results, "results");
    }

    /** What the noise level is and its unit, for the axis label (default "noise level (a.u.)"). */
    public AccuracyVsNoisePlot noiseLabel(String name, String unit) {
        this.noiseName = name;
        this.noiseUnit = unit;
        return this;
    }

    /** @throws IllegalArgumentException if a column is missing */
    @Override
    public Figure<XYChart> build() {
        for (String col : List.of("noise", "method", "accuracy"))
            if (!results.columnNames().contains(col))
                throw new IllegalArgumentException("table '" + results.name() + "' has no column '" + col + "' (it has " + results.columnNames()
                        + "); accuracy vs noise needs columns noise, method, accuracy");
        Table sorted = results.sortOn("method", "noise");
        Map<String, List<double[]>> byMethod = new LinkedHashMap<>();
        for (int i = 0; i < sorted.rowCount(); i++) {
            String m = String.valueOf(sorted.column("method").get(i));
            double nz = ((Number) sorted.column("noise").get(i)).doubleValue(), a = ((Number) sorted.column("accuracy").get(i)).doubleValue();
            byMethod.computeIfAbsent(m, k -> new ArrayList<>()).add(new double[] {nz, 100 * a});
        }
        XYChart c = xy("accuracy vs noise", Style.label(noiseName, noiseUnit), "test accuracy (%)");
        int k = 0;
        for (Map.Entry<String, List<double[]>> e : byMethod.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(p -> p[0]).toArray(), y = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            var s = c.addSeries(e.getKey(), x, y);
            s.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
            s.setLineColor(Style.color(k));
            s.setMarkerColor(Style.color(k++));
            s.setLineStyle(Style.SOLID);
        }
        c.getStyler().setYAxisMax(100.0);
        return Style.figure(c, sorted);
    }
}
