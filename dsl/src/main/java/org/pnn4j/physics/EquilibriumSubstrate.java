package org.pnn4j.physics;

import org.pnn4j.tensor.Tensor;

/**
 * A substrate that computes by settling to an equilibrium: the minimum of an energy E(s; x, θ) over its free state s
 * with the inputs x held (for a resistor network, the node voltages minimising the dissipated power, i.e. Kirchhoff's
 * laws). Besides the free equilibrium ({@link #model}, and its devices' {@link PhysicalDevice#forward}) it settles
 * with its outputs nudged toward a target ({@link Nudge}): the capability equilibrium propagation (Scellier &amp;
 * Bengio 2017) and coupled learning (Stern et al., PRX 2021) measure on hardware, with ∂E/∂θ read locally.
 */
public interface EquilibriumSubstrate extends Substrate {
    /**
     * The ideal equilibrium (the model's, no noise, no reality gap), free or nudged.
     *
     * @param x     inputs [batch, inputSize]
     * @param theta parameter values
     * @param nudge how the outputs are held
     * @throws IllegalArgumentException for a target of the wrong shape
     * @throws IllegalStateException    if the nudged system has no stable equilibrium
     */
    Equilibrium settle(Tensor x, Params theta, Nudge nudge);

    /** A simulated device, which settles nudged too. */
    @Override
    EquilibriumDevice device(long seed);

    /** The unit of a weak clamp's strength β (e.g. "mS"). */
    String nudgeUnit();
}
