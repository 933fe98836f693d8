package org.pnn4j.sweep.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.pnn4j.Reproductions;
import org.pnn4j.Reproductions.Run;
import org.pnn4j.sweep.Grid;
import org.pnn4j.sweep.Sweep;
import org.pnn4j.sweep.SweepResult;
import org.pnn4j.sweep.Trial;
import org.pnn4j.sweep.TrialResult;
import org.pnn4j.sweep.compare.CompareRunner;
import tech.tablesaw.api.Table;

/**
 * Entry point of {@code ./pnn4j sweep FILE... [--master M] [--out DIR]}, of
 * {@code ./pnn4j reproduce vowels|phyll|noise --sweep [...]} and of {@code ./pnn4j compare [...]} ({@link CompareCommand});
 * the launcher starts this class (sweep module) instead of the kernel's {@code org.pnn4j.cli.Main} for these three. Exit codes: 0 every trial finished, 1 a trial failed or
 * the sweep did, 2 a usage error.
 */
public final class SweepMain {
    static final String USAGE = """
            usage: ./pnn4j sweep FILE... [--master local[*]|local[N]|spark://HOST:PORT] [--out DIR] [--conf NAME=VALUE]...
                   ./pnn4j reproduce vowels|phyll|noise --sweep [--master M] [--out DIR] [--epochs N] [--seeds a,b,...]
                                     [--sigmas a,b,...] [--lr X]

            Runs a grid of trials on Apache Spark (embedded local[*] by default: no server to start) and writes one
            results table: DIR/results.parquet (with each trial's history), DIR/results.csv, and DIR/trials/KEY.properties
            per trial. A re-run with the same --out skips the trials that finished; failed ones run again.

            FILE: a properties file, one axis a line, values separated by commas; the trials are every combination:
              experiment = vowels          # vowels | phyll | compare (method, substrate, budget, seed: see ./pnn4j compare)
              method     = pat, insilico   # vowels: pat | insilico; phyll: phyll | phyll-concat | pat | insilico
              seed       = 1, 2, 3, 4
              epochs     = 5
              noise      = 0, 0.03         # vowels only: the pendula's measurement noise (rad)
              # phyll only: substrate = simulated, recorded   lr = 0.01
            Several files: the union of their grids.

            Options:
              --master M          local[*] (default), local[N], local[N,F] (F tries per task), spark://HOST:PORT
              --out DIR           output folder (default: sweep-out; reproduce: sweep-reproduce-EXPERIMENT)
              --progress-every S  seconds between progress lines while no trial finishes (default 10)
              --conf NAME=VALUE   a Spark setting (e.g. spark.executor.memory=2g, spark.jars=...); repeatable

            On a cluster, executors get this JVM's classpath (spark.executor.extraClassPath): right when the workers
            run on this machine or see this checkout at the same path; otherwise pass --conf spark.jars=...
            and set SPARK_LOCAL_IP to an address the workers reach.""";

    private SweepMain() {}

    /** Exit status of the command line; see the class comment. */
    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out);
        } catch (UsageException e) {
            boolean compare = args.length > 0 && args[0].equals("compare");
            System.err.println("pnn4j " + (compare ? "compare" : "sweep") + ": " + e.getMessage());
            System.err.println(compare ? CompareCommand.USAGE : USAGE);
            code = 2;
        } catch (RuntimeException e) {
            System.err.println("pnn4j sweep: " + e.getMessage());
            if ("1".equals(System.getenv("PNN4J_VERBOSE"))) e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /** A command line that cannot be run as given; the message says what to change. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Runs the command line {@code args} ({@code sweep ...} or {@code reproduce ...}), printing the table on {@code out}.
     *
     * @return the exit status
     * @throws UsageException for a malformed command line
     */
    static int run(String[] args, PrintStream out) {
        if (args.length == 0) throw new UsageException("say sweep FILE... or reproduce EXPERIMENT --sweep");
        if (args[0].equals("compare")) return CompareCommand.run(args, out);
        List<String> files = new ArrayList<>();
        String master = "local[*]", outDir = null;
        java.util.Map<String, String> conf = new java.util.LinkedHashMap<>();
        double every = 10;
        int epochs = -1;
        long[] seeds = null;
        double[] sigmas = null;
        double lr = 0.01;
        boolean reproduce = args[0].equals("reproduce");
        if (!reproduce && !args[0].equals("sweep")) throw new UsageException("unknown command '" + args[0] + "'");
        String experiment = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            }
            if (a.equals("--sweep")) continue;
            if (!a.startsWith("--")) {
                if (reproduce && experiment == null) experiment = a;
                else if (!reproduce) files.add(a);
                else throw new UsageException("unexpected argument '" + a + "'");
                continue;
            }
            if (i + 1 >= args.length) throw new UsageException(a + " needs a value");
            String v = args[++i];
            try {
                switch (a) {
                    case "--master" -> master = v;
                    case "--out" -> outDir = v;
                    case "--progress-every" -> every = Double.parseDouble(v);
                    case "--epochs" -> epochs = Integer.parseInt(v);
                    case "--seeds" -> seeds = Arrays.stream(v.split(",")).mapToLong(s -> Long.parseLong(s.strip())).toArray();
                    case "--sigmas" -> sigmas = Arrays.stream(v.split(",")).mapToDouble(s -> Double.parseDouble(s.strip())).toArray();
                    case "--lr" -> lr = Double.parseDouble(v);
                    case "--conf" -> {
                        int eq = v.indexOf('=');
                        if (eq < 1) throw new UsageException("--conf takes NAME=VALUE (a Spark setting), got '" + v + "'");
                        conf.put(v.substring(0, eq).strip(), v.substring(eq + 1).strip());
                    }
                    default -> throw new UsageException("unexpected option '" + a + "'");
                }
            } catch (NumberFormatException e) {
                throw new UsageException(a + " takes a number (or a comma-separated list), got '" + v + "'");
            }
            if (!reproduce && List.of("--epochs", "--seeds", "--sigmas", "--lr").contains(a))
                throw new UsageException(a + " belongs to reproduce ... --sweep; in a sweep, put it in the grid file");
        }
        if (epochs == 0 || epochs < -1) throw new UsageException("--epochs must be at least 1, got " + epochs);
        List<Trial> trials;
        if (reproduce) {
            if (experiment == null) throw new UsageException("name an experiment: vowels, phyll or noise");
            trials = reproductionTrials(experiment, epochs, seeds, sigmas, lr);
            if (outDir == null) outDir = "sweep-reproduce-" + experiment;
        } else {
            if (files.isEmpty()) throw new UsageException("name a grid file");
            LinkedHashSet<Trial> all = new LinkedHashSet<>();
            try {
                for (String f : files) all.addAll(Grid.read(Path.of(f)).trials());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            trials = new ArrayList<>(all);
            if (outDir == null) outDir = "sweep-out";
        }
        String command = "./pnn4j " + String.join(" ", args);
        try {
            for (Trial t : trials) new CompareRunner().validate(t);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        // CompareRunner: Experiments' trials, and experiment=compare (./pnn4j compare's trials) in a grid file too
        Sweep sweep = Sweep.of(trials).runner(new CompareRunner());
        conf.forEach(sweep::conf);
        SweepResult r = sweep.master(master).out(Path.of(outDir)).progress(System.err).progressEvery(every).stopEngineWhenDone(true).run();
        Table t = printable(r.table());
        out.println(t.print(t.rowCount()));
        if (reproduce) printReproduction(out, experiment, r);
        out.printf(Locale.ROOT, "%s: %d trials (%d run, %d skipped, %d failed) in %.1f s on %s; %s%n", command, r.results().size(), r.ran(),
                r.skipped(), r.failed(), r.seconds(), master, r.parquet().toAbsolutePath());
        return r.failed() == 0 ? 0 : 1;
    }

    /** {@code t} for the terminal: numbers rounded (accuracies to 0.1 %, seconds to 0.1 s), an empty error column left out. */
    static Table printable(Table t) {
        Table p = t.copy();
        for (var c : p.columns())
            if (c instanceof tech.tablesaw.api.DoubleColumn d)
                d.set(d.isNotMissing(), d.map(v -> Math.round(v * 10) / 10.0));
        if (p.stringColumn("error").isMissing().size() == p.rowCount() || p.stringColumn("error").countUnique() == 1
                && p.stringColumn("error").get(0).isEmpty())
            p.removeColumns("error");
        return p;
    }

    /** The trials of {@code ./pnn4j reproduce EXPERIMENT} with that command's defaults. */
    static List<Trial> reproductionTrials(String experiment, int epochs, long[] seeds, double[] sigmas, double lr) {
        Grid g = Grid.of();
        switch (experiment) {
            case "vowels" -> g.axis("experiment", "vowels").axis("seed", boxed(seeds, 1, 2, 3)).axis("method", "pat", "insilico")
                    .axis("epochs", epochs > 0 ? epochs : 100);
            case "noise" -> {
                double[] s = sigmas != null ? sigmas : new double[] {0, 0.01, 0.03, 0.1, 0.3};
                Object[] sv = Arrays.stream(s).mapToObj(Double::toString).toArray();
                g.axis("experiment", "vowels").axis("seed", boxed(seeds, 1)).axis("noise", sv).axis("method", "pat", "insilico")
                        .axis("epochs", epochs > 0 ? epochs : 30);
            }
            case "phyll" -> g.axis("experiment", "phyll").axis("seed", boxed(seeds, 1)).axis("substrate", "simulated", "recorded")
                    .axis("method", "phyll", "phyll-concat", "pat", "insilico").axis("epochs", epochs > 0 ? epochs : 100).axis("lr", lr);
            default -> throw new UsageException("reproduce --sweep runs vowels, phyll or noise, not '" + experiment
                    + "'; run the others without --sweep");
        }
        return g.trials();
    }

    private static Object[] boxed(long[] given, long... otherwise) {
        return Arrays.stream(given != null ? given : otherwise).boxed().toArray();
    }

    /** The table {@code ./pnn4j reproduce EXPERIMENT} prints, from the sweep's results. */
    private static void printReproduction(PrintStream out, String experiment, SweepResult r) {
        List<Run> runs = new ArrayList<>();
        for (TrialResult t : r.results()) {
            if (!t.ok()) continue;
            var o = t.outcome();
            String label = experiment.equals("phyll")
                    ? (t.trial().get("substrate", "").equals("recorded") ? "recorded acoustic: " : "simulated acoustic(19,4,16): ")
                    + switch (t.trial().get("method", "")) {
                        case "phyll" -> "PhyLL P(h)";
                        case "phyll-concat" -> "PhyLL [P(h), h]";
                        default -> o.method();
                    }
                    : experiment.equals("noise") ? "noise " + t.trial().get("noise", "") + ": " + o.method() : o.method();
            runs.add(new Run(label, t.trial().seed(), o.epochs(), o.deviceAccuracy(), o.modelAccuracy(), o.samples() / o.trainSeconds(),
                    o.physicalCalls(), o.trainSeconds()));
        }
        out.println(Reproductions.table("reproduce " + experiment + " (through the sweep): test accuracy on the device", runs).print());
        if (experiment.equals("vowels"))
            for (String m : List.of("physicsAware()", "inSilico()"))
                out.printf(Locale.ROOT, "%s: mean physical test accuracy %.1f%%%n", m, 100 * Reproductions.meanPhysicalAccuracy(runs, m));
    }
}
