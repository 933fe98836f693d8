package org.pnn4j.physics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.noise.NoiseProcess;
import org.pnn4j.tensor.Tensor;

/**
 * A substrate defined in one notebook cell from tensor ops:
 *
 * <pre>{@code
 * Substrate gain = substrate("saturable-gain", (x, t) -> x.mul(t.get("g")).tanh())
 *         .io(4, 4).inputRange(-1, 1)
 *         .param(ParameterSpec.uniform("g", 0.1, 5, "", 4))
 *         .realization((x, t) -> x.mul(t.get("g").mul(1.05)).tanh())   // the reality gap (optional)
 *         .outputNoise(rng -> y -> y.add(Tensor.randn(rng, 0.02, y.shape())));
 * }</pre>
 *
 * The model must use tensor ops (so gradients flow). Immutable: every option returns a new description.
 */
public final class CustomSubstrate implements Substrate {
    /** A model or realization: outputs [batch, outputs] from inputs [batch, inputs] and parameters. */
    @FunctionalInterface
    public interface Model {
        /** Computes the outputs. */
        Tensor apply(Tensor x, Params theta);
    }

    private final String name;
    private final Model model;
    private final Model realization;
    private final int inputs, outputs;
    private final double inputMin, inputMax;
    private final List<ParameterSpec> params;
    private final NoiseModel inputNoise, outputNoise;

    private CustomSubstrate(String name, Model model, Model realization, int inputs, int outputs, double inputMin,
                            double inputMax, List<ParameterSpec> params, NoiseModel inputNoise, NoiseModel outputNoise) {
        this.name = name;
        this.model = model;
        this.realization = realization;
        this.inputs = inputs;
        this.outputs = outputs;
        this.inputMin = inputMin;
        this.inputMax = inputMax;
        this.params = List.copyOf(params);
        this.inputNoise = inputNoise;
        this.outputNoise = outputNoise;
    }

    /**
     * A substrate named {@code name} whose ideal model is {@code model}; set its sizes with {@link #io} before use.
     */
    public static CustomSubstrate of(String name, Model model) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        return new CustomSubstrate(name, model, null, 0, 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                List.of(), NoiseModel.none(), NoiseModel.none());
    }

    /**
     * Input and output widths per sample.
     *
     * @throws IllegalArgumentException if a width is not positive
     */
    public CustomSubstrate io(int inputs, int outputs) {
        if (inputs <= 0 || outputs <= 0)
            throw new IllegalArgumentException("substrate '" + name + "': io(" + inputs + ", " + outputs + ") needs positive widths");
        return new CustomSubstrate(name, model, realization, inputs, outputs, inputMin, inputMax, params, inputNoise, outputNoise);
    }

    /** The range the input encoding can apply (default unbounded). */
    public CustomSubstrate inputRange(double lo, double hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("substrate '" + name + "': input range [" + lo + ", " + hi + "] is empty");
        return new CustomSubstrate(name, model, realization, inputs, outputs, lo, hi, params, inputNoise, outputNoise);
    }

    /**
     * Adds a controllable parameter.
     *
     * @throws IllegalArgumentException if a parameter of that name exists
     */
    public CustomSubstrate param(ParameterSpec spec) {
        for (ParameterSpec p : params)
            if (p.name().equals(spec.name())) throw new IllegalArgumentException("substrate '" + name + "' already has a parameter '" + spec.name() + "'");
        List<ParameterSpec> ps = new ArrayList<>(params);
        ps.add(spec);
        return new CustomSubstrate(name, model, realization, inputs, outputs, inputMin, inputMax, ps, inputNoise, outputNoise);
    }

    /** A trainable parameter uniform over [lo, hi] (dimensionless). */
    public CustomSubstrate param(String paramName, double lo, double hi, int... shape) {
        return param(ParameterSpec.uniform(paramName, lo, hi, "", shape));
    }

    /** The physical system's own response, when it differs from the model (the reality gap); default: the model. */
    public CustomSubstrate realization(Model physical) {
        return new CustomSubstrate(name, model, Objects.requireNonNull(physical), inputs, outputs, inputMin, inputMax, params, inputNoise, outputNoise);
    }

    /** Noise on the inputs as the device applies them, drawn per call. */
    public CustomSubstrate inputNoise(NoiseModel noise) {
        return new CustomSubstrate(name, model, realization, inputs, outputs, inputMin, inputMax, params, Objects.requireNonNull(noise), outputNoise);
    }

    /** Noise on the measured outputs. */
    public CustomSubstrate outputNoise(NoiseModel noise) {
        return new CustomSubstrate(name, model, realization, inputs, outputs, inputMin, inputMax, params, inputNoise, Objects.requireNonNull(noise));
    }

    /**
     * The same substrate with flawless devices: no realization of its own (devices run the model), no input or output
     * noise (the name of "no imperfections" on every substrate).
     */
    public CustomSubstrate flawless() {
        return new CustomSubstrate(name, model, null, inputs, outputs, inputMin, inputMax, params, NoiseModel.none(), NoiseModel.none());
    }

    private void checkSized() {
        if (inputs == 0)
            throw new IllegalStateException("substrate '" + name + "' has no input and output widths; call .io(inputs, outputs)");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int inputSize() {
        checkSized();
        return inputs;
    }

    @Override
    public int outputSize() {
        checkSized();
        return outputs;
    }

    @Override
    public double inputMin() {
        return inputMin;
    }

    @Override
    public double inputMax() {
        return inputMax;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return params;
    }

    @Override
    public Tensor model(Tensor x, Params theta) {
        checkSized();
        Tensor y = model.apply(x, theta);
        if (y == null) throw new IllegalStateException("substrate '" + name + "': the model returned null");
        return y;
    }

    @Override
    public PhysicalDevice device(long seed) {
        checkSized();
        return new SimulatedDevice(this, seed) {
            private final NoiseProcess in = inputNoise.start(rng.split());
            private final NoiseProcess out = outputNoise.start(rng.split());

            @Override
            protected Tensor realize(Tensor x, Params theta) {
                Tensor applied = in.apply(x);
                return out.apply((realization != null ? realization : model).apply(applied, theta));
            }

            @Override
            protected void saveMoreState(java.io.DataOutput o) throws java.io.IOException {
                in.saveState(o);
                out.saveState(o);
            }

            @Override
            protected void restoreMoreState(java.io.DataInput i) throws java.io.IOException {
                in.restoreState(i);
                out.restoreState(i);
            }
        };
    }

    @Override
    public String toString() {
        return "substrate(\"" + name + "\")";
    }
}
