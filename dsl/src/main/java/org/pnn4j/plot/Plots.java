package org.pnn4j.plot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.Table;

/**
 * The entry point of every plot: each method returns a builder with sensible defaults; set options, then
 * {@code build()} a {@link Figure} (XChart chart + Tablesaw table; {@code savePng}, {@code saveSvg}).
 *
 * <pre>{@code
 * Plots.transferFunction(layer).sweepInput(0).outputs(0, 3).build().savePng(Path.of("out/tf.png"));
 * Plots.training().run("PAT", patHistory.table()).run("in silico", silico.table()).build();
 * Plots.confusion(eval.confusion(), eval.classNames()).build();
 * }</pre>
 */
public final class Plots {
    private Plots() {}

    // ------------------------------------------------------------------ transfer functions

    /** Outputs of {@code layer} against one swept input: device mean ± std and the ideal model. */
    public static TransferFunctionPlot transferFunction(PhysicalLayer layer) {
        return new TransferFunctionPlot(layer.substrate(), layer.device(), layer.params());
    }

    /** One output of {@code layer} against two swept inputs, as a heat map (model by default). */
    public static TransferMapPlot transferMap(PhysicalLayer layer) {
        return new TransferMapPlot(layer.substrate(), layer.device(), layer.params());
    }

    /**
     * A copy of {@code layer}'s current parameter values, unaffected by later training: take one before
     * training to overlay before and after with {@link TransferFunctionPlot#parameters}.
     */
    public static Params snapshot(PhysicalLayer layer) {
        Params p = layer.params();
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (String name : p.names()) {
            Tensor t = p.get(name);
            m.put(name, Tensor.of(t.array().clone(), t.shape()));
        }
        return Params.of(layer.substrate().name(), m);
    }

    // ------------------------------------------------------------------ noise

    /** Histogram of one output over repeated device calls at a fixed input, with the fitted normal density. */
    public static NoiseHistogramPlot noiseHistogram(PhysicalLayer layer) {
        return new NoiseHistogramPlot(layer.substrate(), layer.device(), layer.params());
    }

    /** Noise standard deviation against signal level on log-log axes, with the fitted power law. */
    public static NoiseScalingPlot noiseVsSignal(PhysicalLayer layer) {
        return new NoiseScalingPlot(layer.substrate(), layer.device(), layer.params());
    }

    /** Signal-to-noise ratio per output channel, from a {@code Characterization} table (bar chart). */
    public static SnrPlot snr(Table characterization) {
        return new SnrPlot(characterization);
    }

    /** One output over successive device calls at a fixed input (drift), or its periodogram with {@link DriftPlot#spectrum()}. */
    public static DriftPlot drift(PhysicalLayer layer) {
        return new DriftPlot(layer.substrate(), layer.device(), layer.params());
    }

    // ------------------------------------------------------------------ training and evaluation

    /** Loss and accuracy against epoch of one or more training histories ({@code History.table()}). */
    public static TrainingPlot training() {
        return new TrainingPlot();
    }

    /** A confusion matrix (row = true class, column = predicted) as a heat map with the counts written in. */
    public static ConfusionPlot confusion(int[][] counts, List<String> classNames) {
        return new ConfusionPlot(counts, classNames);
    }

    /** Accuracy against noise level, one line per method, from a table with columns noise, method, accuracy. */
    public static AccuracyVsNoisePlot accuracyVsNoise(Table results) {
        return new AccuracyVsNoisePlot(results);
    }

    /**
     * Test accuracy against the budget of device calls, one line with ±1 sd error bars per method, one panel per
     * substrate, log calls axis; from a table with columns substrate, method, calls, accuracy_mean, accuracy_sd (the
     * comparison of training methods, {@code ./pnn4j compare}).
     */
    public static AccuracyVsCallsPlot accuracyVsCalls(Table results) {
        return new AccuracyVsCallsPlot(results);
    }

    // ------------------------------------------------------------------ digital twins

    /** Predicted (twin) against measured (device) outputs, [samples, outputs] each, with y = x and R². */
    public static TwinScatterPlot predictedVsMeasured(Tensor predicted, Tensor measured) {
        return new TwinScatterPlot(predicted, measured);
    }

    /** Histograms of the residuals measured - predicted, one per output. */
    public static ResidualPlot residuals(Tensor predicted, Tensor measured) {
        return new ResidualPlot(predicted, measured);
    }

    // ------------------------------------------------------------------ parameters

    /** A matrix parameter (e.g. the coupling "C" of coupled oscillators) before and after training, side by side, one colour scale. */
    public static CouplingPlot coupling(Tensor before, Tensor after) {
        return new CouplingPlot(before, after);
    }

    /** The values of a layer's parameters against their allowed ranges. */
    public static ParameterRangePlot parameterRanges(PhysicalLayer layer) {
        return new ParameterRangePlot(layer.substrate(), layer.params());
    }

    // ------------------------------------------------------------------ shared checks

    static int[] checkOutputs(Substrate s, int... outputs) {
        if (outputs == null || outputs.length == 0) throw new IllegalArgumentException("name at least one output of '" + s.name() + "'");
        for (int j : outputs)
            if (j < 0 || j >= s.outputSize())
                throw new IllegalArgumentException("substrate '" + s.name() + "' has outputs 0.." + (s.outputSize() - 1) + "; output " + j + " does not exist");
        return outputs.clone();
    }

    static int[] defaultOutputs(Substrate s, int most) {
        int n = Math.min(most, s.outputSize());
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        return o;
    }

    static double[] middle(Substrate s) {
        double[] x = new double[s.inputSize()];
        java.util.Arrays.fill(x, (s.inputMin() + s.inputMax()) / 2);
        return x;
    }

    /**
     * PAT against in silico per physical system, from a table with columns system, method, accuracy, sd (fractions)
     * and optionally paper (see {@link RealityGapPlot}; {@code PatPaper.summary(rows)} makes one).
     */
    public static RealityGapPlot realityGap(Table results) {
        return new RealityGapPlot(results);
    }
}
