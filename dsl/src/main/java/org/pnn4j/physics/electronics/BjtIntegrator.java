package org.pnn4j.physics.electronics;

/**
 * Implicit trapezoidal rule for the common-emitter stage of {@link TransistorCircuit}, and the adjoint of its
 * discrete steps. The state is z = (i, v): the current through R and L from the supply into the collector node (A)
 * and the collector voltage (V). The base-emitter voltage b is algebraic: for drive u and collector voltage v it is
 * the one root of
 * <pre>  (u + V_bias − b)/R_B = (Is/β_F)(e(b/Vt) − 1) + (Is/β_R)(e((b − v)/Vt) − 1)</pre>
 * (the left side falls and the right side rises with b), and the collector current is the Ebers-Moll transport
 * model c(u, v) = Is(e(b/Vt) − e((b − v)/Vt)) − (Is/β_R)(e((b − v)/Vt) − 1). One step from z_n under the step's
 * drive u_n:
 * <pre>  i' = i + p(2V_CC − R(i + i') − v − v'),   v' = v + s(i + i' − c(u_n, v) − c(u_n, v')),   p = h/2L, s = h/2C</pre>
 * c(u, v) does not fall as v rises, so after eliminating i' one increasing scalar equation in v' remains. It is
 * solved by a joint Newton iteration in (v', b') from the previous values, with base steps limited to 0.2 V; if that
 * does not converge, by Newton's method in v' safeguarded by bisection around an inner safeguarded solve for b (both
 * to 1e-13 V). e(x) is exp(x) up to x = {@value #X_MAX} and its tangent line beyond, which only guards against
 * overflow during iterations (real junction voltages stay far below).
 */
final class BjtIntegrator {
    static final double X_MAX = 40;
    private static final double TOL = 1e-13;

    private BjtIntegrator() {}

    /** The circuit's element values in SI units; {@code vt} is the thermal voltage kT/q. */
    record Circuit(double vcc, double r, double l, double c, double rb, double vbias, double is, double betaF, double betaR, double vt) {
        static double e(double x) {
            return x <= X_MAX ? Math.exp(x) : Math.exp(X_MAX) * (1 + x - X_MAX);
        }

        static double de(double x) {
            return Math.exp(Math.min(x, X_MAX));
        }

        /** Base equation's residual (A) at base-emitter voltage b: falls as b rises. */
        double baseResidual(double u, double v, double b) {
            return (u + vbias - b) / rb - is / betaF * (e(b / vt) - 1) - is / betaR * (e((b - v) / vt) - 1);
        }

        /** Ebers-Moll collector current (A) at base-emitter voltage b and collector voltage v. */
        double collector(double b, double v) {
            double ebc = e((b - v) / vt);
            return is * (e(b / vt) - ebc) - is / betaR * (ebc - 1);
        }

        /** Ebers-Moll base current (A). */
        double base(double b, double v) {
            return is / betaF * (e(b / vt) - 1) + is / betaR * (e((b - v) / vt) - 1);
        }

        /** The base-emitter voltage solving the base equation for drive u and collector voltage v (safeguarded Newton). */
        double solveBase(double u, double v, double guess) {
            double hi = u + vbias + 1e-6 + rb * is * (1 / betaF + 1 / betaR);
            while (baseResidual(u, v, hi) > 0) hi += 2 * (hi - u - vbias) + 1e-6;
            double lo = Math.min(guess, hi) - 0.1;
            while (baseResidual(u, v, lo) < 0) lo -= 2 * (hi - lo);
            double b = guess > lo && guess < hi ? guess : 0.5 * (lo + hi);
            for (int it = 0; it < 300; it++) {
                double f = baseResidual(u, v, b);
                if (f > 0) lo = b; else hi = b;
                double df = -1 / rb - is / betaF / vt * de(b / vt) - is / betaR / vt * de((b - v) / vt);
                double next = b - f / df;
                if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
                if (Math.abs(next - b) < TOL || hi - lo < TOL) return next;
                b = next;
            }
            throw new IllegalStateException("transistor circuit: the base equation did not converge (u = " + u + " V, v_C = " + v + " V)");
        }

        /**
         * c and its derivatives at (u, v) with b the base root: {c, ∂c/∂u, ∂c/∂v} (A, A/V, A/V), the base voltage
         * following u and v through the base equation (implicit function theorem).
         */
        void derivatives(double v, double b, double[] out) {
            double gbe = is / vt * de(b / vt), gbc = is / vt * de((b - v) / vt);
            double den = 1 / rb + gbe / betaF + gbc / betaR;
            double dcdb = gbe - gbc * (1 + 1 / betaR), dcdv = gbc * (1 + 1 / betaR);
            out[0] = collector(b, v);
            out[1] = dcdb / rb / den;
            out[2] = dcdb * (gbc / betaR) / den + dcdv;
        }
    }

    /** The DC state at drive u = 0: {i0, v0, b0} (A, V, V), with v0 = V_CC − R·c(0, v0) solved by bisection. */
    static double[] operatingPoint(Circuit k) {
        double lo = -1, hi = k.vcc(), b = k.vbias() > 0.7 ? 0.7 : k.vbias();
        for (int it = 0; it < 200 && hi - lo > TOL; it++) {
            double v = 0.5 * (lo + hi);
            b = k.solveBase(0, v, b);
            if (v - k.vcc() + k.r() * k.collector(b, v) > 0) hi = v; else lo = v;
        }
        double v = 0.5 * (lo + hi);
        b = k.solveBase(0, v, b);
        return new double[] {k.collector(b, v), v, b};
    }

    /**
     * Integrates from the operating point {@code op} with drive u per step (V) and, if not null, a series supply
     * noise voltage per step (V); fills v, bOld (the base voltage at the start of step n under u_n) and bNew (at its
     * end), each may be null (then all are), and writes v − v0 after each sample step into out.
     */
    static void forward(Circuit k, double[] op, double[] u, double[] noise, double h, int[] sampleStep,
                        double[] vOut, double[] bOldOut, double[] bNewOut, double[] out) {
        double i = op[0], v = op[1], b = op[2], v0 = op[1];
        if (vOut != null) vOut[0] = v;
        double p = h / (2 * k.l()), d = 1 + p * k.r(), s = h / (2 * k.c());
        int m = 0;
        for (int n = 0; n < u.length; n++) {
            if (n > 0 && u[n] != u[n - 1] || n == 0 && u[0] != 0) b = k.solveBase(u[n], v, b);
            double cOld = k.collector(b, v);
            double a = i + p * (2 * (k.vcc() + (noise == null ? 0 : noise[n])) - k.r() * i - v);
            double rhs = v + s * (i - cOld);
            if (bOldOut != null) bOldOut[n] = b;
            double[] wb = solveStep(k, u[n], a, d, p, s, rhs, v, b, n);
            v = wb[0];
            b = wb[1];
            i = (a - p * v) / d;
            if (vOut != null) { vOut[n + 1] = v; bNewOut[n] = b; }
            while (m < sampleStep.length && sampleStep[m] == n + 1) out[m++] = v - v0;
        }
    }

    /** Solves w − s((a − p·w)/d − c(u, w)) − rhs = 0 for the new collector voltage w: {w, b(u, w)}. */
    private static double[] solveStep(Circuit k, double u, double a, double d, double p, double s, double rhs,
                                      double w0, double b0, int step) {
        double w = w0, b = b0, vt = k.vt(), is = k.is(), bf = k.betaF(), br = k.betaR();
        for (int it = 0; it < 30; it++) {
            double xbe = b / vt, xbc = (b - w) / vt, ebe = Circuit.e(xbe), ebc = Circuit.e(xbc);
            double gbe = is / vt * Circuit.de(xbe), gbc = is / vt * Circuit.de(xbc);
            double c = is * (ebe - ebc) - is / br * (ebc - 1);
            double e1 = w - s * ((a - p * w) / d - c) - rhs;
            double e2 = (u + k.vbias() - b) / k.rb() - is / bf * (ebe - 1) - is / br * (ebc - 1);
            double j11 = 1 + s * p / d + s * gbc * (1 + 1 / br), j12 = s * (gbe - gbc * (1 + 1 / br));
            double j21 = gbc / br, j22 = -1 / k.rb() - gbe / bf - gbc / br;
            double det = j11 * j22 - j12 * j21;
            double dw = -(e1 * j22 - j12 * e2) / det, db = -(j11 * e2 - j21 * e1) / det;
            if (!Double.isFinite(dw) || !Double.isFinite(db)) break;
            if (Math.abs(db) > 0.2) { double f = 0.2 / Math.abs(db); db *= f; dw *= f; }
            w += dw;
            b += db;
            if (Math.abs(dw) < TOL && Math.abs(db) < TOL) return new double[] {w, b};
        }
        return solveNested(k, u, a, d, p, s, rhs, w0, b0, step);
    }

    /** The safeguarded fallback of {@link #solveStep}: Newton in w with bisection, b solved for each trial w. */
    private static double[] solveNested(Circuit k, double u, double a, double d, double p, double s, double rhs,
                                        double guess, double b0, int step) {
        double[] cd = new double[3];
        double[] bb = {b0};
        java.util.function.DoubleUnaryOperator g = w -> {
            bb[0] = k.solveBase(u, w, bb[0]);
            return w - s * ((a - p * w) / d - k.collector(bb[0], w)) - rhs;
        };
        double lo = Math.min(guess, -1), hi = Math.max(guess, 1);
        while (g.applyAsDouble(lo) > 0) lo = 2 * lo - 1;
        while (g.applyAsDouble(hi) < 0) hi = 2 * hi + 1;
        double w = guess;
        for (int it = 0; it < 300; it++) {
            double gw = g.applyAsDouble(w);
            if (gw > 0) hi = w; else lo = w;
            k.derivatives(w, bb[0], cd);
            double next = w - gw / (1 + s * p / d + s * cd[2]);
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (Math.abs(next - w) < TOL || hi - lo < TOL) return new double[] {next, k.solveBase(u, next, bb[0])};
            w = next;
        }
        throw new IllegalStateException("transistor circuit: Newton iteration did not converge at step " + step
                + "; reduce the time step (more stepsPerSegment) or the drive amplitude");
    }

    /** dL/du per step, given dL/dv at the sample steps and the states stored by {@link #forward}. */
    static double[] adjoint(Circuit k, double[] u, double h, int[] sampleStep, double[] vs, double[] bOld, double[] bNew, double[] gy) {
        int total = u.length;
        double[] gu = new double[total], co = new double[3], cn = new double[3];
        double li = 0, lv = 0, p = h / (2 * k.l()), s = h / (2 * k.c()), pr = p * k.r();
        int m = sampleStep.length - 1;
        for (int n = total; n >= 1; n--) {
            while (m >= 0 && sampleStep[m] == n) lv += gy[m--];
            k.derivatives(vs[n - 1], bOld[n - 1], co);
            k.derivatives(vs[n], bNew[n - 1], cn);
            // G(z', z, u) = 0 with ∂G/∂z' = A, ∂G/∂z = −B: μ = A^{-T} λ', λ = B^T μ, dL/du = −μ·∂G/∂u
            double a11 = 1 + pr, a12 = p, a21 = -s, a22 = 1 + s * cn[2];
            double det = a11 * a22 - a12 * a21;
            double mi = (a22 * li - a21 * lv) / det, mv = (-a12 * li + a11 * lv) / det;
            double b11 = 1 - pr, b12 = -p, b21 = s, b22 = 1 - s * co[2];
            li = b11 * mi + b21 * mv;
            lv = b12 * mi + b22 * mv;
            gu[n - 1] = -mv * s * (co[1] + cn[1]);
        }
        return gu;
    }
}
