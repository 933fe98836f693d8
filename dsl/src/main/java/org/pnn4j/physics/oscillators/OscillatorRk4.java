package org.pnn4j.physics.oscillators;

import org.pnn4j.tensor.Function;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Tensor;

/**
 * Fused RK4 integration of dq/dt = p, dp/dt = -sin(kq) + e + sin(kq)·Q from q(0) = x, p(0) = 0; returns q(T).
 * The forward works on plain float arrays (one [batch, N]×[N, N] matmul per stage); the VJP is the adjoint of
 * the discrete RK4 map, reversing through the stages with the stage positions stored by the forward.
 * {@code k} is 1 for the ideal model and 1 + η for a device with an unmodelled nonlinearity.
 */
final class OscillatorRk4 {
    private static final float[] WEIGHT = {1f / 6, 2f / 6, 2f / 6, 1f / 6};
    private static final float[] STAGE = {0f, 0.5f, 0.5f, 1f};

    private final int steps;
    private final float h;
    private final float k;
    private final boolean symmetricCoupling;

    /**
     * @param symmetricCoupling promise that every Q passed is symmetric, so the backward uses Q for Qᵀ and skips
     *                          an N×N transpose (true for {@link CoupledOscillators#couplingMatrix})
     */
    OscillatorRk4(int steps, double time, double k, boolean symmetricCoupling) {
        this.steps = steps;
        this.h = (float) (time / steps);
        this.k = (float) k;
        this.symmetricCoupling = symmetricCoupling;
    }

    /** Stage positions and sin(k·q) of every stage, stored by the forward for the VJP. */
    private static final class Tape {
        float[] stageQ, stageSin;
    }

    /** q(T) [batch, N] from x [batch, N], Q [N, N] and e [N], recorded as one op when any input needs a gradient. */
    Tensor apply(Tensor x, Tensor couplingQ, Tensor e) {
        boolean record = Grad.enabled() && (x.requiresGrad() || couplingQ.requiresGrad() || e.requiresGrad());
        if (!record) return Tensor.wrap(forward(x, couplingQ, e, null), x.shape());
        Tape tape = new Tape();
        Function f = Function.of("coupledOscillatorsRk4",
                in -> Tensor.wrap(forward(in[0], in[1], in[2], tape), in[0].shape()),
                (in, out, g) -> backward(in, g, tape));
        return f.apply(x, couplingQ, e);
    }

    private float[] forward(Tensor xt, Tensor couplingQ, Tensor et, Tape tape) {
        int batch = xt.dim(0), n = xt.dim(1), m = batch * n;
        float[] e = et.array();
        float[] q = xt.array().clone(), p = new float[m];
        float[] qs = new float[m], ps = new float[m], a = new float[m], s = new float[m];
        float[] qNext = new float[m], pNext = new float[m];
        if (tape != null) {
            tape.stageQ = new float[steps * 4 * m];
            tape.stageSin = new float[steps * 4 * m];
        }
        for (int step = 0; step < steps; step++) {
            System.arraycopy(q, 0, qNext, 0, m);
            System.arraycopy(p, 0, pNext, 0, m);
            for (int st = 0; st < 4; st++) {
                if (st == 0) {
                    System.arraycopy(q, 0, qs, 0, m);
                    System.arraycopy(p, 0, ps, 0, m);
                } else {
                    float c = STAGE[st] * h;
                    for (int i = 0; i < m; i++) {
                        qs[i] = q[i] + c * ps[i];
                        ps[i] = p[i] + c * a[i];
                    }
                }
                FastTrig.sinCos(qs, 0, m, k, s, null);
                float[] coupled = Tensor.wrap(s, batch, n).matmul(couplingQ).array();
                for (int b = 0, i = 0; b < batch; b++)
                    for (int j = 0; j < n; j++, i++) a[i] = coupled[i] - s[i] + e[j];
                if (tape != null) {
                    int off = (step * 4 + st) * m;
                    System.arraycopy(qs, 0, tape.stageQ, off, m);
                    System.arraycopy(s, 0, tape.stageSin, off, m);
                }
                float w = WEIGHT[st] * h;
                for (int i = 0; i < m; i++) {
                    qNext[i] += w * ps[i];
                    pNext[i] += w * a[i];
                }
            }
            float[] t = q; q = qNext; qNext = t;
            t = p; p = pNext; pNext = t;
        }
        return q;
    }

    private Tensor[] backward(Tensor[] in, Tensor g, Tape tape) {
        Tensor couplingQ = in[1];
        int batch = in[0].dim(0), n = in[0].dim(1), m = batch * n;
        float[] gq = g.array().clone(), gp = new float[m];
        float[][] gPs = new float[4][m], ga = new float[4][m];
        float[] gQs = new float[m], cosQ = new float[m];
        float[] stackedGa = couplingQ.requiresGrad() ? new float[steps * 4 * m] : null;
        double[] ge = new double[n];
        Tensor couplingQt = symmetricCoupling ? couplingQ : couplingQ.transpose();
        for (int step = steps - 1; step >= 0; step--) {
            for (int st = 0; st < 4; st++) {
                float w = WEIGHT[st] * h;
                for (int i = 0; i < m; i++) {
                    gPs[st][i] = w * gq[i];
                    ga[st][i] = w * gp[i];
                }
            }
            // gq and gp now accumulate the gradient w.r.t. the state at the start of this step
            for (int st = 3; st >= 0; st--) {
                float[] gaS = ga[st];
                int off = (step * 4 + st) * m;
                if (stackedGa != null) System.arraycopy(gaS, 0, stackedGa, off, m);
                for (int b = 0, i = 0; b < batch; b++)
                    for (int j = 0; j < n; j++, i++) ge[j] += gaS[i];
                float[] back = Tensor.wrap(gaS, batch, n).matmul(couplingQt).array();
                FastTrig.sinCos(tape.stageQ, off, m, k, null, cosQ);
                for (int i = 0; i < m; i++)
                    gQs[i] = k * cosQ[i] * (back[i] - gaS[i]);
                float[] gPsS = gPs[st];
                if (st > 0) {
                    float c = STAGE[st] * h;
                    float[] gaPrev = ga[st - 1], gPsPrev = gPs[st - 1];
                    for (int i = 0; i < m; i++) {
                        gp[i] += gPsS[i];
                        gaPrev[i] += c * gPsS[i];
                        gq[i] += gQs[i];
                        gPsPrev[i] += c * gQs[i];
                    }
                } else {
                    for (int i = 0; i < m; i++) {
                        gq[i] += gQs[i];
                        gp[i] += gPsS[i];
                    }
                }
            }
        }
        Tensor gx = in[0].requiresGrad() ? Tensor.wrap(gq, batch, n) : null;
        Tensor gCoupling = null;
        if (stackedGa != null) {
            int rows = steps * 4 * batch;
            gCoupling = Tensor.wrap(tape.stageSin, rows, n).transpose().matmul(Tensor.wrap(stackedGa, rows, n));
        }
        Tensor gField = null;
        if (in[2].requiresGrad()) {
            float[] d = new float[n];
            for (int j = 0; j < n; j++) d[j] = (float) ge[j];
            gField = Tensor.wrap(d, n);
        }
        return new Tensor[] {gx, gCoupling, gField};
    }
}
