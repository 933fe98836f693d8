/**
 * Digital twins of physical devices, data-driven: what physics-aware training needs to train a device that arrives
 * with no model (a {@link org.pnn4j.backend.DescribedSubstrate}: sizes, ranges, units, periodicity, no physics).
 * <ul>
 *   <li>{@link org.pnn4j.twin.Twins#fit(org.pnn4j.physics.PhysicalDevice)}: the one-line entry, measure the device and
 *       fit a black-box twin;</li>
 *   <li>{@link org.pnn4j.twin.SamplingPlan}: how the device is measured, uniformly over the declared ranges, around an
 *       operating point (inputs from a pool, e.g. the inputs a layer receives), or a mix; counts device calls;</li>
 *   <li>{@link org.pnn4j.twin.DigitalTwin}: a network [x, θ] → y with encodings chosen from the declaration (range
 *       scaling, sin/cos of periodic inputs and parameters, per-output standardization), or the ideal model with learned
 *       calibration; minibatch Adam with early stopping on held-out parameter settings; refits; save/load in a
 *       versioned, checksummed file;</li>
 *   <li>{@link org.pnn4j.twin.Diagnosis}: MSE and R² per output on held-out settings, on fresh measurements
 *       ({@link org.pnn4j.twin.DigitalTwin#diagnoseFresh}) or along a training trajectory;</li>
 *   <li>{@link org.pnn4j.twin.DigitalTwin#asSubstrate()}: the twin as the differentiable model of a physical layer on
 *       the real device ({@code new PhysicalLayer(twin.asSubstrate(), device)}), a
 *       {@link org.pnn4j.physics.StatefulModel} that checkpoints carry.</li>
 * </ul>
 * Keeping the twin accurate during training (measure at the current θ every K batches, refit around it) is
 * {@code org.pnn4j.train.TwinRefit}. Uses physics, nn and tensor; knows nothing of train (it has its own small fitting
 * loop).
 */
package org.pnn4j.twin;
