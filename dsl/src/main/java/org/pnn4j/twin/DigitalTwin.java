package org.pnn4j.twin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A differentiable stand-in for a physical device, fitted to its measurements ({@link SamplingPlan}). Two kinds:
 * <ul>
 *   <li>{@link #mlp}: a tanh network [x, θ] → y (inputs and parameters scaled to [−1, 1] by their ranges, outputs
 *       standardized), knowing nothing of the physics;</li>
 *   <li>{@link #calibrated}: the substrate's ideal model with learned element-wise calibration of the parameters
 *       θ' = a_θ⊙θ + b_θ and of the outputs y = a_y⊙model(x, θ') + b_y (starting at identity).</li>
 * </ul>
 * {@link #fit} trains on 90% of each setting's inputs with Adam on the mean squared error, the learning rate halved
 * after each third of the epochs; the other 10% are held out for {@link #diagnostics()}. Calling {@link #fit} again
 * (e.g. on fresh measurements after drift) refits from the current weights. {@link #asSubstrate()} gives the twin as
 * the model of a substrate whose devices are the real ones: {@code new PhysicalLayer(twin.asSubstrate(), device)}
 * trains physics-aware with the twin's backward.
 */
public final class DigitalTwin {
    private final Substrate substrate;
    private final boolean mlp;
    private final List<Linear> layers = new ArrayList<>();
    private final List<Parameter> params = new ArrayList<>();
    private final Map<String, Parameter[]> paramCalibration = new LinkedHashMap<>();
    private Parameter outGain, outOffset;
    private float[] yMean, yStd;
    private int epochs = 200;
    private double learningRate = 1e-2;
    private long seed;
    private Table diagnostics;

    private DigitalTwin(Substrate substrate, boolean mlp, int hidden) {
        this.substrate = substrate;
        this.mlp = mlp;
        int out = substrate.outputSize();
        if (mlp) {
            int in = substrate.inputSize() + thetaSize();
            Rng rng = new Rng(0);
            layers.add(new Linear(in, hidden, true));
            layers.add(new Linear(hidden, hidden, true));
            layers.add(new Linear(hidden, out, true));
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
     * A neural-network twin of {@code substrate} with two tanh hidden layers of {@code hidden} units.
     *
     * @throws IllegalArgumentException if hidden &lt; 1
     */
    public static DigitalTwin mlp(Substrate substrate, int hidden) {
        if (hidden < 1) throw new IllegalArgumentException("an MLP twin needs at least 1 hidden unit, got " + hidden);
        return new DigitalTwin(substrate, true, hidden);
    }

    /** A calibrated-physics twin of {@code substrate} (its ideal model with learned parameter and output calibration). */
    public static DigitalTwin calibrated(Substrate substrate) {
        return new DigitalTwin(substrate, false, 0);
    }

    /**
     * Fitting epochs (default 200) and base learning rate (default 1e-2).
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

    private int thetaSize() {
        int n = 0;
        for (ParameterSpec p : substrate.parameters()) {
            int k = 1;
            for (int d : p.shape()) k *= d;
            n += k;
        }
        return n;
    }

    /** The twin's prediction for inputs [batch, inputSize] at parameters {@code theta} (differentiable in both). */
    public Tensor model(Tensor x, Params theta) {
        if (!mlp) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (ParameterSpec p : substrate.parameters()) {
                Parameter[] ab = paramCalibration.get(p.name());
                m.put(p.name(), theta.get(p.name()).mul(ab[0].value()).add(ab[1].value()));
            }
            return substrate.model(x, Params.of(substrate.name(), m)).mul(outGain.value()).add(outOffset.value());
        }
        int b = x.dim(0);
        List<Tensor> parts = new ArrayList<>();
        parts.add(scale(x, substrate.inputMin(), substrate.inputMax()));
        for (ParameterSpec p : substrate.parameters()) {
            Tensor t = theta.get(p.name());
            parts.add(scale(t.reshape(1, t.size()), p.lo(), p.hi()).broadcastTo(b, t.size()));
        }
        Tensor h = Tensor.concat(1, parts.toArray(new Tensor[0]));
        for (int i = 0; i < layers.size(); i++) {
            h = layers.get(i).forward(h);
            if (i + 1 < layers.size()) h = h.tanh();
        }
        return h.mul(Tensor.wrap(yStd, 1, yStd.length)).add(Tensor.wrap(yMean, 1, yMean.length));
    }

    private static Tensor scale(Tensor t, double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi) || hi == lo) return t;
        return t.sub((lo + hi) / 2).mul(2 / (hi - lo));
    }

    /**
     * Fits the twin to {@code data} (90% of each setting's rows; 10% held out) and computes the diagnostics.
     *
     * @return this twin
     * @throws IllegalArgumentException if a setting has fewer than 2 rows (nothing to hold out)
     */
    public DigitalTwin fit(List<SamplingPlan.Measurement> data) {
        List<SamplingPlan.Measurement> train = new ArrayList<>(), held = new ArrayList<>();
        int out = substrate.outputSize();
        for (SamplingPlan.Measurement m : data) {
            int n = m.x().dim(0), nh = Math.max(1, n / 10);
            if (n < 2) throw new IllegalArgumentException("each setting needs at least 2 measured inputs to hold some out, got " + n);
            train.add(new SamplingPlan.Measurement(m.theta(), rows(m.x(), 0, n - nh), rows(m.y(), 0, n - nh)));
            held.add(new SamplingPlan.Measurement(m.theta(), rows(m.x(), n - nh, n), rows(m.y(), n - nh, n)));
        }
        if (mlp && yMean == null) {
            yMean = new float[out];
            yStd = new float[out];
            double[] s = new double[out], s2 = new double[out];
            long n = 0;
            for (SamplingPlan.Measurement m : train) {
                float[] y = m.y().toArray();
                for (int i = 0; i < y.length; i++) {
                    s[i % out] += y[i];
                    s2[i % out] += y[i] * (double) y[i];
                }
                n += m.y().dim(0);
            }
            for (int j = 0; j < out; j++) {
                yMean[j] = (float) (s[j] / n);
                yStd[j] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, s2[j] / n - yMean[j] * (double) yMean[j])));
            }
        }
        Optimizer opt = Optimizer.adam(learningRate);
        Rng rng = new Rng(seed++);
        for (int e = 0; e < epochs; e++) {
            opt.setLearningRate(learningRate * Math.pow(0.5, (3 * e) / epochs));
            for (int i : rng.permutation(train.size())) {
                SamplingPlan.Measurement m = train.get(i);
                Tensor loss = model(m.x(), m.theta()).sub(m.y()).square().mean();
                loss.backward();
                opt.step(params);
                for (Parameter p : params) p.zeroGrad();
            }
        }
        diagnostics = diagnose(held);
        return this;
    }

    private static Tensor rows(Tensor t, int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) idx[i] = from + i;
        return t.rows(idx).detach();
    }

    private Table diagnose(List<SamplingPlan.Measurement> held) {
        int out = substrate.outputSize();
        double[] se = new double[out], s = new double[out], s2 = new double[out];
        long n = 0;
        try (Grad.Scope off = Grad.off()) {
            for (SamplingPlan.Measurement m : held) {
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
        IntColumn output = IntColumn.create("output");
        DoubleColumn mse = DoubleColumn.create("mse"), r2 = DoubleColumn.create("r2");
        for (int j = 0; j < out; j++) {
            double var = s2[j] / n - (s[j] / n) * (s[j] / n);
            output.append(j);
            mse.append(se[j] / n);
            r2.append(var > 0 ? 1 - (se[j] / n) / var : Double.NaN);
        }
        return Table.create("twin diagnostics (" + substrate.name() + ", held-out)", output, mse, r2);
    }

    /**
     * Held-out mean squared error and R² per output (columns output, mse, r2), from the last {@link #fit}.
     *
     * @throws IllegalStateException if the twin was never fitted
     */
    public Table diagnostics() {
        if (diagnostics == null) throw new IllegalStateException("twin of '" + substrate.name() + "' has not been fitted; call fit(plan.sample(device))");
        return diagnostics;
    }

    /**
     * The twin as a substrate: same name, sizes, ranges and parameters as the real one, the twin as its model, and
     * the real substrate's devices. Pair it with the measured device: {@code new PhysicalLayer(twin.asSubstrate(), device)}.
     *
     * @throws IllegalStateException if the twin was never fitted
     */
    public Substrate asSubstrate() {
        diagnostics();
        DigitalTwin twin = this;
        return new Substrate() {
            @Override public String name() { return substrate.name(); }
            @Override public int inputSize() { return substrate.inputSize(); }
            @Override public int outputSize() { return substrate.outputSize(); }
            @Override public double inputMin() { return substrate.inputMin(); }
            @Override public double inputMax() { return substrate.inputMax(); }
            @Override public List<ParameterSpec> parameters() { return substrate.parameters(); }
            @Override public Tensor model(Tensor x, Params theta) { return twin.model(x, theta); }
            @Override public PhysicalDevice device(long seed) { return substrate.device(seed); }
            @Override public String toString() { return "twin(" + substrate.name() + ")"; }
        };
    }
}
