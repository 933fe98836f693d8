package org.pnn4j.physics;

import org.pnn4j.tensor.Tensor;

/**
 * One physical instance of a substrate, simulated or real: a batched forward that returns measurements
 * (with the instance's reality gap and noise). Not differentiable; stateful (drift, call counts).
 */
public interface PhysicalDevice {
    /** The substrate this device realizes. */
    Substrate substrate();

    /**
     * Runs the physical system on a batch and reads its outputs.
     *
     * @param x     inputs [batch, inputSize], in the substrate's input range
     * @param theta parameter values by name, inside their ranges
     * @return measured outputs [batch, outputSize]
     */
    Tensor forward(Tensor x, Params theta);

    /** Physical forward calls made so far. */
    long calls();
}
