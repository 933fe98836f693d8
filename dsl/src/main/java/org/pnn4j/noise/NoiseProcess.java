package org.pnn4j.noise;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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

    /**
     * Writes this process's mutable state (its random stream, drift state and call count) so that
     * {@link #restoreState} on a process started the same way continues it bit for bit. The default writes nothing:
     * right for processes whose behaviour depends only on how they were started (quantization, fixed per-instance
     * errors drawn deterministically on the first call).
     *
     * @throws IOException if {@code out} fails
     */
    default void saveState(DataOutput out) throws IOException {}

    /**
     * Restores what {@link #saveState} wrote, on a process started from the same model and seed.
     *
     * @throws IOException if {@code in} fails or ends early
     */
    default void restoreState(DataInput in) throws IOException {}
}
