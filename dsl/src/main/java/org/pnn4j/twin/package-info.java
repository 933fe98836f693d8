/**
 * Digital twins of physical devices: a {@link org.pnn4j.twin.SamplingPlan} measures a device over random inputs and
 * parameter settings, a {@link org.pnn4j.twin.DigitalTwin} (a neural network, or the ideal model with learned
 * calibration) is fitted to the measurements, {@link org.pnn4j.twin.DigitalTwin#diagnostics()} reports held-out
 * error per output, and {@link org.pnn4j.twin.DigitalTwin#asSubstrate()} makes the twin the differentiable model of
 * physics-aware training. Uses physics, nn and tensor; knows nothing of train (it has its own small fitting loop).
 */
package org.pnn4j.twin;
