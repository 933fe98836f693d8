package org.pnn4j.plot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Training curves: loss (left panel) and accuracy (right panel) against epoch for one or more runs, each a
 * {@code History.table()} (columns epoch, train_loss, train_accuracy, test_loss, test_accuracy, ...). Train
 * curves are solid, test curves dashed, one colour per run. {@link #xAxis} puts {@code samples} or
 * {@code physical_calls} (when the table has it) on the x axis instead of the epoch.
 *
 * <p>Table columns: {@code run}, the x column ({@code epoch}, {@code samples} or {@code physical_calls}),
 * {@code train_loss}, {@code test_loss}, {@code train_accuracy}, {@code test_accuracy} (NaN where a run's
 * table lacks one).
 */
public final class TrainingPlot extends PlotBuilder<TrainingPlot, XYChart> {
    /** Which panels to draw. */
    public enum Panels {
        /** Loss and accuracy side by side (the default). */
        LOSS_AND_ACCURACY,
        /** Loss only. */
        LOSS,
        /** Accuracy only. */
        ACCURACY
    }

    private final Map<String, Table> runs = new LinkedHashMap<>();
    private String x = "epoch";
    private Panels panels = Panels.LOSS_AND_ACCURACY;
    private boolean logLoss;

    TrainingPlot() {}

    /**
     * Adds a run: a training history's table, labelled (e.g. "PAT", "in silico", "PhyLL").
     *
     * @throws IllegalArgumentException if the label is used already
     */
    public TrainingPlot run(String label, Table history) {
        Objects.requireNonNull(history, "history");
        if (runs.containsKey(label)) throw new IllegalArgumentException("a run labelled '" + label + "' is already in this plot; give each run its own label");
        runs.put(label, history);
        return this;
    }

    /**
     * The x-axis column: "epoch" (default), "samples" (training samples seen) or "physical_calls" (device
     * calls), as the history tables name them; checked at build.
     */
    public TrainingPlot xAxis(String column) {
        this.x = Objects.requireNonNull(column, "column");
        return this;
    }

    /** Which panels to draw (default loss and accuracy). */
    public TrainingPlot panels(Panels panels) {
        this.panels = Objects.requireNonNull(panels, "panels");
        return this;
    }

    /** A logarithmic loss axis. */
    public TrainingPlot logLoss() {
        this.logLoss = true;
        return this;
    }

    /**
     * @throws IllegalStateException    if no run was added
     * @throws IllegalArgumentException if a run's table lacks the x column or has neither loss nor accuracy columns
     */
    @Override
    public Figure<XYChart> build() {
        if (runs.isEmpty()) throw new IllegalStateException("no run to plot: add one with run(label, history.table())");
        StringColumn runCol = StringColumn.create("run");
        DoubleColumn xCol = DoubleColumn.create(x);
        String[] metrics = {"train_loss", "test_loss", "train_accuracy", "test_accuracy"};
        DoubleColumn[] mCols = new DoubleColumn[metrics.length];
        for (int k = 0; k < metrics.length; k++) mCols[k] = DoubleColumn.create(metrics[k]);

        String xLabel = switch (x) {
            case "epoch" -> "epoch";
            case "samples" -> "training samples seen";
            case "physical_calls" -> "physical device calls";
            default -> x;
        };
        // one legend entry per run (its colour), the line style said once in the title: three runs' six entries
        // would not fit under a panel
        XYChart loss = Style.xy(width(), height(), titleOr("loss: train solid, test dashed"), xLabel, "loss (nats per sample)");
        XYChart acc = Style.xy(width(), height(), titleOr("accuracy: train solid, test dashed"), xLabel, "accuracy (%)");
        loss.getStyler().setYAxisLogarithmic(logLoss);
        acc.getStyler().setYAxisMax(100.0);

        int r = 0;
        for (Map.Entry<String, Table> e : runs.entrySet()) {
            Table t = e.getValue();
            String label = e.getKey();
            if (!t.columnNames().contains(x))
                throw new IllegalArgumentException("run '" + label + "' has no column '" + x + "' (it has " + t.columnNames()
                        + "); use xAxis(\"epoch\") or a column the table has");
            double[] xs = numbers(t.column(x));
            double[][] ms = new double[metrics.length][];
            boolean any = false;
            for (int k = 0; k < metrics.length; k++) {
                ms[k] = t.columnNames().contains(metrics[k]) ? numbers(t.column(metrics[k])) : null;
                any |= ms[k] != null;
            }
            if (!any) throw new IllegalArgumentException("run '" + label + "' has none of " + List.of(metrics) + " (it has " + t.columnNames() + ")");
            for (int i = 0; i < xs.length; i++) {
                runCol.append(label);
                xCol.append(xs[i]);
                for (int k = 0; k < metrics.length; k++) mCols[k].append(ms[k] != null ? ms[k][i] : Double.NaN);
            }
            java.awt.Color col = Style.color(r++);
            java.util.Set<XYChart> named = new java.util.HashSet<>();
            for (int k = 0; k < metrics.length; k++) {
                if (ms[k] == null) continue;
                double[] y = metrics[k].endsWith("accuracy") ? scale(ms[k], 100) : ms[k];
                XYChart target = metrics[k].endsWith("loss") ? loss : acc;
                String name = label + (metrics[k].startsWith("train") ? " train" : " test");
                double[][] xy = finite(xs, y, target == loss && logLoss);
                if (xy[0].length == 0) continue;
                boolean first = named.add(target);
                var series = Style.line(target, first ? label : name, xy[0], xy[1], col, metrics[k].startsWith("train") ? Style.SOLID
                        : Style.dashed(xy[0].length, width()));
                series.setShowInLegend(first);
                if (xy[0].length < 25) {
                    // a short run (one epoch is a single point, which a line alone does not draw): mark every point
                    series.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
                    series.setMarkerColor(col);
                }
            }
        }
        Style.fitLegend(loss);
        Style.fitLegend(acc);
        List<XYChart> charts = new ArrayList<>();
        if (panels != Panels.ACCURACY) charts.add(loss);
        if (panels != Panels.LOSS) charts.add(acc);
        List<Column<?>> cols = new ArrayList<>(List.of(runCol, xCol));
        cols.addAll(List.of(mCols));
        return new Figure<>(charts, Table.create("training curves", cols.toArray(new Column<?>[0])));
    }

    private static double[] numbers(Column<?> c) {
        double[] v = new double[c.size()];
        for (int i = 0; i < v.length; i++) {
            Object o = c.get(i);
            v[i] = o instanceof Number n ? n.doubleValue() : Double.NaN;
        }
        return v;
    }

    private static double[] scale(double[] v, double f) {
        double[] s = new double[v.length];
        for (int i = 0; i < v.length; i++) s[i] = v[i] * f;
        return s;
    }

    /** The points with finite values (and positive y on a log axis): XChart draws no gaps and rejects y ≤ 0 on log axes. */
    private static double[][] finite(double[] x, double[] y, boolean positive) {
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < x.length; i++)
            if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!positive || y[i] > 0)) p.add(new double[] {x[i], y[i]});
        double[][] r = new double[2][p.size()];
        for (int i = 0; i < p.size(); i++) {
            r[0][i] = p.get(i)[0];
            r[1][i] = p.get(i)[1];
        }
        return r;
    }
}
