/**
 * Optical substrates: {@link org.pnn4j.physics.optics.Shg broadband second-harmonic generation} of a
 * spectrally shaped femtosecond pulse (the optical PNN of physics-aware training) and
 * {@link org.pnn4j.physics.optics.FourierOptics Fourier optics} (phase mask in the Fourier plane, a
 * transmission matrix, intensity or magnitude readout). Both are immutable descriptions with fluent
 * options whose simulated devices add SLM phase quantization, per-instance miscalibration and detector noise.
 * {@link org.pnn4j.physics.optics.MziMesh A Clements mesh of Mach-Zehnder interferometers} (the linear, reciprocal
 * layer of integrated photonic networks) has devices with coupler, phase, crosstalk, loss and detector errors that
 * measure their own gradients in situ by the adjoint method ({@link org.pnn4j.physics.AdjointDevice}).
 */
package org.pnn4j.physics.optics;
