package org.pnn4j.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.pnn4j.physics.Characterization;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Transfer functions of a physical layer: outputs against one input swept over its range, the other inputs
 * held at a base input. For every parameter set drawn, the physical realization is shown as its mean ± one
 * standard deviation over repeated device calls (a band and a solid line) and the ideal model as a dashed
 * line. Two parameter sets (e.g. {@link Plots#snapshot snapshots} before and after training) overlay.
 *
 * <pre>{@code
 * Params before = Plots.snapshot(layer);
 * ... train ...
 * Figure<XYChart> f = Plots.transferFunction(layer).sweepInput(0).outputs(0, 3)
 *         .parameters("before", before).parameters("after", layer.params()).build();
 * }</pre>
 *
 * <p>Measuring calls the layer's device and so advances its state (drift, call count).
 *
 * <p>Table columns: {@code parameters} (the set's label), {@code output} (index j as text "y_j"),
 * {@code x} (the swept input, input units), {@code model}, {@code mean}, {@code std} (output units).
 */
public final class TransferFunctionPlot extends XyPlotBuilder<TransferFunctionPlot> {
    private final Substrate substrate;
    private final PhysicalDevice device;
    private final Params current;
    private final Map<String, Params> sets = new LinkedHashMap<>();
    private int column;
    private Double lo, hi;
    private int steps = 41, repeats = 20;
    private int[] outputs;
    private double[] baseInput;
    private boolean physical = true;
    private String inputUnit = "", outputUnit = "";

    TransferFunctionPlot(Substrate substrate, PhysicalDevice device, Params current) {
        this.substrate = Objects.requireNonNull(substrate, "substrate");
        this.device = Objects.requireNonNull(device, "device");
        this.current = Objects.requireNonNull(current, "params");
    }

    /**
     * The input column swept (default 0), over the whole input range.
     *
     * @throws IllegalArgumentException if the column does not exist
     */
    public TransferFunctionPlot sweepInput(int column) {
        if (column < 0 || column >= substrate.inputSize())
            throw new IllegalArgumentException("sweepInput(" + column + "): substrate '" + substrate.name() + "' has input columns 0.."
                    + (substrate.inputSize() - 1));
        this.column = column;
        return this;
    }

    /** The input column swept, from {@code lo} to {@code hi} (input units, inside the input range; checked at build). */
    public TransferFunctionPlot sweepInput(int column, double lo, double hi) {
        sweepInput(column);
        this.lo = lo;
        this.hi = hi;
        return this;
    }

    /** Levels of the sweep (default 41), at least 2. */
    public TransferFunctionPlot steps(int steps) {
        if (steps < 2) throw new IllegalArgumentException("a transfer function needs at least 2 levels, got " + steps);
        this.steps = steps;
        return this;
    }

    /** Device calls per level for the mean ± std band (default 20), at least 2. */
    public TransferFunctionPlot repeats(int repeats) {
        if (repeats < 2) throw new IllegalArgumentException("repeats must be at least 2 for a standard deviation, got " + repeats);
        this.repeats = repeats;
        return this;
    }

    /**
     * The output channels drawn (default: the first, or up to the first four).
     *
     * @throws IllegalArgumentException if an index does not exist or none is given
     */
    public TransferFunctionPlot outputs(int... outputs) {
        this.outputs = Plots.checkOutputs(substrate, outputs);
        return this;
    }

    /** The values of the inputs not swept (default: the middle of the input range); checked at build. */
    public TransferFunctionPlot baseInput(double... x) {
        this.baseInput = x.clone();
        return this;
    }

    /** Draws only the ideal model (no device calls). */
    public TransferFunctionPlot modelOnly() {
        this.physical = false;
        return this;
    }

    /**
     * Adds a labelled parameter set to draw (default: the layer's current parameters, unlabelled). Give two
     * for a before/after overlay.
     */
    public TransferFunctionPlot parameters(String label, Params theta) {
        sets.put(Objects.requireNonNull(label, "label"), Objects.requireNonNull(theta, "theta"));
        return this;
    }

    /** The unit of the inputs for the axis label (default "a.u."; "-" for a dimensionless quantity). */
    public TransferFunctionPlot inputUnit(String unit) {
        this.inputUnit = unit;
        return this;
    }

    /** The unit of the outputs for the axis label (default "a.u."; "-" for a dimensionless quantity). */
    public TransferFunctionPlot outputUnit(String unit) {
        this.outputUnit = unit;
        return this;
    }

    /**
     * Measures and draws.
     *
     * @throws IllegalArgumentException if the sweep, base input or a parameter set does not fit the substrate
     */
    @Override
    public Figure<XYChart> build() {
        double a = lo != null ? lo : substrate.inputMin(), b = hi != null ? hi : substrate.inputMax();
        int[] outs = outputs != null ? outputs : Plots.defaultOutputs(substrate, 4);
        Map<String, Params> draw = sets.isEmpty() ? Map.of("", current) : sets;

        StringColumn setCol = StringColumn.create("parameters"), outCol = StringColumn.create("output");
        DoubleColumn xCol = DoubleColumn.create("x"), modelCol = DoubleColumn.create("model");
        DoubleColumn meanCol = DoubleColumn.create("mean"), stdCol = DoubleColumn.create("std");

        String xName = "input x" + column;
        XYChart c = xy("transfer function of " + substrate.name(), Style.label(xName, inputUnit), Style.label("output", outputUnit));
        int series = 0;
        List<String> labels = new ArrayList<>(draw.keySet());
        for (int si = 0; si < labels.size(); si++) {
            String label = labels.get(si);
            Params theta = draw.get(label);
            Table ideal = characterization(theta, a, b).ideal().run();
            Table meas = physical ? characterization(theta, a, b).device(device).repeats(repeats).run() : null;
            double[] x = ideal.doubleColumn("x" + column).asDoubleArray();
            for (int j : outs) {
                double[] model = ideal.doubleColumn("mean_" + j).asDoubleArray();
                double[] mean = meas != null ? meas.doubleColumn("mean_" + j).asDoubleArray() : null;
                double[] std = meas != null ? meas.doubleColumn("std_" + j).asDoubleArray() : null;
                for (int i = 0; i < x.length; i++) {
                    setCol.append(label);
                    outCol.append("y_" + j);
                    xCol.append(x[i]);
                    modelCol.append(model[i]);
                    meanCol.append(mean != null ? mean[i] : Double.NaN);
                    stdCol.append(std != null ? std[i] : Double.NaN);
                }
                // one colour per (set, output); before/after of one output share the hue family by order
                Color col = Style.color(series++);
                String name = "y_" + j + (label.isEmpty() ? "" : " " + label);
                if (mean != null) {
                    double[] l = new double[x.length], h = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        l[i] = mean[i] - std[i];
                        h[i] = mean[i] + std[i];
                    }
                    // the legend names each curve once by its colour, and says once what band and dashes mean
                    boolean first = series == 1;
                    Style.band(c, first ? "device ±1σ" : name + " ±1σ", x, l, h, col).setShowInLegend(first);
                    Style.line(c, name.isEmpty() ? "device" : name, x, mean, col, Style.SOLID);
                    Style.line(c, first ? "model (dashed)" : name + " model", x, model, col.darker(), Style.DASHED).setShowInLegend(first);
                } else {
                    Style.line(c, name + " model", x, model, col, Style.SOLID);
                }
            }
        }
        Style.fitLegend(c);
        Table t = Table.create("transfer function of " + substrate.name() + " vs x" + column, setCol, outCol, xCol, modelCol, meanCol, stdCol);
        return Style.figure(c, t);
    }

    private Characterization characterization(Params theta, double a, double b) {
        Characterization ch = Characterization.of(substrate).baseline(theta).sweepInput(column, a, b, steps);
        if (baseInput != null) ch.baseInput(baseInput);
        return ch;
    }
}
