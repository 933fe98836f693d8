package org.pnn4j.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.HeatMapChart;
import org.pnn4j.physics.Characterization;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * A 2-D slice of a transfer function as a heat map: one output against two inputs swept over their ranges,
 * the other inputs held at the middle of the range. By default the ideal model; {@link #physical(int)} draws
 * the device's mean over repeats instead (advancing its state).
 *
 * <p>Table columns: {@code xa}, {@code xb} (the two inputs, input units; named after their columns, e.g.
 * {@code x0}, {@code x1}) and {@code y} (the output, output units).
 */
public final class TransferMapPlot extends PlotBuilder<TransferMapPlot, HeatMapChart> {
    private final Substrate substrate;
    private final PhysicalDevice device;
    private final Params theta;
    private int a = 0, b = 1, output = 0, steps = 21, repeats;
    private String inputUnit = "", outputUnit = "";

    TransferMapPlot(Substrate substrate, PhysicalDevice device, Params theta) {
        this.substrate = Objects.requireNonNull(substrate, "substrate");
        this.device = device;
        this.theta = Objects.requireNonNull(theta, "theta");
    }

    /**
     * The two input columns swept (default 0 and 1).
     *
     * @throws IllegalArgumentException if a column does not exist or both are the same
     */
    public TransferMapPlot inputs(int horizontal, int vertical) {
        for (int col : new int[] {horizontal, vertical})
            if (col < 0 || col >= substrate.inputSize())
                throw new IllegalArgumentException("inputs(" + horizontal + ", " + vertical + "): substrate '" + substrate.name()
                        + "' has input columns 0.." + (substrate.inputSize() - 1));
        if (horizontal == vertical) throw new IllegalArgumentException("inputs(" + horizontal + ", " + vertical + "): a 2-D slice needs two different inputs");
        this.a = horizontal;
        this.b = vertical;
        return this;
    }

    /** The output drawn (default 0). */
    public TransferMapPlot output(int j) {
        this.output = Plots.checkOutputs(substrate, j)[0];
        return this;
    }

    /** Levels per input (default 21), 2 to 200. */
    public TransferMapPlot steps(int steps) {
        if (steps < 2 || steps > 200) throw new IllegalArgumentException("steps must be in 2..200 (cells per side), got " + steps);
        this.steps = steps;
        return this;
    }

    /**
     * Draws the device's mean over {@code repeats} calls instead of the model.
     *
     * @throws IllegalStateException if the plot was made without a device
     */
    public TransferMapPlot physical(int repeats) {
        if (device == null) throw new IllegalStateException("this transfer map has no device; make it from a PhysicalLayer to draw the physical realization");
        if (repeats < 2) throw new IllegalArgumentException("repeats must be at least 2, got " + repeats);
        this.repeats = repeats;
        return this;
    }

    /** Unit of the inputs for the axis labels (default "a.u."). */
    public TransferMapPlot inputUnit(String unit) {
        this.inputUnit = unit;
        return this;
    }

    /** Unit of the output for the title (default "a.u."). */
    public TransferMapPlot outputUnit(String unit) {
        this.outputUnit = unit;
        return this;
    }

    @Override
    public Figure<HeatMapChart> build() {
        if (substrate.inputSize() < 2) throw new IllegalStateException("substrate '" + substrate.name() + "' has one input; a 2-D slice needs two");
        Characterization ch = Characterization.of(substrate).baseline(theta)
                .sweepInput(b, substrate.inputMin(), substrate.inputMax(), steps)
                .sweepInput(a, substrate.inputMin(), substrate.inputMax(), steps);
        Table r = repeats > 0 ? ch.device(device).repeats(repeats).run() : ch.ideal().run();
        double[] xa = r.doubleColumn("x" + a).asDoubleArray(), xb = r.doubleColumn("x" + b).asDoubleArray();
        double[] y = r.doubleColumn("mean_" + output).asDoubleArray();

        // category labels as text: XChart 4.0.3 formats numeric heat-map categories inconsistently (repeated "1")
        java.text.DecimalFormat fmt = new java.text.DecimalFormat("0.###", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        List<String> xs = new ArrayList<>(), ys = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            double v = substrate.inputMin() + (substrate.inputMax() - substrate.inputMin()) * s / (steps - 1);
            xs.add(fmt.format(v));
            ys.add(fmt.format(v));
        }
        List<Number[]> cells = new ArrayList<>();
        // b varies slowest, a fastest (declaration order): row i -> (a index i % steps, b index i / steps)
        for (int i = 0; i < y.length; i++) cells.add(new Number[] {i % steps, i / steps, y[i]});
        String what = repeats > 0 ? "physical mean of " + repeats : "model";
        HeatMapChart c = Style.heat(width(), height(), titleOr("transfer map: " + what + " of " + Style.label("output y_" + output, outputUnit)),
                Style.label("input x" + a, inputUnit), Style.label("input x" + b, inputUnit), Style.SEQUENTIAL);
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : y) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        c.getStyler().setMin(Style.niceFloor(lo)).setMax(Style.niceCeiling(hi)); // a readable colour scale
        c.getStyler().setDecimalPattern("0.###");
        c.getStyler().setHeatMapValueDecimalPattern("0.####");
        c.addSeries("y_" + output, xs, ys, cells);
        Table t = Table.create("transfer map of " + substrate.name(), DoubleColumn.create("x" + a, xa), DoubleColumn.create("x" + b, xb),
                DoubleColumn.create("y", y));
        return Style.figure(c, t);
    }
}
