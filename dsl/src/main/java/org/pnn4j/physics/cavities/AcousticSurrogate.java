package org.pnn4j.physics.cavities;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pnn4j.nn.Linear;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * The physical local learning reference code's forward model of its acoustic cavity (Momeni et al., Science 2023;
 * {@code Acoustic/acoustic_forward_model.py} of MomeniAli/PhyLL), fitted here from the same measurements
 * ({@code x_data.csv}, {@code y_data.csv}): a network of <b>the reference's architecture</b>, 20 → 100 → 200 → 100 → 20
 * with SiLU between the layers, trained as the reference trains it: Adam at 1e-4 on the root-mean-square error,
 * batches of 100 rows reshuffled every epoch, 300 epochs, on rows 0-8999 (9000-9299 validate, 9300-9999 test). The
 * reference code then runs PhyLL on this network in place of the cavity, deterministic; so does the substrate this
 * builds ({@link #substrate()}: no noise, its device is the network). {@link RecordedAcoustic} is pnn4j's own
 * closed-form fit of the same data (a quadratic form with measured noise); this one is for comparing with the
 * reference's numbers on its own terms.
 *
 * <p>The fit is seeded (initialisation and shuffles) and single-threaded in its order of operations, so the same
 * seed gives the same network. It takes tens of seconds to a few minutes for 300 epochs on 2 cores.
 */
public final class AcousticSurrogate {
    /** The reference's layer widths. */
    static final int[] WIDTHS = {20, 100, 200, 100, 20};
    /** The reference's schedule. */
    public static final int EPOCHS = 300, BATCH = 100;
    /** The reference's learning rate. */
    public static final double LEARNING_RATE = 1e-4;

    private final List<Linear> layers;
    private final int epochs;
    private final double validationRmse, testRmse, testR2, seconds;

    private AcousticSurrogate(List<Linear> layers, int epochs, double validationRmse, double testRmse, double testR2, double seconds) {
        this.layers = layers;
        this.epochs = epochs;
        this.validationRmse = validationRmse;
        this.testRmse = testRmse;
        this.testR2 = testR2;
        this.seconds = seconds;
    }

    /** {@link #fit(Path, int, long)} with the reference's 300 epochs and seed 0. */
    public static AcousticSurrogate fit(Path folder) {
        return fit(folder, EPOCHS, 0);
    }

    /**
     * Reads {@code folder/x_data.csv} and {@code folder/y_data.csv} (20 drive values and 20 measured outputs a row,
     * a header row first) and fits the reference's network to them.
     *
     * @param epochs passes over the 9000 training rows (the reference: 300)
     * @param seed   initialisation and shuffling
     * @throws org.pnn4j.data.DatasetMissingException naming the path if a file is missing
     * @throws IllegalArgumentException if epochs &lt; 1, or the files are not 20 columns of the same number of rows
     *                                  (at least 10,000: the reference's split)
     */
    public static AcousticSurrogate fit(Path folder, int epochs, long seed) {
        if (epochs < 1) throw new IllegalArgumentException("the surrogate needs at least 1 epoch of training, got " + epochs);
        double[][] x = RecordedAcoustic.read(folder.resolve("x_data.csv")), y = RecordedAcoustic.read(folder.resolve("y_data.csv"));
        int xw = x.length == 0 ? 0 : x[0].length, yw = y.length == 0 ? 0 : y[0].length;
        if (x.length != y.length || x.length < 10000 || xw != WIDTHS[0] || yw != WIDTHS[WIDTHS.length - 1])
            throw new IllegalArgumentException("the acoustic surrogate fits the reference's data: x_data.csv and y_data.csv in " + folder
                    + " with at least 10,000 rows of 20 values each after the header; got " + x.length + " x " + xw + " and "
                    + y.length + " x " + yw);
        for (double[][] a : new double[][][] {x, y})
            for (int i = 0; i < a.length; i++)
                for (int j = 0; j < a[i].length; j++)
                    if (!Double.isFinite(a[i][j]))
                        throw new IllegalArgumentException((a == x ? "x_data.csv" : "y_data.csv") + " in " + folder + ": data row " + (i + 1)
                                + ", column " + (j + 1) + " is " + a[i][j] + "; every measurement must be a finite number");
        Tensor xTrain = rows(x, 0, 9000), yTrain = rows(y, 0, 9000);
        Rng rng = new Rng(seed);
        List<Linear> layers = new ArrayList<>();
        List<Parameter> params = new ArrayList<>();
        for (int i = 0; i + 1 < WIDTHS.length; i++) {
            Linear l = new Linear(WIDTHS[i], WIDTHS[i + 1], true);
            l.initialize(rng);
            layers.add(l);
            params.addAll(l.parameters());
        }
        Optimizer adam = Optimizer.adam(LEARNING_RATE);
        List<Tensor[]> live = weights(layers, false); // the parameters' own values, which Adam updates in place
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            int[] perm = rng.permutation(9000);
            for (int b = 0; b < 9000; b += BATCH) {
                int[] idx = java.util.Arrays.copyOfRange(perm, b, Math.min(9000, b + BATCH));
                for (Parameter p : params) p.zeroGrad();
                try (var on = Grad.on()) {
                    Tensor err = mlp(live, xTrain.rows(idx)).sub(yTrain.rows(idx));
                    err.square().mean().sqrt().backward(); // the reference's loss: sqrt(MSELoss)
                }
                adam.step(params);
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double[] val = errors(live, x, y, 9000, 9300), test = errors(live, x, y, 9300, 10000);
        return new AcousticSurrogate(List.copyOf(layers), epochs, val[0], test[0], test[1], s);
    }

    /**
     * The surrogate as a substrate: 20 inputs in [0, 1] (the drive values), 20 outputs, no parameters, no noise; its
     * model and its devices are the fitted network (differentiable, so PAT and in silico can use it too).
     */
    public CustomSubstrate substrate() {
        // the fitted weights, detached: constants of the substrate, so its model's gradient is with respect to x alone
        List<Tensor[]> frozen = weights(layers, true);
        return CustomSubstrate.of("acousticSurrogate", (x, theta) -> mlp(frozen, x))
                .io(WIDTHS[0], WIDTHS[WIDTHS.length - 1]).inputRange(0, 1);
    }

    /** Epochs it was trained. */
    public int epochs() {
        return epochs;
    }

    /** Root-mean-square error on the validation rows (9000-9299). */
    public double validationRmse() {
        return validationRmse;
    }

    /** Root-mean-square error on the test rows (9300-9999), the number the reference prints. */
    public double testRmse() {
        return testRmse;
    }

    /** Pooled R² on the test rows: 1 − Σ(y − ŷ)² / Σ(y − ȳ)², ȳ per output over those rows. */
    public double testR2() {
        return testR2;
    }

    /** Seconds the training took. */
    public double seconds() {
        return seconds;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "acoustic surrogate 20-100-200-100-20 SiLU, %d epochs (%.0f s): test RMSE %.4f, test R² %.3f, validation RMSE %.4f",
                epochs, seconds, testRmse, testR2, validationRmse);
    }

    /** {weight [in, out], bias [out]} of each layer; leaves sharing the values, cut from the graph, if {@code detached}. */
    private static List<Tensor[]> weights(List<Linear> layers, boolean detached) {
        List<Tensor[]> w = new ArrayList<>();
        for (Linear l : layers) {
            Tensor weight = l.weight().value(), bias = l.bias().value();
            w.add(detached ? new Tensor[] {weight.detach(), bias.detach()} : new Tensor[] {weight, bias});
        }
        return w;
    }

    /** The reference's network: x·W + b per layer (as {@link Linear#forward} computes it), SiLU between layers. */
    private static Tensor mlp(List<Tensor[]> weights, Tensor x) {
        Tensor h = x;
        for (int i = 0; i < weights.size(); i++) {
            h = h.matmul(weights.get(i)[0]).add(weights.get(i)[1]);
            if (i + 1 < weights.size()) h = h.silu();
        }
        return h;
    }

    private static Tensor rows(double[][] a, int from, int to) {
        int w = a[0].length;
        float[] v = new float[(to - from) * w];
        for (int i = from; i < to; i++) for (int j = 0; j < w; j++) v[(i - from) * w + j] = (float) a[i][j];
        return Tensor.wrap(v, to - from, w);
    }

    /** {RMSE, pooled R²} of the network on rows [from, to). */
    private static double[] errors(List<Tensor[]> weights, double[][] x, double[][] y, int from, int to) {
        float[] p;
        try (var off = Grad.off()) {
            p = mlp(weights, rows(x, from, to)).array();
        }
        int w = y[0].length, n = to - from;
        double[] mean = new double[w];
        for (int i = from; i < to; i++) for (int j = 0; j < w; j++) mean[j] += y[i][j] / n;
        double sse = 0, sst = 0;
        for (int i = from; i < to; i++)
            for (int j = 0; j < w; j++) {
                double d = y[i][j] - p[(i - from) * w + j], m = y[i][j] - mean[j];
                sse += d * d;
                sst += m * m;
            }
        return new double[] {Math.sqrt(sse / (n * w)), 1 - sse / sst};
    }
}
