package org.pnn4j.sweep.compare;

import java.util.Objects;
import java.util.function.Supplier;
import org.pnn4j.physics.Substrate;

/**
 * A substrate of the comparison: a short name for the command line, a label for the table, and the substrate itself
 * (built fresh per network, so entries hold no device state).
 *
 * @param name      command-line name, e.g. {@code pendula}
 * @param label     the table's name for it, e.g. {@code pendula(16)}
 * @param substrate builds the substrate
 */
public record ComparedSubstrate(String name, String label, Supplier<Substrate> substrate) {
    /** Validates the fields. */
    public ComparedSubstrate {
        if (name == null || !name.matches("[a-z0-9-]+")) throw new IllegalArgumentException("a substrate's name is lower-case letters, digits and '-', got '" + name + "'");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(substrate, "substrate");
    }

    /** A substrate entry (see the record's fields). */
    public static ComparedSubstrate of(String name, String label, Supplier<? extends Substrate> substrate) {
        return new ComparedSubstrate(name, label, substrate::get);
    }
}
