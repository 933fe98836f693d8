/**
 * Composable, seeded noise and drift models: a {@link org.pnn4j.noise.NoiseModel} describes the noise and
 * starts the stateful {@link org.pnn4j.noise.NoiseProcess} of one device instance, which keeps apart
 * imperfections drawn once per instance and noise drawn on every call.
 */
package org.pnn4j.noise;
