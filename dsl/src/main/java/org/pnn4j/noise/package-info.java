/**
 * Composable, seeded noise and drift models: a {@link org.pnn4j.noise.NoiseModel} describes the noise and
 * starts the stateful {@link org.pnn4j.noise.NoiseProcess} of one device instance, which keeps apart
 * imperfections drawn once per instance (programming error, crosstalk) and noise drawn on every call
 * (Gaussian, shot noise, drift). The factories are the static methods of {@code NoiseModel}; {@link
 * org.pnn4j.noise.Drift} adds the scope (common or per channel) and coupling (additive or multiplicative) of
 * drift. Depends only on {@code tensor}.
 */
package org.pnn4j.noise;
