package org.pnn4j.plot;

import org.knowm.xchart.XYChart;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A digital twin's predictions against the device's measurements, one colour per output, with the line
 * y = x and the coefficient of determination R² (over all points drawn) in the title.
 *
 * <p>Table columns: {@code output}, {@code measured}, {@code predicted}, {@code residual} (measured -
 * predicted), output units.
 */
public final class TwinScatterPlot extends XyPlotBuilder<TwinScatterPlot> {
    private final Tensor predicted, measured;
    private int[] outputs;
    private String unit = "";

    TwinScatterPlot(Tensor predicted, Tensor measured) {
        TwinData.check(predicted, measured);
        this.predicted = predicted;
        this.measured = measured;
        size(560, 560);
    }

    /** The outputs drawn (default: up to the first 8). */
    public TwinScatterPlot outputs(int... outputs) {
        this.outputs = TwinData.outputs(measured, outputs.clone(), 0);
        return this;
    }

    /** Unit of the outputs for the axis labels (default "a.u."). */
    public TwinScatterPlot unit(String unit) {
        this.unit = unit;
        return this;
    }

    @Override
    public Figure<XYChart> build() {
        int[] outs = TwinData.outputs(measured, outputs, 8);
        IntColumn oCol = IntColumn.create("output");
        DoubleColumn mCol = DoubleColumn.create("measured"), pCol = DoubleColumn.create("predicted"), rCol = DoubleColumn.create("residual");
        for (int j : outs) {
            double[] m = TwinData.column(measured, j), p = TwinData.column(predicted, j);
            for (int i = 0; i < m.length; i++) {
                oCol.append(j);
                mCol.append(m[i]);
                pCol.append(p[i]);
                rCol.append(m[i] - p[i]);
            }
        }
        double r2 = Stats.rSquared(pCol.asDoubleArray(), mCol.asDoubleArray());
        XYChart c = xy(Style.fmt("twin vs device: R² = %.4f", r2), Style.label("measured output", unit), Style.label("predicted output", unit));
        int k = 0;
        for (int j : outs) Style.scatter(c, "y_" + j, TwinData.column(measured, j), TwinData.column(predicted, j), Style.translucent(Style.color(k++), 160));
        double lo = Math.min(Stats.min(mCol.asDoubleArray()), Stats.min(pCol.asDoubleArray()));
        double hi = Math.max(Stats.max(mCol.asDoubleArray()), Stats.max(pCol.asDoubleArray()));
        Style.line(c, "y = x", new double[] {lo, hi}, new double[] {lo, hi}, java.awt.Color.DARK_GRAY, Style.DASHED);
        return Style.figure(c, Table.create("twin vs device", oCol, mCol, pCol, rCol));
    }
}
