package org.pnn4j.physics.electronics;

/**
 * Implicit trapezoidal rule for the series RLC with a diode across C,
 * <pre>  L di/dt = u − R i − v,   C dv/dt = i − I_D(v),   I_D = Is·(e(v/(n·Vt)) − 1)</pre>
 * and the adjoint of its discrete steps. Per step the current is eliminated (it enters linearly), leaving one
 * monotone scalar equation in the new capacitor voltage, solved by Newton's method safeguarded by bisection,
 * to 1e-13 V. e(x) is exp(x) up to x = {@value #X_MAX} and its tangent line beyond, which only guards
 * against overflow during Newton iterations (real voltages stay far below).
 */
final class TrapezoidIntegrator {
    static final double X_MAX = 40;

    private TrapezoidIntegrator() {}

    record Circuit(double r, double l, double c, double is, double nvt) {
        double diode(double v) {
            double x = v / nvt;
            return is * ((x <= X_MAX ? Math.exp(x) : Math.exp(X_MAX) * (1 + x - X_MAX)) - 1);
        }

        double conductance(double v) {
            double x = v / nvt;
            return is / nvt * Math.exp(Math.min(x, X_MAX));
        }
    }

    /**
     * Integrates from rest with drive u per step (V); fills i and v (length N+1, may be null) and writes the
     * capacitor voltage after each sample step into out.
     */
    static void forward(Circuit k, double[] u, double h, int[] sampleStep, double[] iOut, double[] vOut, double[] out) {
        double i = 0, v = 0;
        if (iOut != null) { iOut[0] = 0; vOut[0] = 0; }
        double p = h / (2 * k.l()), d = 1 + p * k.r(), s = h / (2 * k.c());
        int m = 0;
        for (int n = 0; n < u.length; n++) {
            double a = i + p * (2 * u[n] - k.r() * i - v);
            double rhs = v + s * (i - k.diode(v));
            double vn = solve(k, a, d, p, s, rhs, v, n);
            i = (a - p * vn) / d;
            v = vn;
            if (iOut != null) { iOut[n + 1] = i; vOut[n + 1] = v; }
            while (m < sampleStep.length && sampleStep[m] == n + 1) out[m++] = v;
        }
    }

    /** Solves g(w) = w − s·((a − p·w)/d − I_D(w)) − rhs = 0, g increasing in w. */
    private static double solve(Circuit k, double a, double d, double p, double s, double rhs, double guess, int step) {
        double lo = Math.min(guess, -1), hi = Math.max(guess, 1);
        while (g(k, a, d, p, s, rhs, lo) > 0) lo = 2 * lo - 1;
        while (g(k, a, d, p, s, rhs, hi) < 0) hi = 2 * hi + 1;
        double w = guess;
        for (int it = 0; it < 200; it++) {
            double gw = g(k, a, d, p, s, rhs, w);
            if (gw > 0) hi = w; else lo = w;
            double dg = 1 + s * p / d + s * k.conductance(w);
            double next = w - gw / dg;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (Math.abs(next - w) < 1e-13 || hi - lo < 1e-13) return next;
            w = next;
        }
        throw new IllegalStateException("diode circuit: Newton iteration did not converge at step " + step
                + "; reduce the time step (more stepsPerSegment) or the drive amplitude");
    }

    private static double g(Circuit k, double a, double d, double p, double s, double rhs, double w) {
        return w - s * ((a - p * w) / d - k.diode(w)) - rhs;
    }

    /** dL/du per step, given dL/dv at the sample steps and the states stored by {@link #forward}. */
    static double[] adjoint(Circuit k, double[] u, double h, int[] sampleStep, double[] is, double[] vs, double[] gy) {
        int total = u.length;
        double[] gu = new double[total];
        double li = 0, lv = 0;
        double R = k.r(), L = k.l(), C = k.c();
        int m = sampleStep.length - 1;
        for (int n = total; n >= 1; n--) {
            while (m >= 0 && sampleStep[m] == n) lv += gy[m--];
            // z' = z + h/2 (f(z) + f(z')), J = [[-R/L, -1/L], [1/C, -G/C]]
            double gNew = k.conductance(vs[n]), gOld = k.conductance(vs[n - 1]);
            // A = I - h/2 J(z'); solve A^T μ = λ'
            double a11 = 1 + h / 2 * R / L, a12 = h / 2 / L, a21 = -h / 2 / C, a22 = 1 + h / 2 * gNew / C;
            // A^T = [[a11, a21], [a12, a22]]
            double det = a11 * a22 - a12 * a21;
            double mi = (a22 * li - a21 * lv) / det, mv = (-a12 * li + a11 * lv) / det;
            // λ = (I + h/2 J(z))^T μ
            double b11 = 1 - h / 2 * R / L, b12 = -h / 2 / L, b21 = h / 2 / C, b22 = 1 - h / 2 * gOld / C;
            li = b11 * mi + b21 * mv;
            lv = b12 * mi + b22 * mv;
            gu[n - 1] = h / L * mi;
        }
        return gu;
    }
}
