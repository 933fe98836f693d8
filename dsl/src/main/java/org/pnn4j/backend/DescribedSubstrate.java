package org.pnn4j.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Tensor;

/**
 * A substrate known only from a backend's declaration ({@link Capabilities.SubstrateInfo}, e.g. a lab server's
 * {@code Describe}): sizes, units, input range, parameter ranges, and no physics. It runs on the backend that declared
 * it, {@code new PhysicalLayer(s, backend.device(s))}, which is enough to measure it and to evaluate a network on it
 * (mode {@code PHYSICAL}); training asks for a differentiable model, which a data-driven twin fitted to the device's
 * measurements supplies ({@code org.pnn4j.twin}), or a model written by hand ({@link #withModel}).
 *
 * <pre>{@code
 * Backend lab = Backends.open("remote:127.0.0.1:50051?token=...");
 * Substrate chip = lab.substrate("mzi-chip");          // from Describe
 * PhysicalDevice device = lab.device(chip);
 * }</pre>
 */
public final class DescribedSubstrate implements Substrate {
    private final Capabilities.SubstrateInfo info;
    private final List<ParameterSpec> parameters;
    private final Model model;

    /** A model supplied for a described substrate: outputs [batch, outputSize] from inputs and parameters. */
    @FunctionalInterface
    public interface Model {
        /** The model's outputs, differentiable in {@code x} and {@code theta}. */
        Tensor apply(Tensor x, Params theta);
    }

    DescribedSubstrate(Capabilities.SubstrateInfo info) {
        this(info, null);
    }

    private DescribedSubstrate(Capabilities.SubstrateInfo info, Model model) {
        this.info = Objects.requireNonNull(info, "info");
        List<ParameterSpec> ps = new ArrayList<>();
        for (Capabilities.ParameterRange p : info.parameters()) ps.add(p.toSpec());
        this.parameters = List.copyOf(ps);
        this.model = model;
    }

    /** The declaration this substrate was built from (units, output range, noise figure, determinism). */
    public Capabilities.SubstrateInfo info() {
        return info;
    }

    /** Whether a model was supplied ({@link #withModel}); without one, {@link #model} throws. */
    public boolean hasModel() {
        return model != null;
    }

    /** This declaration with {@code model} as its differentiable model (e.g. a physics model a lab wrote, or a twin's). */
    public DescribedSubstrate withModel(Model model) {
        return new DescribedSubstrate(info, Objects.requireNonNull(model, "model"));
    }

    @Override
    public String name() {
        return info.name();
    }

    @Override
    public int inputSize() {
        return info.inputSize();
    }

    @Override
    public int outputSize() {
        return info.outputSize();
    }

    @Override
    public double inputMin() {
        return info.inputMin();
    }

    @Override
    public double inputMax() {
        return info.inputMax();
    }

    @Override
    public String inputUnit() {
        return info.inputUnit();
    }

    @Override
    public String outputUnit() {
        return info.outputUnit();
    }

    @Override
    public boolean inputPeriodic() {
        return info.inputPeriodic();
    }

    @Override
    public List<ParameterSpec> parameters() {
        return parameters;
    }

    /**
     * The supplied model's outputs.
     *
     * @throws IllegalStateException when no model was supplied: the message says how to get one (a twin)
     */
    @Override
    public Tensor model(Tensor x, Params theta) {
        if (model == null)
            throw new IllegalStateException("substrate '" + name() + "' was built from a device's description and has no model; "
                    + "fit a data-driven twin to the device (Twins.fit(device) in org.pnn4j.twin) and train through it, "
                    + "or give one with withModel((x, theta) -> ...)");
        return model.apply(x, theta);
    }

    /**
     * Not available: a described substrate is not simulated, it runs on the backend that declared it.
     *
     * @throws UnsupportedOperationException always, naming what to call instead
     */
    @Override
    public PhysicalDevice device(long seed) {
        throw new UnsupportedOperationException("substrate '" + name() + "' is a real device known from its description; "
                + "it has no simulation: run it on its backend with backend.device(substrate)");
    }

    @Override
    public String toString() {
        return "described(" + name() + (model == null ? "" : ", with model") + ")";
    }
}
