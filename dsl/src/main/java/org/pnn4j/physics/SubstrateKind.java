package org.pnn4j.physics;

import java.util.List;
import java.util.Locale;

/**
 * One kind of substrate built from a short spec {@code name[:n,n,...]}, as a {@link SubstrateProvider} declares it.
 *
 * @param name    the word before the colon, lower case, e.g. {@code oscillators}
 * @param usage   the accepted forms for help texts, e.g. {@code oscillators:N}
 * @param counts  how many whole numbers may follow the colon (e.g. [0, 3]: none, or three)
 * @param factory builds the substrate from those numbers (each at least 1)
 */
public record SubstrateKind(String name, String usage, List<Integer> counts, Factory factory) {
    /** Builds a substrate from the numbers of a spec. */
    @FunctionalInterface
    public interface Factory {
        /**
         * The substrate of {@code sizes} (one of the declared counts of numbers, each at least 1).
         *
         * @throws IllegalArgumentException for sizes the substrate rejects, saying why
         */
        Substrate create(int[] sizes);
    }

    /**
     * Checks the declaration.
     *
     * @throws IllegalArgumentException for a blank or non-lower-case name, a name with ':' or ',', no counts or a
     *                                  negative count
     */
    public SubstrateKind {
        if (name == null || name.isBlank() || !name.equals(name.toLowerCase(Locale.ROOT)) || name.contains(":") || name.contains(","))
            throw new IllegalArgumentException("a substrate kind's name must be a non-blank lower-case word without ':' or ',', got '" + name + "'");
        if (counts == null || counts.isEmpty() || counts.stream().anyMatch(c -> c == null || c < 0))
            throw new IllegalArgumentException("substrate kind '" + name + "' must declare how many numbers follow its name (0 or more), got " + counts);
        if (usage == null || usage.isBlank()) throw new IllegalArgumentException("substrate kind '" + name + "' needs a usage text");
        if (factory == null) throw new IllegalArgumentException("substrate kind '" + name + "' needs a factory");
        counts = List.copyOf(counts);
    }

    /** A kind taking exactly {@code count} numbers. */
    public static SubstrateKind of(String name, String usage, int count, Factory factory) {
        return new SubstrateKind(name, usage, List.of(count), factory);
    }
}
