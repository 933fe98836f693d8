package org.pnn4j.plot;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.pnn4j.physics.Characterization;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Noise standard deviation against signal level on log-log axes: a random plan of inputs (and, unless
 * {@link #fixedParameters()}, parameters) is measured with repeats on the device, and every (mean, std) pair
 * of every output with both positive is a point. The power law std = a·mean^slope is fitted by least
 * squares in log-log and drawn; its slope is in the legend (0.5 for shot noise, 1 for multiplicative noise,
 * 0 for additive noise). Measuring advances the device's state.
 *
 * <p>Table columns: {@code output} (index), {@code signal} (mean, output units), {@code std} (output
 * units), {@code fit_std} (the fitted power law at that signal).
 */
public final class NoiseScalingPlot extends XyPlotBuilder<NoiseScalingPlot> {
    private final Substrate substrate;
    private final PhysicalDevice device;
    private final Params theta;
    private int points = 60, repeats = 30;
    private long seed = 1;
    private boolean fixedParameters;
    private String outputUnit = "";

    NoiseScalingPlot(Substrate substrate, PhysicalDevice device, Params theta) {
        this.substrate = substrate;
        this.device = device;
        this.theta = theta;
        logX();
        logY();
    }

    /** Random operating points (default 60), each giving one point per output. */
    public NoiseScalingPlot points(int n) {
        if (n < 2) throw new IllegalArgumentException("a fit needs at least 2 operating points, got " + n);
        this.points = n;
        return this;
    }

    /** Device calls per operating point (default 30), at least 2. */
    public NoiseScalingPlot repeats(int n) {
        if (n < 2) throw new IllegalArgumentException("repeats must be at least 2 for a standard deviation, got " + n);
        this.repeats = n;
        return this;
    }

    /** Seed of the random operating points (default 1). */
    public NoiseScalingPlot seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Varies only the inputs, holding the layer's parameters (default: parameters drawn too, for a wider signal range). */
    public NoiseScalingPlot fixedParameters() {
        this.fixedParameters = true;
        return this;
    }

    /** Unit of the outputs for the axis labels (default "a.u."). */
    public NoiseScalingPlot outputUnit(String unit) {
        this.outputUnit = unit;
        return this;
    }

    /**
     * Measures, fits and draws.
     *
     * @throws IllegalStateException if fewer than two points have positive mean and std (nothing to fit on log axes)
     */
    @Override
    public Figure<XYChart> build() {
        Characterization ch = Characterization.of(substrate).baseline(theta).device(device).repeats(repeats).randomPlan(points, seed);
        if (fixedParameters)
            for (int i = 0; i < substrate.inputSize(); i++) ch.sweepInput(i, substrate.inputMin(), substrate.inputMax(), 2);
        Table r = ch.run();
        List<Integer> out = new ArrayList<>();
        List<Double> sig = new ArrayList<>(), sd = new ArrayList<>();
        for (int j = 0; j < substrate.outputSize(); j++) {
            double[] m = r.doubleColumn("mean_" + j).asDoubleArray(), s = r.doubleColumn("std_" + j).asDoubleArray();
            for (int i = 0; i < m.length; i++)
                if (m[i] > 0 && s[i] > 0) {
                    out.add(j);
                    sig.add(m[i]);
                    sd.add(s[i]);
                }
        }
        if (sig.size() < 2)
            throw new IllegalStateException("substrate '" + substrate.name() + "' gave " + sig.size()
                    + " points with positive mean and std; noise vs signal needs at least 2 (is the device noiseless?)");
        double[] x = sig.stream().mapToDouble(Double::doubleValue).toArray(), y = sd.stream().mapToDouble(Double::doubleValue).toArray();
        double[] lx = new double[x.length], ly = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            lx[i] = Math.log10(x[i]);
            ly[i] = Math.log10(y[i]);
        }
        double[] ab = Stats.fitLine(lx, ly);
        double[] fit = new double[x.length];
        for (int i = 0; i < x.length; i++) fit[i] = Math.pow(10, ab[0] + ab[1] * lx[i]);

        XYChart c = xy(Style.fmt("noise vs signal: std ∝ signal^%.2f", ab[1]),
                Style.label("signal: mean output", outputUnit), Style.label("noise: std of output", outputUnit));
        c.getStyler().setYAxisLogarithmicDecadeOnly(false);
        Style.scatter(c, Style.fmt("%d operating points × %d outputs", points, substrate.outputSize()), x, y, Style.translucent(Style.color(0), 140));
        double x0 = Stats.min(x), x1 = Stats.max(x);
        Style.line(c, Style.fmt("fit: slope %.2f", ab[1]), new double[] {x0, x1},
                new double[] {Math.pow(10, ab[0] + ab[1] * Math.log10(x0)), Math.pow(10, ab[0] + ab[1] * Math.log10(x1))}, Style.color(1), Style.SOLID);
        Table t = Table.create("noise vs signal of " + substrate.name(), IntColumn.create("output", out.stream().mapToInt(Integer::intValue).toArray()),
                DoubleColumn.create("signal", x), DoubleColumn.create("std", y), DoubleColumn.create("fit_std", fit));
        return Style.figure(c, t);
    }
}
