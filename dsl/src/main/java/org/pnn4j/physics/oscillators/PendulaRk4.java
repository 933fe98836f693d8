package org.pnn4j.physics.oscillators;

import org.pnn4j.tensor.Function;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Tensor;

/**
 * Fused RK4 integration of the driven, damped pendula ring
 * θ̈ₙ = -ω0ₙ² sin θₙ + cₙ₋₁(θₙ₋₁ - θₙ) + cₙ(θₙ₊₁ - θₙ) - γθ̇ₙ + A cos(ω_d t) cos θₙ (indices mod N),
 * from θ(0) = a·x, θ̇(0) = 0, reading θ(T) at the readout pendula. The VJP is the adjoint of the discrete RK4
 * map, reversing through the stages with the stage angles stored by the forward.
 */
final class PendulaRk4 {
    private static final float[] WEIGHT = {1f / 6, 2f / 6, 2f / 6, 1f / 6};
    private static final float[] STAGE = {0f, 0.5f, 0.5f, 1f};

    private final int steps;
    private final double h;
    private final float amplitude, damping, drive, driveFrequency;
    private final int[] readout;

    PendulaRk4(int steps, double time, double amplitude, double damping, double drive, double driveFrequency, int[] readout) {
        this.steps = steps;
        this.h = time / steps;
        this.amplitude = (float) amplitude;
        this.damping = (float) damping;
        this.drive = (float) drive;
        this.driveFrequency = (float) driveFrequency;
        this.readout = readout.clone();
    }

    private static final class Tape {
        float[] stageTheta;
    }

    /** θ(T) at the readout pendula [batch, R] from x [batch, N], ω0 [N] (rad/s) and c [N] (s⁻²). */
    Tensor apply(Tensor x, Tensor omega0, Tensor c) {
        boolean record = Grad.enabled() && (x.requiresGrad() || omega0.requiresGrad() || c.requiresGrad());
        if (!record) return Tensor.wrap(forward(x, omega0, c, null), x.dim(0), readout.length);
        Tape tape = new Tape();
        Function f = Function.of("pendulaRingRk4",
                in -> Tensor.wrap(forward(in[0], in[1], in[2], tape), in[0].dim(0), readout.length),
                (in, out, g) -> backward(in, g, tape));
        return f.apply(x, omega0, c);
    }

    /** The drive's force factor A·cos(ω_d t) at stage {@code st} of step {@code step}. */
    private float driveAt(int step, int st) {
        return drive == 0 ? 0f : (float) (drive * Math.cos(driveFrequency * (step + STAGE[st]) * h));
    }

    private float[] forward(Tensor xt, Tensor omega0t, Tensor ct, Tape tape) {
        int batch = xt.dim(0), n = xt.dim(1), m = batch * n;
        float[] x = xt.array(), c = ct.array(), w2 = new float[n];
        for (int j = 0; j < n; j++) w2[j] = omega0t.array()[j] * omega0t.array()[j];
        float[] th = new float[m], v = new float[m];
        for (int i = 0; i < m; i++) th[i] = amplitude * x[i];
        float[] ths = new float[m], vs = new float[m], a = new float[m], thNext = new float[m], vNext = new float[m];
        float[] sinT = new float[m], cosT = new float[m];
        if (tape != null) tape.stageTheta = new float[steps * 4 * m];
        float hf = (float) h;
        for (int step = 0; step < steps; step++) {
            System.arraycopy(th, 0, thNext, 0, m);
            System.arraycopy(v, 0, vNext, 0, m);
            for (int st = 0; st < 4; st++) {
                if (st == 0) {
                    System.arraycopy(th, 0, ths, 0, m);
                    System.arraycopy(v, 0, vs, 0, m);
                } else {
                    float cs = STAGE[st] * hf;
                    for (int i = 0; i < m; i++) {
                        ths[i] = th[i] + cs * vs[i];
                        vs[i] = v[i] + cs * a[i];
                    }
                }
                float force = driveAt(step, st);
                FastTrig.sinCos(ths, 0, m, 1f, sinT, cosT);
                for (int b = 0; b < batch; b++) {
                    int o = b * n;
                    for (int j = 0; j < n; j++) {
                        int left = j == 0 ? n - 1 : j - 1, right = j == n - 1 ? 0 : j + 1;
                        float t = ths[o + j];
                        float ring = c[left] * (ths[o + left] - t) + c[j] * (ths[o + right] - t);
                        a[o + j] = -w2[j] * sinT[o + j] + ring - damping * vs[o + j] + force * cosT[o + j];
                    }
                }
                if (tape != null) System.arraycopy(ths, 0, tape.stageTheta, (step * 4 + st) * m, m);
                float w = WEIGHT[st] * hf;
                for (int i = 0; i < m; i++) {
                    thNext[i] += w * vs[i];
                    vNext[i] += w * a[i];
                }
            }
            float[] t = th; th = thNext; thNext = t;
            t = v; v = vNext; vNext = t;
        }
        float[] out = new float[batch * readout.length];
        for (int b = 0; b < batch; b++)
            for (int r = 0; r < readout.length; r++) out[b * readout.length + r] = th[b * n + readout[r]];
        return out;
    }

    private Tensor[] backward(Tensor[] in, Tensor g, Tape tape) {
        int batch = in[0].dim(0), n = in[0].dim(1), m = batch * n;
        float[] omega0 = in[1].array(), c = in[2].array(), w2 = new float[n];
        for (int j = 0; j < n; j++) w2[j] = omega0[j] * omega0[j];
        float[] gth = new float[m], gv = new float[m], gd = g.array();
        for (int b = 0; b < batch; b++)
            for (int r = 0; r < readout.length; r++) gth[b * n + readout[r]] += gd[b * readout.length + r];
        float[][] gVs = new float[4][m], ga = new float[4][m];
        float[] gThs = new float[m], sinT = new float[m], cosT = new float[m];
        double[] gw = new double[n], gc = new double[n];
        float hf = (float) h;
        for (int step = steps - 1; step >= 0; step--) {
            for (int st = 0; st < 4; st++) {
                float w = WEIGHT[st] * hf;
                for (int i = 0; i < m; i++) {
                    gVs[st][i] = w * gth[i];
                    ga[st][i] = w * gv[i];
                }
            }
            for (int st = 3; st >= 0; st--) {
                float[] gaS = ga[st], gVsS = gVs[st];
                int off = (step * 4 + st) * m;
                float force = driveAt(step, st);
                FastTrig.sinCos(tape.stageTheta, off, m, 1f, sinT, cosT);
                for (int b = 0; b < batch; b++) {
                    int o = b * n;
                    for (int j = 0; j < n; j++) {
                        int left = j == 0 ? n - 1 : j - 1, right = j == n - 1 ? 0 : j + 1;
                        float t = tape.stageTheta[off + o + j], gaj = gaS[o + j];
                        float sin = sinT[o + j], cos = cosT[o + j];
                        gThs[o + j] = gaj * (-w2[j] * cos - force * sin - c[left] - c[j])
                                + c[j] * gaS[o + right] + c[left] * gaS[o + left];
                        gw[j] += -2.0 * omega0[j] * sin * gaj;
                        gc[j] += (gaj - gaS[o + right]) * (tape.stageTheta[off + o + right] - t);
                        gVsS[o + j] -= damping * gaj;
                    }
                }
                if (st > 0) {
                    float cs = STAGE[st] * hf;
                    float[] gaPrev = ga[st - 1], gVsPrev = gVs[st - 1];
                    for (int i = 0; i < m; i++) {
                        gv[i] += gVsS[i];
                        gaPrev[i] += cs * gVsS[i];
                        gth[i] += gThs[i];
                        gVsPrev[i] += cs * gThs[i];
                    }
                } else {
                    for (int i = 0; i < m; i++) {
                        gth[i] += gThs[i];
                        gv[i] += gVsS[i];
                    }
                }
            }
        }
        Tensor gx = null;
        if (in[0].requiresGrad()) {
            for (int i = 0; i < m; i++) gth[i] *= amplitude;
            gx = Tensor.wrap(gth, batch, n);
        }
        return new Tensor[] {gx, in[1].requiresGrad() ? toTensor(gw) : null, in[2].requiresGrad() ? toTensor(gc) : null};
    }

    private static Tensor toTensor(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return Tensor.wrap(f, f.length);
    }
}
