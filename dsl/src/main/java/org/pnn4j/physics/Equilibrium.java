package org.pnn4j.physics;

import java.util.Map;
import org.pnn4j.tensor.Tensor;

/**
 * One settled state of an {@link EquilibriumSubstrate}, as measured on a device (or computed by its model): what
 * equilibrium propagation and coupled learning read from the hardware.
 *
 * @param state          the settled state per sample [batch, stateSize] (for a resistor network, every node's voltage, V)
 * @param output         the outputs per sample [batch, outputSize] (the output nodes' voltages, V)
 * @param energyGradient for each trainable parameter by name, ∂E/∂θ at the settled state summed over the batch,
 *                       flattened in the parameter's element order, in double precision (for a resistor network
 *                       ½·ΔV² per edge, V², the local quantity each edge measures): E is the internal energy, the
 *                       nudge's term not included
 */
public record Equilibrium(Tensor state, Tensor output, Map<String, double[]> energyGradient) {
    /** Copies the map. */
    public Equilibrium {
        energyGradient = Map.copyOf(energyGradient);
    }
}
