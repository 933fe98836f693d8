package org.pnn4j.physics;

import org.pnn4j.tensor.Tensor;

/**
 * A device of an {@link EquilibriumSubstrate}: besides the free equilibrium ({@link #forward}) it settles with its
 * outputs nudged and reports the measured state, outputs and local energy gradients. Every settle is one physical call
 * ({@link #calls()}), validated like a forward.
 */
public interface EquilibriumDevice extends PhysicalDevice {
    /**
     * Settles on a batch with the outputs held as {@code nudge} says, and measures.
     *
     * @param x     inputs [batch, inputSize], in the input range
     * @param theta parameter values, inside their ranges
     * @param nudge how the outputs are held (its target [batch, outputSize])
     * @throws IllegalArgumentException for inputs or parameters out of range, or a target of the wrong shape
     * @throws IllegalStateException    if the nudged system has no stable equilibrium
     */
    Equilibrium settle(Tensor x, Params theta, Nudge nudge);
}
