package org.pnn4j.plot;

import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Histogram of one output over repeated device calls at a fixed input, with the normal density of the same
 * mean and standard deviation scaled to counts. Measuring advances the device's state (drift, call count).
 *
 * <p>Table columns: {@code bin_lo}, {@code bin_hi}, {@code bin_center} (output units), {@code count}
 * (calls whose output fell in the bin; they sum to the repeats), {@code normal} (expected count under the
 * fitted normal).
 */
public final class NoiseHistogramPlot extends XyPlotBuilder<NoiseHistogramPlot> {
    private final Substrate substrate;
    private final PhysicalDevice device;
    private final Params theta;
    private double[] input;
    private int output, repeats = 500, bins = 30;
    private String outputUnit = "";

    NoiseHistogramPlot(Substrate substrate, PhysicalDevice device, Params theta) {
        this.substrate = substrate;
        this.device = device;
        this.theta = theta;
    }

    /** The fixed input (default: the middle of the input range); checked at build. */
    public NoiseHistogramPlot input(double... x) {
        this.input = Objects.requireNonNull(x, "x").clone();
        return this;
    }

    /** The output measured (default 0). */
    public NoiseHistogramPlot output(int j) {
        this.output = Plots.checkOutputs(substrate, j)[0];
        return this;
    }

    /** Device calls (default 500), at least 10. */
    public NoiseHistogramPlot repeats(int n) {
        if (n < 10) throw new IllegalArgumentException("a histogram needs at least 10 repeats, got " + n);
        this.repeats = n;
        return this;
    }

    /** Number of bins (default 30), 2 to 1000. */
    public NoiseHistogramPlot bins(int n) {
        if (n < 2 || n > 1000) throw new IllegalArgumentException("bins must be in 2..1000, got " + n);
        this.bins = n;
        return this;
    }

    /** Unit of the output for the axis label (default "a.u."). */
    public NoiseHistogramPlot outputUnit(String unit) {
        this.outputUnit = unit;
        return this;
    }

    @Override
    public Figure<XYChart> build() {
        double[] x = input != null ? input : Plots.middle(substrate);
        double[] v = Measure.column(Measure.repeat(substrate, device, theta, x, repeats), output);
        double m = Stats.mean(v), sd = Stats.std(v);
        double[] edges = Stats.edges(Stats.min(v), Stats.max(v), bins);
        double[] counts = Stats.counts(v, edges);
        double w = edges[1] - edges[0];

        double[] lo = new double[bins], hi = new double[bins], mid = new double[bins], normal = new double[bins];
        for (int b = 0; b < bins; b++) {
            lo[b] = edges[b];
            hi[b] = edges[b + 1];
            mid[b] = (lo[b] + hi[b]) / 2;
            normal[b] = sd > 0 ? repeats * w * density(mid[b], m, sd) : Double.NaN;
        }
        XYChart c = xy(Style.fmt("noise of output y_%d: mean %.4g, std %.3g, %d calls", output, m, sd, repeats),
                Style.label("output y_" + output, outputUnit), "count (calls per bin)");
        Style.histogram(c, "measured", edges, counts, Style.color(0), true);
        if (sd > 0) {
            int n = 200;
            double[] fx = new double[n], fy = new double[n];
            for (int i = 0; i < n; i++) {
                fx[i] = edges[0] + (edges[bins] - edges[0]) * i / (n - 1);
                fy[i] = repeats * w * density(fx[i], m, sd);
            }
            Style.line(c, "normal fit", fx, fy, Style.color(1), Style.SOLID);
        }
        c.getStyler().setYAxisMin(0.0);
        Table t = Table.create("noise histogram of " + substrate.name() + " y_" + output, DoubleColumn.create("bin_lo", lo),
                DoubleColumn.create("bin_hi", hi), DoubleColumn.create("bin_center", mid), DoubleColumn.create("count", counts),
                DoubleColumn.create("normal", normal));
        return Style.figure(c, t);
    }

    private static double density(double x, double m, double sd) {
        double z = (x - m) / sd;
        return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
    }
}
