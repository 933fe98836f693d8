package org.pnn4j.cli;

import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.pendula;
import static org.pnn4j.Pnn.tanh;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;
import org.pnn4j.Network;
import org.pnn4j.data.Split;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.PhysicalUsage;
import org.pnn4j.train.Evaluation;
import org.pnn4j.train.ForwardForwardNetwork;
import org.pnn4j.train.Method;
import org.pnn4j.train.Trainer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code pnn4j reproduce methods}: the training methods side by side on one budget of device calls (vowels on one
 * layer of 16 coupled pendula; forward-forward on its own network with the same pendula, {@link #forwardForwardNetwork}).
 * Every method except in silico gets the same number of device calls of the pendula;
 * its epochs follow from what one step costs.
 */
final class ReproduceMethods {
    static final int BATCH = 16;
    static final double LR = 0.02;

    private ReproduceMethods() {}

    /**
     * A method under comparison, the device calls one of its steps costs (0: trains on the model only), and the
     * network it trains when it needs its own shape (from a seed; null: the table's network, {@link #network}).
     */
    record Entry(String name, Method method, int callsPerStep, double lr, LongFunction<Layer> network) {
        Entry(String name, Method method, int callsPerStep, double lr) {
            this(name, method, callsPerStep, lr, null);
        }
    }

    static List<Entry> entries() {
        return List.of(new Entry("in silico", Method.inSilico(), 0, LR), new Entry("PAT", Method.physicsAware(), 1, LR),
                new Entry("DFA", Method.feedbackAlignment(7), 1, LR), new Entry("SPSA", Method.spsa(0.002, 0.01), 2, LR),
                new Entry("ES", Method.evolutionStrategies(0.01, 2), 4, 0.005),
                // the floor, forward-forward on its own network, CMA-ES at ES's calls per step
                new Entry("readout only", Method.readoutOnly(), 1, LR),
                new Entry("forward-forward", Method.forwardForward(0.5), 1, LR, ReproduceMethods::forwardForwardNetwork),
                new Entry("CMA-ES", Method.cmaEs(0.1, 2), 4, LR));
    }

    /**
     * The forward-forward counterpart of {@link #network}: the 7 label values in front of the 12 features, the same
     * pendula between the two trained blocks, a 7-unit second block (439 digital parameters).
     */
    static Layer forwardForwardNetwork(long seed) {
        return ForwardForwardNetwork.of(7, linear(7 + 12, 16), tanh(), pendula(16), linear(16, 7), tanh()).initialize(seed);
    }

    static Network network(long seed) {
        return Network.of(linear(12, 16), tanh(), pendula(16), linear(16, 7)).initialize(seed);
    }

    /** Runs every entry on every seed within {@code budget} device calls, prints the runs and the table, and returns the table. */
    static Table run(Split split, int budget, long[] seeds, PrintStream out) {
        return run("pendula(16)", entries(), ReproduceMethods::network, split, budget, seeds, out);
    }

    /** {@link #run(Split, int, long[], PrintStream)} for {@code entries} on the networks {@code network} makes from a seed. */
    static Table run(String substrate, List<Entry> entries, LongFunction<? extends Layer> network, Split split, int budget,
                     long[] seeds, PrintStream out) {
        int batches = split.train().numBatches(BATCH);
        StringColumn method = StringColumn.create("method");
        IntColumn epochsCol = IntColumn.create("epochs");
        DoubleColumn mean = DoubleColumn.create("device_test_acc_%_mean"), sd = DoubleColumn.create("sd"),
                devSec = DoubleColumn.create("device_s_per_run"), wall = DoubleColumn.create("wall_s_per_run");
        LongColumn calls = LongColumn.create("device_calls_per_run");
        for (Entry e : entries) {
            int epochs = Math.max(1, budget / (batches * Math.max(1, e.callsPerStep())));
            double[] acc = new double[seeds.length];
            long c = 0;
            double dev = 0, w = 0;
            for (int i = 0; i < seeds.length; i++) {
                Layer net = e.network() != null ? e.network().apply(seeds[i]) : network.apply(seeds[i]);
                double untrained = Evaluation.physical(net, split.test()).accuracy();
                PhysicalUsage before = PhysicalUsage.of(net);
                long t0 = System.nanoTime();
                org.pnn4j.train.History h = Trainer.of(net).method(e.method()).optimizer(Optimizer.adam(e.lr())).epochs(epochs).batchSize(BATCH).seed(seeds[i]).fit(split.train());
                w += (System.nanoTime() - t0) / 1e9;
                PhysicalUsage used = PhysicalUsage.of(net).minus(before);
                c += used.calls();
                dev += used.seconds();
                acc[i] = Evaluation.physical(net, split.test()).accuracy();
                out.printf(Locale.ROOT, "  %s seed %d: %d epochs, %d device calls, train loss %.3f -> %.3f, device test accuracy %.1f%% (untrained %.1f%%)%n",
                        e.name(), seeds[i], epochs, used.calls(), h.epochs().get(0).trainLoss(), h.last().trainLoss(), 100 * acc[i], 100 * untrained);
            }
            double m = 0, v = 0;
            for (double a : acc) m += a / acc.length;
            for (double a : acc) v += (a - m) * (a - m) / Math.max(1, acc.length - 1);
            method.append(e.name() + " = " + e.method().describe() + (e.method().describe().startsWith("spsa") || e.method().describe().startsWith("cmaEs") ? "" : ", Adam " + e.lr()));
            epochsCol.append(epochs);
            mean.append(Math.round(1000 * m) / 10.0);
            sd.append(Math.round(1000 * Math.sqrt(v)) / 10.0);
            calls.append(c / seeds.length);
            devSec.append(Math.round(100 * dev / seeds.length) / 100.0);
            wall.append(Math.round(10 * w / seeds.length) / 10.0);
        }
        Table t = Table.create("vowels on " + substrate + ", budget " + budget + " device calls per run, " + seeds.length + " seeds (batch " + BATCH + ")", method, epochsCol, mean, sd, calls, devSec, wall);
        out.println(t.print());
        return t;
    }

    // ---- the methods on an MZI mesh, where the device can also measure its own gradient (in-situ adjoint)

    /** The methods of {@link #entries()} that train the table's own network (not forward-forward, whose network is the pendula's) and in-situ adjoint training (3 device runs per step), for {@link #meshNetwork}. */
    static List<Entry> meshEntries() {
        List<Entry> e = new ArrayList<>();
        for (Entry x : entries()) if (x.network() == null) e.add(x); // forward-forward's network is the pendula's
        e.add(new Entry("in-situ adjoint", Method.inSituAdjoint(), 3, LR));
        return e;
    }

    /** Vowels on a 16-mode Clements mesh with the default imperfections (coupler errors, phase offsets, crosstalk, loss, noise). */
    static Network meshNetwork(long seed) {
        return Network.of(linear(12, 16), tanh(), org.pnn4j.Pnn.mziMesh(16), linear(16, 7)).initialize(seed);
    }

    /** {@code reproduce methods-mesh}: {@link #meshEntries()} on {@link #meshNetwork}, within {@code budget} device calls. */
    static Table runMesh(Split split, int budget, long[] seeds, PrintStream out) {
        return run("mziMesh(16)", meshEntries(), ReproduceMethods::meshNetwork, split, budget, seeds, out);
    }

    // ---- the equilibrium methods' row group, on a resistor network

    /**
     * The methods on a network that settles to an equilibrium (equilibrium propagation and coupled learning cannot
     * train the pendula, a feed-forward substrate): the vowels' 12 features (in [0.26, 1]) as input voltages of a
     * resistor network of 8 hidden and 7 output nodes (330 conductances), its output voltages times a trainable scale
     * as the logits. Gains chosen from two to four settings each on seed 1 (see the README).
     */
    static List<Entry> equilibriumEntries() {
        return List.of(new Entry("in silico", Method.inSilico(), 0, 0.05), new Entry("PAT", Method.physicsAware(), 1, 0.05),
                new Entry("EP symmetric", Method.equilibriumPropagation(0.1, true), 3, 0.05),
                new Entry("EP one-sided", Method.equilibriumPropagation(0.01), 2, 0.05),
                new Entry("coupled learning", Method.coupledLearning(0.001), 2, 0.05),
                new Entry("SPSA", Method.spsa(0.002, 0.01), 2, 0.05), new Entry("ES", Method.evolutionStrategies(0.01, 2), 4, 0.005));
    }

    static Network resistorNetwork(long seed) {
        return Network.of(org.pnn4j.Pnn.physical(org.pnn4j.physics.electronics.ResistorNetwork.of(12, 8, 7), 0), org.pnn4j.Pnn.scale(20))
                .initialize(seed);
    }

    /** {@link #equilibriumEntries()} on {@link #resistorNetwork(long)}, as {@link #run(Split, int, long[], PrintStream)}. */
    static Table runEquilibrium(Split split, int budget, long[] seeds, PrintStream out) {
        return run("resistors(12, 8, 7)", equilibriumEntries(), ReproduceMethods::resistorNetwork, split, budget, seeds, out);
    }
}
