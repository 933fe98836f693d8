package org.pnn4j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Split;
import org.pnn4j.data.Vowels;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.physics.cavities.RecordedAcoustic;
import org.pnn4j.train.LocalNetwork;
import org.pnn4j.train.Method;
import org.pnn4j.Reproductions;
import org.pnn4j.Reproductions.Run;
import tech.tablesaw.api.Table;

/**
 * {@code pnn4j reproduce EXPERIMENT [options]}: the full runs of the published experiments (the acceptance tests run
 * bounded versions of the same code, {@link Reproductions}). Each prints its table with accuracies, training
 * samples/s and physical forward calls, the load average and the command line that reproduces it.
 */
final class Reproduce {
    static final String HELP = "Runs a published experiment in full and prints its table (accuracies, training samples/s,\n"
            + "physical forward calls). Every run is seeded; the same command prints the same accuracies.\n\n"
            + "Experiments:\n"
            + "  vowels  7 vowels, 12 formants, the PAT example's 210/49 split; linear(12,48) tanh pendula(48) linear(48,48) tanh\n"
            + "          pendula(48) linear(48,7); Adam 0.02 halved every 30 epochs, batch 16; PAT and in silico,\n"
            + "          both evaluated on the simulated pendula (defaults: --epochs 100 --seeds 1,2,3; ~3 min a run\n"
            + "          on 2 idle cores)\n"
            + "  phyll   vowels with physical local learning on two acoustic-cavity layers [cavity -> linear(out+in, in)]\n"
            + "          with the skip, simulated (acoustic(19,4,16)) and recorded (fitted to shared/datasets/phyll-acoustic,\n"
            + "          20 speakers in, 20 out) and on the reference code's own forward model, an MLP 20-100-200-100-20\n"
            + "          (SiLU) fitted to the same measurements as the reference fits it (Adam 1e-4 on the RMSE, batch 100,\n"
            + "          --surrogate-epochs 300), as the PhyLL reference code does it: its 258 rows, z-scored features, a\n"
            + "          fresh random 80/20 split per seed, full batch, Adam 5e-4, 200 epochs, |h|/||h|| per sample into\n"
            + "          every cavity and the signed h on the skip; mean +- sd over the seeds beside the reference's 95.4%\n"
            + "          (defaults: --seeds 1,...,10 --epochs 200 --batch full --lr 5e-4 --wiring sample-norm --zscore on;\n"
            + "          --protocol legacy: pnn4j's former run, P(h) and [P(h), h] with batch-max wiring, batch 32, Adam 0.01,\n"
            + "          next to PAT and in silico on one fixed 210/49 split, --epochs 100 --seeds 1 --lr 0.01)\n"
            + "  methods training methods side by side on one budget of device calls: vowels on\n"
            + "          linear(12,16) tanh pendula(16) linear(16,7); in silico, PAT, direct feedback alignment, SPSA,\n"
            + "          evolution strategies, readout only, forward-forward (its own network around the same pendula),\n"
            + "          CMA-ES; each gets --budget device calls of the pendula (epochs = budget / (batches\n"
            + "          x calls per step); in silico trains as many epochs as PAT and calls the device 0 times); table of\n"
            + "          device test accuracy mean +- sd over seeds, device calls, device seconds, wall time; then the\n"
            + "          same on a resistor network, the vowels' features as input voltages of resistors(12,8,7) x scale:\n"
            + "          in silico, PAT, equilibrium propagation (symmetric and one-sided), coupled learning, SPSA, ES\n"
            + "          (the pendula are feed-forward, so EP cannot train them)\n"
            + "          (defaults: --budget 1400 --seeds 1,2,3)\n"
            + "  methods-mesh  the same on linear(12,16) tanh mziMesh(16) linear(16,7), a Clements MZI mesh with coupler\n"
            + "          errors, phase offsets, crosstalk, loss and noise, plus in-situ adjoint training (3 device runs a\n"
            + "          step: the chip measures its own gradient)\n"
            + "  toy     physics f(x) = 2x^1.1, model 2.01x^1.1, three layers: gradient error of PAT and in silico\n"
            + "          against the true physical gradient (default: --trials 200)\n"
            + "  noise   vowels accuracy against the pendula's measurement noise, PAT and in silico\n"
            + "          (defaults: --epochs 30 --seeds 1 --sigmas 0,0.01,0.03,0.1,0.3)\n"
            + "  fmnist  Fashion-MNIST, the PAT paper's coupled-oscillator network (16 patches of 7x7 through one shared\n"
            + "          oscillators(100), then oscillators(1610)); PAT and in silico, device and model accuracy per epoch\n"
            + "          (" + ReproduceFmnist.USAGE + ")\n"
            + "  twins   PAT through data-driven black-box twins: each built-in substrate (shg, plate, diode, transistor,\n"
            + "          oscillators, acoustic) served by a simulated backend and seen only through its declaration; a\n"
            + "          twin fitted to its measurements (refitted around the parameters training visits), and 8x8 digits\n"
            + "          trained by PAT through the true model and through the twin (defaults: --epochs 15 --settings 200\n"
            + "          --seeds 1, all substrates; --quick: --epochs 3 --settings 100 --substrates diode,acoustic)\n"
            + "  shg-vowels | plate-mnist | circuit-mnist | hybrid-mnist | oscillators-mnist | pat-paper (all five)\n"
            + "          the PAT paper's physical experiments (Figs. 2-4) and its repository's oscillator MNIST example on\n"
            + "          pnn4j's simulated substrates: PAT and in silico per seed, both evaluated on the simulated device,\n"
            + "          beside the paper's accuracy, and a plot of the gap (" + ReproducePatPaper.USAGE + ")\n\n"
            + "Options:\n"
            + "  --epochs N         training epochs\n"
            + "  --seeds a,b,...    seeds of initialization and batch order (one row per seed and method)\n"
            + "  --lr X             learning rate (phyll)\n"
            + "  --surrogate-epochs N  phyll: epochs to fit the reference's MLP surrogate (default 300, the reference's)\n"
            + "  --batch N|full     batch size (phyll; full = the whole training set in one batch)\n"
            + "  --wiring W         phyll: sample-norm (|h|/||h|| into the cavity, signed h on the skip) or batch-max\n"
            + "                     (|h| over the batch's max into both)\n"
            + "  --zscore on|off    phyll: z-score the features (else divided by their maxima)\n"
            + "  --protocol P       phyll: reference (default) or legacy\n"
            + "  --trials N         trials (toy)\n"
            + "  --budget CALLS     device calls of the physical layer per training run (methods)\n"
            + "  --sigmas a,b,...   measurement noise levels in rad (noise)\n"
            + "  --substrates a,b   substrates (twins)\n"
            + "  --settings N       parameter settings (device calls) of the twin's initial data (twins)\n"
            + "  --refit on|off     refit the twin during training (twins; default on)\n"
            + "  --quick            a bounded run (twins)\n"
            + "  --sweep            run vowels, phyll or noise as a sweep on Apache Spark (the sweep module: one trial per\n"
            + "                     seed and method, resumable, --master local[*]|spark://HOST:PORT --out DIR; see\n"
            + "                     ./pnn4j help sweep)\n\n"
            + "Data: shared/datasets/vowels/vowdata.dat and shared/datasets/phyll-acoustic, found walking up from the\n"
            + "project folder, or under $PNN4J_SHARED/datasets.";

    private Reproduce() {}

    /** Parsed options with the experiment's defaults. */
    private static final class Options {
        int epochs = -1, trials = 200;
        long[] seeds;
        double lr = Double.NaN;
        int batch = -1;
        String wiring, protocol = "reference";
        Boolean zscore;
        double[] sigmas = {0, 0.01, 0.03, 0.1, 0.3};
        int settings = -1, budget = 1400, surrogateEpochs = org.pnn4j.physics.cavities.AcousticSurrogate.EPOCHS;
        List<String> substrates;
        boolean quick, refit = true;
    }

    static int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0) throw new Main.UsageException("name an experiment: vowels, phyll, methods, toy, noise, fmnist, twins, or one of the PAT paper's: " + org.pnn4j.PatPaper.Experiment.names() + ", pat-paper");
        String experiment = args[0];
        if (ReproducePatPaper.handles(experiment)) {
            long t0 = System.nanoTime();
            int code = ReproducePatPaper.run(experiment, Arrays.copyOfRange(args, 1, args.length), out);
            out.printf(Locale.ROOT, "./pnn4j reproduce %s: %.0f s; load average %s; %d cores%n", String.join(" ", args),
                    (System.nanoTime() - t0) / 1e9, Bench.loadAverage(), Runtime.getRuntime().availableProcessors());
            return code;
        }
        if (experiment.equals("fmnist")) {
            long t0 = System.nanoTime();
            int code = ReproduceFmnist.run(Arrays.copyOfRange(args, 1, args.length), out);
            if (code == 0)
                out.printf(Locale.ROOT, "./pnn4j reproduce %s: %.0f s; load average %s; %d cores%n", String.join(" ", args),
                        (System.nanoTime() - t0) / 1e9, Bench.loadAverage(), Runtime.getRuntime().availableProcessors());
            return code;
        }
        Options o = parse(Arrays.copyOfRange(args, 1, args.length));
        String command = "./pnn4j reproduce " + String.join(" ", args);
        out.println(command);
        long t0 = System.nanoTime();
        switch (experiment) {
            case "vowels" -> vowels(o, out);
            case "phyll" -> phyll(o, out);
            case "methods" -> {
                ReproduceMethods.run(vowelsSplit(), o.budget, o.seeds != null ? o.seeds : new long[] {1, 2, 3}, out);
                ReproduceMethods.runEquilibrium(vowelsSplit(), o.budget, o.seeds != null ? o.seeds : new long[] {1, 2, 3}, out);
            }
            case "methods-mesh" -> ReproduceMethods.runMesh(vowelsSplit(), o.budget, o.seeds != null ? o.seeds : new long[] {1, 2, 3}, out);
            case "toy" -> out.println(Reproductions.toyGradientError(o.trials).print());
            case "noise" -> noise(o, out);
            case "twins" -> twins(o, out);
            default -> throw new Main.UsageException("unknown experiment '" + experiment + "'; the experiments are vowels, phyll, methods, methods-mesh, toy, noise, fmnist, twins");
        }
        out.printf(Locale.ROOT, "%s: %.0f s; load average %s; %d cores%n", command, (System.nanoTime() - t0) / 1e9,
                Bench.loadAverage(), Runtime.getRuntime().availableProcessors());
        return 0;
    }

    private static Options parse(String[] a) {
        Options o = new Options();
        for (int i = 0; i < a.length; i++) {
            String name = a[i];
            if (name.equals("--quick")) {
                o.quick = true;
                continue;
            }
            if (name.equals("--sweep"))
                throw new Main.UsageException("--sweep runs in the sweep module (Apache Spark), which the ./pnn4j launcher starts for"
                        + " 'reproduce ... --sweep'; run it through ./pnn4j, or org.pnn4j.sweep.cli.SweepMain with the sweep module's classpath");
            if (i + 1 >= a.length) throw new Main.UsageException(name + " needs a value");
            String v = a[++i];
            try {
                switch (name) {
                    case "--epochs" -> o.epochs = positive(name, Integer.parseInt(v));
                    case "--budget" -> o.budget = positive(name, Integer.parseInt(v));
                    case "--trials" -> o.trials = positive(name, Integer.parseInt(v));
                    case "--lr" -> {
                        o.lr = Double.parseDouble(v);
                        if (!(o.lr > 0) || Double.isInfinite(o.lr)) throw new Main.UsageException("--lr must be positive, got " + v);
                    }
                    case "--batch" -> o.batch = v.equals("full") ? 0 : positive(name, Integer.parseInt(v));
                    case "--wiring" -> {
                        if (!v.equals("sample-norm") && !v.equals("batch-max"))
                            throw new Main.UsageException("--wiring takes sample-norm or batch-max, got '" + v + "'");
                        o.wiring = v;
                    }
                    case "--zscore" -> {
                        if (!v.equals("on") && !v.equals("off")) throw new Main.UsageException("--zscore takes on or off, got '" + v + "'");
                        o.zscore = v.equals("on");
                    }
                    case "--protocol" -> {
                        if (!v.equals("reference") && !v.equals("legacy"))
                            throw new Main.UsageException("--protocol takes reference or legacy, got '" + v + "'");
                        o.protocol = v;
                    }
                    case "--seeds" -> o.seeds = Arrays.stream(v.split(",")).mapToLong(Long::parseLong).toArray();
                    case "--sigmas" -> o.sigmas = Arrays.stream(v.split(",")).mapToDouble(Double::parseDouble).toArray();
                    case "--settings" -> o.settings = positive(name, Integer.parseInt(v));
                    case "--surrogate-epochs" -> o.surrogateEpochs = positive(name, Integer.parseInt(v));
                    case "--substrates" -> o.substrates = List.of(v.split(","));
                    case "--refit" -> {
                        if (!v.equals("on") && !v.equals("off")) throw new Main.UsageException("--refit takes on or off, got '" + v + "'");
                        o.refit = v.equals("on");
                    }
                    default -> throw new Main.UsageException("unexpected option '" + name + "'");
                }
            } catch (NumberFormatException e) {
                throw new Main.UsageException(name + " takes a number (or a comma-separated list), got '" + v + "'");
            }
        }
        return o;
    }

    private static int positive(String name, int v) {
        if (v < 1) throw new Main.UsageException(name + " must be at least 1, got " + v);
        return v;
    }

    private static Split vowelsSplit() {
        return Vowels.patSplit(Bench.sharedDatasets(Bench.projectRoot()).resolve("vowels/vowdata.dat"));
    }

    private static void vowels(Options o, PrintStream out) {
        int epochs = o.epochs > 0 ? o.epochs : 100;
        long[] seeds = o.seeds != null ? o.seeds : new long[] {1, 2, 3};
        Split s = vowelsSplit();
        List<Run> runs = new ArrayList<>();
        for (long seed : seeds)
            for (Method m : new Method[] {Method.physicsAware(), Method.inSilico()}) {
                Run r = Reproductions.vowels(s, m, epochs, seed);
                out.printf(Locale.ROOT, "  %s seed %d: physical test accuracy %.1f%%%n", r.method(), seed, 100 * r.physicalAccuracy());
                runs.add(r);
            }
        out.println(Reproductions.table("vowels, 2 x pendula(48), test accuracy on the simulated pendula", runs).print());
        summary(out, runs, "physicsAware()");
        summary(out, runs, "inSilico()");
    }

    private static void summary(PrintStream out, List<Run> runs, String method) {
        double min = 1, max = 0;
        for (Run r : runs) if (r.method().equals(method)) {
            min = Math.min(min, r.physicalAccuracy());
            max = Math.max(max, r.physicalAccuracy());
        }
        out.printf(Locale.ROOT, "%s: mean physical test accuracy %.1f%% (min %.1f%%, max %.1f%%)%n", method,
                100 * Reproductions.meanPhysicalAccuracy(runs, method), 100 * min, 100 * max);
    }

    /** The PhyLL reference code's mean test accuracy, its acoustic vowel run re-run over 10-20 seeds (issue 18). */
    static final double PHYLL_REFERENCE_ACCURACY = 0.954;

    /** The row the PhyLL reference's Vowel_dataset.xlsx lacks (258 of the 259 reference rows). */
    static final String PHYLL_MISSING_ROW = "w49uw";

    private static void phyll(Options o, PrintStream out) {
        if (o.protocol.equals("legacy")) {
            if (o.batch >= 0 || o.wiring != null || o.zscore != null)
                throw new Main.UsageException("--protocol legacy takes --epochs, --seeds and --lr only; --batch, --wiring and --zscore"
                        + " set the reference protocol's knobs");
            phyllLegacy(o, out);
            return;
        }
        Reproductions.PhyllProtocol p = Reproductions.PhyllProtocol.REFERENCE;
        if (o.epochs > 0) p = p.withEpochs(o.epochs);
        if (o.batch >= 0) p = p.withBatch(o.batch);
        if (!Double.isNaN(o.lr)) p = p.withLr(o.lr);
        if (o.wiring != null) p = p.withWiring(o.wiring.equals("batch-max") ? LocalNetwork.Wiring.BATCH_MAX : LocalNetwork.Wiring.SAMPLE_NORM);
        if (o.zscore != null) p = p.withZscore(o.zscore);
        if (p.wiring() == LocalNetwork.Wiring.BATCH_MAX && p.zscore())
            throw new Main.UsageException("--wiring batch-max feeds the embedded features to the first cavity as they are, and z-scored"
                    + " features leave its input range [0, 1]; add --zscore off (features divided by their maxima)");
        long[] seeds = o.seeds != null ? o.seeds : new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        Path vowdata = Bench.sharedDatasets(Bench.projectRoot()).resolve("vowels/vowdata.dat");
        Dataset all = Vowels.load(vowdata);
        List<String> names = Vowels.rowNames(vowdata, Vowels.Selection.REFERENCE);
        Dataset vowels = all.subset(java.util.stream.IntStream.range(0, names.size())
                .filter(i -> !names.get(i).equals(PHYLL_MISSING_ROW)).toArray());
        Path recorded = Bench.sharedDatasets(Bench.projectRoot()).resolve("phyll-acoustic");
        RecordedAcoustic rec = RecordedAcoustic.fit(recorded);
        org.pnn4j.physics.cavities.AcousticSurrogate surrogate = org.pnn4j.physics.cavities.AcousticSurrogate.fit(recorded, o.surrogateEpochs, 0);
        out.printf(Locale.ROOT, "protocol: %s; %d rows (the reference rows without %s)%n", p, vowels.size(), PHYLL_MISSING_ROW);
        out.printf(Locale.ROOT, "reference's surrogate fitted: %s%n", surrogate);
        List<Run> runs = new ArrayList<>();
        java.util.Map<String, List<Double>> byCavity = new java.util.LinkedHashMap<>();
        for (var c : List.of(java.util.Map.entry("simulated acoustic(19,4,16)", (org.pnn4j.physics.Substrate) Cavity.acoustic(19, 4, 16)),
                java.util.Map.entry("recorded acoustic(20 in, 20 out)", (org.pnn4j.physics.Substrate) rec),
                java.util.Map.entry("reference surrogate (MLP on the recorded data)", (org.pnn4j.physics.Substrate) surrogate.substrate())))
            for (long seed : seeds) {
                Run r = Reproductions.phyllVowels(vowels, c.getValue(), c.getKey(), p, seed);
                out.printf(Locale.ROOT, "  %s seed %d: test accuracy %.1f%% (%.0f s)%n", r.method(), seed, 100 * r.physicalAccuracy(), r.seconds());
                runs.add(r);
                byCavity.computeIfAbsent(c.getKey(), k -> new ArrayList<>()).add(r.physicalAccuracy());
            }
        out.println(Reproductions.table("vowels on two acoustic-cavity layers, PhyLL as the reference code runs it (test accuracy on the device)", runs).print());
        for (var e : byCavity.entrySet()) {
            List<Double> a = e.getValue();
            double mean = a.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), sq = 0;
            for (double v : a) sq += (v - mean) * (v - mean);
            double sd = a.size() > 1 ? Math.sqrt(sq / (a.size() - 1)) : 0;
            double min = a.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            out.printf(Locale.ROOT, "%s: PhyLL %.1f%% +- %.1f (mean +- sd, %d seeds, worst %.1f%%); reference code re-run %.1f%% (%+.1f points)%n",
                    e.getKey(), 100 * mean, 100 * sd, a.size(), 100 * min, 100 * PHYLL_REFERENCE_ACCURACY, 100 * (mean - PHYLL_REFERENCE_ACCURACY));
        }
        out.printf(Locale.ROOT, "recorded acoustic fit: %s%n", rec);
    }

    private static void phyllLegacy(Options o, PrintStream out) {
        int epochs = o.epochs > 0 ? o.epochs : 100;
        double lr = Double.isNaN(o.lr) ? 0.01 : o.lr;
        long[] seeds = o.seeds != null ? o.seeds : new long[] {1};
        Split s = vowelsSplit();
        Path recorded = Bench.sharedDatasets(Bench.projectRoot()).resolve("phyll-acoustic");
        RecordedAcoustic rec = RecordedAcoustic.fit(recorded).controls(1);
        List<Run> runs = new ArrayList<>();
        for (long seed : seeds) {
            runs.addAll(Reproductions.localLearningVowels(s, Cavity.acoustic(19, 4, 16), "simulated acoustic(19,4,16)", epochs, lr, seed));
            runs.addAll(Reproductions.localLearningVowels(s, rec, "recorded acoustic", epochs, lr, seed));
        }
        Table t = Reproductions.table("vowels on two acoustic-cavity layers: PhyLL, PAT, in silico (test accuracy on the device)", runs);
        out.println(t.print());
        out.printf(Locale.ROOT, "recorded acoustic fit: %s%n", rec);
    }

    private static void noise(Options o, PrintStream out) {
        int epochs = o.epochs > 0 ? o.epochs : 30;
        long[] seeds = o.seeds != null ? o.seeds : new long[] {1};
        Split s = vowelsSplit();
        for (long seed : seeds) out.println(Reproductions.noiseRobustness(s, o.sigmas, epochs, seed).print());
    }

    private static void twins(Options o, PrintStream out) {
        int epochs = o.epochs > 0 ? o.epochs : o.quick ? 3 : 15;
        int settings = o.settings > 0 ? o.settings : o.quick ? 100 : 200;
        long[] seeds = o.seeds != null ? o.seeds : new long[] {1};
        List<String> subs = o.substrates != null ? o.substrates
                : o.quick ? List.of("diode", "acoustic") : new ArrayList<>(Reproductions.twinSubstrates().keySet());
        List<Reproductions.TwinRun> runs;
        try {
            runs = Reproductions.twins(subs, epochs, settings, o.refit, seeds, out);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        out.println(Reproductions.twinsTable(runs).print());
        java.util.Map<String, Double> gap = runs.stream().collect(java.util.stream.Collectors.groupingBy(Reproductions.TwinRun::substrate,
                java.util.LinkedHashMap::new, java.util.stream.Collectors.averagingDouble(Reproductions.TwinRun::gapPoints)));
        out.printf(Locale.ROOT, "PAT through the twin within 3 points of PAT through the true model (mean over seeds): %d of %d substrates%n",
                gap.values().stream().filter(g -> g <= 3).count(), gap.size());
    }
}
