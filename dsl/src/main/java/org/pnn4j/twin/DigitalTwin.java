package org.pnn4j.twin;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.pnn4j.nn.Linear;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.Table;

/**
 * A differentiable stand-in for a physical device, fitted to its measurements ({@link SamplingPlan}). Three kinds:
 * <ul>
 *   <li>a neural network [x, θ] → y knowing nothing of the physics: {@link #blackBox} (three hidden layers of 128
 *       SiLU units, the default of {@link Twins#fit}) or {@link #mlp} (two tanh layers of a given width). Encodings
 *       come from the substrate's declaration: inputs and parameters scaled from their range to [−1, 1], periodic
 *       ones ({@link Substrate#inputPeriodic()}, {@link ParameterSpec#periodic()}) encoded by sin and cos of their
 *       first two harmonics over the period hi − lo; outputs standardized per output;</li>
 *   <li>{@link #calibrated}: the substrate's ideal model with learned element-wise calibration of the parameters
 *       θ' = a_θ⊙θ + b_θ and of the outputs y = a_y⊙model(x, θ') + b_y (starting at identity);</li>
 *   <li>{@link #residual}: a mixed twin, a partial physical model plus a learned residual network.</li>
 * </ul>
 *
 * <h2>Fitting</h2>
 * {@link #fit} holds out whole parameter settings (15% of them, at least one when there are three or more) and 10%
 * of the inputs of the others, then trains with Adam on the mean squared error of the standardized outputs, in
 * minibatches of {@code (setting, input)} rows, the learning rate decaying on a cosine from its base to 5% of it;
 * after each epoch it measures the error on the held-out settings and keeps the weights of the best epoch, stopping
 * when that has not improved for {@code patience} epochs. Calling {@link #fit} again (e.g. on fresh measurements
 * around the current operating point, or after drift) refits from the current weights; {@link #refit} mixes new
 * measurements with some of the earlier ones.
 *
 * <h2>Diagnostics</h2>
 * {@link #diagnostics()} gives mean squared error and R² per output on the held-out <em>settings</em> (parameter
 * values the twin never saw: what training will ask of it), {@link #inSettingDiagnostics()} on held-out inputs of
 * the settings it was trained on (optimistic), {@link #diagnoseFresh} on new measurements of the device.
 *
 * <h2>Use</h2>
 * {@link #asSubstrate()} gives the twin as the model of a substrate whose devices are the real ones:
 * {@code new PhysicalLayer(twin.asSubstrate(), device)} trains physics-aware (forward on the device, backward through
 * the twin). That substrate is a {@link org.pnn4j.physics.StatefulModel}, so a checkpoint carries the twin, and it
 * remembers the inputs the layer sent through it ({@link #recentInputs}), for refits around the trajectory.
 * {@link #save}/{@link #load} keep a twin in a versioned, checksummed file.
 */
public final class DigitalTwin {
    /** Hidden-unit nonlinearity of a network twin. */
    public enum Activation { TANH, SILU }

    static final String MAGIC = "pnn4j-twin";
    static final int FORMAT_VERSION = 1;
    private static final int HARMONICS = 2;

    private final Substrate substrate;
    private final boolean network, residual;
    private final int[] hidden;
    private final Activation activation;
    private final List<Linear> layers = new ArrayList<>();
    private final List<Parameter> params = new ArrayList<>();
    private final Map<String, Parameter[]> paramCalibration = new LinkedHashMap<>();
    private Parameter outGain, outOffset;
    private float[] yMean, yStd;
    private double[] dataVariance;
    private int epochs = 200, batchSize = 256, patience = 20;
    private double learningRate = 1e-2;
    private long seed;
    private Diagnosis heldOutSettings, heldOutInputs;
    private boolean fitted;
    private FitReport lastFit;
    private final List<SamplingPlan.Measurement> memory = new ArrayList<>();
    private TwinSubstrate view;

    private DigitalTwin(Substrate substrate, boolean network, int[] hidden, Activation activation) {
        this(substrate, network, false, hidden, activation);
    }

    private DigitalTwin(Substrate substrate, boolean network, boolean residual, int[] hidden, Activation activation) {
        this.substrate = substrate;
        this.network = network;
        this.residual = residual;
        this.hidden = hidden.clone();
        this.activation = activation;
        int out = substrate.outputSize();
        if (network) {
            int in = encodedSize();
            Rng rng = new Rng(0);
            int prev = in;
            for (int h : hidden) {
                layers.add(new Linear(prev, h, true));
                prev = h;
            }
            layers.add(new Linear(prev, out, true));
            for (Linear l : layers) {
                l.initialize(rng.split());
                params.addAll(l.parameters());
            }
        } else {
            for (ParameterSpec p : substrate.parameters()) {
                Parameter a = new Parameter(p.name() + ".gain", Tensor.ones(p.shape())), b = new Parameter(p.name() + ".offset", Tensor.zeros(p.shape()));
                paramCalibration.put(p.name(), new Parameter[] {a, b});
                params.add(a);
                params.add(b);
            }
            outGain = new Parameter("output.gain", Tensor.ones(1, out));
            outOffset = new Parameter("output.offset", Tensor.zeros(1, out));
            params.add(outGain);
            params.add(outOffset);
        }
    }

    /**
     * A neural-network twin of {@code substrate} with two tanh hidden layers of {@code hidden} units (the small
     * twin of the tutorials; {@link #blackBox} is the one sized for physics-aware training).
     *
     * @throws IllegalArgumentException if hidden &lt; 1
     */
    public static DigitalTwin mlp(Substrate substrate, int hidden) {
        if (hidden < 1) throw new IllegalArgumentException("an MLP twin needs at least 1 hidden unit, got " + hidden);
        return new DigitalTwin(substrate, true, new int[] {hidden, hidden}, Activation.TANH);
    }

    /**
     * A black-box twin of {@code substrate}: three SiLU hidden layers of 128 units, for a device known only from
     * its declaration (e.g. a {@link org.pnn4j.backend.DescribedSubstrate}). Fitting defaults: 150 epochs at most,
     * rate 3e-3, minibatches of 256 rows, patience 15 epochs.
     */
    public static DigitalTwin blackBox(Substrate substrate) {
        return network(substrate, Activation.SILU, 128, 128, 128).training(150, 3e-3).patience(15);
    }

    /**
     * A neural-network twin with the given hidden layer widths and nonlinearity.
     *
     * @throws IllegalArgumentException if no width is given or a width is below 1
     */
    public static DigitalTwin network(Substrate substrate, Activation activation, int... hidden) {
        if (hidden.length == 0) throw new IllegalArgumentException("a network twin needs at least one hidden layer");
        for (int h : hidden) if (h < 1) throw new IllegalArgumentException("hidden layer widths must be >= 1, got " + Arrays.toString(hidden));
        return new DigitalTwin(substrate, true, hidden, java.util.Objects.requireNonNull(activation, "activation"));
    }

    /**
     * A mixed twin: {@code partialModel}'s model (a physical model that is known to be incomplete or approximate) plus a
     * learned residual, a {@link #blackBox}-sized network [x, θ] → y − model(x, θ) with the same encodings, outputs
     * standardized by the residuals' scale. Where the physics explains most of the response, the network only learns the
     * gap, from less data.
     */
    public static DigitalTwin residual(Substrate partialModel) {
        return new DigitalTwin(partialModel, true, true, new int[] {128, 128, 128}, Activation.SILU).training(150, 3e-3).patience(15);
    }

    /** A calibrated-physics twin of {@code substrate} (its ideal model with learned parameter and output calibration). */
    public static DigitalTwin calibrated(Substrate substrate) {
        return new DigitalTwin(substrate, false, new int[0], Activation.TANH);
    }

    /** The substrate this twin stands in for. */
    public Substrate substrate() {
        return substrate;
    }

    /**
     * Most fitting epochs per {@link #fit} (default 200; 150 for {@link #blackBox}) and base learning rate (default
     * 1e-2; 3e-3 for {@link #blackBox}).
     *
     * @throws IllegalArgumentException if epochs &lt; 1 or the rate is not positive
     */
    public DigitalTwin training(int epochs, double learningRate) {
        if (epochs < 1 || !(learningRate > 0)) throw new IllegalArgumentException("twin training needs epochs >= 1 and a positive rate, got "
                + epochs + ", " + learningRate);
        this.epochs = epochs;
        this.learningRate = learningRate;
        return this;
    }

    /**
     * Epochs without improvement on the held-out settings after which fitting stops (default 20).
     *
     * @throws IllegalArgumentException if below 1
     */
    public DigitalTwin patience(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("patience is a number of epochs >= 1, got " + epochs);
        this.patience = epochs;
        return this;
    }

    /**
     * Rows (setting, input) per Adam step of a network twin (default 256).
     *
     * @throws IllegalArgumentException if below 1
     */
    public DigitalTwin batchSize(int rows) {
        if (rows < 1) throw new IllegalArgumentException("a twin's minibatch needs at least 1 row, got " + rows);
        this.batchSize = rows;
        return this;
    }

    /** Seed of the settings held out and of the minibatch order (default 0; advanced by each fit). */
    public DigitalTwin seed(long seed) {
        this.seed = seed;
        return this;
    }

    // ------------------------------------------------------------------ encodings

    private int encodedSize() {
        int n = substrate.inputSize() * (inputsPeriodic() ? 2 * HARMONICS : 1);
        for (ParameterSpec p : substrate.parameters()) n += sizeOf(p) * (isPeriodic(p) ? 2 * HARMONICS : 1);
        return n;
    }

    /** Periodic inputs are encoded as such only over a finite, non-empty range (the period). */
    private boolean inputsPeriodic() {
        double lo = substrate.inputMin(), hi = substrate.inputMax();
        return substrate.inputPeriodic() && Double.isFinite(hi - lo) && hi > lo;
    }

    private static int sizeOf(ParameterSpec p) {
        int k = 1;
        for (int d : p.shape()) k *= d;
        return k;
    }

    private static boolean isPeriodic(ParameterSpec p) {
        return p.periodic() && Double.isFinite(p.hi() - p.lo()) && p.hi() > p.lo();
    }

    /** Encodes a value matrix by its range: scaled to [−1, 1], or sin/cos of harmonics 1..H of the period hi − lo. */
    private static Tensor encode(Tensor t, double lo, double hi, boolean periodic) {
        if (periodic && Double.isFinite(hi - lo) && hi > lo) {
            Tensor u = t.sub(lo).mul(2 * Math.PI / (hi - lo));
            List<Tensor> parts = new ArrayList<>();
            for (int k = 1; k <= HARMONICS; k++) {
                Tensor ku = k == 1 ? u : u.mul(k);
                parts.add(ku.sin());
                parts.add(ku.cos());
            }
            return Tensor.concat(1, parts.toArray(new Tensor[0]));
        }
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || hi == lo) return t;
        return t.sub((lo + hi) / 2).mul(2 / (hi - lo));
    }

    /** The encoded inputs [batch, ·] (differentiable). */
    Tensor encodeInputs(Tensor x) {
        return encode(x, substrate.inputMin(), substrate.inputMax(), inputsPeriodic());
    }

    /** The encoded parameters [1, ·] (differentiable). */
    Tensor encodeParams(Params theta) {
        List<Tensor> parts = new ArrayList<>();
        for (ParameterSpec p : substrate.parameters()) {
            Tensor t = theta.get(p.name());
            if (t == null) throw new IllegalArgumentException("twin of '" + substrate.name() + "' needs parameter '" + p.name() + "', got " + theta);
            parts.add(encode(t.reshape(1, t.size()), p.lo(), p.hi(), isPeriodic(p)));
        }
        return parts.isEmpty() ? Tensor.zeros(1, 0) : Tensor.concat(1, parts.toArray(new Tensor[0]));
    }

    private Tensor net(Tensor h) {
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h);
            if (i + 1 < layers.size()) h = activation == Activation.TANH ? h.tanh() : h.silu();
        }
        return h;
    }

    /**
     * The twin's prediction [batch, outputSize], in the device's output unit, for inputs [batch, inputSize] at
     * parameters {@code theta} (differentiable in both).
     *
     * @throws IllegalStateException if a network twin was never fitted (its output scale is not known)
     */
    public Tensor model(Tensor x, Params theta) {
        if (!network) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (ParameterSpec p : substrate.parameters()) {
                Parameter[] ab = paramCalibration.get(p.name());
                m.put(p.name(), theta.get(p.name()).mul(ab[0].value()).add(ab[1].value()));
            }
            return substrate.model(x, Params.of(substrate.name(), m)).mul(outGain.value()).add(outOffset.value());
        }
        if (yMean == null) throw new IllegalStateException("twin of '" + substrate.name() + "' has not been fitted; call fit(plan.sample(device))");
        int b = x.dim(0);
        Tensor ex = encodeInputs(x), et = encodeParams(theta);
        Tensor h = et.dim(1) == 0 ? ex : Tensor.concat(1, ex, et.broadcastTo(b, et.dim(1)));
        Tensor y = net(h).mul(Tensor.wrap(yStd, 1, yStd.length)).add(Tensor.wrap(yMean, 1, yMean.length));
        return residual ? substrate.model(x, theta).add(y) : y;
    }

    /** What the network learns from a measurement: the outputs, or for a mixed twin their gap to the partial model. */
    private float[] target(SamplingPlan.Measurement m) {
        float[] y = m.y().toArray();
        if (!residual) return y;
        float[] base;
        try (Grad.Scope off = Grad.off()) {
            base = substrate.model(m.x(), m.theta()).toArray();
        }
        float[] r = new float[y.length];
        for (int i = 0; i < y.length; i++) r[i] = y[i] - base[i];
        return r;
    }

    // ------------------------------------------------------------------ fitting

    /**
     * What one fit did.
     *
     * @param rows          training rows (setting, input), earlier settings a refit trains along included
     * @param settings      training settings of the data given (not counting those)
     * @param heldOut       settings held out for the diagnostics and early stopping
     * @param epochs        epochs run
     * @param bestEpoch     epoch whose weights were kept (1-based; 0 when none improved on the starting weights)
     * @param seconds       wall-clock seconds
     */
    public record FitReport(int rows, int settings, int heldOut, int epochs, int bestEpoch, double seconds) {}

    /** What the last {@link #fit} did, or null before the first. */
    public FitReport lastFit() {
        return lastFit;
    }

    /**
     * Fits the twin to {@code data}: holds out whole settings and 10% of the other settings' inputs, trains on the
     * rest (see the class description) and computes the diagnostics.
     *
     * @return this twin
     * @throws IllegalArgumentException if {@code data} is empty, or a setting has fewer than 2 rows (nothing to hold out)
     */
    public DigitalTwin fit(List<SamplingPlan.Measurement> data) {
        return fit(data, epochs, learningRate);
    }

    /**
     * Refits on {@code fresh} measurements (e.g. around the current operating point) from the current weights, for
     * at most {@code epochs} epochs at a third of the base rate. Settings held out for early stopping come from
     * {@code fresh} only (the refit must improve the twin where it was measured: with a drifting device, older data
     * disagree); half as many settings from earlier fits train along, so the twin does not forget the rest of the
     * device. The twin keeps the last 400 settings it was fitted on.
     *
     * @throws IllegalStateException    if the twin was never fitted
     * @throws IllegalArgumentException if {@code fresh} is empty or {@code epochs} &lt; 1
     */
    public DigitalTwin refit(List<SamplingPlan.Measurement> fresh, int epochs) {
        if (!fitted) throw new IllegalStateException("twin of '" + substrate.name() + "' has not been fitted; call fit(plan.sample(device)) before refit");
        if (epochs < 1) throw new IllegalArgumentException("a refit needs epochs >= 1, got " + epochs);
        if (fresh.isEmpty()) throw new IllegalArgumentException("a refit needs at least one measured setting");
        List<SamplingPlan.Measurement> ballast = new ArrayList<>();
        Rng rng = new Rng(seed * 31 + 7);
        int[] perm = rng.permutation(memory.size());
        for (int i = 0; i < Math.min(fresh.size() / 2, memory.size()); i++) ballast.add(memory.get(perm[i]));
        return fit(fresh, ballast, epochs, learningRate / 10, true);
    }

    private static final int MEMORY = 400;

    private DigitalTwin fit(List<SamplingPlan.Measurement> data, int maxEpochs, double lr) {
        return fit(data, List.of(), maxEpochs, lr, false);
    }

    private DigitalTwin fit(List<SamplingPlan.Measurement> data, List<SamplingPlan.Measurement> ballast, int maxEpochs, double lr,
                            boolean recalibrate) {
        if (data.isEmpty()) throw new IllegalArgumentException("a twin needs at least one measured setting, got none");
        long t0 = System.nanoTime();
        Rng rng = new Rng(seed++);
        int ns = data.size(), nh = ns >= 3 ? Math.max(1, (int) Math.round(0.15 * ns)) : 0;
        int[] order = rng.permutation(ns);
        List<SamplingPlan.Measurement> trainSet = new ArrayList<>(), heldSettings = new ArrayList<>(), heldInputs = new ArrayList<>();
        for (int k = 0; k < ns; k++) {
            SamplingPlan.Measurement m = data.get(order[k]);
            int n = m.x().dim(0);
            if (n < 2) throw new IllegalArgumentException("each setting needs at least 2 measured inputs to hold some out, got " + n);
            if (k < nh) {
                heldSettings.add(m);
                continue;
            }
            int hi = Math.max(1, n / 10);
            trainSet.add(new SamplingPlan.Measurement(m.theta(), rows(m.x(), 0, n - hi), rows(m.y(), 0, n - hi)));
            heldInputs.add(new SamplingPlan.Measurement(m.theta(), rows(m.x(), n - hi, n), rows(m.y(), n - hi, n)));
        }
        int fitSettings = trainSet.size();
        if (network && !residual && recalibrate) recalibrate(trainSet, heldSettings.isEmpty() ? heldInputs : heldSettings);
        trainSet.addAll(ballast);
        int out = substrate.outputSize();
        if (network && yMean == null) standardize(trainSet, out);
        int trained, best;
        if (network) {
            int[] r = fitNetwork(trainSet, heldSettings.isEmpty() ? heldInputs : heldSettings, maxEpochs, lr, rng);
            trained = r[0];
            best = r[1];
        } else {
            trained = fitCalibrated(trainSet, maxEpochs, lr, rng);
            best = trained;
        }
        fitted = true;
        heldOutSettings = heldSettings.isEmpty() ? null : diagnose(heldSettings, "held-out settings");
        heldOutInputs = diagnose(heldInputs, "held-out inputs of trained settings");
        int rowCount = 0;
        for (SamplingPlan.Measurement m : trainSet) rowCount += m.x().dim(0);
        lastFit = new FitReport(rowCount, fitSettings, heldSettings.size(), trained, best, (System.nanoTime() - t0) / 1e9);
        memory.addAll(data);
        if (memory.size() > MEMORY) memory.subList(0, memory.size() - MEMORY).clear();
        return this;
    }

    /**
     * Refits the output scaling y = yStd⊙net + yMean to {@code fresh} by least squares per output (t ≈ g·p + b, folded
     * into yStd and yMean), kept when it lowers the error on {@code val}: a drifting gain or offset is corrected at
     * once, where Adam's bounded steps would take hundreds.
     */
    private void recalibrate(List<SamplingPlan.Measurement> fresh, List<SamplingPlan.Measurement> val) {
        int out = substrate.outputSize();
        double[] sp = new double[out], st = new double[out], spp = new double[out], spt = new double[out];
        long n = 0;
        try (Grad.Scope off = Grad.off()) {
            for (SamplingPlan.Measurement m : fresh) {
                float[] p = model(m.x(), m.theta()).toArray(), t = m.y().toArray();
                for (int i = 0; i < t.length; i++) {
                    int j = i % out;
                    sp[j] += p[i];
                    st[j] += t[i];
                    spp[j] += p[i] * (double) p[i];
                    spt[j] += p[i] * (double) t[i];
                }
                n += m.y().dim(0);
            }
        }
        if (n < 2) return;
        float[] oldMean = yMean.clone(), oldStd = yStd.clone();
        double before = sum(diagnose(val, "").mse());
        for (int j = 0; j < out; j++) {
            double mp = sp[j] / n, mt = st[j] / n, vp = spp[j] / n - mp * mp, c = spt[j] / n - mp * mt;
            double g = vp > 1e-12 * yStd[j] * (double) yStd[j] ? c / vp : 1;
            if (!(g > 0.1 && g < 10)) g = 1; // a sign flip or a collapse is not a calibration; leave it to the network
            double b = mt - g * mp;
            yStd[j] = (float) (g * yStd[j]);
            yMean[j] = (float) (g * yMean[j] + b);
        }
        double after = sum(diagnose(val, "").mse());
        if (!(after < before)) {
            yMean = oldMean;
            yStd = oldStd;
        }
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    private void standardize(List<SamplingPlan.Measurement> train, int out) {
        yMean = new float[out];
        yStd = new float[out];
        double[] s = new double[out], s2 = new double[out];
        long n = 0;
        for (SamplingPlan.Measurement m : train) {
            float[] y = target(m);
            for (int i = 0; i < y.length; i++) {
                s[i % out] += y[i];
                s2[i % out] += y[i] * (double) y[i];
            }
            n += m.y().dim(0);
        }
        for (int j = 0; j < out; j++) {
            yMean[j] = (float) (s[j] / n);
            double sd = Math.sqrt(Math.max(0, s2[j] / n - yMean[j] * (double) yMean[j]));
            yStd[j] = (float) Math.max(1e-6 * Math.max(1, Math.abs(yMean[j])), sd);
        }
        dataVariance = new double[out];
        for (int j = 0; j < out; j++) dataVariance[j] = yStd[j] * (double) yStd[j];
    }

    /** Encoded features [rows, encodedSize] and standardized targets [rows, out] of all rows of {@code data}. */
    private Tensor[] design(List<SamplingPlan.Measurement> data) {
        int rowsTotal = 0;
        for (SamplingPlan.Measurement m : data) rowsTotal += m.x().dim(0);
        int f = encodedSize(), out = substrate.outputSize();
        float[] xs = new float[rowsTotal * f], ys = new float[rowsTotal * out];
        int r = 0;
        try (Grad.Scope off = Grad.off()) {
            for (SamplingPlan.Measurement m : data) {
                int n = m.x().dim(0);
                float[] ex = encodeInputs(m.x()).toArray(), et = encodeParams(m.theta()).toArray(), y = target(m);
                int fx = ex.length / n;
                for (int i = 0; i < n; i++) {
                    System.arraycopy(ex, i * fx, xs, (r + i) * f, fx);
                    System.arraycopy(et, 0, xs, (r + i) * f + fx, et.length);
                    for (int j = 0; j < out; j++) ys[(r + i) * out + j] = (y[i * out + j] - yMean[j]) / yStd[j];
                }
                r += n;
            }
        }
        return new Tensor[] {Tensor.wrap(xs, rowsTotal, f), Tensor.wrap(ys, rowsTotal, out)};
    }

    private double standardizedMse(Tensor[] d) {
        if (d[0].dim(0) == 0) return Double.NaN;
        try (Grad.Scope off = Grad.off()) {
            return net(d[0]).sub(d[1]).square().mean().item();
        }
    }

    /** Returns {epochs run, best epoch}. */
    private int[] fitNetwork(List<SamplingPlan.Measurement> train, List<SamplingPlan.Measurement> val, int maxEpochs, double lr, Rng rng) {
        Tensor[] tr = design(train), va = design(val);
        int n = tr[0].dim(0);
        Optimizer opt = Optimizer.adam(lr);
        double bestLoss = standardizedMse(va);
        float[][] bestWeights = snapshot();
        int best = 0, e = 0;
        int bs = Math.min(batchSize, n);
        for (e = 1; e <= maxEpochs; e++) {
            opt.setLearningRate(lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos(Math.PI * (e - 1) / maxEpochs))));
            int[] perm = rng.permutation(n);
            for (int from = 0; from + bs <= n; from += bs) {
                int[] idx = Arrays.copyOfRange(perm, from, from + bs);
                Tensor loss = net(tr[0].rows(idx)).sub(tr[1].rows(idx)).square().mean();
                loss.backward();
                opt.step(params);
                for (Parameter p : params) p.zeroGrad();
            }
            double v = standardizedMse(va);
            if (!(v >= bestLoss)) {
                bestLoss = v;
                bestWeights = snapshot();
                best = e;
            } else if (e - best >= patience) {
                break;
            }
        }
        restore(bestWeights);
        return new int[] {Math.min(e, maxEpochs), best};
    }

    private int fitCalibrated(List<SamplingPlan.Measurement> train, int maxEpochs, double lr, Rng rng) {
        Optimizer opt = Optimizer.adam(lr);
        for (int e = 0; e < maxEpochs; e++) {
            opt.setLearningRate(lr * Math.pow(0.5, (3 * e) / maxEpochs));
            for (int i : rng.permutation(train.size())) {
                SamplingPlan.Measurement m = train.get(i);
                Tensor loss = model(m.x(), m.theta()).sub(m.y()).square().mean();
                loss.backward();
                opt.step(params);
                for (Parameter p : params) p.zeroGrad();
            }
        }
        return maxEpochs;
    }

    private float[][] snapshot() {
        float[][] w = new float[params.size()][];
        for (int i = 0; i < w.length; i++) w[i] = params.get(i).snapshot();
        return w;
    }

    private void restore(float[][] w) {
        for (int i = 0; i < w.length; i++) params.get(i).set(w[i]);
    }

    private static Tensor rows(Tensor t, int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) idx[i] = from + i;
        return t.rows(idx).detach();
    }

    // ------------------------------------------------------------------ diagnostics

    /**
     * The variance per output of the measurements the twin was first fitted to (output unit squared): the scale its
     * errors are judged against along a trajectory ({@link Diagnosis#relativeError(double[])}); for a calibrated twin,
     * the variance of the measurements of its last fit.
     *
     * @throws IllegalStateException if the twin was never fitted
     */
    public double[] outputVariance() {
        diagnosticsReady();
        double[] v = new double[substrate.outputSize()];
        if (dataVariance != null) v = dataVariance.clone();
        else if (heldOutInputs != null) v = heldOutInputs.variance().clone();
        return v;
    }

    /**
     * The twin's error on {@code data} (measurements it need not have seen), per output.
     *
     * @throws IllegalStateException if a network twin was never fitted
     */
    public Diagnosis diagnose(List<SamplingPlan.Measurement> data, String label) {
        int out = substrate.outputSize();
        double[] se = new double[out], s = new double[out], s2 = new double[out];
        long n = 0;
        try (Grad.Scope off = Grad.off()) {
            for (SamplingPlan.Measurement m : data) {
                float[] p = model(m.x(), m.theta()).toArray(), y = m.y().toArray();
                for (int i = 0; i < y.length; i++) {
                    int j = i % out;
                    se[j] += (p[i] - y[i]) * (double) (p[i] - y[i]);
                    s[j] += y[i];
                    s2[j] += y[i] * (double) y[i];
                }
                n += m.y().dim(0);
            }
        }
        double[] mse = new double[out], r2 = new double[out], var = new double[out];
        for (int j = 0; j < out; j++) {
            var[j] = n == 0 ? Double.NaN : s2[j] / n - (s[j] / n) * (s[j] / n);
            mse[j] = n == 0 ? Double.NaN : se[j] / n;
            r2[j] = var[j] > 0 ? 1 - mse[j] / var[j] : Double.NaN;
        }
        return new Diagnosis(substrate.name(), label, data.size(), n, mse, r2, var);
    }

    /**
     * Measures {@code device} by {@code plan} (settings the twin has not seen: give the plan a seed of its own) and
     * diagnoses the twin on them: {@link SamplingPlan#calls()} device calls.
     *
     * @throws IllegalStateException if a network twin was never fitted
     */
    public Diagnosis diagnoseFresh(PhysicalDevice device, SamplingPlan plan) {
        return diagnose(plan.sample(device), "fresh settings (" + plan.calls() + " device calls)");
    }

    /**
     * Mean squared error and R² per output on the held-out parameter <em>settings</em> of the last {@link #fit}
     * (columns output, mse, r2); when the fit had fewer than 3 settings, on held-out inputs.
     *
     * @throws IllegalStateException if the twin was never fitted
     */
    public Table diagnostics() {
        if (!fitted) throw new IllegalStateException("twin of '" + substrate.name() + "' has not been fitted; call fit(plan.sample(device))");
        return (heldOutSettings != null ? heldOutSettings : heldOutInputs).table();
    }

    /** The held-out-settings diagnosis of the last fit (null when it had fewer than 3 settings, or for a loaded twin). */
    public Diagnosis heldOutSettingsDiagnosis() {
        return heldOutSettings;
    }

    /**
     * Error per output on held-out inputs of the settings the last {@link #fit} trained on: optimistic, since those
     * parameter values were seen; compare with {@link #diagnostics()}.
     *
     * @throws IllegalStateException if the twin was never fitted or was loaded from a file
     */
    public Table inSettingDiagnostics() {
        if (heldOutInputs == null) throw new IllegalStateException("twin of '" + substrate.name() + "' has no in-setting diagnostics; call fit(plan.sample(device))");
        return heldOutInputs.table();
    }

    // ------------------------------------------------------------------ as a substrate

    /**
     * The twin as a substrate: same name, sizes, ranges and parameters as the real one, the twin as its model, and
     * the real substrate's devices. Pair it with the measured device: {@code new PhysicalLayer(twin.asSubstrate(), device)}.
     * The substrate is a {@link org.pnn4j.physics.StatefulModel} (a checkpoint saves the twin's weights) and keeps the
     * latest inputs its model was evaluated on ({@link #recentInputs}). The same object on every call.
     *
     * @throws IllegalStateException if the twin was never fitted
     */
    public Substrate asSubstrate() {
        diagnosticsReady();
        if (view == null) view = new TwinSubstrate(this);
        return view;
    }

    private void diagnosticsReady() {
        if (!fitted) throw new IllegalStateException("twin of '" + substrate.name() + "' has not been fitted; call fit(plan.sample(device))");
    }

    /**
     * Up to {@code max} of the latest input rows [n, inputSize] the twin's substrate ({@link #asSubstrate()}) was
     * evaluated on, e.g. the physical inputs of a layer's recent backward passes; null when there are none yet.
     */
    public Tensor recentInputs(int max) {
        return view == null ? null : view.recent(max);
    }

    // ------------------------------------------------------------------ save / load

    /**
     * Writes the twin to {@code file}: a header ({@value #MAGIC}, format version), the substrate's declaration it was
     * fitted to (name, sizes, parameter names, shapes and ranges), the architecture, output scaling, weights and
     * held-out diagnostics, and a CRC-32 of all of it.
     *
     * @throws IllegalStateException if the twin was never fitted
     * @throws UncheckedIOException  if the file cannot be written
     */
    public void save(Path file) {
        diagnosticsReady();
        try {
            Files.write(file, toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write twin to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a twin written by {@link #save} for {@code substrate} (e.g. the {@link org.pnn4j.backend.DescribedSubstrate}
     * of the device it was fitted to).
     *
     * @throws IllegalArgumentException if the file is not a twin, is corrupted (checksum), was written by a newer
     *                                  format version, or was fitted to another substrate (the message says which)
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static DigitalTwin load(Path file, Substrate substrate) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read twin file " + file + ": " + e.getMessage(), e);
        }
        try {
            return fromBytes(bytes, substrate, file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("twin file " + file + " is truncated or damaged (" + e.getMessage() + "); save the twin again", e);
        }
    }

    byte[] toBytes() {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DataOutputStream o = new DataOutputStream(body);
            o.writeUTF(residual ? "residual" : network ? "network" : "calibrated");
            o.writeUTF(substrate.name());
            o.writeInt(substrate.inputSize());
            o.writeInt(substrate.outputSize());
            o.writeBoolean(substrate.inputPeriodic());
            o.writeInt(substrate.parameters().size());
            for (ParameterSpec p : substrate.parameters()) {
                o.writeUTF(p.name());
                o.writeInt(sizeOf(p));
                o.writeDouble(p.lo());
                o.writeDouble(p.hi());
                o.writeBoolean(p.periodic());
            }
            o.writeInt(hidden.length);
            for (int h : hidden) o.writeInt(h);
            o.writeUTF(activation.name());
            writeFloats(o, yMean);
            writeFloats(o, yStd);
            writeDoubles(o, dataVariance);
            o.writeInt(params.size());
            for (Parameter p : params) writeFloats(o, p.snapshot());
            writeDiagnosis(o, heldOutSettings);
            o.flush();
            byte[] payload = body.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(payload);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            DataOutputStream a = new DataOutputStream(all);
            a.writeUTF(MAGIC);
            a.writeInt(FORMAT_VERSION);
            a.writeInt(payload.length);
            a.write(payload);
            a.writeLong(crc.getValue());
            a.flush();
            return all.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DigitalTwin fromBytes(byte[] bytes, Substrate substrate, String where) throws IOException {
        DataInputStream a = new DataInputStream(new ByteArrayInputStream(bytes));
        String magic;
        try {
            magic = a.readUTF();
        } catch (IOException | RuntimeException e) {
            magic = null;
        }
        if (!MAGIC.equals(magic))
            throw new IllegalArgumentException(where + " is not a pnn4j twin file (it does not start with '" + MAGIC + "'); save one with twin.save(path)");
        int version = a.readInt();
        if (version > FORMAT_VERSION || version < 1)
            throw new IllegalArgumentException(where + " has twin format version " + version + ", this pnn4j reads versions 1.." + FORMAT_VERSION
                    + "; use the pnn4j that wrote it, or refit the twin");
        int len = a.readInt();
        if (len < 0 || len > bytes.length) throw new IOException("payload length " + len + " exceeds the file's " + bytes.length + " bytes");
        byte[] payload = a.readNBytes(len);
        if (payload.length != len) throw new IOException("payload ends after " + payload.length + " of " + len + " bytes");
        long stored = a.readLong();
        CRC32 crc = new CRC32();
        crc.update(payload);
        if (crc.getValue() != stored)
            throw new IllegalArgumentException(where + ": checksum mismatch (stored " + Long.toHexString(stored) + ", computed "
                    + Long.toHexString(crc.getValue()) + "): the file is corrupted; save the twin again");
        DataInputStream o = new DataInputStream(new ByteArrayInputStream(payload));
        String kind = o.readUTF();
        String name = o.readUTF();
        int in = o.readInt(), out = o.readInt();
        boolean inPeriodic = o.readBoolean();
        int np = o.readInt();
        StringBuilder declared = new StringBuilder();
        List<String> problems = new ArrayList<>();
        if (!name.equals(substrate.name())) problems.add("name '" + name + "' vs '" + substrate.name() + "'");
        if (in != substrate.inputSize() || out != substrate.outputSize())
            problems.add(in + " inputs and " + out + " outputs vs " + substrate.inputSize() + " and " + substrate.outputSize());
        if (inPeriodic != substrate.inputPeriodic()) problems.add("periodic inputs " + inPeriodic + " vs " + substrate.inputPeriodic());
        List<ParameterSpec> specs = substrate.parameters();
        if (np != specs.size()) problems.add(np + " parameters vs " + specs.size());
        for (int i = 0; i < np; i++) {
            String pn = o.readUTF();
            int size = o.readInt();
            double lo = o.readDouble(), hi = o.readDouble();
            boolean periodic = o.readBoolean();
            declared.append(i == 0 ? "" : ", ").append(pn).append('[').append(size).append(']');
            if (i < specs.size()) {
                ParameterSpec p = specs.get(i);
                if (!p.name().equals(pn) || sizeOf(p) != size || p.lo() != lo || p.hi() != hi || p.periodic() != periodic)
                    problems.add("parameter " + pn + "[" + size + "] in [" + lo + ", " + hi + "]" + (periodic ? " periodic" : "") + " vs " + p);
            }
        }
        if (!problems.isEmpty())
            throw new IllegalArgumentException(where + " holds a twin of '" + name + "' (" + declared + "), not of the substrate given: "
                    + String.join("; ", problems) + "; load it with the substrate it was fitted to, or fit a new twin");
        int[] hidden = new int[count(o, 4, "hidden layer widths")];
        for (int i = 0; i < hidden.length; i++) hidden[i] = o.readInt();
        Activation act = Activation.valueOf(o.readUTF());
        DigitalTwin t = switch (kind) {
            case "network" -> new DigitalTwin(substrate, true, hidden, act);
            case "residual" -> new DigitalTwin(substrate, true, true, hidden, act);
            case "calibrated" -> calibrated(substrate);
            default -> throw new IllegalArgumentException(where + " holds a twin of kind '" + kind + "', which this pnn4j does not know; refit the twin");
        };
        t.yMean = readFloats(o);
        return t.finishLoad(o, where);
    }

    private DigitalTwin finishLoad(DataInputStream o, String where) throws IOException {
        yStd = readFloats(o);
        dataVariance = readDoubles(o);
        if (network && (yMean == null || yStd == null || yMean.length != substrate.outputSize()))
            throw new IllegalArgumentException(where + ": output scaling missing or of the wrong size; refit the twin");
        int n = o.readInt();
        if (n != params.size())
            throw new IllegalArgumentException(where + " holds " + n + " weight tensors, a twin of this architecture has " + params.size());
        for (Parameter p : params) {
            float[] w = readFloats(o);
            if (w == null || w.length != p.size())
                throw new IllegalArgumentException(where + ": weight '" + p.name() + "' has " + (w == null ? 0 : w.length) + " values, expected " + p.size());
            p.set(w);
        }
        heldOutSettings = readDiagnosis(o);
        fitted = true;
        return this;
    }

    private static void writeFloats(DataOutput o, float[] v) throws IOException {
        if (v == null) {
            o.writeInt(-1);
            return;
        }
        o.writeInt(v.length);
        for (float f : v) o.writeFloat(f);
    }

    /**
     * A count of {@code bytesEach}-byte values read from a twin's checksummed payload, checked against the bytes that
     * remain in it before anything is allocated: a payload that declares more than it holds is refused.
     */
    private static int count(DataInputStream o, int bytesEach, String what) throws IOException {
        int n = o.readInt();
        int left = o.available(); // exact: the payload is an in-memory stream
        if (n < 0 || (long) n * bytesEach > left)
            throw new IOException("it declares " + n + " " + what + " where " + left + " bytes remain");
        return n;
    }

    private static float[] readFloats(DataInputStream o) throws IOException {
        o.mark(4);
        if (o.readInt() < 0) return null;
        o.reset();
        float[] v = new float[count(o, 4, "floats")];
        int n = v.length;
        for (int i = 0; i < n; i++) v[i] = o.readFloat();
        return v;
    }

    private static void writeDoubles(DataOutput o, double[] v) throws IOException {
        if (v == null) {
            o.writeInt(-1);
            return;
        }
        o.writeInt(v.length);
        for (double d : v) o.writeDouble(d);
    }

    private static double[] readDoubles(DataInputStream o) throws IOException {
        o.mark(4);
        if (o.readInt() < 0) return null;
        o.reset();
        double[] v = new double[count(o, 8, "doubles")];
        int n = v.length;
        for (int i = 0; i < n; i++) v[i] = o.readDouble();
        return v;
    }

    private static void writeDiagnosis(DataOutput o, Diagnosis d) throws IOException {
        o.writeBoolean(d != null);
        if (d == null) return;
        o.writeUTF(d.substrate());
        o.writeUTF(d.label());
        o.writeInt(d.settings());
        o.writeLong(d.rows());
        for (double[] a : new double[][] {d.mse(), d.r2(), d.variance()}) {
            o.writeInt(a.length);
            for (double v : a) o.writeDouble(v);
        }
    }

    private static Diagnosis readDiagnosis(DataInputStream o) throws IOException {
        if (!o.readBoolean()) return null;
        String s = o.readUTF(), l = o.readUTF();
        int settings = o.readInt();
        long rows = o.readLong();
        double[][] a = new double[3][];
        for (int k = 0; k < 3; k++) {
            a[k] = new double[count(o, 8, "diagnosis values")];
            for (int i = 0; i < a[k].length; i++) a[k][i] = o.readDouble();
        }
        return new Diagnosis(s, l, settings, rows, a[0], a[1], a[2]);
    }

    /** Restores weights and scaling from {@link #toBytes()} of a twin of the same architecture (checkpoints). */
    void restoreFrom(byte[] bytes) throws IOException {
        DigitalTwin t = fromBytes(bytes, substrate, "checkpointed twin of '" + substrate.name() + "'");
        if (t.network != network || t.residual != residual || !Arrays.equals(t.hidden, hidden) || t.activation != activation)
            throw new IllegalArgumentException("checkpointed twin of '" + substrate.name() + "' has hidden layers " + Arrays.toString(t.hidden) + " "
                    + t.activation + ", this twin " + Arrays.toString(hidden) + " " + activation + "; restore into a twin of the same architecture");
        yMean = t.yMean;
        yStd = t.yStd;
        dataVariance = t.dataVariance;
        for (int i = 0; i < params.size(); i++) params.get(i).set(t.params.get(i).snapshot());
        heldOutSettings = t.heldOutSettings;
        fitted = true;
    }

    @Override
    public String toString() {
        return (residual ? "residualTwin(" : network ? "twin(" + activation.name().toLowerCase() + " " + Arrays.toString(hidden) + ")" : "calibratedTwin") + " of " + substrate.name();
    }
}
