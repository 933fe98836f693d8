package org.pnn4j.plot;

import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * One output over successive device calls at a fixed input: drift and its spectrum. {@link #build()} draws
 * the output against the call index with a moving average; {@link #spectrum()} draws the periodogram on
 * log-log axes with a fitted power law 1/f^α (α ≈ 1 for pink, 2 for random-walk drift, 0 for white noise).
 * Measuring advances the device's state.
 *
 * <p>Table columns: trace: {@code call}, {@code y}, {@code moving_average}; spectrum: {@code frequency}
 * (cycles per call), {@code power} ((output unit)² per cycle/call), {@code fit}.
 */
public final class DriftPlot extends XyPlotBuilder<DriftPlot> {
    private final Substrate substrate;
    private final PhysicalDevice device;
    private final Params theta;
    private double[] input;
    private int output, calls = 1000, window = 25;
    private String outputUnit = "";

    DriftPlot(Substrate substrate, PhysicalDevice device, Params theta) {
        this.substrate = substrate;
        this.device = device;
        this.theta = theta;
    }

    /** The fixed input (default: the middle of the input range); checked at build. */
    public DriftPlot input(double... x) {
        this.input = Objects.requireNonNull(x, "x").clone();
        return this;
    }

    /** The output followed (default 0). */
    public DriftPlot output(int j) {
        this.output = Plots.checkOutputs(substrate, j)[0];
        return this;
    }

    /** Successive device calls (default 1000), 16 to 20000. */
    public DriftPlot calls(int n) {
        if (n < 16 || n > 20000) throw new IllegalArgumentException("calls must be in 16..20000, got " + n);
        this.calls = n;
        return this;
    }

    /** Calls in the moving average of the trace (default 25), at least 1. */
    public DriftPlot window(int n) {
        if (n < 1) throw new IllegalArgumentException("a moving average needs a window of at least 1 call, got " + n);
        this.window = n;
        return this;
    }

    /** Unit of the output for the axis labels (default "a.u."). */
    public DriftPlot outputUnit(String unit) {
        this.outputUnit = unit;
        return this;
    }

    private double[] record() {
        return Measure.column(Measure.repeat(substrate, device, theta, input != null ? input : Plots.middle(substrate), calls), output);
    }

    /** The output against the call index, with a moving average of {@link #window} calls. */
    @Override
    public Figure<XYChart> build() {
        double[] y = record();
        double[] call = new double[calls], avg = new double[calls];
        double sum = 0;
        for (int i = 0; i < calls; i++) {
            call[i] = i;
            sum += y[i];
            if (i >= window) sum -= y[i - window];
            avg[i] = sum / Math.min(i + 1, window);
        }
        XYChart c = xy(Style.fmt("drift of output y_%d over %d calls", output, calls), "device call", Style.label("output y_" + output, outputUnit));
        double[] at = Style.indexAxis(c, call);
        Style.line(c, "measured", at, y, Style.translucent(Style.color(0), 150), new java.awt.BasicStroke(1f));
        Style.line(c, "moving average (" + window + " calls)", at, avg, Style.color(1), Style.SOLID);
        Table t = Table.create("drift of " + substrate.name() + " y_" + output, DoubleColumn.create("call", call), DoubleColumn.create("y", y),
                DoubleColumn.create("moving_average", avg));
        return Style.figure(c, t);
    }

    /** The periodogram of the recorded output on log-log axes, with the fitted power law. */
    public Figure<XYChart> spectrum() {
        double[][] fp = Stats.periodogram(record());
        double[] f = fp[0], p = fp[1];
        int n = 0;
        for (double v : p) if (v > 0) n++;
        double[] lf = new double[n], lp = new double[n];
        for (int i = 0, k = 0; i < f.length; i++)
            if (p[i] > 0) {
                lf[k] = Math.log10(f[i]);
                lp[k++] = Math.log10(p[i]);
            }
        double[] ab = Stats.fitLine(lf, lp);
        double[] fit = new double[f.length];
        for (int i = 0; i < f.length; i++) fit[i] = Math.pow(10, ab[0] + ab[1] * Math.log10(f[i]));
        XYChart c = Style.xy(width(), height(), titleOr(Style.fmt("spectrum of output y_%d: power ∝ 1/f^%.2f", output, -ab[1])),
                "frequency (cycles per call)", Style.label("power", unitSquared() + " per cycle/call"));
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        c.getStyler().setPlotGridVerticalLinesVisible(false); // a log axis draws a dense minor grid that hides the data
        Style.line(c, "periodogram", f, p, Style.translucent(Style.color(0), 170), new java.awt.BasicStroke(1f));
        Style.line(c, Style.fmt("fit: 1/f^%.2f", -ab[1]), f, fit, Style.color(1), Style.SOLID);
        Table t = Table.create("spectrum of " + substrate.name() + " y_" + output, DoubleColumn.create("frequency", f), DoubleColumn.create("power", p),
                DoubleColumn.create("fit", fit));
        return Style.figure(c, t);
    }

    private String unitSquared() {
        return outputUnit == null || outputUnit.isBlank() || outputUnit.equals("-") ? "a.u.²" : "(" + outputUnit + ")²";
    }
}
