package org.pnn4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.pnn4j.PatPaper;
import org.pnn4j.PatPaper.Devices;
import org.pnn4j.PatPaper.Experiment;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Datasets;
import org.pnn4j.data.Split;
import org.pnn4j.data.Vowels;
import org.pnn4j.plot.Plots;

/**
 * {@code reproduce shg-vowels | plate-mnist | circuit-mnist | hybrid-mnist | oscillators-mnist | pat-paper}: the
 * physical experiments of the physics-aware training paper ({@link PatPaper}), PAT and in silico per seed, both on the
 * simulated device, beside the paper's accuracy; {@code pat-paper} runs all five. Writes the PAT-vs-in-silico plot
 * ({@code --plot FILE.png}, default {@code pat-paper-gap.png} in the working folder).
 */
final class ReproducePatPaper {
    private ReproducePatPaper() {}

    static final String USAGE = "options: --epochs N, --seeds a,b,c (default 1,2,3), --train N and --test N (MNIST images used, default"
            + " 60000 and 10000), --quick (a bounded run: 1 epoch, seed 1, 300 training and 200 test images; vowels 10 epochs),"
            + " --plot FILE.png (default pat-paper-gap.png), --devices flawless (every physical layer without its imperfections:"
            + " what the architecture and schedule reach when the device computes what the model does) or --devices random"
            + " (plate-mnist and circuit-mnist: each physical layer replaced by a fixed random dense transform of the same shape, a"
            + " control for what the network family reaches with a generic transform), --width N (plate-mnist and circuit-mnist:"
            + " outputs of the first two physical layers, default " + PatPaper.WIDTH + ")";

    /** The experiments' command names, and "pat-paper" for all of them. */
    static boolean handles(String name) {
        if (name.equals("pat-paper")) return true;
        for (Experiment e : Experiment.values()) if (e.command().equals(name)) return true;
        return false;
    }

    static int run(String name, String[] args, PrintStream out) throws IOException {
        int epochs = -1, trainN = -1, testN = -1, width = PatPaper.WIDTH;
        long[] seeds = null;
        boolean quick = false;
        Devices devices = Devices.DEFAULT;
        Path plot = Path.of("pat-paper-gap.png");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--quick")) {
                quick = true;
                continue;
            }
            if (i + 1 >= args.length) throw new Main.UsageException(a + " needs a value; " + USAGE);
            String v = args[++i];
            try {
                switch (a) {
                    case "--epochs" -> epochs = positive(a, Integer.parseInt(v));
                    case "--train" -> trainN = positive(a, Integer.parseInt(v));
                    case "--test" -> testN = positive(a, Integer.parseInt(v));
                    case "--width" -> width = Integer.parseInt(v);
                    case "--seeds" -> seeds = Arrays.stream(v.split(",")).mapToLong(Long::parseLong).toArray();
                    case "--plot" -> plot = Path.of(v);
                    case "--devices" -> {
                        try {
                            devices = Devices.of(v);
                        } catch (IllegalArgumentException bad) {
                            throw new Main.UsageException(bad.getMessage());
                        }
                    }
                    default -> throw new Main.UsageException("unexpected option '" + a + "'; " + USAGE);
                }
            } catch (NumberFormatException e) {
                throw new Main.UsageException(a + " takes a number (or a comma-separated list), got '" + v + "'");
            }
        }
        if (trainN > 60_000 || testN > 10_000)
            throw new Main.UsageException("MNIST has 60000 training and 10000 test images; got --train " + trainN + " --test " + testN);
        List<Experiment> exps = name.equals("pat-paper") ? List.of(Experiment.values()) : List.of(Experiment.of(name));
        for (Experiment e : exps) { // before any run, so that pat-paper does not stop after hours at its third experiment
            try {
                PatPaper.checkVariant(e, devices, width);
            } catch (IllegalArgumentException bad) {
                throw new Main.UsageException(bad.getMessage());
            }
        }
        if (seeds == null) seeds = quick ? new long[] {1} : new long[] {1, 2, 3};
        int train = trainN > 0 ? trainN : quick ? 300 : 60_000, test = testN > 0 ? testN : quick ? 200 : 10_000;
        Dataset mnistTrain = null, mnistTest = null;
        List<PatPaper.Row> rows = new ArrayList<>();
        for (Experiment e : exps) {
            int ep = epochs > 0 ? epochs : quick ? (e.mnist() ? 1 : 10) : e.defaultEpochs();
            Split data;
            if (e.mnist()) {
                if (mnistTrain == null) {
                    mnistTrain = first(Datasets.mnist(true), train);
                    mnistTest = first(Datasets.mnist(false), test);
                }
                data = new Split(PatPaper.mnistInput(e, mnistTrain), PatPaper.mnistInput(e, mnistTest));
            } else {
                data = Vowels.patSplit(Bench.sharedDatasets(Bench.projectRoot()).resolve("vowels/vowdata.dat"));
            }
            out.printf(Locale.ROOT, "%s: %s%n  data: %d training, %d test samples; %d epochs, batch %d, Adam %s; seeds %s%n  paper: %.1f%% (%s)%n",
                    e.command(), e.architecture(), data.train().size(), data.test().size(), ep, e.batch(), e.lr(), Arrays.toString(seeds),
                    100 * e.paperAccuracy(), e.paperSource());
            if (devices != Devices.DEFAULT || width != PatPaper.WIDTH)
                out.printf(Locale.ROOT, "  variant: devices %s, hidden physical layers of %d outputs (the line above describes %s and %d)%n",
                        devices.option(), width, Devices.DEFAULT.option(), PatPaper.WIDTH);
            rows.addAll(PatPaper.run(e, data, ep, seeds, devices, width, out));
        }
        out.println(PatPaper.table(rows).print());
        for (Experiment e : exps) {
            String suffix = devices.suffix();
            double[] pat = PatPaper.meanSd(rows, e, "PAT" + suffix), sil = PatPaper.meanSd(rows, e, "in silico" + suffix);
            out.printf(Locale.ROOT, "%s" + suffix + ": PAT %.1f%% +- %.1f, in silico %.1f%% +- %.1f (device, mean +- sd over %d seeds; gap %+.1f points); paper %.1f%%%n",
                    e.command(), 100 * pat[0], 100 * pat[1], 100 * sil[0], 100 * sil[1], seeds.length, 100 * (pat[0] - sil[0]), 100 * e.paperAccuracy());
        }
        if (plot.toAbsolutePath().getParent() != null) Files.createDirectories(plot.toAbsolutePath().getParent());
        tech.tablesaw.api.Table summary = PatPaper.summary(rows);
        if (devices != Devices.DEFAULT || width != PatPaper.WIDTH) { // the plot says it once, in its title, so that its legend keeps short names
            String suffix = devices.suffix();
            summary.replaceColumn("method", summary.stringColumn("method").map(m -> m.replace(suffix, "")));
            String variant = devices.label();
            if (width != PatPaper.WIDTH) variant += (variant.isEmpty() ? "" : ", ") + "widths " + width;
            Plots.realityGap(summary).title(variant + ": PAT vs in silico").build().savePng(plot);
        } else {
            Plots.realityGap(summary).build().savePng(plot);
        }
        out.println("plot: " + plot.toAbsolutePath());
        return 0;
    }

    private static int positive(String name, int v) {
        if (v < 1) throw new Main.UsageException(name + " must be at least 1, got " + v);
        return v;
    }

    private static Dataset first(Dataset d, int n) {
        if (n >= d.size()) return d;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return d.subset(idx);
    }
}
