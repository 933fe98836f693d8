package org.pnn4j.twin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * How a device is measured for a twin: a number of parameter settings, and for each setting {@code inputsPerSetting}
 * inputs measured in one device call, {@code repeats} times and averaged (averaging lowers the noise the twin would
 * otherwise learn). A plan costs {@link #calls()} = settings × repeats physical forward calls. Three kinds:
 * <ul>
 *   <li>{@link #uniform}: settings drawn uniformly over every parameter's physical range, inputs uniformly over the
 *       substrate's input range ([−1, 1] where the range is unbounded): a twin of the whole device;</li>
 *   <li>{@link #around}: settings perturbed around an operating point θ (the first setting is θ itself), inputs
 *       drawn from a pool (e.g. the inputs a layer receives in training, {@link #inputsFrom}) or uniformly: a twin
 *       accurate where training goes;</li>
 *   <li>{@link #mix}: several plans measured one after the other.</li>
 * </ul>
 */
public final class SamplingPlan {
    private final int settings, inputsPerSetting, repeats;
    private final long seed;
    private final Params center;
    private final double spread;
    private final Tensor pool;
    private final List<SamplingPlan> parts;

    private SamplingPlan(int settings, int inputsPerSetting, int repeats, long seed, Params center, double spread, Tensor pool,
                         List<SamplingPlan> parts) {
        if (settings < 1 || inputsPerSetting < 1 || repeats < 1)
            throw new IllegalArgumentException("a sampling plan needs at least 1 setting, input and repeat, got settings = " + settings
                    + ", inputsPerSetting = " + inputsPerSetting + ", repeats = " + repeats);
        if (!(spread >= 0) || !Double.isFinite(spread))
            throw new IllegalArgumentException("the spread around an operating point is a fraction of each parameter's range, >= 0, got " + spread);
        this.settings = settings;
        this.inputsPerSetting = inputsPerSetting;
        this.repeats = repeats;
        this.seed = seed;
        this.center = center;
        this.spread = spread;
        this.pool = pool;
        this.parts = parts;
    }

    /**
     * Uniform random sampling over inputs and parameters.
     *
     * @throws IllegalArgumentException if a count is below 1
     */
    public static SamplingPlan uniform(int settings, int inputsPerSetting, int repeats, long seed) {
        return new SamplingPlan(settings, inputsPerSetting, repeats, seed, null, 0, null, null);
    }

    /**
     * Sampling around the operating point {@code theta} (its values are read when the plan is sampled; pass a copy of a
     * layer's live parameters to fix them): setting 0 is θ itself, the others θ + δ with δ Gaussian of
     * standard deviation {@code spread}·(hi − lo)/2 per element (clamped to the range; wrapped for a periodic
     * parameter); inputs uniform over the input range unless {@link #inputsFrom} gives a pool.
     *
     * @param spread perturbation as a fraction of each parameter's half range (e.g. 0.1), dimensionless
     * @throws IllegalArgumentException if a count is below 1 or the spread negative
     */
    public static SamplingPlan around(Params theta, double spread, int settings, int inputsPerSetting, int repeats, long seed) {
        return new SamplingPlan(settings, inputsPerSetting, repeats, seed, Objects.requireNonNull(theta, "theta"), spread, null, null);
    }

    /**
     * This plan with inputs drawn (with replacement) from the rows of {@code inputs} [n, inputSize] instead of
     * uniformly, clamped to the substrate's input range: e.g. the inputs a layer received in recent training batches.
     *
     * @throws IllegalArgumentException if {@code inputs} is not a non-empty matrix
     * @throws IllegalStateException    on a {@link #mix} (give the pool to its parts)
     */
    public SamplingPlan inputsFrom(Tensor inputs) {
        if (inputs == null || inputs.rank() != 2 || inputs.dim(0) < 1)
            throw new IllegalArgumentException("an input pool is a non-empty matrix [n, inputSize], got "
                    + (inputs == null ? "null" : java.util.Arrays.toString(inputs.shape())));
        if (parts != null) throw new IllegalStateException("give the input pool to the parts of a mix, not to the mix");
        return new SamplingPlan(settings, inputsPerSetting, repeats, seed, center, spread, inputs.detach(), null);
    }

    /**
     * Several plans measured one after the other (their measurements concatenated in order).
     *
     * @throws IllegalArgumentException if no plan is given
     */
    public static SamplingPlan mix(SamplingPlan... plans) {
        if (plans.length == 0) throw new IllegalArgumentException("a mix needs at least one plan");
        int s = 0;
        for (SamplingPlan p : plans) s += p.settings();
        return new SamplingPlan(s, 1, 1, 0, null, 0, null, List.of(plans));
    }

    /** Parameter settings this plan measures. */
    public int settings() {
        return settings;
    }

    /** Physical forward calls this plan costs: settings × repeats (summed over the parts of a mix). */
    public long calls() {
        if (parts != null) {
            long c = 0;
            for (SamplingPlan p : parts) c += p.calls();
            return c;
        }
        return (long) settings * repeats;
    }

    /** One parameter setting and the averaged measurements at it (inputs [n, inputSize], outputs [n, outputSize]). */
    public record Measurement(Params theta, Tensor x, Tensor y) {}

    /**
     * Measures {@code device} according to this plan, {@link #calls()} physical forward calls.
     *
     * @return one measurement per setting, inputs [inputsPerSetting, inputSize], outputs averaged over the repeats
     * @throws IllegalArgumentException if an operating point lacks one of the substrate's parameters
     */
    public List<Measurement> sample(PhysicalDevice device) {
        if (parts != null) {
            List<Measurement> all = new ArrayList<>();
            for (SamplingPlan p : parts) all.addAll(p.sample(device));
            return all;
        }
        Substrate s = device.substrate();
        Rng rng = new Rng(seed);
        double lo = Double.isFinite(s.inputMin()) ? s.inputMin() : -1, hi = Double.isFinite(s.inputMax()) ? s.inputMax() : 1;
        List<Measurement> out = new ArrayList<>();
        for (int k = 0; k < settings; k++) {
            Params theta = center == null ? uniformSetting(s, rng) : perturbed(s, rng, k == 0 ? 0 : spread);
            Tensor x = pool == null ? Tensor.uniform(rng, lo, hi, inputsPerSetting, s.inputSize()) : fromPool(rng, s, lo, hi);
            float[] sum = new float[inputsPerSetting * s.outputSize()];
            for (int r = 0; r < repeats; r++) {
                float[] y = device.forward(x, theta).toArray();
                for (int i = 0; i < sum.length; i++) sum[i] += y[i] / repeats;
            }
            out.add(new Measurement(theta, x, Tensor.wrap(sum, inputsPerSetting, s.outputSize())));
        }
        return out;
    }

    private static Params uniformSetting(Substrate s, Rng rng) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (ParameterSpec p : s.parameters()) {
            float[] v = Tensor.uniform(rng, p.lo(), p.hi(), p.shape()).toArray();
            for (int i = 0; i < v.length; i++) v[i] = inside(v[i], p.lo(), p.hi());
            m.put(p.name(), Tensor.wrap(v, p.shape()));
        }
        return Params.of(s.name(), m);
    }

    /** {@code t} clamped to [lo, hi] as a float that is itself inside (a double bound can round outward). */
    private static float inside(double t, double lo, double hi) {
        float f = (float) Math.min(hi, Math.max(lo, t));
        if (f > hi) f = Math.nextDown(f);
        if (f < lo) f = Math.nextUp(f);
        return f;
    }

    private Params perturbed(Substrate s, Rng rng, double sd) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (ParameterSpec p : s.parameters()) {
            Tensor c = center.get(p.name());
            if (c == null) throw new IllegalArgumentException("the operating point has no parameter '" + p.name() + "' of substrate '" + s.name() + "'");
            float[] v = c.toArray(), d = Tensor.randn(rng, 1, p.shape()).toArray();
            double range = p.hi() - p.lo(), std = sd * (Double.isFinite(range) ? range / 2 : 1);
            for (int i = 0; i < v.length; i++) {
                double t = v[i] + std * d[i];
                if (sd > 0 && p.periodic() && Double.isFinite(range) && range > 0) t = p.lo() + mod(t - p.lo(), range);
                v[i] = inside(t, p.lo(), p.hi());
            }
            m.put(p.name(), Tensor.wrap(v, p.shape()));
        }
        return Params.of(s.name(), m);
    }

    private static double mod(double a, double b) {
        double r = a % b;
        return r < 0 ? r + b : r;
    }

    private Tensor fromPool(Rng rng, Substrate s, double lo, double hi) {
        if (pool.dim(1) != s.inputSize())
            throw new IllegalArgumentException("the input pool has rows of " + pool.dim(1) + " values, substrate '" + s.name() + "' takes " + s.inputSize());
        int n = pool.dim(0), w = s.inputSize();
        float[] src = pool.toArray(), dst = new float[inputsPerSetting * w];
        for (int i = 0; i < inputsPerSetting; i++) {
            int r = rng.nextInt(n);
            for (int j = 0; j < w; j++) dst[i * w + j] = (float) Math.min(hi, Math.max(lo, src[r * w + j]));
        }
        return Tensor.wrap(dst, inputsPerSetting, w);
    }
}
