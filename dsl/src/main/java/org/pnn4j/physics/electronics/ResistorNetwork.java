package org.pnn4j.physics.electronics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.noise.NoiseProcess;
import org.pnn4j.physics.Equilibrium;
import org.pnn4j.physics.EquilibriumDevice;
import org.pnn4j.physics.EquilibriumSubstrate;
import org.pnn4j.physics.Nudge;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.SimulatedDevice;
import org.pnn4j.tensor.Function;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * A self-learning linear resistor network (Stern et al., PRX 11:021045, 2021; Dillavou et al., Phys. Rev. Applied
 * 18:014040, 2022): nodes joined by resistors of trainable conductance, some nodes held by voltage sources (the
 * inputs, ground and two supply rails), the others free; the outputs are the voltages of the last free nodes.
 *
 * <p><b>Nodes and edges.</b> Source nodes: the {@code inputs} input nodes (their voltages are the sample's inputs,
 * V), ground (0 V) and the rails (+V_s, −V_s). Free nodes: {@code hidden} hidden nodes, then {@code outputs} output
 * nodes. Every pair of nodes of which at least one is free is joined by one resistor (edges between two sources carry
 * current but change no free voltage, so they are left out): S·F + F(F−1)/2 edges for S sources and F free nodes,
 * edge (i, j) with i &lt; j listed by j, then i. Parameter {@code "G"} [edges]: the conductances, mS.
 *
 * <p><b>Equilibrium.</b> The free voltages minimise the energy E = ½ Σ_edges G_e·ΔV_e² (half the dissipated power,
 * mW with G in mS and V in volts) with the sources held: ∂E/∂V_k = 0 is Kirchhoff's current law at every free node,
 * L_ff·V_f = −L_fs·V_s with L the weighted graph Laplacian (solved by a Cholesky factorisation in double precision).
 * <b>Nudged</b> ({@link Nudge}): a weak clamp of strength β (mS) adds a conductance β from each output node to a source
 * at its target t, i.e. E + β·½‖V_out − t‖²; a clamp holds the outputs at t (Stern's clamped state). ∂E/∂G_e = ½ΔV_e²,
 * the quantity each edge measures locally in a self-learning network.
 *
 * <p><b>Model gradient.</b> By implicit differentiation of L_ff·V_f = b: with λ = L_ff⁻¹·(∂ℓ/∂V_f) (one more solve
 * with the same factor), ∂ℓ/∂G_(i,j) = −(λ_i − λ_j)(V_i − V_j) (λ = 0 on sources) and ∂ℓ/∂V_input c = Σ_(c,k) G·λ_k.
 *
 * <p><b>Physical device.</b> Each edge's conductance differs from its setting by a relative error drawn once per
 * device (N(0, conductanceTolerance²), the component tolerance: the reality gap); every node-voltage reading has
 * Gaussian voltmeter noise (rms {@code voltmeterNoise}, V) drawn per call, and the local ½ΔV² are computed from the
 * readings; {@code outputNoise} is applied to the outputs last.
 *
 * <p>Defaults: inputs in [−1, 1] V, rails at ±1 V, G in [0.1, 10] mS initialised uniform in [0.4, 1.6] mS (the
 * middle of the range on a log scale), tolerance 5%, voltmeter noise 1 mV. Immutable: every option returns a new
 * network.
 */
public final class ResistorNetwork implements EquilibriumSubstrate {
    private final ResistorNetworkOptions o;
    private final int sources, free, nodes, edges;
    private final int[] from, to;

    private ResistorNetwork(ResistorNetworkOptions options) {
        this.o = Objects.requireNonNull(options, "options");
        sources = o.inputs() + 3;
        free = o.hidden() + o.outputs();
        nodes = sources + free;
        edges = sources * free + free * (free - 1) / 2;
        from = new int[edges];
        to = new int[edges];
        int e = 0;
        for (int j = sources; j < nodes; j++)
            for (int i = 0; i < j; i++) {
                from[e] = i;
                to[e] = j;
                e++;
            }
    }

    /**
     * A network of {@code inputs} input nodes, {@code hidden} hidden nodes and {@code outputs} output nodes with the
     * defaults (see the class doc).
     *
     * @throws IllegalArgumentException for inputs or outputs below 1 or hidden below 0
     */
    public static ResistorNetwork of(int inputs, int hidden, int outputs) {
        return new ResistorNetwork(ResistorNetworkOptions.builder(inputs, hidden, outputs).build());
    }

    /** A network with these options (validated when they were built). */
    public static ResistorNetwork of(ResistorNetworkOptions options) {
        return new ResistorNetwork(options);
    }

    /** This network's options, one immutable value. */
    public ResistorNetworkOptions options() {
        return o;
    }

    private ResistorNetwork with(java.util.function.UnaryOperator<ResistorNetworkOptions.Builder> change) {
        return new ResistorNetwork(change.apply(o.toBuilder()).build());
    }

    /** This network with inputs in [−volts, volts]. */
    public ResistorNetwork inputVoltage(double volts) { return with(b -> b.optInputVoltage(volts)); }

    /** This network with supply rails at ±volts. */
    public ResistorNetwork supplyVoltage(double volts) { return with(b -> b.optSupplyVoltage(volts)); }

    /** This network with edge conductances in [lo, hi] mS. */
    public ResistorNetwork conductanceRange(double loMilliSiemens, double hiMilliSiemens) {
        return with(b -> b.optConductanceRange(loMilliSiemens, hiMilliSiemens));
    }

    /** This network whose devices' conductances deviate from their settings by a relative std {@code relativeSigma}. */
    public ResistorNetwork conductanceTolerance(double relativeSigma) { return with(b -> b.optConductanceTolerance(relativeSigma)); }

    /** This network whose devices read node voltages with rms noise {@code volts}. */
    public ResistorNetwork voltmeterNoise(double volts) { return with(b -> b.optVoltmeterNoise(volts)); }

    /** This network whose devices add {@code model} to their outputs (after the voltmeter noise). */
    @Override
    public ResistorNetwork outputNoise(NoiseModel model) { return with(b -> b.optOutputNoise(model)); }

    /** This network whose devices are exact: no tolerance, no reading noise, no output noise (they reproduce the model). */
    public ResistorNetwork flawless() { return with(ResistorNetworkOptions.Builder::optFlawless); }

    /** Edges (resistors). */
    public int edges() { return edges; }

    /** Nodes: sources (inputs, ground, +rail, −rail) first, then hidden, then output nodes. */
    public int nodes() { return nodes; }

    /** The two nodes of each edge, {@code [edge][0 or 1]}, in node numbering (see {@link #nodes()}). */
    public int[][] edgeNodes() {
        int[][] n = new int[edges][];
        for (int e = 0; e < edges; e++) n[e] = new int[] {from[e], to[e]};
        return n;
    }

    @Override
    public String name() { return "resistors(" + o.inputs() + ", " + o.hidden() + ", " + o.outputs() + ")"; }

    @Override
    public int inputSize() { return o.inputs(); }

    @Override
    public int outputSize() { return o.outputs(); }

    @Override
    public double inputMin() { return -o.inputVoltage(); }

    @Override
    public double inputMax() { return o.inputVoltage(); }

    @Override
    public String inputUnit() { return "V"; }

    @Override
    public String outputUnit() { return "V"; }

    @Override
    public String nudgeUnit() { return "mS"; }

    /** One parameter, {@code "G"} [edges] in mS, initialised uniformly over the middle of its range on a log scale. */
    @Override
    public List<ParameterSpec> parameters() {
        double lo = o.conductanceMin(), hi = o.conductanceMax(), r = hi / lo;
        return List.of(ParameterSpec.uniform("G", lo, hi, lo * Math.pow(r, 0.3), lo * Math.pow(r, 0.6), "mS", edges));
    }

    // ------------------------------------------------------------------ the circuit

    /** The Laplacian of the unknown nodes, factorised, for one set of conductances and one way of holding the outputs. */
    private final class Solver {
        final int[] unknown = new int[nodes]; // node -> row, -1 for held nodes
        final int n;
        final double[] chol; // lower-triangular factor, row-major n×n
        final double[] g;
        final Nudge nudge;

        Solver(double[] g, Nudge nudge) {
            this.g = g;
            this.nudge = nudge;
            boolean clampOut = nudge.kind() == Nudge.Kind.CLAMP;
            int k = 0;
            for (int v = 0; v < nodes; v++) unknown[v] = v < sources || (clampOut && v >= nodes - o.outputs()) ? -1 : k++;
            n = k;
            double[] a = new double[n * n];
            for (int e = 0; e < edges; e++) {
                int i = unknown[from[e]], j = unknown[to[e]];
                if (i >= 0) a[i * n + i] += g[e];
                if (j >= 0) a[j * n + j] += g[e];
                if (i >= 0 && j >= 0) {
                    a[i * n + j] -= g[e];
                    a[j * n + i] -= g[e];
                }
            }
            if (nudge.kind() == Nudge.Kind.WEAK_CLAMP)
                for (int q = 0; q < o.outputs(); q++) {
                    int r = unknown[nodes - o.outputs() + q];
                    a[r * n + r] += nudge.strength();
                }
            chol = cholesky(a, n);
        }

        private double[] cholesky(double[] a, int n) {
            double[] l = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) {
                    double s = a[i * n + j];
                    for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                    if (i == j) {
                        if (!(s > 0))
                            throw new IllegalStateException(String.format(Locale.ROOT, "%s: the network with the outputs held as %s (strength %g mS) "
                                    + "has no stable equilibrium (pivot %g at free node %d); use a weaker negative nudge", name(), nudge.kind(), nudge.strength(), s, i));
                        l[i * n + i] = Math.sqrt(s);
                    } else {
                        l[i * n + j] = s / l[j * n + j];
                    }
                }
            return l;
        }

        /** Solves A·z = rhs in place. */
        void solve(double[] z) {
            for (int i = 0; i < n; i++) {
                double s = z[i];
                for (int k = 0; k < i; k++) s -= chol[i * n + k] * z[k];
                z[i] = s / chol[i * n + i];
            }
            for (int i = n - 1; i >= 0; i--) {
                double s = z[i];
                for (int k = i + 1; k < n; k++) s -= chol[k * n + i] * z[k];
                z[i] = s / chol[i * n + i];
            }
        }

        /** Every node's voltage for sample {@code s} of inputs {@code x} [batch, inputs] (and the nudge's target). */
        double[] settle(float[] x, int s) {
            double[] v = new double[nodes];
            for (int c = 0; c < o.inputs(); c++) v[c] = x[s * o.inputs() + c];
            v[o.inputs() + 1] = o.supplyVoltage();
            v[o.inputs() + 2] = -o.supplyVoltage();
            float[] t = nudge.target() == null ? null : nudge.target().array();
            if (nudge.kind() == Nudge.Kind.CLAMP)
                for (int q = 0; q < o.outputs(); q++) v[nodes - o.outputs() + q] = t[s * o.outputs() + q];
            double[] rhs = new double[n];
            for (int e = 0; e < edges; e++) {
                int i = unknown[from[e]], j = unknown[to[e]];
                if (i >= 0 && j < 0) rhs[i] += g[e] * v[to[e]];
                if (j >= 0 && i < 0) rhs[j] += g[e] * v[from[e]];
            }
            if (nudge.kind() == Nudge.Kind.WEAK_CLAMP)
                for (int q = 0; q < o.outputs(); q++) rhs[unknown[nodes - o.outputs() + q]] += nudge.strength() * t[s * o.outputs() + q];
            solve(rhs);
            for (int u = 0; u < nodes; u++) if (unknown[u] >= 0) v[u] = rhs[unknown[u]];
            return v;
        }
    }

    private void checkInputs(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != o.inputs())
            throw new ShapeMismatchException("substrate '" + name() + "' expects inputs [batch, " + o.inputs() + "], got shape "
                    + Arrays.toString(x.shape()));
    }

    private void checkTarget(Tensor x, Nudge nudge) {
        if (nudge.target() != null && !Arrays.equals(nudge.target().shape(), new int[] {x.dim(0), o.outputs()}))
            throw new IllegalArgumentException(name() + ": the nudge's target must be [batch, outputs] = [" + x.dim(0) + ", " + o.outputs()
                    + "], got " + Arrays.toString(nudge.target().shape()));
    }

    private static double[] doubles(Tensor t) {
        float[] f = t.array();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** The measured or ideal equilibrium from node voltages [batch][nodes]. */
    private Equilibrium equilibrium(double[][] v, NoiseProcess outputNoise) {
        int batch = v.length;
        float[] state = new float[batch * nodes], out = new float[batch * o.outputs()];
        double[] dEdG = new double[edges];
        for (int s = 0; s < batch; s++) {
            for (int u = 0; u < nodes; u++) state[s * nodes + u] = (float) v[s][u];
            for (int q = 0; q < o.outputs(); q++) out[s * o.outputs() + q] = (float) v[s][nodes - o.outputs() + q];
            for (int e = 0; e < edges; e++) {
                double d = v[s][from[e]] - v[s][to[e]];
                dEdG[e] += 0.5 * d * d;
            }
        }
        Tensor y = Tensor.wrap(out, batch, o.outputs());
        if (outputNoise != null) y = outputNoise.apply(y);
        return new Equilibrium(Tensor.wrap(state, batch, nodes), y, Map.of("G", dEdG));
    }

    /**
     * The ideal equilibrium (no tolerance, no noise): every node's voltage as the state, the outputs, and ∂E/∂G = ½ΔV²
     * per edge summed over the batch.
     *
     * @throws ShapeMismatchException   if x is not [batch, inputs]
     * @throws IllegalArgumentException for a target that is not [batch, outputs]
     * @throws IllegalStateException    for a negative nudge so strong the network has no stable equilibrium
     */
    @Override
    public Equilibrium settle(Tensor x, Params theta, Nudge nudge) {
        checkInputs(x);
        checkTarget(x, nudge);
        Solver solver = new Solver(doubles(theta.get("G")), nudge);
        double[][] v = new double[x.dim(0)][];
        for (int s = 0; s < v.length; s++) v[s] = solver.settle(x.array(), s);
        return equilibrium(v, null);
    }

    /**
     * The net current (mA) flowing into each free node of a settled {@code state} [batch, nodes] from the resistors
     * of conductances {@code G} (mS) and from the nudge's weak clamp: Kirchhoff's current law says 0 at an equilibrium
     * (output nodes held by a clamp are sources and read 0 here). Returns [batch][free nodes].
     *
     * @throws IllegalArgumentException if the state is not [batch, nodes]
     */
    public double[][] kirchhoffResidual(Tensor state, Tensor conductances, Nudge nudge) {
        if (state.rank() != 2 || state.dim(1) != nodes)
            throw new IllegalArgumentException(name() + ": a state is [batch, " + nodes + " nodes], got " + Arrays.toString(state.shape()));
        float[] v = state.array(), g = conductances.array();
        int batch = state.dim(0);
        double[][] r = new double[batch][free];
        for (int s = 0; s < batch; s++) {
            int base = s * nodes;
            for (int e = 0; e < edges; e++) {
                double i = g[e] * ((double) v[base + from[e]] - v[base + to[e]]); // current from 'from' to 'to'
                if (from[e] >= sources) r[s][from[e] - sources] -= i;
                r[s][to[e] - sources] += i;
            }
            for (int q = 0; q < o.outputs(); q++) {
                int f = free - o.outputs() + q;
                if (nudge.kind() == Nudge.Kind.CLAMP) r[s][f] = 0;
                else if (nudge.kind() == Nudge.Kind.WEAK_CLAMP)
                    r[s][f] += nudge.strength() * (nudge.target().array()[s * o.outputs() + q] - (double) v[base + nodes - o.outputs() + q]);
            }
        }
        return r;
    }

    /**
     * The ideal free equilibrium's outputs (V), differentiable by implicit differentiation of Kirchhoff's laws.
     *
     * @throws ShapeMismatchException if x is not [batch, inputs]
     */
    @Override
    public Tensor model(Tensor x, Params theta) {
        checkInputs(x);
        int outs = o.outputs();
        return Function.of("resistor network equilibrium", in -> {
            Solver solver = new Solver(doubles(in[1]), Nudge.free());
            int batch = in[0].dim(0);
            float[] y = new float[batch * outs];
            for (int s = 0; s < batch; s++) {
                double[] v = solver.settle(in[0].array(), s);
                for (int q = 0; q < outs; q++) y[s * outs + q] = (float) v[nodes - outs + q];
            }
            return Tensor.wrap(y, batch, outs);
        }, (in, out, grad) -> {
            Solver solver = new Solver(doubles(in[1]), Nudge.free());
            int batch = in[0].dim(0);
            float[] gy = grad.array();
            double[] gG = new double[edges];
            float[] gx = new float[batch * o.inputs()];
            for (int s = 0; s < batch; s++) {
                double[] v = solver.settle(in[0].array(), s);
                double[] lambda = new double[solver.n];
                for (int q = 0; q < outs; q++) lambda[solver.unknown[nodes - outs + q]] = gy[s * outs + q];
                solver.solve(lambda);
                for (int e = 0; e < edges; e++) {
                    int i = solver.unknown[from[e]], j = solver.unknown[to[e]];
                    double li = i >= 0 ? lambda[i] : 0, lj = lambda[j];
                    gG[e] -= (li - lj) * (v[from[e]] - v[to[e]]);
                    if (from[e] < o.inputs()) gx[s * o.inputs() + from[e]] += (float) (solver.g[e] * lj);
                }
            }
            float[] gg = new float[edges];
            for (int e = 0; e < edges; e++) gg[e] = (float) gG[e];
            return new Tensor[] {Tensor.wrap(gx, batch, o.inputs()), Tensor.wrap(gg, edges)};
        }).apply(x, theta.get("G"));
    }

    @Override
    public Device device(long seed) {
        return new Device(this, seed);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d edges, G in [%g, %g] mS, inputs in ±%g V, rails ±%g V, tolerance %g, voltmeter noise %g V, output noise %s",
                name(), edges, o.conductanceMin(), o.conductanceMax(), o.inputVoltage(), o.supplyVoltage(), o.conductanceTolerance(),
                o.voltmeterNoise(), o.outputNoise());
    }

    /**
     * One simulated network: its resistors off their settings by the tolerance (drawn once), noisy voltmeters on every
     * node, and the output noise. Settles free ({@link #forward}) or nudged ({@link #settle}), one call each.
     */
    public static final class Device extends SimulatedDevice implements EquilibriumDevice {
        private final ResistorNetwork net;
        private final double[] error;
        private final NoiseProcess outputNoise;

        private Device(ResistorNetwork net, long seed) {
            super(net, seed);
            this.net = net;
            error = new double[net.edges];
            for (int e = 0; e < net.edges; e++) error[e] = Math.max(-0.9, net.o.conductanceTolerance() * rng.nextGaussian());
            outputNoise = net.o.outputNoise().start(rng.split());
        }

        /** The conductances (mS) this device's resistors actually have when set to {@code theta}'s. */
        public Tensor actualConductances(Params theta) {
            float[] g = theta.get("G").array();
            float[] a = new float[g.length];
            for (int e = 0; e < g.length; e++) a[e] = (float) (g[e] * (1 + error[e]));
            return Tensor.wrap(a, g.length);
        }

        private Equilibrium measure(Tensor x, Params theta, Nudge nudge) {
            net.checkTarget(x, nudge);
            double[] g = doubles(theta.get("G"));
            for (int e = 0; e < g.length; e++) g[e] *= 1 + error[e];
            Solver solver = net.new Solver(g, nudge);
            double[][] v = new double[x.dim(0)][];
            double sd = net.o.voltmeterNoise();
            for (int s = 0; s < v.length; s++) {
                v[s] = solver.settle(x.array(), s);
                if (sd > 0) for (int u = 0; u < v[s].length; u++) v[s][u] += sd * rng.nextGaussian();
            }
            return net.equilibrium(v, outputNoise);
        }

        @Override
        protected Tensor realize(Tensor x, Params theta) {
            return measure(x, theta, Nudge.free()).output();
        }

        @Override
        public Equilibrium settle(Tensor x, Params theta, Nudge nudge) {
            Objects.requireNonNull(nudge, "nudge");
            return validatedCall(x, theta, (in, th) -> measure(in, th, nudge));
        }

        @Override
        protected void saveMoreState(java.io.DataOutput out) throws java.io.IOException {
            outputNoise.saveState(out);
        }

        @Override
        protected void restoreMoreState(java.io.DataInput in) throws java.io.IOException {
            outputNoise.restoreState(in);
        }
    }
}
