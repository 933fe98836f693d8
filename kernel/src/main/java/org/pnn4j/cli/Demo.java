package org.pnn4j.cli;

import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.tanh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.pnn4j.Network;
import org.pnn4j.Pnn;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Datasets;
import org.pnn4j.data.Split;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.plot.Plots;
import org.pnn4j.tensor.Rng;
import org.pnn4j.train.Evaluation;
import org.pnn4j.train.History;
import org.pnn4j.train.Trainer;
import org.pnn4j.train.TrainingListener;

/**
 * {@code ./pnn4j demo}: the project's main job. Today it trains a digital MLP on the bundled 8x8 digits,
 * prints the accuracy and confusion matrix, and writes plots to {@code out/} (relative to the working
 * directory): the training curves and confusion matrix, and the transfer function and noise of a simulated
 * SHG optical layer (characterized on its device). Physical training and the notebook join it as they arrive.
 */
public final class Demo {
    private Demo() {}

    /**
     * Runs the demo. Options: {@code --epochs N} (default 20), {@code --seed S} (default 1).
     *
     * @return 0 on success, 1 if a plot cannot be written, 2 on a bad option
     */
    public static int run(String[] args, PrintStream out) {
        int epochs = 20;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--epochs") || a.equals("--seed")) && i + 1 >= args.length) {
                System.err.println("pnn4j demo: " + a + " needs a value");
                return 2;
            }
            try {
                switch (a) {
                    case "--epochs": epochs = Integer.parseInt(args[++i]); break;
                    case "--seed": seed = Long.parseLong(args[++i]); break;
                    default:
                        System.err.println("pnn4j demo: unknown option '" + a + "' (options: --epochs N, --seed S)");
                        return 2;
                }
            } catch (NumberFormatException e) {
                System.err.println("pnn4j demo: " + a + " needs a number, got '" + args[i] + "'");
                return 2;
            }
        }
        if (epochs <= 0) {
            System.err.println("pnn4j demo: --epochs must be positive, got " + epochs);
            return 2;
        }
        long start = System.nanoTime();
        Dataset digits = Datasets.digits().scaleFeatures(16); // pixel intensities 0..16 -> [0, 1]
        Split split = digits.split(0.2, seed);
        out.printf(Locale.ROOT, "pnn4j demo: %s, %d samples of %d features, %d classes; %d train / %d test%n%n",
                digits.name(), digits.size(), digits.numFeatures(), digits.numClasses(), split.train().size(), split.test().size());

        Network net = Network.of(linear(64, 64), tanh(), linear(64, 10)).initialize(seed);
        out.println(net.summary());
        History history = Trainer.of(net)
                .optimizer(Optimizer.adam(3e-3))
                .epochs(epochs).batchSize(32).seed(seed)
                .validation(split.test())
                .listener(TrainingListener.printing(out))
                .fit(split.train());

        Evaluation test = Evaluation.of(net, split.test());
        out.println();
        out.println(test.confusionTable().print());
        out.printf(Locale.ROOT, "%ntest accuracy %.2f%% (%d of %d digits), final train loss %.4f, %.1f s in all%n",
                100 * test.accuracy(), Math.round(test.accuracy() * test.samples()), test.samples(),
                history.last().trainLoss(), (System.nanoTime() - start) / 1e9);

        try {
            writePlots(history, test, seed, Path.of("out"), out);
        } catch (IOException e) {
            System.err.println("pnn4j demo: cannot write the plots to out/: " + e.getMessage() + " (is the working directory writable?)");
            return 1;
        }
        return 0;
    }

    /** The demo's figures as PNGs in {@code dir}, each path printed. */
    static void writePlots(History history, Evaluation test, long seed, Path dir, PrintStream out) throws IOException {
        out.println();
        out.println("plots:");
        print(out, Plots.training().run("digital MLP (adam)", history.table()).size(560, 400).build().savePng(dir.resolve("training-curves.png")));
        print(out, Plots.confusion(test.confusion(), test.classNames()).build().savePng(dir.resolve("confusion-matrix.png")));

        // a physical layer: SHG of a shaped femtosecond pulse. The input sets the SLM phase (0..2π) of the spectrum's
        // central bin; read noise and pump jitter are off so that photon shot noise, std ∝ √signal, shows on its own.
        PhysicalLayer shg = Pnn.optical(Pnn.shg().bins(32).inputs(1).outputs(4).inputPhaseSpan(2 * Math.PI)
                .readNoise(0).pumpEnergyJitter(0));
        shg.initialize(new Rng(seed));
        String phase = "2π rad", energy = "SH energy / transform-limited";
        print(out, Plots.transferFunction(shg).sweepInput(0).outputs(1, 2).steps(25).repeats(20)
                .inputUnit(phase).outputUnit(energy).build().savePng(dir.resolve("transfer-function.png")));
        print(out, Plots.noiseHistogram(shg).output(2).repeats(500).outputUnit(energy).build().savePng(dir.resolve("noise-histogram.png")));
        print(out, Plots.noiseVsSignal(shg).points(40).repeats(20).outputUnit(energy).build().savePng(dir.resolve("noise-vs-signal.png")));
    }

    private static void print(PrintStream out, Path p) {
        out.println("  " + p);
    }
}
