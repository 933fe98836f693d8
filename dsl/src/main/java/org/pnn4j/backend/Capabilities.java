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
 */
public record Capabilities(int maxBatch, int maxRepeats, List<SubstrateInfo> substrates, boolean declared,
                           boolean repeatsAveragedOnDevice, boolean nativeGradients) {

    /** No limits and no substrate list: every check is left to the backend itself. */
    public static final Capabilities UNDECLARED = new Capabilities(Integer.MAX_VALUE, Integer.MAX_VALUE, List.of(), false, false, false);

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if a limit is below 1 or a substrate appears twice
     */
    public Capabilities {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        if (maxRepeats < 1) throw new IllegalArgumentException("maxRepeats must be at least 1, got " + maxRepeats);
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
     * One served substrate: its sizes, input range and parameter ranges (in physical units).
     *
     * @param name       the substrate's {@link Substrate#name()}
     * @param inputSize  values per sample in
     * @param outputSize values per sample out
     * @param inputMin   lowest input the backend accepts, in the input unit
     * @param inputMax   highest input the backend accepts, in the input unit
     * @param parameters ranges the backend accepts; a parameter not listed is not checked by preflight
     */
    public record SubstrateInfo(String name, int inputSize, int outputSize, double inputMin, double inputMax,
                                List<ParameterRange> parameters) {
        /**
         * Validates and copies.
         *
         * @throws IllegalArgumentException for a blank name, a negative size or an empty input range
         */
        public SubstrateInfo {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) throw new IllegalArgumentException("a served substrate needs a name");
            if (inputSize < 0 || outputSize < 0)
                throw new IllegalArgumentException("substrate '" + name + "': negative size " + inputSize + " -> " + outputSize);
            if (!(inputMin <= inputMax))
                throw new IllegalArgumentException("substrate '" + name + "': input range [" + inputMin + ", " + inputMax + "] is empty");
            parameters = List.copyOf(parameters);
        }

        /** The substrate's own declaration: sizes, input range and every parameter's range. */
        public static SubstrateInfo of(Substrate s) {
            List<ParameterRange> ps = new ArrayList<>();
            for (ParameterSpec p : s.parameters()) ps.add(new ParameterRange(p.name(), p.shape(), p.lo(), p.hi(), p.unit()));
            return new SubstrateInfo(s.name(), s.inputSize(), s.outputSize(), s.inputMin(), s.inputMax(), ps);
        }

        /** The declared range of that parameter, if any. */
        public Optional<ParameterRange> parameter(String paramName) {
            for (ParameterRange p : parameters) if (p.name().equals(paramName)) return Optional.of(p);
            return Optional.empty();
        }
    }

    /**
     * A parameter range a backend accepts.
     *
     * @param name  the parameter's name
     * @param shape its shape
     * @param lo    lowest accepted value, in {@code unit}
     * @param hi    highest accepted value, in {@code unit}
     * @param unit  physical unit, "" when dimensionless
     */
    public record ParameterRange(String name, int[] shape, double lo, double hi, String unit) {
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
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterRange p && name.equals(p.name) && Arrays.equals(shape, p.shape) && lo == p.lo
                    && hi == p.hi && unit.equals(p.unit);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, Arrays.hashCode(shape), lo, hi, unit);
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape) + " in [" + lo + ", " + hi + "]" + (unit.isEmpty() ? "" : " " + unit);
        }
    }
}
