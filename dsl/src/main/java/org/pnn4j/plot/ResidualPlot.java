package org.pnn4j.plot;

import org.knowm.xchart.XYChart;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Histograms of the twin's residuals (measured - predicted), one outline per output on common bins, with
 * each output's residual mean and std in the legend.
 *
 * <p>Table columns: {@code output}, {@code bin_lo}, {@code bin_hi} (output units), {@code count}; the
 * counts of one output sum to the number of samples.
 */
public final class ResidualPlot extends XyPlotBuilder<ResidualPlot> {
    private final Tensor predicted, measured;
    private int[] outputs;
    private int bins = 30;
    private String unit = "";

    ResidualPlot(Tensor predicted, Tensor measured) {
        TwinData.check(predicted, measured);
        this.predicted = predicted;
        this.measured = measured;
    }

    /** The outputs drawn (default: up to the first 4). */
    public ResidualPlot outputs(int... outputs) {
        this.outputs = TwinData.outputs(measured, outputs.clone(), 0);
        return this;
    }

    /** Number of bins (default 30), 2 to 1000. */
    public ResidualPlot bins(int n) {
        if (n < 2 || n > 1000) throw new IllegalArgumentException("bins must be in 2..1000, got " + n);
        this.bins = n;
        return this;
    }

    /** Unit of the outputs for the axis label (default "a.u."). */
    public ResidualPlot unit(String unit) {
        this.unit = unit;
        return this;
    }

    @Override
    public Figure<XYChart> build() {
        int[] outs = TwinData.outputs(measured, outputs, 4);
        double[][] res = new double[outs.length][];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < outs.length; k++) {
            double[] m = TwinData.column(measured, outs[k]), p = TwinData.column(predicted, outs[k]);
            res[k] = new double[m.length];
            for (int i = 0; i < m.length; i++) res[k][i] = m[i] - p[i];
            lo = Math.min(lo, Stats.min(res[k]));
            hi = Math.max(hi, Stats.max(res[k]));
        }
        double[] edges = Stats.edges(lo, hi, bins);
        XYChart c = xy("residuals of the twin (measured - predicted)", Style.label("residual", unit), "count (samples per bin)");
        // one legend line per output: the entries carry mean and std and overflow a single row
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Vertical);
        IntColumn oCol = IntColumn.create("output");
        DoubleColumn loCol = DoubleColumn.create("bin_lo"), hiCol = DoubleColumn.create("bin_hi"), cCol = DoubleColumn.create("count");
        for (int k = 0; k < outs.length; k++) {
            double[] counts = Stats.counts(res[k], edges);
            for (int b = 0; b < bins; b++) {
                oCol.append(outs[k]);
                loCol.append(edges[b]);
                hiCol.append(edges[b + 1]);
                cCol.append(counts[b]);
            }
            Style.histogram(c, Style.fmt("y_%d: mean %.2g, std %.2g", outs[k], Stats.mean(res[k]), Stats.std(res[k])), edges, counts,
                    Style.color(k), outs.length == 1);
        }
        c.getStyler().setYAxisMin(0.0);
        return Style.figure(c, Table.create("twin residuals", oCol, loCol, hiCol, cCol));
    }
}
