package org.pnn4j.physics;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
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

    private final CustomSubstrateOptions o;

    private CustomSubstrate(CustomSubstrateOptions options) {
        this.o = options;
    }

    /**
     * A substrate named {@code name} whose ideal model is {@code model}; set its sizes with {@link #io} before use.
     */
    public static CustomSubstrate of(String name, Model model) {
        return new CustomSubstrate(CustomSubstrateOptions.builder(name, model).build());
    }

    /** A substrate with these options (validated when they were built). */
    public static CustomSubstrate of(CustomSubstrateOptions options) {
        return new CustomSubstrate(Objects.requireNonNull(options, "options"));
    }

    /** This substrate's options, one immutable value. */
    public CustomSubstrateOptions options() {
        return o;
    }

    /** A copy with one change to the options, validated by {@link CustomSubstrateOptions.Builder#build()}. */
    private CustomSubstrate with(UnaryOperator<CustomSubstrateOptions.Builder> change) {
        return new CustomSubstrate(change.apply(o.toBuilder()).build());
    }

    /**
     * Input and output widths per sample.
     *
     * @throws IllegalArgumentException if a width is not positive
     */
    public CustomSubstrate io(int inputs, int outputs) {
        return with(b -> b.optIo(inputs, outputs));
    }

    /** The range the input encoding can apply (default unbounded). */
    public CustomSubstrate inputRange(double lo, double hi) {
        return with(b -> b.optInputRange(lo, hi));
    }

    /**
     * Adds a controllable parameter.
     *
     * @throws IllegalArgumentException if a parameter of that name exists
     */
    public CustomSubstrate param(ParameterSpec spec) {
        return with(b -> b.optParameter(spec));
    }

    /** A trainable parameter uniform over [lo, hi] (dimensionless). */
    public CustomSubstrate param(String paramName, double lo, double hi, int... shape) {
        return param(ParameterSpec.uniform(paramName, lo, hi, "", shape));
    }

    /** The physical system's own response, when it differs from the model (the reality gap); default: the model. */
    public CustomSubstrate realization(Model physical) {
        return with(b -> b.optRealization(physical));
    }

    /** Noise on the inputs as the device applies them, drawn per call. */
    public CustomSubstrate inputNoise(NoiseModel noise) {
        return with(b -> b.optInputNoise(noise));
    }

    /** Noise on the measured outputs. */
    public CustomSubstrate outputNoise(NoiseModel noise) {
        return with(b -> b.optOutputNoise(noise));
    }

    /**
     * The same substrate with flawless devices: no realization of its own (devices run the model), no input or output
     * noise (the name of "no imperfections" on every substrate).
     */
    public CustomSubstrate flawless() {
        return with(CustomSubstrateOptions.Builder::optFlawless);
    }

    private int checkSized(java.util.OptionalInt width) {
        return width.orElseThrow(() -> new IllegalStateException("substrate '" + o.name() + "' has no input and output widths; call .io(inputs, outputs)"));
    }

    @Override
    public String name() {
        return o.name();
    }

    @Override
    public int inputSize() {
        return checkSized(o.inputs());
    }

    @Override
    public int outputSize() {
        return checkSized(o.outputs());
    }

    @Override
    public double inputMin() {
        return o.inputMin();
    }

    @Override
    public double inputMax() {
        return o.inputMax();
    }

    @Override
    public List<ParameterSpec> parameters() {
        return o.parameters();
    }

    @Override
    public Tensor model(Tensor x, Params theta) {
        checkSized(o.inputs());
        Tensor y = o.model().apply(x, theta);
        if (y == null) throw new IllegalStateException("substrate '" + o.name() + "': the model returned null");
        return y;
    }

    @Override
    public PhysicalDevice device(long seed) {
        checkSized(o.inputs());
        Model physical = o.realization().orElse(o.model());
        return new SimulatedDevice(this, seed) {
            private final NoiseProcess in = o.inputNoise().start(rng.split());
            private final NoiseProcess out = o.outputNoise().start(rng.split());

            @Override
            protected Tensor realize(Tensor x, Params theta) {
                Tensor applied = in.apply(x);
                return out.apply(physical.apply(applied, theta));
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
        return "substrate(\"" + o.name() + "\")";
    }
}
