package org.pnn4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pnn4j.tensor.Tensor;

/**
 * A named, optionally bounded tensor that an optimizer updates in place. Physical parameters carry their
 * allowed range (in the parameter's physical unit); {@link Constraint}s keep them there.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final boolean trainable;
    private final double lo;
    private final double hi;
    private final List<Constraint> constraints = new ArrayList<>();

    /**
     * A trainable, unbounded parameter holding {@code initial} (the tensor becomes this parameter's own).
     */
    public Parameter(String name, Tensor initial) {
        this(name, initial, true, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * A parameter with an allowed range [lo, hi].
     *
     * @throws IllegalArgumentException if lo > hi or the initial value lies outside the range
     */
    public Parameter(String name, Tensor initial, boolean trainable, double lo, double hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("parameter '" + name + "': range [" + lo + ", " + hi + "] is empty");
        this.name = name;
        this.value = Tensor.of(initial.array(), initial.shape()).requiresGrad(trainable);
        this.trainable = trainable;
        this.lo = lo;
        this.hi = hi;
        checkRange(value.array());
    }

    private void checkRange(float[] v) {
        for (int i = 0; i < v.length; i++)
            if (!Float.isFinite(v[i]) || v[i] < lo || v[i] > hi)
                throw new IllegalArgumentException("parameter '" + name + "' element " + i + " = " + v[i]
                        + (Float.isFinite(v[i]) ? " is outside its allowed range [" + lo + ", " + hi + "]"
                                : " is not a finite number; give finite values" + (bounded() ? " in [" + lo + ", " + hi + "]" : "")));
    }

    /** The parameter's name, unique within its layer. */
    public String name() {
        return name;
    }

    /** The current value (a leaf that requires a gradient when trainable). */
    public Tensor value() {
        return value;
    }

    /** The gradient from the last backward pass, or null. */
    public Tensor grad() {
        return value.grad();
    }

    /** Forgets the gradient. */
    public void zeroGrad() {
        value.zeroGrad();
    }

    /** Whether optimizers update this parameter. */
    public boolean trainable() {
        return trainable;
    }

    /** Lower end of the allowed range (-inf when unbounded). */
    public double lo() {
        return lo;
    }

    /** Upper end of the allowed range (+inf when unbounded). */
    public double hi() {
        return hi;
    }

    /**
     * The smallest float inside the allowed range: where to clamp to. A bound such as −2π has no exact float, and
     * {@code (float) lo} may round outside the range.
     */
    public float floatLo() {
        return insideFloat(lo, true);
    }

    /** The largest float inside the allowed range (see {@link #floatLo()}). */
    public float floatHi() {
        return insideFloat(hi, false);
    }

    /** The float nearest {@code bound} on the inside of the range ({@code lower}: not below it; else not above it). */
    static float insideFloat(double bound, boolean lower) {
        float f = (float) bound;
        if (lower && f < bound) return Math.nextUp(f);
        if (!lower && f > bound) return Math.nextDown(f);
        return f;
    }

    /** Whether a finite range is declared. */
    public boolean bounded() {
        return lo > Double.NEGATIVE_INFINITY || hi < Double.POSITIVE_INFINITY;
    }

    /** Number of elements. */
    public int size() {
        return value.size();
    }

    /** Adds a constraint applied by the trainer (projection after each step, penalty added to the loss). */
    public Parameter constrain(Constraint c) {
        constraints.add(c);
        return this;
    }

    /** The constraints attached to this parameter. */
    public List<Constraint> constraints() {
        return List.copyOf(constraints);
    }

    /** A copy of the current values. */
    public float[] snapshot() {
        return value.toArray();
    }

    /**
     * Overwrites the values (e.g. from a checkpoint or a snapshot).
     *
     * @throws IllegalArgumentException if the length differs, or a value is NaN, infinite or outside the allowed range
     */
    public void set(float[] values) {
        if (values.length != value.size())
            throw new IllegalArgumentException("parameter '" + name + "' has " + value.size() + " elements, got " + values.length);
        checkRange(values);
        System.arraycopy(values, 0, value.array(), 0, values.length);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(value.shape()) + (bounded() ? " in [" + lo + ", " + hi + "]" : "")
                + (trainable ? "" : " (fixed)");
    }
}
