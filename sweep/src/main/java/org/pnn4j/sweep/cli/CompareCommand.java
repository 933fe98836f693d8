package org.pnn4j.sweep.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pnn4j.sweep.compare.Catalog;
import org.pnn4j.sweep.compare.CompareResult;
import org.pnn4j.sweep.compare.Comparison;
import org.pnn4j.sweep.cli.SweepMain.UsageException;

/**
 * {@code ./pnn4j compare [--methods …] [--substrates …] [--seeds …] [--budget CALLS] [--budgets a,b,c] [--master M]
 * [--out DIR]}: the training methods side by side ({@link Comparison}), through the sweep engine. The launcher sends
 * {@code compare} to {@link SweepMain} (this module), as it does {@code sweep}.
 */
final class CompareCommand {
    static final String USAGE = """
            usage: ./pnn4j compare [--methods a,b,...] [--substrates a,b,...] [--seeds 1,2,3] [--budget CALLS]
                                   [--budgets a,b,...] [--master local[*]|local[N]|spark://HOST:PORT] [--out DIR]
                                   [--conf NAME=VALUE]... [--progress-every S]

            Trains each method on each substrate (the vowels, batch 16) within a budget of device calls, evaluates it
            on the simulated device, and prints one table, method x substrate: device test accuracy (mean +- sd over
            the seeds), device calls, device seconds, digital seconds (training wall time less device time) and
            wall seconds per run, and the accuracy at every budget. In silico makes no device call: it trains as many
            steps as PAT at each budget. A method that does not apply (or whose one step costs more calls than the
            budget) shows n/a: <reason>. Trials run on Apache Spark (embedded local[*] by default) and a re-run with
            the same --out skips finished ones.

            Options (defaults in brackets):
              --methods     %s [all]
              --substrates  %s [all]
              --seeds       seeds of initialization and batch order [1,2,3]
              --budget      the table's budget of device calls [1400, or the largest of --budgets]
              --budgets     budgets of the accuracy-against-calls curve [140,420,1400; with --budget alone: that one]
              --master, --conf, --progress-every: as for ./pnn4j sweep
              --out DIR     [compare-out]: compare.csv, compare-curve.csv, compare.md, accuracy-vs-calls.png, and the
                            sweep's results.parquet, results.csv, trials/""".formatted(String.join(",", Catalog.methodNames()),
            String.join(",", Catalog.substrateNames()));

    private CompareCommand() {}

    /**
     * Runs {@code compare ARGS}, printing the table on {@code out}.
     *
     * @return the exit status: 0 when every trial finished (n/a included), 1 when one failed
     * @throws UsageException for a malformed command line, an unknown method or substrate, or a budget below 1
     */
    static int run(String[] args, PrintStream out) {
        Comparison c = Comparison.of();
        String master = "local[*]", outDir = "compare-out";
        double every = 10;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                out.println(USAGE);
                return 0;
            }
            if (!a.startsWith("--")) throw new UsageException("unexpected argument '" + a + "'");
            if (i + 1 >= args.length) throw new UsageException(a + " needs a value");
            String v = args[++i];
            try {
                switch (a) {
                    case "--methods" -> c.methods(list(a, v));
                    case "--substrates" -> c.substrates(list(a, v));
                    case "--seeds" -> c.seeds(numbers(a, v));
                    case "--budget" -> c.budget(numbers(a, v)[0]);
                    case "--budgets" -> c.budgets(numbers(a, v));
                    case "--master" -> master = v;
                    case "--out" -> outDir = v;
                    case "--progress-every" -> every = Double.parseDouble(v);
                    case "--conf" -> {
                        int eq = v.indexOf('=');
                        if (eq < 1) throw new UsageException("--conf takes NAME=VALUE (a Spark setting), got '" + v + "'");
                        c.conf(v.substring(0, eq).strip(), v.substring(eq + 1).strip());
                    }
                    default -> throw new UsageException("unexpected option '" + a + "'");
                }
            } catch (NumberFormatException e) {
                throw new UsageException(a + " takes a number, got '" + v + "'");
            } catch (IllegalArgumentException e) {
                throw new UsageException(a + " " + v + ": " + e.getMessage());
            }
        }
        String command = "./pnn4j " + String.join(" ", args);
        long t0 = System.nanoTime();
        CompareResult r = c.master(master).out(Path.of(outDir)).progress(System.err, every).stopEngineWhenDone(true).run();
        double sec = (System.nanoTime() - t0) / 1e9;
        Path dir = Path.of(outDir).toAbsolutePath();
        out.println(r.table().print(r.table().rowCount()));
        long failed = r.sweep().failed();
        out.printf(Locale.ROOT, "%s: %d trials (%d run, %d skipped, %d failed) in %.1f s on %s%n", command, r.sweep().results().size(), r.sweep().ran(),
                r.sweep().skipped(), failed, sec, master);
        out.printf(Locale.ROOT, "table: %s (Markdown: %s), curve: %s, plot: %s%n", dir.resolve(CompareResult.TABLE_CSV), dir.resolve(CompareResult.TABLE_MD),
                dir.resolve(CompareResult.CURVE_CSV), dir.resolve(CompareResult.PLOT_PNG));
        return failed == 0 ? 0 : 1;
    }

    private static String[] list(String option, String v) {
        List<String> l = new ArrayList<>();
        for (String s : v.split(",", -1)) {
            if (s.isBlank()) throw new UsageException(option + " '" + v + "' has an empty entry; separate names by single commas");
            l.add(s.strip());
        }
        return l.toArray(String[]::new);
    }

    private static long[] numbers(String option, String v) {
        String[] parts = list(option, v);
        long[] n = new long[parts.length];
        for (int i = 0; i < parts.length; i++) n[i] = Long.parseLong(parts[i]);
        return n;
    }
}
