package org.pnn4j.physics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Measures how a substrate's outputs depend on its inputs and parameters, and how noisy they are: a plan of
 * points (input vector, parameter values), each measured {@code R} times on a {@link PhysicalDevice}, gives
 * one table row per point with the mean, standard deviation and signal-to-noise ratio of every output.
 *
 * <pre>{@code
 * Table t = Characterization.of(substrate)
 *         .sweepInput(0, -1, 1, 21)            // x0 over 21 levels
 *         .sweepParameter("gain", 0, 0.5, 2, 4) // element 0 of parameter "gain" over 4 levels
 *         .repeats(20)
 *         .run();                              // 84 rows, each from 20 measurements
 * Table ideal = Characterization.of(substrate).sweepInput(0, -1, 1, 21).ideal().run(); // the model, std = 0
 * }</pre>
 *
 * <h2>Plans</h2>
 * <ul>
 *   <li>{@link #gridPlan()} (the default): every combination of the declared sweeps' levels. Parameter
 *       sweeps vary slowest, input sweeps fastest, each in declaration order with the first declared
 *       slowest. With no sweep declared, the grid is the single baseline point.</li>
 *   <li>{@link #randomPlan(int, long) randomPlan(points, seed)}: each point draws every declared sweep
 *       uniformly in its [lo, hi] (its step count is not used). With no sweep declared, each point draws
 *       every input column uniformly over the substrate's input range and every element of every trainable
 *       parameter uniformly over that parameter's range. Point p's values depend only on the seed and p.</li>
 * </ul>
 * What a point does not sweep is held at the baseline: {@link #baseInput} (default: the middle of the input
 * range) and {@link #baseline(Params)} (default: every parameter's initializer drawn from {@code new Rng(0)}).
 *
 * <h2>The table</h2>
 * Columns, in order:
 * <ul>
 *   <li>{@code point} (int): the row's index in the plan;</li>
 *   <li>{@code theta_point} (int): the index of the row's parameter configuration; rows with the same
 *       index were measured with identical parameters, and {@link #parametersAt(int)} gives them in full;</li>
 *   <li>{@code x0 .. x{n-1}}: every input value applied (the swept and the baseline ones), as the float32
 *       values the device received;</li>
 *   <li>one column per declared parameter sweep: {@code name[i]} for one element (flat, row-major index),
 *       {@code name} for a whole-parameter sweep. Parameters a random plan draws wholesale (no sweep
 *       declared) get no columns, only {@code theta_point}: a table stays readable for substrates with
 *       hundreds of parameter elements;</li>
 *   <li>for every output j: {@code mean_j}, {@code std_j} (sample standard deviation over the R repeats,
 *       divisor R−1) and {@code snr_j} = mean_j/std_j; where std_j = 0 (the ideal model, or a noiseless
 *       output) snr_j is +∞ for a positive mean, −∞ for a negative one and NaN for a zero mean (Tablesaw
 *       holds NaN as a missing value: {@code getDouble} returns it, {@code get} returns null).</li>
 * </ul>
 *
 * <h2>Measurement order</h2>
 * Consecutive points with the same parameter configuration are measured together, in batches of at most
 * {@link #batchSize} samples; each batch is measured R times in R consecutive device calls, so the spread
 * includes per-call noise and any drift over those R calls. Running on a device given with
 * {@link #device(PhysicalDevice)} advances its state (drift, call count); by default every {@link #run()}
 * uses a fresh {@code substrate.device(seed)}.
 */
public final class Characterization {
    /** One swept coordinate: an input column, one parameter element, or every element of one parameter. */
    private record Axis(String column, int inputColumn, ParameterSpec parameter, int element, double lo, double hi, int steps) {
        boolean isInput() {
            return parameter == null;
        }

        double level(int step) {
            return steps == 1 ? lo : lo + (hi - lo) * step / (steps - 1);
        }

        /** {@code v} as the float applied: inside the sweep's range, hence inside the physical range too. */
        float applied(double v) {
            return within(v, Math.min(lo, hi), Math.max(lo, hi));
        }
    }

    private final Substrate substrate;
    private final List<Axis> axes = new ArrayList<>();
    private boolean randomPlan;
    private int randomPoints;
    private long planSeed;
    private int repeats = 10;
    private PhysicalDevice device;
    private long deviceSeed;
    private boolean ideal;
    private Params baseline;
    private double[] baseInput;
    private int batchSize = 1024;

    private Characterization(Substrate substrate) {
        this.substrate = Objects.requireNonNull(substrate, "substrate");
    }

    /**
     * A characterization of {@code substrate}: grid plan, 10 repeats, on {@code substrate.device(0)}, until
     * configured otherwise.
     */
    public static Characterization of(Substrate substrate) {
        return new Characterization(substrate);
    }

    // ------------------------------------------------------------------ plan

    /** Every combination of the declared sweeps' levels (the default); see the class comment. */
    public Characterization gridPlan() {
        randomPlan = false;
        return this;
    }

    /**
     * {@code points} points drawn uniformly over the declared sweeps' ranges, or over every input and
     * trainable parameter range if none is declared; see the class comment.
     *
     * @param points number of points (table rows), at least 1
     * @param seed   fixes the points
     * @throws IllegalArgumentException if {@code points < 1}
     */
    public Characterization randomPlan(int points, long seed) {
        if (points < 1)
            throw new IllegalArgumentException("a random plan needs at least 1 point, got " + points + ": a plan of zero points measures nothing");
        randomPlan = true;
        randomPoints = points;
        planSeed = seed;
        return this;
    }

    /**
     * Sweeps input column {@code column} from {@code lo} to {@code hi} (inclusive) in {@code steps} evenly
     * spaced levels (one level is {@code lo}); a random plan draws it uniformly in [lo, hi].
     *
     * @param lo lowest level, in the substrate's input unit, inside its input range
     * @param hi highest level, inside the input range
     * @throws IllegalArgumentException if the column does not exist or is already swept, a bound is not finite
     *                                  or leaves the input range, or {@code steps < 1}
     */
    public Characterization sweepInput(int column, double lo, double hi, int steps) {
        String what = "sweepInput(" + column + ", ...)";
        if (column < 0 || column >= substrate.inputSize())
            throw new IllegalArgumentException(what + ": substrate '" + substrate.name() + "' has input columns 0.."
                    + (substrate.inputSize() - 1) + "; column " + column + " does not exist");
        checkRange(what, lo, hi, substrate.inputMin(), substrate.inputMax(), "input range");
        checkSteps(what, steps);
        for (Axis a : axes)
            if (a.isInput() && a.inputColumn() == column) throw new IllegalArgumentException(what + ": input column " + column + " is already swept");
        axes.add(new Axis("x" + column, column, null, -1, lo, hi, steps));
        return this;
    }

    /**
     * Sweeps one element of parameter {@code name} ({@code element} is its flat, row-major index) from
     * {@code lo} to {@code hi} in {@code steps} levels; its column is {@code name[element]}.
     *
     * @param lo lowest level, in the parameter's unit, inside its range
     * @param hi highest level, inside its range
     * @throws IllegalArgumentException if the parameter or element does not exist or is already swept, a
     *                                  bound is not finite or leaves the parameter's range, or {@code steps < 1}
     */
    public Characterization sweepParameter(String name, int element, double lo, double hi, int steps) {
        ParameterSpec p = spec(name);
        String what = "sweepParameter(\"" + name + "\", " + element + ", ...)";
        int size = size(p);
        if (element < 0 || element >= size)
            throw new IllegalArgumentException(what + ": parameter '" + name + "' of shape " + Arrays.toString(p.shape()) + " has "
                    + size + " elements; element " + element + " does not exist");
        addParameterAxis(what, new Axis(name + "[" + element + "]", -1, p, element, lo, hi, steps));
        return this;
    }

    /**
     * Sweeps every element of parameter {@code name} together (all set to the same level) from {@code lo}
     * to {@code hi} in {@code steps} levels; its column is {@code name}. For a scalar parameter this is the
     * natural sweep.
     *
     * @throws IllegalArgumentException as {@link #sweepParameter(String, int, double, double, int)}
     */
    public Characterization sweepParameter(String name, double lo, double hi, int steps) {
        ParameterSpec p = spec(name);
        addParameterAxis("sweepParameter(\"" + name + "\", ...)", new Axis(name, -1, p, -1, lo, hi, steps));
        return this;
    }

    private void addParameterAxis(String what, Axis axis) {
        ParameterSpec p = axis.parameter();
        checkRange(what, axis.lo(), axis.hi(), p.lo(), p.hi(), "range of parameter '" + p.name() + "'");
        checkSteps(what, axis.steps());
        for (Axis a : axes)
            if (!a.isInput() && a.parameter().name().equals(p.name()) && (a.element() < 0 || axis.element() < 0 || a.element() == axis.element()))
                throw new IllegalArgumentException(what + ": '" + a.column() + "' is already swept");
        axes.add(axis);
    }

    private ParameterSpec spec(String name) {
        for (ParameterSpec p : substrate.parameters()) if (p.name().equals(name)) return p;
        List<String> names = new ArrayList<>();
        for (ParameterSpec p : substrate.parameters()) names.add(p.name());
        throw new IllegalArgumentException("substrate '" + substrate.name() + "' has no parameter '" + name + "'; it has " + names);
    }

    private static void checkRange(String what, double lo, double hi, double min, double max, String range) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi))
            throw new IllegalArgumentException(what + ": bounds must be finite, got [" + lo + ", " + hi + "]");
        if (Math.min(lo, hi) < min || Math.max(lo, hi) > max)
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s: [%s, %s] leaves the %s [%s, %s]", what, lo, hi, range, min, max));
    }

    private static void checkSteps(String what, int steps) {
        if (steps < 1) throw new IllegalArgumentException(what + ": steps must be at least 1, got " + steps + ": a sweep of zero levels gives zero points");
    }

    // ------------------------------------------------------------------ measurement

    /**
     * Measurements per point.
     *
     * @throws IllegalArgumentException if {@code repeats < 2}: the standard deviation of fewer than two
     *                                  measurements is undefined
     */
    public Characterization repeats(int repeats) {
        if (repeats < 2)
            throw new IllegalArgumentException("repeats must be at least 2 (the standard deviation of " + repeats
                    + " measurement" + (repeats == 1 ? " is" : "s is") + " undefined), got " + repeats);
        this.repeats = repeats;
        return this;
    }

    /**
     * Measures on {@code device}, whose state (drift, call count) the run advances.
     *
     * @throws IllegalArgumentException if the device's substrate has other input or output sizes
     */
    public Characterization device(PhysicalDevice device) {
        Objects.requireNonNull(device, "device");
        Substrate other = device.substrate();
        if (other.inputSize() != substrate.inputSize() || other.outputSize() != substrate.outputSize())
            throw new IllegalArgumentException("the device realizes '" + other.name() + "' (" + other.inputSize() + " inputs, "
                    + other.outputSize() + " outputs), not '" + substrate.name() + "' (" + substrate.inputSize() + ", " + substrate.outputSize() + ")");
        this.device = device;
        this.ideal = false;
        return this;
    }

    /** Measures on a fresh {@code substrate.device(seed)} at every {@link #run()} (the default, with seed 0). */
    public Characterization device(long seed) {
        this.device = null;
        this.deviceSeed = seed;
        this.ideal = false;
        return this;
    }

    /**
     * Evaluates the ideal {@link Substrate#model} instead of a device: one evaluation per point, std = 0, and
     * snr ±∞ (NaN where the mean is 0). Compare with a device's table row by row: the same plan gives the
     * same points. {@link #device} switches back.
     */
    public Characterization ideal() {
        this.ideal = true;
        return this;
    }

    /**
     * The values of the parameters (or elements) not swept (default: every parameter's initializer drawn
     * in declaration order from {@code new Rng(0)}). Checked against the substrate when the plan runs.
     */
    public Characterization baseline(Params theta) {
        this.baseline = Objects.requireNonNull(theta, "theta");
        return this;
    }

    /**
     * The values of the input columns not swept (default: the middle of the input range).
     *
     * @throws ShapeMismatchException if the length is not the substrate's input size
     * @throws IllegalArgumentException if a value is outside the input range
     */
    public Characterization baseInput(double... x) {
        if (x.length != substrate.inputSize())
            throw new ShapeMismatchException("baseInput: substrate '" + substrate.name() + "' takes " + substrate.inputSize()
                    + " inputs, got " + x.length);
        for (int i = 0; i < x.length; i++)
            if (!(x[i] >= substrate.inputMin() && x[i] <= substrate.inputMax()))
                throw new IllegalArgumentException(String.format(Locale.ROOT, "baseInput: x%d = %s is outside the input range [%s, %s] of substrate '%s'",
                        i, x[i], substrate.inputMin(), substrate.inputMax(), substrate.name()));
        this.baseInput = x.clone();
        return this;
    }

    /**
     * Most samples per device call (default 1024).
     *
     * @throws IllegalArgumentException if not positive
     */
    public Characterization batchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    // ------------------------------------------------------------------ the plan's points

    private List<Axis> inputAxes() {
        return axes.stream().filter(Axis::isInput).toList();
    }

    private List<Axis> parameterAxes() {
        return axes.stream().filter(a -> !a.isInput()).toList();
    }

    private boolean drawsEverything() {
        return randomPlan && axes.isEmpty();
    }

    private static long levels(List<Axis> list) {
        long n = 1;
        for (Axis a : list) {
            n *= a.steps();
            if (n > Integer.MAX_VALUE) return n;
        }
        return n;
    }

    /**
     * The number of points, that is of table rows.
     *
     * @throws IllegalStateException if a grid has more than 2^31 − 1 points
     */
    public int points() {
        if (randomPlan) return randomPoints;
        long n = levels(inputAxes()) * levels(parameterAxes());
        if (n > Integer.MAX_VALUE || n < 0)
            throw new IllegalStateException("the grid has more than " + Integer.MAX_VALUE + " points; use fewer steps or randomPlan(points, seed)");
        return (int) n;
    }

    /** The number of distinct parameter configurations (theta_point runs from 0 to this minus 1). */
    public int parameterPoints() {
        if (randomPlan) return parameterAxes().isEmpty() && !drawsEverything() ? 1 : randomPoints;
        points(); // checks the size
        return (int) levels(parameterAxes());
    }

    private int thetaPointOf(int point) {
        if (randomPlan) return parameterPoints() == 1 ? 0 : point;
        return (int) (point / levels(inputAxes()));
    }

    /** The random stream of one point of a random plan: depends only on the seed and the point. */
    private Rng pointRng(int point) {
        return new Rng(new Rng(planSeed).nextLong() + point);
    }

    /** The input vector applied at {@code point}, as floats inside the sweeps' and the input's ranges. */
    private float[] inputAt(int point) {
        int n = substrate.inputSize();
        double min = substrate.inputMin(), max = substrate.inputMax();
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = within(baseInput != null ? baseInput[i] : 0.5 * (min + max), min, max);
        List<Axis> in = inputAxes();
        if (randomPlan) {
            Rng r = pointRng(point).split(); // the first split draws inputs, the second parameters
            if (drawsEverything()) for (int i = 0; i < n; i++) x[i] = within(r.uniform(min, max), min, max);
            else for (Axis a : in) x[a.inputColumn()] = a.applied(r.uniform(a.lo(), a.hi()));
        } else {
            long index = point % levels(in);
            for (int k = in.size() - 1; k >= 0; k--) {
                Axis a = in.get(k);
                x[a.inputColumn()] = a.applied(a.level((int) (index % a.steps())));
                index /= a.steps();
            }
        }
        return x;
    }

    /** The swept parameter axes' applied levels at parameter configuration {@code theta}, one per parameter axis. */
    private float[] parameterLevels(int theta) {
        List<Axis> par = parameterAxes();
        float[] v = new float[par.size()];
        if (randomPlan) {
            Rng r = pointRng(theta);
            r.split();
            Rng pr = r.split();
            for (int k = 0; k < par.size(); k++) v[k] = par.get(k).applied(pr.uniform(par.get(k).lo(), par.get(k).hi()));
        } else {
            long index = theta;
            for (int k = par.size() - 1; k >= 0; k--) {
                v[k] = par.get(k).applied(par.get(k).level((int) (index % par.get(k).steps())));
                index /= par.get(k).steps();
            }
        }
        return v;
    }

    private Params baselineParams() {
        if (baseline != null) return baseline;
        Rng r = new Rng(0);
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (ParameterSpec p : substrate.parameters()) m.put(p.name(), p.init().draw(r, p.shape()));
        return Params.of(substrate.name(), m);
    }

    /**
     * The full parameter values of configuration {@code thetaPoint} (the table's {@code theta_point}): the
     * baseline with the plan's levels applied.
     *
     * @throws IndexOutOfBoundsException if {@code thetaPoint} is outside [0, {@link #parameterPoints()})
     */
    public Params parametersAt(int thetaPoint) {
        int count = parameterPoints();
        if (thetaPoint < 0 || thetaPoint >= count)
            throw new IndexOutOfBoundsException("theta_point " + thetaPoint + " is outside [0, " + count + ") of this plan");
        return parametersAt(thetaPoint, baselineParams());
    }

    private Params parametersAt(int theta, Params base) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (ParameterSpec p : substrate.parameters()) {
            Tensor t = base.get(p.name());
            m.put(p.name(), Tensor.of(t.array(), t.shape()));
        }
        if (drawsEverything()) {
            Rng r = pointRng(theta);
            r.split();
            Rng pr = r.split();
            for (ParameterSpec p : substrate.parameters()) {
                if (!p.trainable()) continue;
                float[] d = m.get(p.name()).array();
                for (int i = 0; i < d.length; i++) d[i] = within(pr.uniform(p.lo(), p.hi()), p.lo(), p.hi());
            }
        } else {
            List<Axis> par = parameterAxes();
            float[] v = parameterLevels(theta);
            for (int k = 0; k < par.size(); k++) {
                Axis a = par.get(k);
                float[] d = m.get(a.parameter().name()).array();
                if (a.element() < 0) Arrays.fill(d, v[k]);
                else d[a.element()] = v[k];
            }
        }
        return Params.of(substrate.name(), m);
    }

    /** {@code v} as a float that stays inside [lo, hi] (rounding to float can step just outside). */
    private static float within(double v, double lo, double hi) {
        float f = (float) v;
        while (f > hi) f = Math.nextDown(f);
        while (f < lo) f = Math.nextUp(f);
        return f;
    }

    private static int size(ParameterSpec p) {
        int n = 1;
        for (int d : p.shape()) n *= d;
        return n;
    }

    // ------------------------------------------------------------------ run

    /**
     * Runs the plan and tabulates it; see the class comment for the columns.
     *
     * @throws IllegalArgumentException if the baseline parameters do not fit the substrate (missing, wrong
     *                                  shape, outside their ranges)
     * @throws IllegalStateException    if a grid is too large, or the device or model returns a wrong shape or
     *                                  a non-finite value
     */
    public Table run() {
        int points = points(), n = substrate.inputSize(), outs = substrate.outputSize();
        Params base = baselineParams();
        Substrates.checkParams(substrate, base);
        PhysicalDevice dev = ideal ? null : device != null ? device : substrate.device(deviceSeed);
        int reps = ideal ? 1 : repeats;

        List<Axis> par = parameterAxes();
        IntColumn pointCol = IntColumn.create("point"), thetaCol = IntColumn.create("theta_point");
        DoubleColumn[] xCols = new DoubleColumn[n], pCols = new DoubleColumn[drawsEverything() ? 0 : par.size()];
        DoubleColumn[] mean = new DoubleColumn[outs], std = new DoubleColumn[outs], snr = new DoubleColumn[outs];
        for (int i = 0; i < n; i++) xCols[i] = DoubleColumn.create("x" + i);
        for (int k = 0; k < pCols.length; k++) pCols[k] = DoubleColumn.create(par.get(k).column());
        for (int j = 0; j < outs; j++) {
            mean[j] = DoubleColumn.create("mean_" + j);
            std[j] = DoubleColumn.create("std_" + j);
            snr[j] = DoubleColumn.create("snr_" + j);
        }

        for (int start = 0; start < points; ) {
            int theta = thetaPointOf(start), end = start + 1;
            while (end < points && end - start < batchSize && thetaPointOf(end) == theta) end++;
            int b = end - start;
            float[] x = new float[b * n];
            for (int s = 0; s < b; s++) System.arraycopy(inputAt(start + s), 0, x, s * n, n);
            Tensor xt = Tensor.wrap(x, b, n);
            Params theta_ = parametersAt(theta, base);
            float[] levels = pCols.length == 0 ? new float[0] : parameterLevels(theta);

            // Welford's running mean and sum of squared deviations, per sample and output
            double[] m = new double[b * outs], m2 = new double[b * outs];
            for (int r = 0; r < reps; r++) {
                Tensor y = ideal ? model(xt, theta_) : dev.forward(xt, theta_);
                float[] yd = y.array();
                for (int i = 0; i < m.length; i++) {
                    double delta = yd[i] - m[i];
                    m[i] += delta / (r + 1);
                    m2[i] += delta * (yd[i] - m[i]);
                }
            }
            for (int s = 0; s < b; s++) {
                pointCol.append(start + s);
                thetaCol.append(theta);
                for (int i = 0; i < n; i++) xCols[i].append(x[s * n + i]);
                for (int k = 0; k < pCols.length; k++) pCols[k].append(levels[k]);
                for (int j = 0; j < outs; j++) {
                    double mu = m[s * outs + j], sd = ideal ? 0 : Math.sqrt(m2[s * outs + j] / (reps - 1));
                    mean[j].append(mu);
                    std[j].append(sd);
                    snr[j].append(snr(mu, sd));
                }
            }
            start = end;
        }

        List<Column<?>> cols = new ArrayList<>();
        cols.add(pointCol);
        cols.add(thetaCol);
        cols.addAll(Arrays.asList(xCols));
        cols.addAll(Arrays.asList(pCols));
        for (int j = 0; j < outs; j++) {
            cols.add(mean[j]);
            cols.add(std[j]);
            cols.add(snr[j]);
        }
        String name = "characterization of " + substrate.name() + (ideal ? " (ideal model)" : " (" + repeats + " repeats)");
        return Table.create(name, cols.toArray(new Column<?>[0]));
    }

    private Tensor model(Tensor x, Params theta) {
        Substrates.checkInput(substrate, x);
        Substrates.checkParams(substrate, theta);
        Tensor y;
        try (Grad.Scope off = Grad.off()) {
            y = substrate.model(x, theta.detached());
        }
        Substrates.checkOutput(substrate, y, x.dim(0), "the ideal model");
        return y;
    }

    /** mean/std, with the zero-std cases spelled out: ±∞ by the mean's sign, NaN for a zero mean. */
    static double snr(double mean, double std) {
        if (std > 0) return mean / std;
        if (mean > 0) return Double.POSITIVE_INFINITY;
        if (mean < 0) return Double.NEGATIVE_INFINITY;
        return Double.NaN;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Characterization.of(").append(substrate.name()).append(')');
        s.append(randomPlan ? ".randomPlan(" + randomPoints + ", " + planSeed + ")" : ".gridPlan()");
        for (Axis a : axes) {
            if (a.isInput()) s.append(".sweepInput(").append(a.inputColumn());
            else s.append(".sweepParameter(\"").append(a.parameter().name()).append('"').append(a.element() < 0 ? "" : ", " + a.element());
            s.append(", ").append(a.lo()).append(", ").append(a.hi()).append(", ").append(a.steps()).append(')');
        }
        s.append(".repeats(").append(repeats).append(')');
        if (ideal) s.append(".ideal()");
        return s.toString();
    }
}
