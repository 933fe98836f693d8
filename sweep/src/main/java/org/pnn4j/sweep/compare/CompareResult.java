package org.pnn4j.sweep.compare;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.pnn4j.plot.Figure;
import org.pnn4j.plot.Plots;
import org.pnn4j.sweep.SweepResult;
import org.pnn4j.sweep.TrialOutcome;
import org.pnn4j.sweep.TrialResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The comparison's results: the method × substrate {@link #table()} at the main budget, the {@link #curve()} (one
 * row per method, substrate and budget) and the accuracy-against-calls {@link #figure()}, aggregated over seeds from
 * the trials' results.
 *
 * <p>Per method, substrate and budget: the mean and the sample standard deviation (n − 1 in the denominator; 0 for
 * one seed) of the test accuracy on the device over the seeds whose trial ran; the means of the device calls made in
 * training, the seconds spent inside the simulated devices, the digital seconds (training wall time less device
 * time: the computer's share, the ideal models of in-silico training included) and the trial's wall time. A cell
 * whose trials say the method does not apply shows {@code n/a: <reason>}; one with a failed trial
 * {@code failed: <error>}. Digital FLOPs are not counted (the tensor kernels keep no operation count); the digital
 * seconds stand in for them.
 */
public final class CompareResult {
    /** Name of the table file (the wide table) in the output folder. */
    public static final String TABLE_CSV = "compare.csv", CURVE_CSV = "compare-curve.csv", TABLE_MD = "compare.md", PLOT_PNG = "accuracy-vs-calls.png";

    private final Table curve, table;
    private final long mainBudget;
    private final SweepResult sweep;

    private CompareResult(Table curve, Table table, long mainBudget, SweepResult sweep) {
        this.curve = curve;
        this.table = table;
        this.mainBudget = mainBudget;
        this.sweep = sweep;
    }

    /**
     * Aggregates {@code results} (trials of {@code experiment=compare}; others are ignored) over seeds.
     *
     * @param methods    method names in the table's order
     * @param substrates substrate names in the table's order
     * @param mainBudget the budget the table's main columns are at
     * @param sweep      the sweep that produced them (null when aggregating stored or synthetic results)
     * @throws IllegalArgumentException for an unknown method or substrate name
     */
    public static CompareResult of(List<TrialResult> results, List<String> methods, List<String> substrates, long mainBudget, SweepResult sweep) {
        StringColumn sub = StringColumn.create("substrate"), meth = StringColumn.create("method"), status = StringColumn.create("status");
        LongColumn calls = LongColumn.create("calls");
        IntColumn n = IntColumn.create("seeds");
        DoubleColumn mean = DoubleColumn.create("accuracy_mean"), sd = DoubleColumn.create("accuracy_sd"), model = DoubleColumn.create("model_accuracy_mean"),
                used = DoubleColumn.create("physical_calls_mean"), dev = DoubleColumn.create("device_s_mean"), dig = DoubleColumn.create("digital_s_mean"),
                wall = DoubleColumn.create("wall_s_mean");
        TreeSet<Long> budgets = new TreeSet<>();
        for (TrialResult r : results) if (CompareRunner.EXPERIMENT.equals(r.trial().get("experiment", ""))) budgets.add(CompareRunner.budget(r.trial().get("budget", "")));
        for (String s : substrates) {
            ComparedSubstrate se = Catalog.substrate(s);
            for (String m : methods) {
                ComparedMethod me = Catalog.method(m);
                for (long b : budgets) {
                    List<TrialResult> cell = results.stream().filter(r -> CompareRunner.EXPERIMENT.equals(r.trial().get("experiment", ""))
                            && s.equals(r.trial().get("substrate", "")) && m.equals(r.trial().get("method", ""))
                            && Long.toString(b).equals(r.trial().get("budget", "").strip())).toList();
                    if (cell.isEmpty()) continue;
                    Cell c = Cell.of(cell);
                    sub.append(se.label());
                    meth.append(me.label());
                    calls.append(b);
                    n.append(c.n);
                    mean.append(c.mean);
                    sd.append(c.sd);
                    model.append(c.model);
                    used.append(c.calls);
                    dev.append(c.device);
                    dig.append(c.digital);
                    wall.append(c.wall);
                    status.append(c.status);
                }
            }
        }
        Table curve = Table.create("comparison: accuracy against the budget of device calls", sub, meth, calls, n, mean, sd, model, used, dev, dig, wall, status);
        return new CompareResult(curve, wide(curve, mainBudget, budgets), mainBudget, sweep);
    }

    /** What one method on one substrate at one budget measured, over its seeds. */
    private record Cell(int n, double mean, double sd, double model, double calls, double device, double digital, double wall, String status) {
        static Cell of(List<TrialResult> trials) {
            String failed = null, na = null;
            List<TrialOutcome> ok = new ArrayList<>();
            List<Double> walls = new ArrayList<>();
            for (TrialResult r : trials) {
                if (!r.ok()) {
                    if (failed == null) failed = r.error();
                } else if (CompareTrial.isNotApplicable(r.outcome())) {
                    if (na == null) na = CompareTrial.reason(r.outcome());
                } else {
                    ok.add(r.outcome());
                    walls.add(r.wallSeconds());
                }
            }
            String status = failed != null ? "failed: " + failed : ok.isEmpty() && na != null ? CompareTrial.NOT_APPLICABLE + na : "ok";
            if (ok.isEmpty()) return new Cell(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, status);
            double[] acc = ok.stream().mapToDouble(TrialOutcome::deviceAccuracy).toArray();
            return new Cell(ok.size(), CompareResult.mean(acc), CompareResult.sd(acc), CompareResult.mean(ok.stream().mapToDouble(TrialOutcome::modelAccuracy).toArray()),
                    CompareResult.mean(ok.stream().mapToDouble(TrialOutcome::physicalCalls).toArray()), CompareResult.mean(ok.stream().mapToDouble(TrialOutcome::deviceSeconds).toArray()),
                    CompareResult.mean(ok.stream().mapToDouble(o -> o.trainSeconds() - o.deviceSeconds()).toArray()),
                    CompareResult.mean(walls.stream().mapToDouble(Double::doubleValue).toArray()), status);
        }
    }

    /** The mean of {@code v} (NaN when empty). */
    static double mean(double[] v) {
        if (v.length == 0) return Double.NaN;
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** The sample standard deviation of {@code v} (n − 1 in the denominator), 0 for one value, NaN for none. */
    static double sd(double[] v) {
        if (v.length == 0) return Double.NaN;
        if (v.length == 1) return 0;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    private static Table wide(Table curve, long mainBudget, TreeSet<Long> budgets) {
        StringColumn meth = StringColumn.create("method"), sub = StringColumn.create("substrate"),
                acc = StringColumn.create(String.format(Locale.ROOT, "device test accuracy %% at %d calls (mean ± sd)", mainBudget));
        IntColumn n = IntColumn.create("seeds");
        StringColumn calls = StringColumn.create("device calls"), dev = StringColumn.create("device s"), dig = StringColumn.create("digital s"),
                wall = StringColumn.create("wall s");
        List<StringColumn> perBudget = new ArrayList<>();
        for (long b : budgets) perBudget.add(StringColumn.create("acc % @ " + b));
        List<String[]> keys = new ArrayList<>();
        for (int i = 0; i < curve.rowCount(); i++) {
            String[] k = {curve.stringColumn("method").get(i), curve.stringColumn("substrate").get(i)};
            if (keys.stream().noneMatch(x -> x[0].equals(k[0]) && x[1].equals(k[1]))) keys.add(k);
        }
        // method-major rows: all substrates of a method together
        List<String> methodOrder = new ArrayList<>();
        for (String[] k : keys) if (!methodOrder.contains(k[0])) methodOrder.add(k[0]);
        for (String m : methodOrder)
            for (String[] k : keys) {
                if (!k[0].equals(m)) continue;
                meth.append(k[0]);
                sub.append(k[1]);
                int main = row(curve, k[0], k[1], mainBudget);
                if (main < 0) {
                    acc.append("not run at " + mainBudget);
                    n.append(0);
                    calls.append("");
                    dev.append("");
                    dig.append("");
                    wall.append("");
                } else {
                    String st = curve.stringColumn("status").get(main);
                    acc.append(st.equals("ok") ? meanSd(curve, main) : st);
                    n.append(curve.intColumn("seeds").get(main));
                    calls.append(num(curve.doubleColumn("physical_calls_mean").getDouble(main), "%.0f"));
                    dev.append(num(curve.doubleColumn("device_s_mean").getDouble(main), "%.2f"));
                    dig.append(num(curve.doubleColumn("digital_s_mean").getDouble(main), "%.1f"));
                    wall.append(num(curve.doubleColumn("wall_s_mean").getDouble(main), "%.1f"));
                }
                int j = 0;
                for (long b : budgets) {
                    int r = row(curve, k[0], k[1], b);
                    String st = r < 0 ? "" : curve.stringColumn("status").get(r);
                    perBudget.get(j++).append(r < 0 ? "" : st.equals("ok") ? meanSd(curve, r) : st.startsWith(CompareTrial.NOT_APPLICABLE) ? "n/a" : "failed");
                }
            }
        Table t = Table.create(String.format(Locale.ROOT, "training methods compared: vowels, %d device calls (means per run)", mainBudget), meth, sub, acc, n, calls,
                dev, dig, wall);
        perBudget.forEach(t::addColumns);
        return t;
    }

    private static int row(Table curve, String method, String substrate, long budget) {
        for (int i = 0; i < curve.rowCount(); i++)
            if (curve.stringColumn("method").get(i).equals(method) && curve.stringColumn("substrate").get(i).equals(substrate)
                    && curve.longColumn("calls").get(i) == budget) return i;
        return -1;
    }

    private static String meanSd(Table curve, int i) {
        return String.format(Locale.ROOT, "%.1f ± %.1f", 100 * curve.doubleColumn("accuracy_mean").getDouble(i), 100 * curve.doubleColumn("accuracy_sd").getDouble(i));
    }

    private static String num(double v, String pattern) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, pattern, v);
    }

    /**
     * Method × substrate at the main budget: accuracy on the device (mean ± sd over seeds, percent, or
     * {@code n/a: reason}, or {@code failed: error}), seeds, device calls, device seconds, digital seconds and wall
     * seconds per run (means), then the accuracy at each budget ({@code acc % @ B}: mean ± sd, {@code n/a} or
     * {@code failed}).
     */
    public Table table() {
        return table;
    }

    /**
     * One row per substrate, method and budget ({@code calls}): seeds, accuracy_mean and accuracy_sd (fractions),
     * model_accuracy_mean, physical_calls_mean, device_s_mean, digital_s_mean, wall_s_mean, status ({@code ok},
     * {@code n/a: reason}, {@code failed: error}); NaN where nothing ran.
     */
    public Table curve() {
        return curve;
    }

    /** The main budget of {@link #table()}. */
    public long mainBudget() {
        return mainBudget;
    }

    /** The sweep behind this comparison (each trial's row and history); null when aggregated from stored results. */
    public SweepResult sweep() {
        return sweep;
    }

    /**
     * Accuracy on the device against the budget of device calls, one line per method with ±1 sd error bars, one panel per
     * substrate, log calls axis, chance (1/7) dashed. A method that made no device call (in silico, which trains as many
     * steps as PAT at each budget) is drawn at the budget and named "(0 device calls)".
     *
     * @throws IllegalArgumentException if no cell has an accuracy to draw
     */
    public Figure<XYChart> figure() {
        Table c = curve.copy();
        StringColumn m = c.stringColumn("method");
        for (String name : new TreeSet<>(m.asList())) {
            Table rows = c.where(m.isEqualTo(name));
            boolean some = false, allZero = true;
            for (double v : rows.doubleColumn("physical_calls_mean").asDoubleArray())
                if (!Double.isNaN(v)) {
                    some = true;
                    allZero &= v == 0;
                }
            if (some && allZero) m.set(m.isEqualTo(name), name + " (0 device calls)");
        }
        return Plots.accuracyVsCalls(c).chance(1.0 / Task.VOWEL_CLASSES).build();
    }

    /** The table as Markdown (the README's form). */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append('|');
        for (String name : table.columnNames()) b.append(' ').append(name).append(" |");
        b.append("\n|");
        for (int j = 0; j < table.columnCount(); j++) b.append("---|");
        b.append('\n');
        for (int i = 0; i < table.rowCount(); i++) {
            b.append('|');
            for (int j = 0; j < table.columnCount(); j++) b.append(' ').append(String.valueOf(table.get(i, j)).replace("|", "\\|")).append(" |");
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * Writes compare.csv (the table), compare-curve.csv, compare.md and accuracy-vs-calls.png into {@code dir}.
     *
     * @throws UncheckedIOException if a file cannot be written
     */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            StringWriter w = new StringWriter();
            table.write().csv(w);
            Files.writeString(dir.resolve(TABLE_CSV), w.toString(), StandardCharsets.UTF_8);
            w = new StringWriter();
            curve.write().csv(w);
            Files.writeString(dir.resolve(CURVE_CSV), w.toString(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(TABLE_MD), markdown(), StandardCharsets.UTF_8);
            if (curve.doubleColumn("accuracy_mean").isNotMissing().size() > 0) figure().savePng(dir.resolve(PLOT_PNG));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison's files into " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return table.print(table.rowCount());
    }
}
