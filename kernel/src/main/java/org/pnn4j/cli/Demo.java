package org.pnn4j.cli;

import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.mech;
import static org.pnn4j.Pnn.optical;
import static org.pnn4j.Pnn.plate;
import static org.pnn4j.Pnn.shg;
import static org.pnn4j.Pnn.sigmoid;
import static org.pnn4j.Pnn.tanh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.pnn4j.Network;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Datasets;
import org.pnn4j.data.Split;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.plot.Plots;
import org.pnn4j.train.EpochResult;
import org.pnn4j.train.Evaluation;
import org.pnn4j.train.History;
import org.pnn4j.train.Method;
import org.pnn4j.train.Trainer;
import org.pnn4j.train.TrainingListener;

/**
 * {@code ./pnn4j demo}: the project's main job. A physical neural network (notebook 01's: a simulated optical
 * layer, ultrafast second-harmonic generation, and a simulated mechanical layer, a driven plate, between digital
 * layers) is trained twice on the bundled 8x8 digits from the same start: in silico (forward and backward through
 * the ideal models) and physics-aware (forward on the simulated devices, noise and reality gap included, backward
 * through the models). It prints the test accuracy of both on the model and on the device side by side, the reality
 * gap, and writes to {@code out/} (relative to the working directory) the two runs' training curves and the trained
 * physical layers' transfer functions and noise.
 */
public final class Demo {
    private Demo() {}

    /** Default epochs of each training method. */
    static final int DEFAULT_EPOCHS = 30;

    /** Where the plots go, relative to the working directory. */
    static final Path OUT = Path.of("out");

    /** Index of the optical (SHG) layer in {@link #network}. */
    static final int OPTICS = 2;

    /** Index of the mechanical (plate) layer in {@link #network}. */
    static final int MECHANICS = 5;

    /**
     * The demo's network (notebook 01's): 64 pixels → linear → sigmoid → SHG (32 spectral phases in, 16 second-harmonic
     * energies out) → linear → tanh → plate (8 drive voltages in, 8 velocity samples out) → linear → 10 classes. The
     * same seed gives the same initial weights and the same simulated devices (device seed 0).
     */
    static Network network(long seed) {
        return Network.of(
                linear(64, 32), sigmoid(),
                optical(shg()),
                linear(16, 8), tanh(),
                mech(plate(8).inputs(8).outputs(8)),
                linear(8, 10)).initialize(seed);
    }

    /**
     * One trained network's result: its test accuracy (fraction) on the ideal models and on the simulated devices, the
     * device calls its training batches made, and its history ({@code null} where a table is built by hand).
     */
    record Accuracy(String training, double onModel, double onDevice, long trainingDeviceCalls, History history) {}

    /**
     * Runs the demo. Options: {@code --epochs N} (default {@value #DEFAULT_EPOCHS}, of each method), {@code --seed S}
     * (default 1).
     *
     * @return 0 on success, 1 if a plot cannot be written, 2 on a bad option
     */
    public static int run(String[] args, PrintStream out) {
        int epochs = DEFAULT_EPOCHS;
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
        out.printf(Locale.ROOT, "pnn4j demo: a physical neural network on %s (%d samples of %d pixels, %d classes; %d train / %d test)%n%n",
                digits.name(), digits.size(), digits.numFeatures(), digits.numClasses(), split.train().size(), split.test().size());
        Network silico = network(seed), pat = network(seed);
        out.println(pat.summary());
        out.println();
        out.println("Layers 3 and 6 are simulated physical systems: an ultrafast optical pulse shaped by a spatial light");
        out.println("modulator and frequency-doubled in a crystal (SHG), and a driven vibrating plate. Their devices differ from");
        out.println("their models (a reality gap) and are noisy. Two copies of the network, same start, same devices:");
        out.println("  in silico      forward and backward through the ideal models; the devices are not used in training");
        out.println("  physics-aware  forward on the devices, backward through the models at the measured states (PAT)");
        out.println("The test columns of the epoch lines are measured on the devices.");

        out.printf(Locale.ROOT, "%nin silico, %d epochs:%n", epochs);
        Accuracy inSilico = train("in silico", silico, Method.inSilico(), epochs, seed, split, out);
        out.printf(Locale.ROOT, "%nphysics-aware, %d epochs:%n", epochs);
        Accuracy physicsAware = train("physics-aware", pat, Method.physicsAware(), epochs, seed, split, out);
        Accuracy[] rows = {inSilico, physicsAware};
        out.println();
        out.print(table(rows));
        out.printf(Locale.ROOT, "%nThe reality gap: trained in silico, the network loses %.1f points of accuracy on the device; trained%n"
                        + "physics-aware, %.1f. Fixed seeds: a run with the same seed prints the same accuracies; only the seconds vary.%n",
                100 * (rows[0].onModel() - rows[0].onDevice()), 100 * (rows[1].onModel() - rows[1].onDevice()));

        try {
            writePlots(silico, pat, inSilico.history(), physicsAware.history(), OUT, out);
        } catch (IOException e) {
            System.err.println("pnn4j demo: cannot write the plots to " + OUT + "/: " + e.getMessage() + " (is the working directory writable?)");
            return 1;
        }
        out.printf(Locale.ROOT, "%ndone in %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** Counts the device calls of training batches only (not those of the test-set evaluation after each epoch). */
    private static final class TrainingCalls implements TrainingListener {
        long calls, atEpochStart, atLastBatch;

        @Override
        public void onBatchEnd(BatchProgress p) {
            atLastBatch = p.physicalCalls();
        }

        @Override
        public void onEpochEnd(EpochResult e) {
            calls += atLastBatch - atEpochStart;
            atEpochStart = e.physicalCalls();
        }
    }

    private static Accuracy train(String label, Network net, Method method, int epochs, long seed, Split split, PrintStream out) {
        TrainingCalls calls = new TrainingCalls();
        History history = Trainer.of(net).method(method).optimizer(Optimizer.adam(0.01))
                .epochs(epochs).batchSize(32).seed(seed)
                .validation(split.test())
                .listener(calls)
                .listener(TrainingListener.printing(out, Math.max(1, epochs / 4)))
                .fit(split.train());
        return new Accuracy(label, Evaluation.ideal(net, split.test()).accuracy(), Evaluation.physical(net, split.test()).accuracy(),
                calls.calls, history);
    }

    /**
     * The printed accuracy table: a header and one row per training, test accuracy in percent with one decimal on the
     * model and on the device, the difference (device − model) in points, and the device calls training made.
     */
    static String table(Accuracy... rows) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-16s %14s %14s %10s %22s%n", "test accuracy", "on the model", "on the device", "gap", "device calls (train)"));
        for (Accuracy r : rows)
            s.append(String.format(Locale.ROOT, "%-16s %13.1f%% %13.1f%% %+10.1f %22d%n", r.training(), 100 * r.onModel(), 100 * r.onDevice(),
                    100 * (r.onDevice() - r.onModel()), r.trainingDeviceCalls()));
        return s.toString();
    }

    /** The demo's figures as PNGs in {@code dir}, each path printed. */
    static void writePlots(Network silico, Network pat, History hSilico, History hPat, Path dir, PrintStream out) throws IOException {
        out.println();
        out.println("plots of the trained network:");
        print(out, Plots.training().run("in silico", hSilico.table()).run("physics-aware", hPat.table()).build()
                .savePng(dir.resolve("training-curves.png")), "loss and accuracy per epoch, both runs (test: on the devices)");
        PhysicalLayer optics = (PhysicalLayer) pat.layers().get(OPTICS), mechanics = (PhysicalLayer) pat.layers().get(MECHANICS);
        PhysicalLayer opticsSilico = (PhysicalLayer) silico.layers().get(OPTICS);
        // both trained phase sets on the same device (the two networks' devices are copies of one): device (solid, ±1 std)
        // against model (dashed) is the reality gap each training left
        print(out, Plots.transferFunction(optics).sweepInput(16).outputs(8).steps(25).repeats(20)
                .title("SHG, trained in silico and physics-aware: y_8 vs phase x16")
                .parameters("in silico", opticsSilico.params()).parameters("physics-aware", optics.params())
                .inputUnit("π rad").outputUnit("SH energy, a.u.").build().savePng(dir.resolve("optics-transfer-function.png")),
                "SHG: an output against an input phase with each run's trained phases, device ±1σ vs model");
        // the plate's four trained drive segments end close in both runs: the physics-aware ones, three of its outputs
        print(out, Plots.transferFunction(mechanics).sweepInput(0).outputs(0, 3, 7).steps(25).repeats(20)
                .inputUnit("V").outputUnit("V").title("plate, trained physics-aware: velocity vs drive x0")
                .build().savePng(dir.resolve("mechanics-transfer-function.png")),
                "plate: three outputs against the first drive voltage, device vs model");
        print(out, Plots.noiseHistogram(optics).output(8).repeats(400).outputUnit("SH energy, a.u.").build()
                .savePng(dir.resolve("optics-noise-histogram.png")),
                "SHG: one output over 400 repeated shots (shot noise, read noise, pump jitter)");
        print(out, Plots.noiseVsSignal(mechanics).points(30).repeats(20).outputUnit("V").build()
                .savePng(dir.resolve("mechanics-noise-vs-signal.png")),
                "plate: noise std against signal, log-log (flat: a fixed sensor noise)");
    }

    private static void print(PrintStream out, Path p, String what) {
        out.printf(Locale.ROOT, "  %-36s %s%n", p, what);
    }
}
