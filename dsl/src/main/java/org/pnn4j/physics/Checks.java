package org.pnn4j.physics;

/**
 * The checks of substrate options, written once: each returns the value it accepted and otherwise throws an
 * {@link IllegalArgumentException} that names the substrate, the option (with its unit where it has one) and the value,
 * e.g. {@code "shg: read noise must be finite and >= 0, got -0.1"}. Substrates call them where they validate their
 * options (an options record's constructor, or an option's setter).
 */
public final class Checks {
    private Checks() {}

    /**
     * {@code v}, if finite and at least 0.
     *
     * @param owner the substrate, as its messages name it (e.g. {@code "shg"})
     * @param what  the option, with its unit where it has one (e.g. {@code "read noise (mW)"})
     * @throws IllegalArgumentException if {@code v} is negative, NaN or infinite
     */
    public static double nonNegative(String owner, String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(owner + ": " + what + " must be finite and >= 0, got " + v);
        return v;
    }

    /**
     * {@code v}, if finite and above 0.
     *
     * @throws IllegalArgumentException if {@code v} is not positive, NaN or infinite
     */
    public static double positive(String owner, String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(owner + ": " + what + " must be finite and > 0, got " + v);
        return v;
    }

    /**
     * {@code v}, if at least {@code min}.
     *
     * @throws IllegalArgumentException if {@code v < min}
     */
    public static int atLeast(String owner, String what, int v, int min) {
        if (v < min) throw new IllegalArgumentException(owner + ": " + what + " must be at least " + min + ", got " + v);
        return v;
    }

    /**
     * {@code v}, if finite.
     *
     * @throws IllegalArgumentException if {@code v} is NaN or infinite
     */
    public static double finite(String owner, String what, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(owner + ": " + what + " must be finite, got " + v);
        return v;
    }

    /**
     * Checks that [lo, hi] is a finite range with lo &lt; hi.
     *
     * @throws IllegalArgumentException if it is empty, reversed or not finite
     */
    public static void range(String owner, String what, double lo, double hi) {
        if (!(lo < hi) || Double.isInfinite(lo) || Double.isInfinite(hi))
            throw new IllegalArgumentException(owner + ": " + what + " [" + lo + ", " + hi + "] must be finite with lo < hi");
    }
}
