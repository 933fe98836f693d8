package org.pnn4j.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Substrate;

/**
 * What a backend declares it can serve; {@link Preflight} rejects calls outside it before any hardware time is spent.
 *
 * @param maxBatch                largest batch (samples) per call, at least 1
 * @param maxRepeats              largest repeats per call, at least 1
 * @param substrates              the substrates served now, with their sizes and parameter ranges
 * @param declared                false when the backend declares no substrate list (then any substrate name is
 *                                passed to it and it decides); true when {@code substrates} is the complete list
 * @param repeatsAveragedOnDevice true when the device averages repeats itself (one transfer per call); false
 *                                when repeats cost one device run each
 * @param nativeGradients         true when the backend can measure gradients itself (none of the built-in ones can)
 * @param maxMessageBytes         largest request the backend accepts, in bytes ({@link Integer#MAX_VALUE}: no limit);
 *                                clients split batches to stay under it
 * @param maxSamplesPerCall       largest batch × repeats per call ({@link Long#MAX_VALUE}: no limit beyond the others)
 */
public record Capabilities(int maxBatch, int maxRepeats, List<SubstrateInfo> substrates, boolean declared,
                           boolean repeatsAveragedOnDevice, boolean nativeGradients, int maxMessageBytes,
                           long maxSamplesPerCall) {

    /** No limits and no substrate list: every check is left to the backend itself. */
    public static final Capabilities UNDECLARED = new Capabilities(Integer.MAX_VALUE, Integer.MAX_VALUE, List.of(), false, false, false);

    /** Capabilities without a message-size or per-call sample limit. */
    public Capabilities(int maxBatch, int maxRepeats, List<SubstrateInfo> substrates, boolean declared,
                        boolean repeatsAveragedOnDevice, boolean nativeGradients) {
        this(maxBatch, maxRepeats, substrates, declared, repeatsAveragedOnDevice, nativeGradients, Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if a limit is below 1 or a substrate appears twice
     */
    public Capabilities {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        if (maxRepeats < 1) throw new IllegalArgumentException("maxRepeats must be at least 1, got " + maxRepeats);
        if (maxMessageBytes < 1) throw new IllegalArgumentException("maxMessageBytes must be at least 1, got " + maxMessageBytes);
        if (maxSamplesPerCall < 1) throw new IllegalArgumentException("maxSamplesPerCall must be at least 1, got " + maxSamplesPerCall);
        substrates = List.copyOf(substrates);
        for (int i = 0; i < substrates.size(); i++)
            for (int j = 0; j < i; j++)
                if (substrates.get(i).name().equals(substrates.get(j).name()))
                    throw new IllegalArgumentException("substrate '" + substrates.get(i).name() + "' is declared twice");
    }

    /** Declared capabilities serving exactly {@code substrates}. */
    public static Capabilities of(int maxBatch, int maxRepeats, List<SubstrateInfo> substrates, boolean repeatsAveragedOnDevice) {
        return new Capabilities(maxBatch, maxRepeats, substrates, true, repeatsAveragedOnDevice, false);
    }

    /** These capabilities with another message-size limit (bytes) and per-call sample limit (batch × repeats). */
    public Capabilities withLimits(int maxMessageBytes, long maxSamplesPerCall) {
        return new Capabilities(maxBatch, maxRepeats, substrates, declared, repeatsAveragedOnDevice, nativeGradients, maxMessageBytes,
                maxSamplesPerCall);
    }

    /** The declared substrate of that name, if any. */
    public Optional<SubstrateInfo> substrate(String name) {
        for (SubstrateInfo s : substrates) if (s.name().equals(name)) return Optional.of(s);
        return Optional.empty();
    }

    /** The names of the declared substrates. */
    public List<String> substrateNames() {
        List<String> names = new ArrayList<>();
        for (SubstrateInfo s : substrates) names.add(s.name());
        return names;
    }

    /**
     * One served substrate: its sizes, units, input and output ranges, parameter ranges (in physical units) and what
     * the server says of its noise (protocol version 2; a version-1 server declares none of the v2 fields, which then
     * hold their defaults: no unit, unbounded output range, no noise figure, not periodic, not deterministic).
     *
     * @param name           the substrate's {@link Substrate#name()}
     * @param inputSize      values per sample in
     * @param outputSize     values per sample out
     * @param inputMin       lowest input the backend accepts, in the input unit
     * @param inputMax       highest input the backend accepts, in the input unit
     * @param parameters     ranges the backend accepts; a parameter not listed is not checked by preflight
     * @param inputUnit      unit of the inputs, "" when dimensionless or not declared
     * @param outputUnit     unit of the outputs, "" when dimensionless or not declared
     * @param outputMin      lowest output the readout gives ({@link Double#NEGATIVE_INFINITY} when not declared)
     * @param outputMax      highest output the readout gives ({@link Double#POSITIVE_INFINITY} when not declared)
     * @param outputNoiseStd typical standard deviation of one measurement's noise, in the output unit (0: not declared)
     * @param inputPeriodic  the response repeats with period inputMax − inputMin in every input (inputs are phases)
     * @param deterministic  the same call always measures the same (no noise, no drift)
     * @param description    free text for people ("" when none)
     */
    public record SubstrateInfo(String name, int inputSize, int outputSize, double inputMin, double inputMax,
                                List<ParameterRange> parameters, String inputUnit, String outputUnit, double outputMin,
                                double outputMax, double outputNoiseStd, boolean inputPeriodic, boolean deterministic,
                                String description) {
        /**
         * Validates and copies.
         *
         * @throws IllegalArgumentException for a blank name, a negative size, an empty input or output range or a
         *                                  negative noise figure
         */
        public SubstrateInfo {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) throw new IllegalArgumentException("a served substrate needs a name");
            if (inputSize < 0 || outputSize < 0)
                throw new IllegalArgumentException("substrate '" + name + "': negative size " + inputSize + " -> " + outputSize);
            if (!(inputMin <= inputMax))
                throw new IllegalArgumentException("substrate '" + name + "': input range [" + inputMin + ", " + inputMax + "] is empty");
            if (!(outputMin <= outputMax))
                throw new IllegalArgumentException("substrate '" + name + "': output range [" + outputMin + ", " + outputMax + "] is empty");
            if (!(outputNoiseStd >= 0))
                throw new IllegalArgumentException("substrate '" + name + "': output noise std " + outputNoiseStd + " must be >= 0");
            parameters = List.copyOf(parameters);
            inputUnit = inputUnit == null ? "" : inputUnit;
            outputUnit = outputUnit == null ? "" : outputUnit;
            description = description == null ? "" : description;
        }

        /** A version-1 declaration: sizes, input range and parameter ranges; the v2 fields hold their defaults. */
        public SubstrateInfo(String name, int inputSize, int outputSize, double inputMin, double inputMax, List<ParameterRange> parameters) {
            this(name, inputSize, outputSize, inputMin, inputMax, parameters, "", "", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                    0, false, false, "");
        }

        /** The substrate's own declaration: sizes, units, input range, periodicity and every parameter's range. */
        public static SubstrateInfo of(Substrate s) {
            List<ParameterRange> ps = new ArrayList<>();
            for (ParameterSpec p : s.parameters()) ps.add(ParameterRange.of(p));
            return new SubstrateInfo(s.name(), s.inputSize(), s.outputSize(), s.inputMin(), s.inputMax(), ps, s.inputUnit(), s.outputUnit(),
                    Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, s.inputPeriodic(), false, "");
        }

        /** Whether the output range is declared (both bounds finite). */
        public boolean hasOutputRange() {
            return Double.isFinite(outputMin) && Double.isFinite(outputMax);
        }

        /** The declared range of that parameter, if any. */
        public Optional<ParameterRange> parameter(String paramName) {
            for (ParameterRange p : parameters) if (p.name().equals(paramName)) return Optional.of(p);
            return Optional.empty();
        }

        /**
         * A substrate built from this declaration, without a model: it names the sizes, ranges, units and parameters a
         * physical layer needs, runs on the backend that declared it ({@code backend.device(substrate)}), and gets a
         * differentiable model from a data-driven twin when training asks for one ({@link DescribedSubstrate}).
         */
        public DescribedSubstrate toSubstrate() {
            return new DescribedSubstrate(this);
        }
    }

    /**
     * A parameter range a backend accepts.
     *
     * @param name        the parameter's name
     * @param shape       its shape (the layout its values are sent in, row-major)
     * @param lo          lowest accepted value, in {@code unit}
     * @param hi          highest accepted value, in {@code unit}
     * @param unit        physical unit, "" when dimensionless
     * @param periodic    the response repeats with period hi − lo in it (a phase)
     * @param fixed       a setting of the instrument that training must not change
     * @param description free text for people ("" when none)
     */
    public record ParameterRange(String name, int[] shape, double lo, double hi, String unit, boolean periodic, boolean fixed,
                                 String description) {
        /**
         * Validates and copies.
         *
         * @throws IllegalArgumentException for an empty range
         */
        public ParameterRange {
            Objects.requireNonNull(name, "name");
            if (!(lo <= hi)) throw new IllegalArgumentException("parameter '" + name + "': range [" + lo + ", " + hi + "] is empty");
            shape = shape.clone();
            unit = unit == null ? "" : unit;
            description = description == null ? "" : description;
        }

        /** A version-1 range: not periodic, trainable, no description. */
        public ParameterRange(String name, int[] shape, double lo, double hi, String unit) {
            this(name, shape, lo, hi, unit, false, false, "");
        }

        /** The range a parameter declaration accepts. */
        public static ParameterRange of(ParameterSpec p) {
            return new ParameterRange(p.name(), p.shape(), p.lo(), p.hi(), p.unit(), p.periodic(), !p.trainable(), "");
        }

        /** The declaration of a parameter of this range: initialized uniformly over the range, trainable unless fixed. */
        public ParameterSpec toSpec() {
            ParameterSpec spec = ParameterSpec.uniform(name, lo, hi, unit, shape);
            if (periodic) spec = spec.asPeriodic();
            return fixed ? spec.fixed() : spec;
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterRange p && name.equals(p.name) && Arrays.equals(shape, p.shape) && lo == p.lo
                    && hi == p.hi && unit.equals(p.unit) && periodic == p.periodic && fixed == p.fixed && description.equals(p.description);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, Arrays.hashCode(shape), lo, hi, unit, periodic, fixed, description);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape) + " in [" + lo + ", " + hi + "]" + (unit.isEmpty() ? "" : " " + unit)
                    + (periodic ? " (periodic)" : "") + (fixed ? " (fixed)" : "");
        }
    }
}
