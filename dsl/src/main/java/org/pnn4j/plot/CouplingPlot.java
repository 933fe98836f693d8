package org.pnn4j.plot;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A matrix parameter before and after training as two heat maps side by side on one colour scale,
 * symmetric about zero (blue negative, white zero, red positive): e.g. the coupling matrix "C" of coupled
 * oscillators. Row i is drawn at the top for i = 0, as a matrix is written.
 *
 * <p>Table columns: {@code i}, {@code j}, {@code before}, {@code after}, {@code change} (parameter units).
 */
public final class CouplingPlot extends PlotBuilder<CouplingPlot, HeatMapChart> {
    private final Tensor before, after;
    private String name = "C", unit = "";

    CouplingPlot(Tensor before, Tensor after) {
        if (before.shape().length != 2 || !java.util.Arrays.equals(before.shape(), after.shape()))
            throw new IllegalArgumentException("before and after must be matrices of one shape, got " + java.util.Arrays.toString(before.shape())
                    + " and " + java.util.Arrays.toString(after.shape()));
        this.before = before.detach();
        this.after = after.detach();
        size(480, 440);
    }

    /** The parameter's name and unit for the titles (default "C", "a.u."); e.g. from its {@code ParameterSpec}. */
    public CouplingPlot parameter(String name, String unit) {
        this.name = name;
        this.unit = unit;
        return this;
    }

    @Override
    public Figure<HeatMapChart> build() {
        int n = before.dim(0), m = before.dim(1);
        float[] b = before.array(), a = after.array();
        double lim = 0;
        for (int k = 0; k < b.length; k++) lim = Math.max(lim, Math.max(Math.abs(b[k]), Math.abs(a[k])));
        lim = lim == 0 ? 1 : Style.niceCeiling(lim);
        IntColumn iCol = IntColumn.create("i"), jCol = IntColumn.create("j");
        DoubleColumn bCol = DoubleColumn.create("before"), aCol = DoubleColumn.create("after"), dCol = DoubleColumn.create("change");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) {
                iCol.append(i);
                jCol.append(j);
                bCol.append(b[i * m + j]);
                aCol.append(a[i * m + j]);
                dCol.append(a[i * m + j] - b[i * m + j]);
            }
        List<HeatMapChart> charts = List.of(panel("before training", b, n, m, lim), panel("after training", a, n, m, lim));
        return new Figure<>(charts, Table.create(name + " before and after", iCol, jCol, bCol, aCol, dCol));
    }

    private HeatMapChart panel(String when, float[] v, int n, int m, double lim) {
        HeatMapChart c = Style.heat(width(), height(), titleOr(Style.label(name, unit) + " " + when), "column j", "row i (0 at the bottom)", Style.DIVERGING);
        c.getStyler().setMin(-lim).setMax(lim);
        c.getStyler().setDecimalPattern("0.###");
        // rows go up from 0 at the bottom, so the y axis (numeric in XChart 4.0.3) gets round ticks (0, 20, 40, ...);
        // the columns, a category axis, get a label count that makes XChart pick round ones (0, 11, 22, ... before)
        c.getStyler().setXAxisMaxLabelCount(Ticks.categoryLabelCount(m, 10));
        c.getStyler().setyAxisTickLabelsFormattingFunction(Ticks.multiplesOf(Math.max(1, Ticks.niceStep(Math.max(1, n - 1), 8))));
        List<Integer> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int j = 0; j < m; j++) xs.add(j);
        for (int i = 0; i < n; i++) ys.add(i);
        List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++) cells.add(new Number[] {j, i, v[i * m + j]});
        c.addSeries(name, xs, ys, cells);
        return c;
    }
}
