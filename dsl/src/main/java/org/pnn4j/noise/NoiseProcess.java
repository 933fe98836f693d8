package org.pnn4j.noise;

import org.pnn4j.tensor.Tensor;

/**
 * The noise of one device instance: applied to each batch of signals the device produces (or receives),
 * drawing fresh per-call noise and advancing any drift. Not differentiable: physical outputs are
 * measurements.
 */
@FunctionalInterface
public interface NoiseProcess {
    /** The noisy version of {@code signal} [batch, ...]; a new tensor. */
    Tensor apply(Tensor signal);
}
