package org.pnn4j.plot;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.Substrate;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Parameter values against their allowed ranges. With one parameter chosen ({@link #parameter}), its
 * elements are drawn against their index in the parameter's own unit, with the range's bounds as dashed
 * lines. By default every parameter is drawn as its position in its range, 0 = lo and 1 = hi, so that
 * parameters of different units share one axis; elements at a bound show as points on the line.
 *
 * <p>Table columns: {@code parameter}, {@code element} (flat index), {@code value}, {@code lo}, {@code hi}
 * (parameter units), {@code unit}, {@code position} ((value - lo)/(hi - lo)).
 */
public final class ParameterRangePlot extends XyPlotBuilder<ParameterRangePlot> {
    private final Substrate substrate;
    private final Params theta;
    private String only;

    ParameterRangePlot(Substrate substrate, Params theta) {
        this.substrate = substrate;
        this.theta = theta;
    }

    /**
     * Draws only parameter {@code name}, in its unit.
     *
     * @throws IllegalArgumentException naming the parameters the substrate has
     */
    public ParameterRangePlot parameter(String name) {
        spec(name);
        this.only = name;
        return this;
    }

    private ParameterSpec spec(String name) {
        List<String> names = new ArrayList<>();
        for (ParameterSpec p : substrate.parameters()) {
            if (p.name().equals(name)) return p;
            names.add(p.name());
        }
        throw new IllegalArgumentException("substrate '" + substrate.name() + "' has no parameter '" + name + "'; it has " + names);
    }

    @Override
    public Figure<XYChart> build() {
        StringColumn pCol = StringColumn.create("parameter"), uCol = StringColumn.create("unit");
        IntColumn eCol = IntColumn.create("element");
        DoubleColumn vCol = DoubleColumn.create("value"), loCol = DoubleColumn.create("lo"), hiCol = DoubleColumn.create("hi"),
                posCol = DoubleColumn.create("position");
        List<ParameterSpec> specs = only != null ? List.of(spec(only)) : substrate.parameters();
        XYChart c;
        if (only != null) {
            ParameterSpec p = specs.get(0);
            c = xy("parameter " + p.name() + " within its range", "element (flat index)", Style.label(p.name(), p.unit().isEmpty() ? "-" : p.unit()));
        } else {
            c = xy("parameters within their ranges", "element (flat index)", "position in range (0 = lo, 1 = hi)");
        }
        int k = 0, most = 0;
        for (ParameterSpec p : specs) {
            float[] v = theta.get(p.name()).array();
            most = Math.max(most, v.length);
            double[] idx = new double[v.length], y = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                double pos = p.hi() > p.lo() ? (v[i] - p.lo()) / (p.hi() - p.lo()) : 0.5;
                pCol.append(p.name());
                uCol.append(p.unit());
                eCol.append(i);
                vCol.append(v[i]);
                loCol.append(p.lo());
                hiCol.append(p.hi());
                posCol.append(pos);
                idx[i] = i;
                y[i] = only != null ? v[i] : pos;
            }
            String label = p.name() + (p.unit().isEmpty() ? "" : " (" + p.unit() + ")") + Style.fmt(" in [%.3g, %.3g]", p.lo(), p.hi());
            Style.scatter(c, label, Style.indexAxis(c, idx), y, Style.color(k++));
        }
        double xMax = Math.max(1, most - 1);
        double lo = only != null ? specs.get(0).lo() : 0, hi = only != null ? specs.get(0).hi() : 1;
        double[] span = Style.indexAxis(c, new double[] {0, xMax});
        Style.line(c, "allowed range", span, new double[] {lo, lo}, java.awt.Color.DARK_GRAY, Style.DASHED);
        Style.line(c, "upper bound", span, new double[] {hi, hi}, java.awt.Color.DARK_GRAY, Style.DASHED).setShowInLegend(false);
        double pad = (hi - lo) * 0.05;
        c.getStyler().setYAxisMin(lo - pad).setYAxisMax(hi + pad);
        return Style.figure(c, Table.create("parameters of " + substrate.name(), pCol, eCol, vCol, loCol, hiCol, uCol, posCol));
    }
}
