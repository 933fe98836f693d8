package org.pnn4j.physics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.tensor.Function;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * A layer whose computation is a physical system: a {@link Substrate}, its parameters, the device that runs
 * it, and a training-time {@link Mode} that says which of the two (model or device) runs forward and how
 * gradients flow back.
 *
 * <p><b>Modes are passed, not flipped.</b> A layer's own {@link #mode()} is the user's setting (default
 * {@link Mode#PHYSICS_AWARE}; {@link Mode#FROZEN} keeps its parameters out of training). Training methods and
 * evaluations never change it: they run a view of the model ({@link #withModes(Layer, java.util.function.Function)},
 * {@link #inMode(Mode)}) whose physical layers share this layer's parameters, device and counters but run in the mode
 * the method chose, as Equinox's {@code inference_mode} returns a new tree.
 */
public final class PhysicalLayer implements Layer {
    /** How the layer runs during training and evaluation. */
    public enum Mode {
        /** Forward and backward through the ideal differentiable model (in-silico training). */
        IDEAL,
        /** Forward on the physical device; no gradient flows (evaluation of the real thing). */
        PHYSICAL,
        /**
         * Physics-aware training: forward on the physical device; backward is the model's vector-Jacobian
         * product evaluated at the layer's physical input, for the input and for the parameters.
         */
        PHYSICS_AWARE,
        /** Forward on the physical device with parameters held fixed; gradients flow to the input only (via the model). */
        FROZEN
    }

    private final Substrate substrate;
    private final PhysicalDevice device;
    private final List<Parameter> parameters = new ArrayList<>();
    private Mode mode = Mode.PHYSICS_AWARE;
    /** Whether this view's backward is its device's adjoint measurement ({@link #withAdjointGradients()}). */
    private final boolean adjoint;
    /** Physical calls, samples and device nanoseconds, shared by this layer and its views. */
    private final Usage usage;

    private static final class Usage {
        long calls, samples, nanos;
    }

    /** A layer on {@code substrate} run on the simulated device of seed {@code deviceSeed}. */
    public PhysicalLayer(Substrate substrate, long deviceSeed) {
        this(substrate, substrate.device(deviceSeed));
    }

    /**
     * A layer on {@code substrate} run on {@code device}.
     *
     * @throws IllegalArgumentException if the device realizes another substrate
     */
    public PhysicalLayer(Substrate substrate, PhysicalDevice device) {
        if (device.substrate() != substrate && !device.substrate().name().equals(substrate.name()))
            throw new IllegalArgumentException("device realizes '" + device.substrate().name() + "', not '" + substrate.name() + "'");
        this.substrate = substrate;
        this.device = device;
        this.adjoint = false;
        this.usage = new Usage();
        Rng rng = new Rng(0);
        for (ParameterSpec p : substrate.parameters()) parameters.add(p.create(rng));
    }

    /** A view of {@code of} in {@code mode}: its substrate, device, parameters and counters, shared. */
    private PhysicalLayer(PhysicalLayer of, Mode mode) {
        this(of, mode, false);
    }

    private PhysicalLayer(PhysicalLayer of, Mode mode, boolean adjoint) {
        this.substrate = of.substrate;
        this.device = of.device;
        this.usage = of.usage;
        this.parameters.addAll(of.parameters);
        this.mode = mode;
        this.adjoint = adjoint;
    }

    /**
     * This layer run in {@code mode}: itself when that is its mode, else a view sharing its substrate, device,
     * parameters (the same {@link Parameter} objects) and physical-call counters; this layer's own mode is unchanged.
     */
    public PhysicalLayer inMode(Mode mode) {
        java.util.Objects.requireNonNull(mode, "mode");
        return mode == this.mode ? this : new PhysicalLayer(this, mode, adjoint);
    }

    /** The physical layers of {@code model}, depth first, in order ({@link Layer#walk}, the one walk over a model). */
    public static List<PhysicalLayer> in(Layer model) {
        List<PhysicalLayer> out = new ArrayList<>();
        for (Layer l : Layer.walk(model)) if (l instanceof PhysicalLayer p) out.add(p);
        return out;
    }

    /**
     * A view of {@code model} whose physical layers run in the mode {@code rule} gives each of them (given the
     * model's own layer, so {@code rule} may read its {@link #mode()}); everything else is shared and nothing of
     * {@code model} changes ({@link Layer#replace}). {@code model} itself when no layer's mode differs.
     *
     * @throws UnsupportedOperationException if a composite layer holding a physical layer cannot be rebuilt
     *                                       ({@link Layer#withChildren})
     */
    public static Layer withModes(Layer model, java.util.function.Function<PhysicalLayer, Mode> rule) {
        java.util.Objects.requireNonNull(rule, "rule");
        return Layer.replace(model, l -> l instanceof PhysicalLayer p ? p.inMode(java.util.Objects.requireNonNull(rule.apply(p),
                "mode for " + p.describe())) : null);
    }

    @Override
    public void initialize(Rng rng) {
        List<ParameterSpec> specs = substrate.parameters();
        for (int i = 0; i < specs.size(); i++) parameters.get(i).set(specs.get(i).init().draw(rng, specs.get(i).shape()).array());
    }

    /**
     * Sets this layer's own mode (the user's setting, which forward without a method uses and which a method's rule
     * may read: a FROZEN layer stays frozen); returns this layer. Methods do not call it: they run views
     * ({@link #inMode}).
     */
    public PhysicalLayer mode(Mode mode) {
        this.mode = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** The current mode (default {@link Mode#PHYSICS_AWARE}). */
    public Mode mode() {
        return mode;
    }

    /** The substrate. */
    public Substrate substrate() {
        return substrate;
    }

    /** The device that runs the physical forward. */
    public PhysicalDevice device() {
        return device;
    }

    /** The parameter values by name, as the substrate receives them. */
    public Params params() {
        return Params.of(substrate.name(), parameters);
    }

    /**
     * Runs the layer on a batch [batch, inputSize], or on [batch, k, ..., inputSize]: then every one of the
     * batch·k·... rows is its own sample of the physical system (all in one device call), and the output is
     * [batch, k, ..., outputSize]. This is how one physical network is shared by the patches of an image.
     *
     * @throws ShapeMismatchException if the last axis is not the substrate's input size
     */
    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length < 2 || s[s.length - 1] != substrate.inputSize())
            throw new ShapeMismatchException(describe() + " expects inputs [batch, " + substrate.inputSize() + "] (or [batch, ..., "
                    + substrate.inputSize() + "] to share the layer), got " + Arrays.toString(s));
        if (s.length > 2) {
            int[] out = s.clone();
            out[out.length - 1] = substrate.outputSize();
            return forward2d(x.reshape(-1, substrate.inputSize())).reshape(out);
        }
        return forward2d(x);
    }

    private Tensor forward2d(Tensor x) {
        int[] s = x.shape();
        if (adjoint) return inSituAdjoint(x, mode == Mode.FROZEN);
        switch (mode) {
            case IDEAL: {
                Tensor y = substrate.model(x, params());
                Substrates.checkOutput(substrate, y, s[0], "the model");
                return y;
            }
            case PHYSICAL:
                return measureDevice(x, params()).output();
            default:
                return physicsAware(x, mode == Mode.FROZEN);
        }
    }

    private Tensor physicsAware(Tensor x, boolean frozen) {
        List<String> names = parameterNames();
        // residuals: the point the model's VJP is evaluated at, i.e. the inputs with x replaced by the input the device
        // reports having applied (the commanded one unless it observes its actuation noise)
        Function pat = Function.of("physicsAware(" + substrate.name() + ")",
                in -> {
                    PhysicalDevice.Measurement m = measureDevice(in[0], paramsOf(names, in));
                    Tensor[] at = in.clone();
                    at[0] = m.input();
                    return new Function.Saved<>(m.output(), at);
                },
                (Tensor[] at, Tensor g) -> {
                    // the model's VJP at the physical input: re-run the model on fresh leaves and back-propagate g
                    Tensor[] leaves = new Tensor[at.length];
                    for (int i = 0; i < at.length; i++) leaves[i] = at[i].detach().requiresGrad(true);
                    Tensor y;
                    try (var on = org.pnn4j.tensor.Grad.on()) {
                        y = substrate.model(leaves[0], paramsOf(names, leaves));
                        y.backward(g);
                    }
                    Tensor[] grads = new Tensor[at.length];
                    for (int i = 0; i < at.length; i++) grads[i] = leaves[i].grad();
                    return grads;
                });
        return pat.apply(functionInputs(x, frozen));
    }

    /**
     * A view of this layer (parameters, device and counters shared, as {@link #inMode}) whose forward runs on the device
     * and whose backward is the <b>device's own adjoint measurement</b> ({@link AdjointDevice}): no model is used, the
     * gradients for the parameters and for the input come from the physical adjoint and interference runs. Each
     * forward counts one physical call, each backward {@link AdjointDevice#adjointRuns()} more (samples: the batch
     * each time). A layer the user set to {@link Mode#FROZEN} gets gradients for its input only.
     *
     * @throws UnsupportedOperationException if the device has no adjoint measurement (a nonlinear or non-reciprocal
     *                                       system, or a wrapped one), naming the layer and what to use instead
     */
    public PhysicalLayer withAdjointGradients() {
        if (!(device instanceof AdjointDevice))
            throw new UnsupportedOperationException("physical layer " + describe() + " cannot measure its own gradient: its device ("
                    + device.getClass().getSimpleName() + ") has no adjoint (reciprocity) measurement, which needs a linear, "
                    + "reciprocal system with in-chip power monitors such as an MZI mesh (Pnn.mziMesh); train this layer with "
                    + "Method.physicsAware() (the model's gradient at the measured state) or a gradient-free method "
                    + "(Method.spsa, Method.evolutionStrategies)");
        return adjoint ? this : new PhysicalLayer(this, mode, true);
    }

    /** Whether this layer's backward is its device's adjoint measurement ({@link #withAdjointGradients()}). */
    public boolean adjointGradients() {
        return adjoint;
    }

    private Tensor inSituAdjoint(Tensor x, boolean frozen) {
        AdjointDevice dev = (AdjointDevice) device;
        List<String> names = parameterNames();
        int batch = x.dim(0);
        Function f = Function.of("inSituAdjoint(" + substrate.name() + ")",
                in -> {
                    AdjointDevice.ForwardRun run = dev.forwardForAdjoint(in[0], paramsOf(names, in));
                    count(1, batch, run.measurement().deviceSeconds());
                    return new Function.Saved<>(run.measurement().output(), run);
                },
                (AdjointDevice.ForwardRun run, Tensor g) -> {
                    AdjointDevice.Gradients measured = dev.adjoint(run, g);
                    count(dev.adjointRuns(), (long) dev.adjointRuns() * batch, measured.deviceSeconds());
                    Tensor[] grads = new Tensor[names.size() + 1];
                    grads[0] = measured.input();
                    for (int i = 0; i < names.size(); i++) grads[i + 1] = frozen ? null : measured.parameters().get(names.get(i));
                    return grads;
                });
        return f.apply(functionInputs(x, frozen));
    }

    /** The parameters' names, in the order of {@link #functionInputs}. */
    private List<String> parameterNames() {
        List<String> names = new ArrayList<>();
        for (Parameter p : parameters) names.add(p.name());
        return names;
    }

    /** A custom function's inputs: x, then the parameters' values (detached when the layer is frozen). */
    private Tensor[] functionInputs(Tensor x, boolean frozen) {
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(x);
        for (Parameter p : parameters) inputs.add(frozen ? p.value().detach() : p.value());
        return inputs.toArray(new Tensor[0]);
    }

    private void count(long calls, long samples, double seconds) {
        usage.calls += calls;
        usage.samples += samples;
        usage.nanos += Math.round(seconds * 1e9);
    }

    private PhysicalDevice.Measurement measureDevice(Tensor x, Params theta) {
        PhysicalDevice.Measurement m = device.measure(x, theta);
        usage.nanos += Math.round(m.deviceSeconds() * 1e9);
        usage.calls++;
        usage.samples += x.dim(0);
        return m;
    }

    /**
     * Whether this layer settles to an equilibrium that can be nudged: its substrate is an {@link EquilibriumSubstrate}
     * and its device an {@link EquilibriumDevice} (a remote or wrapped device may not be).
     */
    public boolean settles() {
        return substrate instanceof EquilibriumSubstrate && device instanceof EquilibriumDevice;
    }

    /**
     * Settles the device on a batch [batch, inputSize] with its outputs held as {@code nudge} says, and measures
     * (equilibrium propagation's free and nudged phases); counted in {@link #usage()} as one physical call.
     *
     * @throws IllegalStateException    if this layer does not {@link #settles() settle} (naming its substrate)
     * @throws IllegalArgumentException for inputs or parameters the device refuses
     */
    public Equilibrium settle(Tensor x, Nudge nudge) {
        if (!(device instanceof EquilibriumDevice d) || !(substrate instanceof EquilibriumSubstrate))
            throw new IllegalStateException(describe() + " does not settle to an equilibrium that can be nudged (its substrate is "
                    + substrate.getClass().getSimpleName() + ", its device " + device.getClass().getSimpleName()
                    + "); use an EquilibriumSubstrate such as a resistor network");
        long t0 = System.nanoTime();
        Equilibrium e = d.settle(x, params(), nudge);
        usage.nanos += System.nanoTime() - t0;
        usage.calls++;
        usage.samples += x.dim(0);
        return e;
    }

    /** Calls, samples and device seconds of this layer and its views so far. */
    public PhysicalUsage usage() {
        return new PhysicalUsage(usage.calls, usage.samples, usage.nanos / 1e9);
    }

    /** Physical forward calls this layer and its views have made on its device (every mode but {@link Mode#IDEAL}). */
    public long physicalCalls() {
        return usage.calls;
    }

    /** Samples (rows) this layer has sent through its device, over all calls; a layer shared by k patches per image counts k per image. */
    public long physicalSamples() {
        return usage.samples;
    }

    /** Seconds the device spent on this layer's calls: as the device reports them (a remote server's), else wall-clock. */
    public double physicalSeconds() {
        return usage.nanos / 1e9;
    }

    private Params paramsOf(List<String> names, Tensor[] in) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) m.put(names.get(i), in[i + 1]);
        return Params.of(substrate.name(), m);
    }

    /**
     * [inputSize] becomes [outputSize]; [k, ..., inputSize] becomes [k, ..., outputSize] (the layer shared by k·...
     * rows per sample).
     */
    @Override
    public int[] outputShape(int[] in) {
        if (in.length < 1 || in[in.length - 1] != substrate.inputSize())
            throw new ShapeMismatchException("expects " + substrate.inputSize() + " inputs, got "
                    + (in.length == 1 ? String.valueOf(in[0]) : "shape " + Arrays.toString(in)));
        int[] out = in.clone();
        out[out.length - 1] = substrate.outputSize();
        return out;
    }

    @Override
    public int[] inputShape() {
        return new int[] {substrate.inputSize()};
    }

    @Override
    public List<Parameter> parameters() {
        return List.copyOf(parameters);
    }

    @Override
    public String describe() {
        return substrate.name();
    }

    @Override
    public String toString() {
        return "physical(" + substrate.name() + ", " + mode + (adjoint ? ", adjoint gradients" : "") + ")";
    }
}
