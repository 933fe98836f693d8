/**
 * Dense float32 tensors with reverse-mode automatic differentiation, BLAS matrix products, complex
 * arithmetic and FFT, seeded random numbers, and gradient checking.
 *
 * <p>This package knows nothing of the packages above it. Its raw float-array kernels (sgemm, packings, sin/cos, the
 * chunked loop over the cores) live below it in {@link org.pnn4j.tensor.kernels}, which notebooks do not import.
 * Entry points: {@link org.pnn4j.tensor.Tensor},
 * {@link org.pnn4j.tensor.Function} (custom forward and VJP), {@link org.pnn4j.tensor.Grad} (recording
 * switch), {@link org.pnn4j.tensor.Rng}.
 */
package org.pnn4j.tensor;
