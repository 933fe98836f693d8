package org.pnn4j.noise;

import org.pnn4j.tensor.Tensor;

/**
 * The noise of one device instance: applied to each batch of signals the device produces (or receives),
 * drawing fresh per-call noise and advancing any drift. Not differentiable: physical outputs are
 * measurements. Stateful and not thread-safe: one process per place in one device.
 */
@FunctionalInterface
public interface NoiseProcess {
    /**
     * The noisy version of {@code signal} [batch, ...]; a new tensor (the signal is not changed). One call is
     * one batched measurement: drift advances once per call, per-call noise is drawn for every element.
     */
    Tensor apply(Tensor signal);

    /**
     * The noisy version of one unbatched value, such as a parameter tensor being programmed into a device:
     * {@code value} is treated as a batch of one sample whose channels are all its elements, and the result
     * has {@code value}'s shape. Counts as one call.
     */
    default Tensor applyUnbatched(Tensor value) {
        Tensor y = apply(Tensor.wrap(value.array(), 1, value.size()));
        return Tensor.wrap(y.array(), value.shape());
    }
}
