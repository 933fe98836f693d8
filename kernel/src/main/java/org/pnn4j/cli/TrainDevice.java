package org.pnn4j.cli;

import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.toRange;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.pnn4j.Network;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.Backends;
import org.pnn4j.backend.DescribedSubstrate;
import org.pnn4j.data.Datasets;
import org.pnn4j.data.Split;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.train.Evaluation;
import org.pnn4j.train.History;
import org.pnn4j.train.Method;
import org.pnn4j.train.Trainer;
import org.pnn4j.train.TwinRefit;
import org.pnn4j.twin.Diagnosis;
import org.pnn4j.twin.DigitalTwin;
import org.pnn4j.twin.SamplingPlan;
import org.pnn4j.twin.Twins;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code pnn4j train-device SPEC}: any device, trained. Connects to a device server (a lab's instrument served over
 * the device protocol, e.g. with the Python kit in {@code python/}), builds the layer from the server's description
 * alone, measures the device to fit a data-driven twin (no physics given), trains a digital-physical-digital network
 * on the bundled 8x8 digits by physics-aware training through the twin (forward on the device, backward through the
 * twin, refitted along the way when its error on fresh device calls grows), and evaluates it on the device.
 */
final class TrainDevice {
    private TrainDevice() {}

    static final String HELP = "Any device, trained: pnn4j train-device remote:HOST:PORT[?token=T] [options]\n\n"
            + "Reads the server's description (sizes, ranges, units, parameters), measures the device to fit a\n"
            + "data-driven digital twin (no physics given), trains linear -> toRange -> [the device] -> linear on the\n"
            + "bundled 8x8 digits by physics-aware training through the twin (refitted when its error on fresh device\n"
            + "calls grows), and prints the twin's R2 on fresh parameter settings and the test accuracy on the device\n"
            + "before and after training. The token comes from ?token=T or $PNN4J_DEVICE_TOKEN (which keeps it out of\n"
            + "the process list).\n\n"
            + "Options:\n"
            + "  --substrate NAME   the served substrate to train (default: the only one served)\n"
            + "  --epochs N         physics-aware epochs (default 10)\n"
            + "  --settings N       parameter settings measured for the twin (default: Twins.defaultPlan's)\n"
            + "  --lr R             Adam learning rate (default 0.01)\n"
            + "  --seed S           seed of the split, initialization, batches and twin (default 1)\n"
            + "  --min-accuracy A   exit 1 when the test accuracy on the device ends below A (e.g. 0.5; for CI)";

    static int run(String[] args, PrintStream out) {
        if (args.length < 1 || args[0].startsWith("--")) throw new Main.UsageException("give the device server: train-device remote:HOST:PORT");
        String spec = args[0], substrateName = null;
        int epochs = 10, settings = 0;
        double lr = 0.01, minAccuracy = 0;
        long seed = 1;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new Main.UsageException("option '" + a + "' needs a value");
            String v = args[++i];
            try {
                switch (a) {
                    case "--substrate" -> substrateName = v;
                    case "--epochs" -> epochs = Integer.parseInt(v);
                    case "--settings" -> settings = Integer.parseInt(v);
                    case "--lr" -> lr = Double.parseDouble(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--min-accuracy" -> minAccuracy = Double.parseDouble(v);
                    default -> throw new Main.UsageException("unknown option '" + a + "'");
                }
            } catch (NumberFormatException e) {
                throw new Main.UsageException("option " + a + ": '" + v + "' is not a number");
            }
        }
        if (epochs < 1) throw new Main.UsageException("--epochs must be at least 1, got " + epochs);
        long t0 = System.nanoTime();
        try (Backend backend = Backends.open(spec)) {
            List<DescribedSubstrate> served = backend.substrates();
            DescribedSubstrate box;
            if (substrateName != null) box = backend.substrate(substrateName);
            else if (served.size() == 1) box = served.get(0);
            else throw new Main.UsageException("the server serves " + served.size() + " substrates; pick one with --substrate NAME: "
                    + backend.capabilities().substrateNames());
            out.println("device: " + box.name() + " on " + backend.name() + ": " + box.inputSize() + " inputs"
                    + unit(box.inputUnit()) + " in [" + fmt(box.inputMin()) + ", " + fmt(box.inputMax()) + "]" + (box.inputPeriodic() ? " (periodic)" : "")
                    + " -> " + box.outputSize() + " outputs" + unit(box.outputUnit()) + "; parameters " + box.parameters());
            PhysicalDevice device = backend.device(box);

            Split digits = Datasets.digits().scaleFeatures(16).split(0.2, seed);
            // the layer on the device first, for its starting parameters: half the twin's data is measured around them
            // (where training starts and where the twin must be right first), half uniformly over the ranges
            PhysicalLayer probe = new PhysicalLayer(box, device);
            probe.initialize(new org.pnn4j.tensor.Rng(seed));
            int n = settings > 0 ? settings : Twins.defaultPlan(box).settings();
            SamplingPlan plan = Twins.startPlan(probe.params(), n, seed);
            out.printf(Locale.ROOT, "measuring the device for its twin: %d settings x %d inputs, half uniform, half around the starting "
                    + "parameters (%d device calls)%n", n, Twins.INPUTS_PER_SETTING, plan.calls());
            DigitalTwin twin = DigitalTwin.blackBox(box).seed(seed).fit(plan.sample(device));
            Diagnosis fresh = twin.diagnoseFresh(device, SamplingPlan.uniform(16, Twins.INPUTS_PER_SETTING, 1, seed + 1000));
            Diagnosis near = twin.diagnoseFresh(device, SamplingPlan.around(probe.params(), 0.05, 16, Twins.INPUTS_PER_SETTING, 1, seed + 1001));
            out.printf(Locale.ROOT, "twin fitted in %.1f s: R2 on 16 fresh settings %.3f over the whole ranges, %.3f around the starting parameters%n",
                    twin.lastFit().seconds(), fresh.meanR2(), near.meanR2());

            PhysicalLayer layer = new PhysicalLayer(twin.asSubstrate(), device);
            Network net = Network.of(linear(64, box.inputSize()), toRange(box), layer, linear(box.outputSize(), 10)).initialize(seed);
            for (int i = 0; i < layer.parameters().size(); i++) layer.parameters().get(i).set(probe.parameters().get(i).snapshot());
            double before = Evaluation.physical(net, digits.test()).accuracy();
            TwinRefit refit = TwinRefit.of(layer, twin).seed(seed);
            History h = Trainer.of(net).method(Method.physicsAware()).optimizer(Optimizer.adam(lr)).epochs(epochs).batchSize(32)
                    .seed(seed).listener(refit).fit(digits.train());
            double onDevice = Evaluation.physical(net, digits.test()).accuracy();
            double onTwin = Evaluation.ideal(net, digits.test()).accuracy();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Table t = Table.create("any device, trained: " + box.name(),
                    StringColumn.create("what", "twin R2 on fresh settings (whole ranges)", "twin R2 on fresh settings (around the start)",
                            "device calls for the twin", "device calls in training (incl. refits)",
                            "twin refits", "test accuracy on the device before training (%)", "test accuracy on the device after PAT (%)",
                            "test accuracy the twin predicts (%)", "wall time (s)"),
                    DoubleColumn.create("value", round(fresh.meanR2(), 3), round(near.meanR2(), 3), (double) (plan.calls() + 32), (double) h.last().physicalCalls() + refit.deviceCalls(),
                            refit.refits(), round(100 * before, 1), round(100 * onDevice, 1), round(100 * onTwin, 1), round(seconds, 1)));
            out.println(t.print());
            if (onDevice < minAccuracy) {
                out.printf(Locale.ROOT, "train-device: test accuracy on the device %.3f is below --min-accuracy %.3f%n", onDevice, minAccuracy);
                return 1;
            }
            return 0;
        }
    }

    private static String unit(String u) {
        return u.isEmpty() ? "" : " (" + u + ")";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
