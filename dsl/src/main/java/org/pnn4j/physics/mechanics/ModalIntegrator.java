package org.pnn4j.physics.mechanics;

/**
 * Fixed-step classical RK4 for uncoupled Duffing modes q̈ + γq̇ + ω²q + βq³ = b·u(t), with u piecewise constant
 * over steps, and the exact adjoint (reverse mode) of those discrete steps. Double precision throughout.
 *
 * <p>RK4 rather than a symplectic scheme: the modes are damped and driven, so there is no conserved energy
 * for a symplectic integrator to protect, while RK4's fourth-order accuracy lets a few tens of steps per
 * period match a fine-step reference within 1e-3; its stability limit ωh &lt; 2.8 is checked by the plate.
 */
final class ModalIntegrator {
    private ModalIntegrator() {}

    /** Fixed physical description of the modes (arrays of length modes). */
    record Modes(double[] omega, double[] gamma, double[] beta, double[] b, double[] c) {
        int count() {
            return omega.length;
        }
    }

    /**
     * Integrates one sample from rest.
     *
     * @param drive       u per segment (length segments)
     * @param steps       steps per segment
     * @param h           step, s
     * @param sampleStep  state index (1..N) after which each output is read
     * @param q           work array [N+1][modes] of displacements (filled), may be null
     * @param v           work array [N+1][modes] of velocities (filled), may be null
     * @param out         outputs Σ c_m v_m at the sample steps
     */
    static void forward(Modes m, double[] drive, int steps, double h, int[] sampleStep, double[][] q, double[][] v, double[] out) {
        int modes = m.count();
        double[] qc = new double[modes], vc = new double[modes];
        int n = 0, k = 0;
        if (q != null) { q[0] = qc.clone(); v[0] = vc.clone(); }
        for (int s = 0; s < drive.length; s++) {
            for (int j = 0; j < steps; j++) {
                for (int i = 0; i < modes; i++) {
                    double[] z = step(m, i, qc[i], vc[i], drive[s], h);
                    qc[i] = z[0];
                    vc[i] = z[1];
                }
                n++;
                if (q != null) { q[n] = qc.clone(); v[n] = vc.clone(); }
                while (k < sampleStep.length && sampleStep[k] == n) {
                    double y = 0;
                    for (int i = 0; i < modes; i++) y += m.c[i] * vc[i];
                    out[k++] = y;
                }
            }
        }
    }

    private static double accel(Modes m, int i, double q, double v, double u) {
        return -m.gamma[i] * v - m.omega[i] * m.omega[i] * q - m.beta[i] * q * q * q + m.b[i] * u;
    }

    private static double[] step(Modes m, int i, double q, double v, double u, double h) {
        double k1q = v, k1v = accel(m, i, q, v, u);
        double q2 = q + 0.5 * h * k1q, v2 = v + 0.5 * h * k1v;
        double k2q = v2, k2v = accel(m, i, q2, v2, u);
        double q3 = q + 0.5 * h * k2q, v3 = v + 0.5 * h * k2v;
        double k3q = v3, k3v = accel(m, i, q3, v3, u);
        double q4 = q + h * k3q, v4 = v + h * k3v;
        double k4q = v4, k4v = accel(m, i, q4, v4, u);
        return new double[] {q + h / 6 * (k1q + 2 * k2q + 2 * k3q + k4q), v + h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v)};
    }

    /**
     * Reverse sweep: dL/du per segment given dL/dy at the sample steps, using the states stored by
     * {@link #forward}.
     */
    static double[] adjoint(Modes m, double[] drive, int steps, double h, int[] sampleStep, double[][] q, double[][] v, double[] gy) {
        int modes = m.count(), total = drive.length * steps;
        double[] lq = new double[modes], lv = new double[modes], gu = new double[drive.length];
        int k = sampleStep.length - 1;
        for (int n = total; n >= 1; n--) {
            while (k >= 0 && sampleStep[k] == n) {
                for (int i = 0; i < modes; i++) lv[i] += m.c[i] * gy[k];
                k--;
            }
            int s = (n - 1) / steps;
            double u = drive[s];
            for (int i = 0; i < modes; i++) {
                double[] r = stepAdjoint(m, i, q[n - 1][i], v[n - 1][i], u, h, lq[i], lv[i]);
                lq[i] = r[0];
                lv[i] = r[1];
                gu[s] += r[2];
            }
        }
        return gu;
    }

    /** Adjoint of one RK4 step: returns (dL/dq, dL/dv, dL/du) at the step's start given dL/d(next state). */
    private static double[] stepAdjoint(Modes m, int i, double q, double v, double u, double h, double aq, double av) {
        double w2 = m.omega[i] * m.omega[i], g = m.gamma[i], beta = m.beta[i], b = m.b[i];
        // recompute stage states
        double k1q = v, k1v = accel(m, i, q, v, u);
        double q2 = q + 0.5 * h * k1q, v2 = v + 0.5 * h * k1v;
        double k2q = v2, k2v = accel(m, i, q2, v2, u);
        double q3 = q + 0.5 * h * k2q, v3 = v + 0.5 * h * k2v;
        double k3q = v3;
        double q4 = q + h * k3q;
        // dL/dk_i direct from z' = z + h/6 (k1 + 2k2 + 2k3 + k4)
        double cq = h / 6 * aq, cv = h / 6 * av;
        // stage 4: k4 = f(z4), z4 = z + h k3
        double t4q = cq, t4v = cv;
        double g4q = -(w2 + 3 * beta * q4 * q4) * t4v, g4v = t4q - g * t4v; // J(z4)^T t4
        double du = b * t4v;
        // stage 3: k3 = f(z3), z3 = z + h/2 k2; total adjoint of k3 = 2c + h g4
        double t3q = 2 * cq + h * g4q, t3v = 2 * cv + h * g4v;
        double g3q = -(w2 + 3 * beta * q3 * q3) * t3v, g3v = t3q - g * t3v;
        du += b * t3v;
        double t2q = 2 * cq + 0.5 * h * g3q, t2v = 2 * cv + 0.5 * h * g3v;
        double g2q = -(w2 + 3 * beta * q2 * q2) * t2v, g2v = t2q - g * t2v;
        du += b * t2v;
        double t1q = cq + 0.5 * h * g2q, t1v = cv + 0.5 * h * g2v;
        double g1q = -(w2 + 3 * beta * q * q) * t1v, g1v = t1q - g * t1v;
        du += b * t1v;
        return new double[] {aq + g1q + g2q + g3q + g4q, av + g1v + g2v + g3v + g4v, du};
    }
}
