/**
 * Raw float-array kernels, internal to pnn4j: row-major sgemm with offsets and packed operands, the generic
 * symmetrize-and-pack of a coupling matrix (its diagonal supplied by the caller's {@link
 * org.pnn4j.tensor.kernels.Kernels.DiagonalRule}), sin/cos and range checks on the Vector API, and the chunked loop
 * that spreads work over the cores. {@code org.pnn4j.tensor} and the fused physics integrators call them; notebooks do
 * not import this package (a cell works with {@code Tensor} and {@code Function}), and its signatures may change
 * between versions.
 *
 * <p>It lies below {@code org.pnn4j.tensor}: it holds no {@code Tensor} and knows no package above it. Only
 * {@link org.pnn4j.tensor.kernels.Kernels} is public; the Vector API kernels behind it are package-private.
 */
package org.pnn4j.tensor.kernels;
