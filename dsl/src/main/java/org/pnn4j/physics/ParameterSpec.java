package org.pnn4j.physics;

import java.util.Arrays;
import java.util.Objects;
import org.pnn4j.nn.Parameter;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * One controllable parameter of a substrate: name, shape, allowed physical range, unit, whether training
 * changes it, and how its initial value is drawn.
 *
 * @param name      name, unique within the substrate (e.g. {@code "C"}, {@code "omega0"})
 * @param shape     shape of the parameter tensor
 * @param lo        lowest physically allowed value, in {@code unit}
 * @param hi        highest physically allowed value, in {@code unit}
 * @param unit      the physical unit, e.g. "rad/s", "V", "rad"; "" when dimensionless
 * @param trainable whether optimizers update it
 * @param init      draws the initial value (must lie in [lo, hi])
 * @param periodic  whether the system's response repeats with period {@code hi - lo} in this parameter (a phase on
 *                  a full turn): data-driven twins encode such a parameter by its sine and cosine
 */
public record ParameterSpec(String name, int[] shape, double lo, double hi, String unit, boolean trainable, Init init,
                            boolean periodic) {
    /** Draws an initial value of the given shape. */
    @FunctionalInterface
    public interface Init {
        /** The initial tensor, of shape {@code shape}. */
        Tensor draw(Rng rng, int[] shape);
    }

    /**
     * Validates the declaration.
     *
     * @throws IllegalArgumentException if the name is blank, the range empty or a dimension negative
     */
    public ParameterSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("a parameter needs a name");
        if (!(lo <= hi)) throw new IllegalArgumentException("parameter '" + name + "': range [" + lo + ", " + hi + "] is empty");
        shape = shape.clone();
        for (int d : shape) if (d < 0) throw new IllegalArgumentException("parameter '" + name + "': negative dimension in " + Arrays.toString(shape));
        unit = unit == null ? "" : unit;
        Objects.requireNonNull(init, "init");
    }

    /** A declaration whose response is not periodic in it (see {@link #periodic()}). */
    public ParameterSpec(String name, int[] shape, double lo, double hi, String unit, boolean trainable, Init init) {
        this(name, shape, lo, hi, unit, trainable, init, false);
    }

    /** A trainable parameter initialized uniformly over its whole range. */
    public static ParameterSpec uniform(String name, double lo, double hi, String unit, int... shape) {
        return new ParameterSpec(name, shape, lo, hi, unit, true, (rng, s) -> Tensor.uniform(rng, lo, hi, s));
    }

    /** A trainable parameter initialized uniformly in [initLo, initHi] inside the allowed range [lo, hi]. */
    public static ParameterSpec uniform(String name, double lo, double hi, double initLo, double initHi, String unit, int... shape) {
        return new ParameterSpec(name, shape, lo, hi, unit, true, (rng, s) -> Tensor.uniform(rng, initLo, initHi, s));
    }

    /** A trainable parameter initialized as Gaussian(0, std), clamped to the range. */
    public static ParameterSpec gaussian(String name, double lo, double hi, double std, String unit, int... shape) {
        return new ParameterSpec(name, shape, lo, hi, unit, true, (rng, s) -> Tensor.randn(rng, std, s).clamp(lo, hi));
    }

    /** This declaration, not trainable (a fixed setting of the device). */
    public ParameterSpec fixed() {
        return new ParameterSpec(name, shape, lo, hi, unit, false, init, periodic);
    }

    /** This declaration with another initializer. */
    public ParameterSpec withInit(Init newInit) {
        return new ParameterSpec(name, shape, lo, hi, unit, trainable, newInit, periodic);
    }

    /** This declaration, marked periodic: the response repeats with period {@code hi - lo} (see {@link #periodic()}). */
    public ParameterSpec asPeriodic() {
        return new ParameterSpec(name, shape, lo, hi, unit, trainable, init, true);
    }

    /** A fresh {@link Parameter} drawn from {@code rng}, carrying this range and trainability. */
    public Parameter create(Rng rng) {
        return new Parameter(name, init.draw(rng, shape), trainable, lo, hi);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpec p && name.equals(p.name) && Arrays.equals(shape, p.shape) && lo == p.lo
                && hi == p.hi && unit.equals(p.unit) && trainable == p.trainable && periodic == p.periodic;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(shape), lo, hi, unit, trainable, periodic);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " in [" + lo + ", " + hi + "]" + (unit.isEmpty() ? "" : " " + unit)
                + (trainable ? "" : " (fixed)") + (periodic ? " (periodic)" : "");
    }
}
