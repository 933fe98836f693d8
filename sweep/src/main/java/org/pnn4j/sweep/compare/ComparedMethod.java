package org.pnn4j.sweep.compare;

import java.util.Objects;
import java.util.function.Supplier;
import org.pnn4j.train.Method;

/**
 * A training method of the comparison.
 *
 * @param name     command-line name, e.g. {@code pat}
 * @param label    the table's name for it, e.g. {@code PAT}
 * @param method   builds a fresh method per training run (methods may hold state, e.g. DFA's feedback matrices)
 * @param lr       Adam's learning rate for the run (ignored by methods that do not use the trainer's optimizer)
 * @param networks builds the network the method trains on a substrate ({@link Networks#feedForward} or
 *                 {@link Networks#local}, or one of the method's own)
 */
public record ComparedMethod(String name, String label, Supplier<Method> method, double lr, NetworkBuilder networks) {
    /** Validates the fields. */
    public ComparedMethod {
        if (name == null || !name.matches("[a-z0-9-]+")) throw new IllegalArgumentException("a method's name is lower-case letters, digits and '-', got '" + name + "'");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(networks, "networks");
        if (!(lr > 0 && Double.isFinite(lr))) throw new IllegalArgumentException("method " + name + ": lr must be positive, got " + lr);
    }

    /** A method trained on the feed-forward network around each substrate ({@link Networks#feedForward}). */
    public static ComparedMethod of(String name, String label, Supplier<Method> method, double lr) {
        return new ComparedMethod(name, label, method, lr, Networks::feedForward);
    }

    /** A method for a {@link org.pnn4j.train.LocalNetwork} ({@link Networks#local}); not applicable where none can be built. */
    public static ComparedMethod local(String name, String label, Supplier<Method> method, double lr) {
        return new ComparedMethod(name, label, method, lr, Networks::local);
    }

    /** Builds the network a method trains on a substrate, with its data. */
    @FunctionalInterface
    public interface NetworkBuilder {
        /**
         * The network for {@code substrate} on {@code task}, initialized from {@code seed}.
         *
         * @throws NotApplicableException when the method cannot train on this substrate, saying why
         */
        Networks.Built build(ComparedSubstrate substrate, Task task, long seed);
    }
}
