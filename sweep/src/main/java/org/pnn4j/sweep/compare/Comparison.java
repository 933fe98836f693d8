package org.pnn4j.sweep.compare;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.pnn4j.sweep.Grid;
import org.pnn4j.sweep.Sweep;
import org.pnn4j.sweep.SweepResult;
import org.pnn4j.sweep.Trial;

/**
 * The comparison of training methods, method × substrate, run through the sweep engine: every (method, substrate,
 * seed, budget) is one trial ({@code experiment=compare}, see {@link CompareRunner}), so a comparison runs on
 * {@code local[*]} by default or on a cluster, and a re-run with the same output folder skips finished trials.
 *
 * <pre>{@code
 * CompareResult r = Comparison.of().methods("pat", "dfa", "spsa").substrates("pendula", "diode")
 *         .seeds(1, 2, 3).budgets(350, 1400).out(Path.of("compare-out")).run();
 * r.table();     // method × substrate: accuracy mean ± sd at the main budget, device calls and seconds, digital time, accuracy per budget
 * r.figure();    // accuracy against device calls, one panel per substrate
 * }</pre>
 * Defaults: every method and substrate of the {@link Catalog}, seeds 1, 2, 3, budgets 140, 420 and 1400
 * device calls, main budget 1400 ({@code ./pnn4j reproduce methods}' budget), {@code local[*]}, {@code ./compare-out}.
 */
public final class Comparison {
    /** The budgets of device calls when none are given. */
    public static final List<Long> DEFAULT_BUDGETS = List.of(140L, 420L, 1400L);
    /** The main budget when none is given (and it is among the budgets). */
    public static final long DEFAULT_BUDGET = 1400;

    private List<String> methods = Catalog.methodNames(), substrates = Catalog.substrateNames();
    private List<Long> seeds = List.of(1L, 2L, 3L), budgets;
    private Long budget;
    private String master = "local[*]";
    private Path out = Path.of("compare-out");
    private PrintStream progress = System.err;
    private double progressEvery = 10;
    private boolean stopEngine;
    private final Map<String, String> conf = new LinkedHashMap<>();

    private Comparison() {}

    /** A comparison with the defaults (see the class comment). */
    public static Comparison of() {
        return new Comparison();
    }

    /**
     * The methods, by name ({@link Catalog#methodNames()}).
     *
     * @throws IllegalArgumentException for an unknown name (naming it and the choices) or none
     */
    public Comparison methods(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("name at least one method; the methods are " + Catalog.methodNames());
        for (String n : names) Catalog.method(n);
        this.methods = List.copyOf(new LinkedHashSet<>(List.of(names)));
        return this;
    }

    /**
     * The substrates, by name ({@link Catalog#substrateNames()}).
     *
     * @throws IllegalArgumentException for an unknown name (naming it and the choices) or none
     */
    public Comparison substrates(String... names) {
        if (names.length == 0) throw new IllegalArgumentException("name at least one substrate; the substrates are " + Catalog.substrateNames());
        for (String n : names) Catalog.substrate(n);
        this.substrates = List.copyOf(new LinkedHashSet<>(List.of(names)));
        return this;
    }

    /**
     * The seeds (of initialization and batch order); the table's mean ± sd is over them.
     *
     * @throws IllegalArgumentException if none is given
     */
    public Comparison seeds(long... seeds) {
        if (seeds.length == 0) throw new IllegalArgumentException("give at least one seed");
        List<Long> s = new ArrayList<>();
        for (long v : seeds) if (!s.contains(v)) s.add(v);
        this.seeds = List.copyOf(s);
        return this;
    }

    /**
     * The budgets of device calls, one point of the accuracy-against-calls curve each.
     *
     * @throws IllegalArgumentException if none is given or one is below 1 (naming it)
     */
    public Comparison budgets(long... budgets) {
        if (budgets.length == 0) throw new IllegalArgumentException("give at least one budget of device calls");
        TreeSet<Long> b = new TreeSet<>();
        for (long v : budgets) b.add(CompareRunner.budget(Long.toString(v)));
        this.budgets = List.copyOf(b);
        return this;
    }

    /**
     * The main budget: the table's accuracy, calls and times are at it (added to the budgets when missing).
     *
     * @throws IllegalArgumentException if it is below 1
     */
    public Comparison budget(long calls) {
        this.budget = CompareRunner.budget(Long.toString(calls));
        return this;
    }

    /** The Spark master (default {@code local[*]}; see {@link Sweep#master}). */
    public Comparison master(String master) {
        this.master = master;
        return this;
    }

    /** The output folder: the sweep's files, and compare.csv, compare-curve.csv, compare.md, accuracy-vs-calls.png. */
    public Comparison out(Path dir) {
        this.out = dir;
        return this;
    }

    /** Where the sweep's progress lines go (default {@code System.err}; null: nowhere), every {@code seconds} between trials. */
    public Comparison progress(PrintStream stream, double seconds) {
        this.progress = stream;
        this.progressEvery = seconds;
        return this;
    }

    /** A Spark setting for the engine (see {@link Sweep#conf}). */
    public Comparison conf(String name, String value) {
        conf.put(name, value);
        return this;
    }

    /** Whether the Spark engine stops when the comparison ends (default false: a notebook's next run reuses it). */
    public Comparison stopEngineWhenDone(boolean stop) {
        this.stopEngine = stop;
        return this;
    }

    /** The budgets in effect: the given ones (default {@link #DEFAULT_BUDGETS}) with the main budget, ascending. */
    public List<Long> effectiveBudgets() {
        TreeSet<Long> b = new TreeSet<>(budgets != null ? budgets : budget != null ? List.of() : DEFAULT_BUDGETS);
        b.add(mainBudget());
        return List.copyOf(b);
    }

    /** The main budget in effect: the given one, else the largest given budget, else {@link #DEFAULT_BUDGET}. */
    public long mainBudget() {
        if (budget != null) return budget;
        if (budgets != null) return budgets.get(budgets.size() - 1);
        return DEFAULT_BUDGET;
    }

    /** The trials: every method × substrate × seed × budget, as {@code experiment=compare} trials. */
    public List<Trial> trials() {
        return Grid.of().axis("experiment", CompareRunner.EXPERIMENT).axis("substrate", substrates.toArray()).axis("method", methods.toArray())
                .axis("budget", effectiveBudgets().toArray()).axis("seed", seeds.toArray()).trials();
    }

    /**
     * Runs the trials not finished in the output folder, and writes the table, the curve and the plot there.
     *
     * @throws IllegalArgumentException if a trial's configuration is refused
     */
    public CompareResult run() {
        Sweep sweep = Sweep.of(trials()).runner(new CompareRunner()).master(master).out(out).progress(progress).progressEvery(progressEvery)
                .stopEngineWhenDone(stopEngine);
        conf.forEach(sweep::conf);
        SweepResult r = sweep.run();
        CompareResult c = CompareResult.of(r.results(), methods, substrates, mainBudget(), r);
        c.write(out);
        return c;
    }
}
