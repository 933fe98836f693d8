package org.pnn4j.physics;

import java.util.Objects;
import org.pnn4j.tensor.Tensor;

/**
 * How the outputs of an {@link EquilibriumSubstrate} are held while it settles: left free, weakly clamped toward a
 * target (equilibrium propagation's nudged phase), or clamped to it (coupled learning's clamped phase).
 *
 * @param kind     free, weak clamp or clamp
 * @param target   target outputs [batch, outputSize] in the output unit (null when free)
 * @param strength the weak clamp's strength β in the substrate's nudge unit (for a resistor network a conductance in
 *                 mS from each output node to a source at its target; negative values need an active element such as
 *                 a negative impedance converter); 0 when free or clamped
 */
public record Nudge(Kind kind, Tensor target, double strength) {
    /** How the outputs are held. */
    public enum Kind {
        /** Outputs free: the free equilibrium. */
        FREE,
        /** Outputs pulled toward the target with strength β: the total energy is E + β·½‖y − target‖². */
        WEAK_CLAMP,
        /** Outputs set to the target (sources on the output nodes). */
        CLAMP
    }

    /**
     * Checks the combination.
     *
     * @throws IllegalArgumentException for a free nudge with a target or strength, a missing target, a non-finite
     *                                  strength, or a weak clamp of strength 0
     */
    public Nudge {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.FREE && (target != null || strength != 0))
            throw new IllegalArgumentException("a free equilibrium has no target and no nudge strength, got strength " + strength);
        if (kind != Kind.FREE && target == null) throw new IllegalArgumentException(kind + " needs target outputs");
        if (!Double.isFinite(strength)) throw new IllegalArgumentException("nudge strength must be finite, got " + strength);
        if (kind == Kind.WEAK_CLAMP && strength == 0)
            throw new IllegalArgumentException("a weak clamp needs a nonzero strength β (use Nudge.free() for the free equilibrium)");
        if (kind == Kind.CLAMP && strength != 0) throw new IllegalArgumentException("a clamp has no strength, got " + strength);
    }

    /** The free equilibrium: nothing holds the outputs. */
    public static Nudge free() {
        return new Nudge(Kind.FREE, null, 0);
    }

    /** Outputs weakly clamped toward {@code target} [batch, outputSize] with strength {@code beta} (nonzero). */
    public static Nudge weakClamp(Tensor target, double beta) {
        return new Nudge(Kind.WEAK_CLAMP, Objects.requireNonNull(target, "target"), beta);
    }

    /** Outputs clamped to {@code target} [batch, outputSize]. */
    public static Nudge clamp(Tensor target) {
        return new Nudge(Kind.CLAMP, Objects.requireNonNull(target, "target"), 0);
    }
}
