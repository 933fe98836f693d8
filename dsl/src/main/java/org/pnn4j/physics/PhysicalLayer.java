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
    private long physicalCalls, physicalSamples, physicalNanos;

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
        Rng rng = new Rng(0);
        for (ParameterSpec p : substrate.parameters()) parameters.add(p.create(rng));
    }

    @Override
    public void initialize(Rng rng) {
        List<ParameterSpec> specs = substrate.parameters();
        for (int i = 0; i < specs.size(); i++) parameters.get(i).set(specs.get(i).init().draw(rng, specs.get(i).shape()).array());
    }

    /** Sets the mode; returns this layer. */
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
        List<String> names = new ArrayList<>();
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(x);
        for (Parameter p : parameters) {
            names.add(p.name());
            inputs.add(frozen ? p.value().detach() : p.value());
        }
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
        return pat.apply(inputs.toArray(new Tensor[0]));
    }

    private PhysicalDevice.Measurement measureDevice(Tensor x, Params theta) {
        PhysicalDevice.Measurement m = device.measure(x, theta);
        physicalNanos += Math.round(m.deviceSeconds() * 1e9);
        physicalCalls++;
        physicalSamples += x.dim(0);
        return m;
    }

    /** Physical forward calls this layer has made on its device (every mode but {@link Mode#IDEAL}). */
    public long physicalCalls() {
        return physicalCalls;
    }

    /** Samples (rows) this layer has sent through its device, over all calls; a layer shared by k patches per image counts k per image. */
    public long physicalSamples() {
        return physicalSamples;
    }

    /** Seconds the device spent on this layer's calls: as the device reports them (a remote server's), else wall-clock. */
    public double physicalSeconds() {
        return physicalNanos / 1e9;
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
        return "physical(" + substrate.name() + ", " + mode + ")";
    }
}
