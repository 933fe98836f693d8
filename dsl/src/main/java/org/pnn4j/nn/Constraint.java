package org.pnn4j.nn;

import org.pnn4j.tensor.Tensor;

/**
 * Keeps a parameter physically realizable: either by projecting it after each optimizer step
 * ({@link #clamp}) or by a soft penalty added to the loss ({@link #softRange}).
 */
public interface Constraint {
    /** Moves the parameter back into the feasible set after an optimizer step (in place). */
    default void project(Parameter p) {}

    /** A non-negative scalar added to the loss, differentiable in the parameter; null when none. */
    default Tensor penalty(Parameter p) {
        return null;
    }

    /** Clamps every element to [lo, hi] after each step. */
    static Constraint clamp(double lo, double hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("clamp range [" + lo + ", " + hi + "] is empty");
        return new Constraint() {
            @Override
            public void project(Parameter p) {
                float[] v = p.value().array();
                float flo = insideFloat(lo, true), fhi = insideFloat(hi, false);
                for (int i = 0; i < v.length; i++) v[i] = Math.min(Math.max(v[i], flo), fhi);
            }

            @Override
            public String toString() {
                return "clamp(" + lo + ", " + hi + ")";
            }
        };
    }

    /**
     * The float nearest to {@code bound} that lies inside the range: rounding a double bound such as π to float can
     * land just outside it (3.1415927f > Math.PI), and a clamped value must pass the substrate's range check.
     *
     * @param lower whether {@code bound} is the lower end
     */
    static float insideFloat(double bound, boolean lower) {
        if (Double.isInfinite(bound)) return (float) bound;
        float f = (float) bound;
        if (lower && f < bound) f = Math.nextUp(f);
        if (!lower && f > bound) f = Math.nextDown(f);
        return f;
    }

    /** Clamps to the parameter's own declared range. */
    static Constraint clampToRange() {
        return new Constraint() {
            @Override
            public void project(Parameter p) {
                clamp(p.lo(), p.hi()).project(p);
            }

            @Override
            public String toString() {
                return "clampToRange()";
            }
        };
    }

    /**
     * Penalty weight·Σ (relu(p - hi)² + relu(lo - p)²): zero inside [lo, hi], growing quadratically outside,
     * so the optimizer is pulled back without a hard wall (the "Lagrangian" range term of physics-aware training).
     */
    static Constraint softRange(double lo, double hi, double weight) {
        if (!(lo <= hi)) throw new IllegalArgumentException("soft range [" + lo + ", " + hi + "] is empty");
        if (!(weight >= 0)) throw new IllegalArgumentException("soft range weight must be >= 0, got " + weight);
        return new Constraint() {
            @Override
            public Tensor penalty(Parameter p) {
                Tensor v = p.value();
                return v.sub(hi).relu().square().add(v.rsub(lo).relu().square()).sum().mul(weight);
            }

            @Override
            public String toString() {
                return "softRange(" + lo + ", " + hi + ", " + weight + ")";
            }
        };
    }
}
