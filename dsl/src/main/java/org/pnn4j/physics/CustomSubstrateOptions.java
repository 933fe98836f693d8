package org.pnn4j.physics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.pnn4j.noise.NoiseModel;

/**
 * The options of a {@link CustomSubstrate}, one immutable value validated in one place (its constructor). Build one
 * with {@link #builder(String, CustomSubstrate.Model)}: the name and the model are required, every other option has its
 * default as a value (DJL's rule: required settings by the factory, optional ones by {@code optX},
 * {@link Builder#build()} validates).
 *
 * @param name        the substrate's name
 * @param model       the ideal, differentiable model (tensor ops)
 * @param realization the physical system's own response, or empty when devices run the model
 * @param inputs      inputs per sample, or empty until {@link Builder#optIo(int, int)} sets the widths (both or neither)
 * @param outputs     outputs per sample, or empty until the widths are set
 * @param inputMin    lowest input the encoding applies (default -∞: unbounded)
 * @param inputMax    highest input the encoding applies (default +∞)
 * @param parameters  the controllable parameters, names unique (default none)
 * @param inputNoise  noise on the inputs as devices apply them (default none)
 * @param outputNoise noise on devices' measured outputs (default none)
 */
public record CustomSubstrateOptions(String name, CustomSubstrate.Model model, Optional<CustomSubstrate.Model> realization,
                                     OptionalInt inputs, OptionalInt outputs, double inputMin, double inputMax,
                                     List<ParameterSpec> parameters, NoiseModel inputNoise, NoiseModel outputNoise) {
    /**
     * Validates every option.
     *
     * @throws IllegalArgumentException for a width that is not positive, an empty input range or two parameters of one name
     * @throws NullPointerException     for a missing name, model, realization, parameter list or noise model
     */
    public CustomSubstrateOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(realization, "realization (Optional.empty() for the model)");
        if (inputs.isPresent() != outputs.isPresent() || inputs.orElse(1) <= 0 || outputs.orElse(1) <= 0)
            throw new IllegalArgumentException("substrate '" + name + "': io(" + inputs.orElse(0) + ", " + outputs.orElse(0) + ") needs positive widths");
        if (!(inputMin <= inputMax))
            throw new IllegalArgumentException("substrate '" + name + "': input range [" + inputMin + ", " + inputMax + "] is empty");
        parameters = List.copyOf(parameters);
        var names = new HashSet<String>();
        for (ParameterSpec p : parameters)
            if (!names.add(p.name())) throw new IllegalArgumentException("substrate '" + name + "' already has a parameter '" + p.name() + "'");
        Objects.requireNonNull(inputNoise, "inputNoise");
        Objects.requireNonNull(outputNoise, "outputNoise");
    }

    /** A builder of a substrate named {@code name} whose ideal model is {@code model}, every other option at its default. */
    public static Builder builder(String name, CustomSubstrate.Model model) {
        return new Builder(new CustomSubstrateOptions(name, model, Optional.empty(), OptionalInt.empty(), OptionalInt.empty(),
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, List.of(), NoiseModel.none(), NoiseModel.none()));
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Collects options; {@link #build()} validates them. Not thread-safe; the options it builds are immutable. */
    public static final class Builder {
        private final String name;
        private final CustomSubstrate.Model model;
        private Optional<CustomSubstrate.Model> realization;
        private OptionalInt inputs, outputs;
        private double inputMin, inputMax;
        private final List<ParameterSpec> parameters;
        private NoiseModel inputNoise, outputNoise;

        private Builder(CustomSubstrateOptions o) {
            name = o.name; model = o.model; realization = o.realization; inputs = o.inputs; outputs = o.outputs;
            inputMin = o.inputMin; inputMax = o.inputMax; parameters = new ArrayList<>(o.parameters);
            inputNoise = o.inputNoise; outputNoise = o.outputNoise;
        }

        /** Input and output widths per sample. */
        public Builder optIo(int in, int out) { inputs = OptionalInt.of(in); outputs = OptionalInt.of(out); return this; }

        /** The range the input encoding can apply. */
        public Builder optInputRange(double lo, double hi) { inputMin = lo; inputMax = hi; return this; }

        /** One more controllable parameter. */
        public Builder optParameter(ParameterSpec spec) { parameters.add(Objects.requireNonNull(spec, "spec")); return this; }

        /** The physical system's own response (the reality gap). */
        public Builder optRealization(CustomSubstrate.Model physical) { realization = Optional.of(physical); return this; }

        /** Noise on the inputs as devices apply them. */
        public Builder optInputNoise(NoiseModel noise) { inputNoise = noise; return this; }

        /** Noise on devices' measured outputs. */
        public Builder optOutputNoise(NoiseModel noise) { outputNoise = noise; return this; }

        /** Devices without imperfections: no realization of their own, no input or output noise. */
        public Builder optFlawless() { realization = Optional.empty(); inputNoise = NoiseModel.none(); outputNoise = NoiseModel.none(); return this; }

        /**
         * The options collected.
         *
         * @throws IllegalArgumentException for an option out of its range (see the record's constructor)
         */
        public CustomSubstrateOptions build() {
            return new CustomSubstrateOptions(name, model, realization, inputs, outputs, inputMin, inputMax, parameters, inputNoise, outputNoise);
        }
    }
}
