package org.pnn4j.physics.cavities;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pnn4j.data.DatasetMissingException;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.SimulatedDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * A substrate fitted to measurements of a real acoustic cavity (the physical local learning paper's data:
 * {@code x_data.csv}, the drive values sent to the speakers, and {@code y_data.csv}, the measured outputs; the
 * first line of each file is a header and is skipped).
 *
 * <p><b>Fit.</b> Rows are split as in the original code: the first 90 % train (rows 0–8999 of 10,000), the
 * next 3 % validate (9000–9299), the rest test (9300–9999). Two forms are fitted by ridge least squares on the
 * training rows (closed form, double precision, deterministic): an affine map y ≈ W₁x + b and a quadratic form
 * y ≈ b + W₁x + Σ_{i≤j} W₂ᵢⱼ xᵢxⱼ (the expansion of |Tx + b|² with a real-valued design, linear in its
 * coefficients, so it fits exactly without iterating). The form and ridge strength with the best pooled R² on
 * the validation rows are kept; R² on the untouched test rows is reported by {@link #testR2()} (the shipped
 * data give ≈ 0.977 for the quadratic form, 0.956 for the affine one).
 *
 * <p><b>Inputs and controls.</b> By default all speakers are inputs ∈ [0, 1]. With {@link #controls(int)} the
 * last k speakers become the trainable parameter {@code "controlAmplitude"} ∈ [0, 1].
 *
 * <p><b>Device</b>: replays the fitted response plus independent Gaussian noise on each output whose std is
 * that output's residual rms on the training rows (the measurement noise and whatever the fit misses).
 */
public final class RecordedAcoustic implements Substrate {
    private final Path folder;
    private final int speakers, outputs;
    private final String form;
    private final double lambda;
    /** weights [features, outputs] over features (1, x, x_i x_j for i ≤ j when quadratic). */
    private final double[][] w;
    private final double trainR2, validationR2, testR2;
    private final double[] residualStd;
    private int controls;

    private RecordedAcoustic(Path folder, int speakers, int outputs, String form, double lambda, double[][] w,
                             double trainR2, double validationR2, double testR2, double[] residualStd) {
        this.folder = folder;
        this.speakers = speakers;
        this.outputs = outputs;
        this.form = form;
        this.lambda = lambda;
        this.w = w;
        this.trainR2 = trainR2;
        this.validationR2 = validationR2;
        this.testR2 = testR2;
        this.residualStd = residualStd;
    }

    /**
     * Reads {@code folder/x_data.csv} and {@code folder/y_data.csv} and fits the response (see the class doc).
     * Takes about a second for 10,000 rows of 20 values.
     *
     * @throws DatasetMissingException  naming the path if a file is missing
     * @throws IllegalArgumentException if the files disagree in row count, rows are ragged or fewer than 100
     * @throws UncheckedIOException     if a file cannot be read
     */
    public static RecordedAcoustic fit(Path folder) {
        double[][] x = read(folder.resolve("x_data.csv")), y = read(folder.resolve("y_data.csv"));
        if (x.length != y.length)
            throw new IllegalArgumentException("recorded acoustic data in " + folder + ": x_data.csv has " + x.length
                    + " data rows but y_data.csv has " + y.length + "; they must be the same measurements");
        int n = x.length;
        if (n < 100) throw new IllegalArgumentException("recorded acoustic data in " + folder + ": " + n + " rows is too few to fit (need >= 100)");
        int nTrain = n == 10000 ? 9000 : (int) (0.9 * n), nVal = n == 10000 ? 300 : Math.max(1, (int) (0.03 * n));
        int sp = x[0].length, out = y[0].length;
        String bestForm = null;
        double bestLambda = 0, bestVal = Double.NEGATIVE_INFINITY;
        double[][] bestW = null;
        for (boolean quadratic : new boolean[] {false, true}) {
            double[][] f = features(x, quadratic);
            for (double lambda : new double[] {1e-6, 1e-3, 1e-1}) {
                double[][] wq = ridge(f, y, 0, nTrain, lambda);
                double r2 = r2(f, y, wq, nTrain, nTrain + nVal);
                if (r2 > bestVal) { bestVal = r2; bestW = wq; bestForm = quadratic ? "quadratic" : "affine"; bestLambda = lambda; }
            }
        }
        double[][] f = features(x, bestForm.equals("quadratic"));
        double[] res = new double[out];
        for (int r = 0; r < nTrain; r++) {
            double[] p = predict(f[r], bestW);
            for (int j = 0; j < out; j++) res[j] += Math.pow(p[j] - y[r][j], 2);
        }
        for (int j = 0; j < out; j++) res[j] = Math.sqrt(res[j] / nTrain);
        return new RecordedAcoustic(folder, sp, out, bestForm, bestLambda, bestW, r2(f, y, bestW, 0, nTrain), bestVal,
                r2(f, y, bestW, nTrain + nVal, n), res);
    }

    static double[][] read(Path file) {
        if (!Files.isRegularFile(file))
            throw new DatasetMissingException(file, "recorded acoustic data: " + file + " does not exist; pass the folder that holds "
                    + "x_data.csv and y_data.csv (the physical local learning paper's acoustic measurements)");
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String line = in.readLine(); // header row (all zeros in the published files)
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] parts = line.split(",");
                double[] row = new double[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    try {
                        row[i] = Double.parseDouble(parts[i].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + " line " + lineNo + ", column " + (i + 1) + ": '" + parts[i] + "' is not a number");
                    }
                }
                if (!rows.isEmpty() && row.length != rows.get(0).length)
                    throw new IllegalArgumentException(file + " line " + lineNo + " has " + row.length + " values, the first data row "
                            + rows.get(0).length);
                rows.add(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return rows.toArray(new double[0][]);
    }

    private static double[][] features(double[][] x, boolean quadratic) {
        int d = x[0].length, nf = 1 + d + (quadratic ? d * (d + 1) / 2 : 0);
        double[][] f = new double[x.length][nf];
        for (int r = 0; r < x.length; r++) {
            double[] row = f[r], xr = x[r];
            row[0] = 1;
            System.arraycopy(xr, 0, row, 1, d);
            if (quadratic) {
                int k = 1 + d;
                for (int i = 0; i < d; i++) for (int j = i; j < d; j++) row[k++] = xr[i] * xr[j];
            }
        }
        return f;
    }

    /** Ridge solution (FᵀF + λ·n·I)⁻¹Fᵀy over rows [from, to), by Cholesky. */
    private static double[][] ridge(double[][] f, double[][] y, int from, int to, double lambda) {
        int nf = f[0].length, out = y[0].length;
        double[][] a = new double[nf][nf], b = new double[nf][out];
        for (int r = from; r < to; r++) {
            double[] fr = f[r], yr = y[r];
            for (int i = 0; i < nf; i++) {
                double fi = fr[i];
                double[] ai = a[i];
                for (int j = 0; j <= i; j++) ai[j] += fi * fr[j];
                double[] bi = b[i];
                for (int j = 0; j < out; j++) bi[j] += fi * yr[j];
            }
        }
        for (int i = 0; i < nf; i++) { for (int j = 0; j < i; j++) a[j][i] = a[i][j]; a[i][i] += lambda * (to - from); }
        // Cholesky a = L Lᵀ in place (lower)
        for (int j = 0; j < nf; j++) {
            double s = a[j][j];
            for (int k = 0; k < j; k++) s -= a[j][k] * a[j][k];
            if (!(s > 0)) throw new IllegalStateException("recorded acoustic fit: normal equations are singular; the inputs do not vary enough");
            a[j][j] = Math.sqrt(s);
            for (int i = j + 1; i < nf; i++) {
                double t = a[i][j];
                for (int k = 0; k < j; k++) t -= a[i][k] * a[j][k];
                a[i][j] = t / a[j][j];
            }
        }
        for (int c = 0; c < out; c++) {
            double[] z = new double[nf];
            for (int i = 0; i < nf; i++) { double t = b[i][c]; for (int k = 0; k < i; k++) t -= a[i][k] * z[k]; z[i] = t / a[i][i]; }
            for (int i = nf - 1; i >= 0; i--) { double t = z[i]; for (int k = i + 1; k < nf; k++) t -= a[k][i] * b[k][c]; b[i][c] = t / a[i][i]; }
        }
        return b;
    }

    private static double[] predict(double[] f, double[][] w) {
        double[] p = new double[w[0].length];
        for (int i = 0; i < f.length; i++) {
            double fi = f[i];
            if (fi == 0) continue;
            for (int j = 0; j < p.length; j++) p[j] += fi * w[i][j];
        }
        return p;
    }

    /** Pooled R² over rows [from, to): 1 − Σ residual² / Σ (y − column mean)². */
    private static double r2(double[][] f, double[][] y, double[][] w, int from, int to) {
        int out = y[0].length;
        double[] mean = new double[out];
        for (int r = from; r < to; r++) for (int j = 0; j < out; j++) mean[j] += y[r][j] / (to - from);
        double res = 0, tot = 0;
        for (int r = from; r < to; r++) {
            double[] p = predict(f[r], w);
            for (int j = 0; j < out; j++) { res += Math.pow(p[j] - y[r][j], 2); tot += Math.pow(y[r][j] - mean[j], 2); }
        }
        return 1 - res / tot;
    }

    /**
     * This recording with its last {@code k} speakers driven by the trainable {@code "controlAmplitude"}
     * instead of by inputs.
     *
     * @throws IllegalArgumentException unless 0 ≤ k &lt; speakers
     */
    public RecordedAcoustic controls(int k) {
        if (k < 0 || k >= speakers)
            throw new IllegalArgumentException(name() + ": controls must be in [0, " + (speakers - 1) + "], got " + k);
        RecordedAcoustic r = new RecordedAcoustic(folder, speakers, outputs, form, lambda, w, trainR2, validationR2, testR2, residualStd);
        r.controls = k;
        return r;
    }

    /** The chosen form, "affine" or "quadratic". */
    public String form() { return form; }

    /** The chosen ridge strength (per training row). */
    public double ridge() { return lambda; }

    /** Pooled R² on the training rows. */
    public double trainR2() { return trainR2; }

    /** Pooled R² on the validation rows (used to choose the form). */
    public double validationR2() { return validationR2; }

    /** Pooled R² on the held-out test rows. */
    public double testR2() { return testR2; }

    /** Per-output rms residual on the training rows, in output units (the device's noise levels; a copy). */
    public double[] residualStd() { return residualStd.clone(); }

    /** Speakers in the recording. */
    public int speakers() { return speakers; }

    @Override
    public String name() { return "acoustic recording(" + (speakers - controls) + ", " + controls + ", " + outputs + ")"; }

    @Override
    public int inputSize() { return speakers - controls; }

    @Override
    public int outputSize() { return outputs; }

    @Override
    public double inputMin() { return 0; }

    @Override
    public double inputMax() { return 1; }

    /** {@code "controlAmplitude"} [controls] in [0, 1] when controls were requested; none otherwise. */
    @Override
    public List<ParameterSpec> parameters() {
        return controls == 0 ? List.of() : List.of(ParameterSpec.uniform("controlAmplitude", 0, 1, "", controls));
    }

    /**
     * The fitted response, differentiable by autograd.
     *
     * @throws ShapeMismatchException if x is not [batch, inputs]
     */
    @Override
    public Tensor model(Tensor x, Params theta) {
        int in = speakers - controls;
        if (x.rank() != 2 || x.dim(1) != in)
            throw new ShapeMismatchException("substrate '" + name() + "' expects inputs [batch, " + in + "], got shape " + Arrays.toString(x.shape()));
        int batch = x.dim(0), d = speakers;
        Tensor s = controls == 0 ? x : Tensor.concat(1, x, theta.get("controlAmplitude").reshape(1, controls).broadcastTo(batch, controls));
        float[] b = new float[outputs], w1 = new float[d * outputs];
        for (int j = 0; j < outputs; j++) b[j] = (float) w[0][j];
        for (int i = 0; i < d; i++) for (int j = 0; j < outputs; j++) w1[i * outputs + j] = (float) w[1 + i][j];
        Tensor y = s.matmul(Tensor.wrap(w1, d, outputs)).add(Tensor.wrap(b, outputs));
        if (form.equals("quadratic")) {
            float[] w2 = new float[d * d * outputs];
            int k = 1 + d;
            for (int i = 0; i < d; i++) for (int jj = i; jj < d; jj++, k++) for (int o = 0; o < outputs; o++) w2[(i * d + jj) * outputs + o] = (float) w[k][o];
            Tensor outer = s.reshape(batch, d, 1).mul(s.reshape(batch, 1, d)).reshape(batch, d * d);
            y = y.add(outer.matmul(Tensor.wrap(w2, d * d, outputs)));
        }
        return y;
    }

    @Override
    public Device device(long seed) {
        return new Device(this, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s fitted to %s: %s form, R² train %.4f, validation %.4f, test %.4f",
                name(), folder, form, trainR2, validationR2, testR2);
    }

    /** Replays the fitted response with Gaussian noise at the fit's per-output residual level. */
    public static final class Device extends SimulatedDevice {
        private final RecordedAcoustic recording;

        private Device(RecordedAcoustic recording, long seed) {
            super(recording, seed);
            this.recording = recording;
        }

        @Override
        protected Tensor realize(Tensor x, Params theta) {
            float[] y = recording.model(x, theta).toArray();
            int out = recording.outputs;
            for (int i = 0; i < y.length; i++) y[i] += (float) (recording.residualStd[i % out] * rng.nextGaussian());
            return Tensor.wrap(y, x.dim(0), out);
        }
    }
}
