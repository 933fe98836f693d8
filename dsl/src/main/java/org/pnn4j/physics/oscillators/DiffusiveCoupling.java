package org.pnn4j.physics.oscillators;

import org.pnn4j.tensor.kernels.Kernels;

/**
 * The coupling of diffusively coupled oscillators, the formula of {@link CoupledOscillators}: from the weights C
 * [n×n] (row-major) and an optional extra matrix E,
 * <pre>
 *   Q_ij = (C_ij + C_ji)/2 + E_ij                        (i ≠ j)
 *   Q_ii = -Σ_{j≠i} (C_ij + C_ji)/2 - [self] C_ii + E_ii
 * </pre>
 * that is, minus the graph Laplacian of the symmetrized weights (without E each row sums to minus the self term).
 * The generic kernels build the symmetric part, dense or straight into the packed layout of the integration's
 * products ({@link Kernels#symmetrized}, {@link Kernels#packSymmetrized}); this class gives them the diagonal
 * ({@link #diagonal}) and the VJP's diagonal, so the formula lives here, with the same floats as when it lived in
 * the kernels.
 */
final class DiffusiveCoupling {
    private DiffusiveCoupling() {}

    /** Q_ii = -(Σ_{j≠i} sym(C)_ij + [self] C_ii), summed in double, rounded once. */
    static Kernels.DiagonalRule diagonal(float[] c, int n, boolean selfCoupling) {
        return (i, offDiagonalSum) -> {
            double self = selfCoupling ? c[i * n + i] : 0;
            return (float) -(offDiagonalSum + self);
        };
    }

    /** Q(C) + extra (may be null) into {@code q}, dense. */
    static float[] dense(float[] c, int n, boolean selfCoupling, float[] extra, float[] q) {
        return Kernels.symmetrized(c, n, diagonal(c, n, selfCoupling), extra, q);
    }

    /** Q(C) + extra packed for the integration's products ({@link Kernels#packSymmetrized}: {@code dense} and {@code reuse} as there). */
    static Kernels.Packed packed(float[] c, int n, boolean selfCoupling, float[] extra, float[] dense, Kernels.Packed reuse) {
        return Kernels.packSymmetrized(c, n, diagonal(c, n, selfCoupling), extra, dense, reuse);
    }

    /**
     * dL/dC from G = dL/dQ [n×n], into {@code d}: C_ij enters Q_ij and Q_ji with weight 1/2 and Q_ii and Q_jj with
     * weight -1/2, so
     * <pre>
     *   dL/dC_ij = ((G_ij + G_ji) - (G_ii + G_jj)) / 2     (i ≠ j)
     *   dL/dC_ii = -G_ii with a self coupling, else 0
     * </pre>
     *
     * @return d
     */
    static float[] vjp(float[] g, int n, boolean selfCoupling, float[] d) {
        float[] diag = new float[n];
        for (int i = 0; i < n; i++) diag[i] = g[i * n + i];
        Kernels.symmetrizedLessOuterSum(g, n, diag, d);
        for (int i = 0; i < n; i++) d[i * n + i] = selfCoupling ? -diag[i] : 0f;
        return d;
    }
}
