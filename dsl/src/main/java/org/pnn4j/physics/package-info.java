/**
 * Physical substrates: the {@link org.pnn4j.physics.Substrate} contract (parameters with physical ranges, an
 * ideal differentiable model, simulated devices with a reality gap and noise), shared validation,
 * {@link org.pnn4j.physics.Characterization} (sweeps of inputs and parameters, repeated on a device, tabulated
 * as mean, std and SNR per output), and one sub-package per system. Depends on {@code noise}, {@code nn}
 * and {@code tensor}; knows nothing of training.
 */
package org.pnn4j.physics;
