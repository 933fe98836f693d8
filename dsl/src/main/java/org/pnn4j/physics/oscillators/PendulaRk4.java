package org.pnn4j.physics.oscillators;

import org.pnn4j.tensor.Function;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.kernels.Kernels;
import org.pnn4j.tensor.Tensor;

/**
 * Fused RK4 integration of the driven, damped pendula ring
 * θ̈ₙ = -ω0ₙ² sin θₙ + cₙ₋₁(θₙ₋₁ - θₙ) + cₙ(θₙ₊₁ - θₙ) - γθ̇ₙ + A cos(ω_d t) cos θₙ (indices mod N),
 * from θ(0) = a·x, θ̇(0) = 0, reading θ(T) at the readout pendula. The VJP is the adjoint of the discrete RK4
 * map, reversing through the stages with the stage angles stored by the forward. The batch is split into chunks of
 * rows that run on the available cores ({@link #chunkRows}); work arrays are reused per thread.
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
        /** The inputs (x, ω0, c) of the call. */
        final Tensor[] in;
        float[] stageTheta;

        Tape(Tensor[] in) {
            this.in = in;
        }
    }

    /** θ(T) at the readout pendula [batch, R] from x [batch, N], ω0 [N] (rad/s) and c [N] (s⁻²). */
    Tensor apply(Tensor x, Tensor omega0, Tensor c) {
        boolean record = Grad.enabled() && (x.requiresGrad() || omega0.requiresGrad() || c.requiresGrad());
        if (!record) return Tensor.wrap(forward(x, omega0, c, null), x.dim(0), readout.length);
        // the residuals are the call's tape: θ at every stage
        Function f = Function.of("pendulaRingRk4",
                in -> {
                    Tape tape = new Tape(in);
                    return new Function.Saved<>(Tensor.wrap(forward(in[0], in[1], in[2], tape), in[0].dim(0), readout.length), tape);
                },
                (Tape tape, Tensor g) -> backward(tape.in, g, tape));
        return f.apply(x, omega0, c);
    }

    /** The drive's force factor A·cos(ω_d t) at stage {@code st} of step {@code step}. */
    private float driveAt(int step, int st) {
        return drive == 0 ? 0f : (float) (drive * Math.cos(driveFrequency * (step + STAGE[st]) * h));
    }

    /**
     * Rows per chunk of the batch (rows never interact, so chunks integrate independently on
     * {@link Kernels#forEachChunk}'s threads); depends on the batch only, never on the thread count.
     */
    static int chunkRows(int batch) {
        return Math.min(batch, Math.max((batch + 7) / 8, 2));
    }

    private float[] forward(Tensor xt, Tensor omega0t, Tensor ct, Tape tape) {
        int batch = xt.dim(0), n = xt.dim(1), m = batch * n, nr = readout.length;
        float[] x = xt.array(), c = ct.array(), w2 = new float[n];
        for (int j = 0; j < n; j++) w2[j] = omega0t.array()[j] * omega0t.array()[j];
        if (tape != null) tape.stageTheta = new float[steps * 4 * m];
        float[] out = new float[batch * nr];
        float hf = (float) h;
        float[] force = drives();
        int rowsPerChunk = chunkRows(batch), chunks = (batch + rowsPerChunk - 1) / rowsPerChunk;
        Kernels.forEachChunk(chunks, chunk -> {
            int b0 = chunk * rowsPerChunk, rows = Math.min(rowsPerChunk, batch - b0), mc = rows * n, base = b0 * n;
            OscillatorRk4.Scratch sc = OscillatorRk4.SCRATCH.get();
            float[] th = sc.get(0, mc), v = sc.get(1, mc), ths = sc.get(2, mc), vs = sc.get(3, mc), a = sc.get(4, mc),
                    thNext = sc.get(5, mc), vNext = sc.get(6, mc), sinT = sc.get(7, mc), cosT = sc.get(8, mc);
            for (int i = 0; i < mc; i++) th[i] = amplitude * x[base + i];
            java.util.Arrays.fill(v, 0, mc, 0f);
            for (int step = 0; step < steps; step++) {
                System.arraycopy(th, 0, thNext, 0, mc);
                System.arraycopy(v, 0, vNext, 0, mc);
                for (int st = 0; st < 4; st++) {
                    if (st == 0) {
                        System.arraycopy(th, 0, ths, 0, mc);
                        System.arraycopy(v, 0, vs, 0, mc);
                    } else {
                        float cs = STAGE[st] * hf;
                        for (int i = 0; i < mc; i++) {
                            ths[i] = th[i] + cs * vs[i];
                            vs[i] = v[i] + cs * a[i];
                        }
                    }
                    float f = force[step * 4 + st];
                    Kernels.sinCos(ths, 0, mc, 1f, sinT, cosT, 0);
                    for (int o = 0; o < mc; o += n) {
                        // the ring's two wrap-around neighbours outside the loop, so the loop has no branches
                        a[o] = accel(ths, vs, sinT, cosT, w2, c, o, 0, n - 1, n == 1 ? 0 : 1, f);
                        for (int j = 1; j < n - 1; j++) {
                            float t = ths[o + j];
                            float ring = c[j - 1] * (ths[o + j - 1] - t) + c[j] * (ths[o + j + 1] - t);
                            a[o + j] = -w2[j] * sinT[o + j] + ring - damping * vs[o + j] + f * cosT[o + j];
                        }
                        if (n > 1) a[o + n - 1] = accel(ths, vs, sinT, cosT, w2, c, o, n - 1, n - 2, 0, f);
                    }
                    if (tape != null) System.arraycopy(ths, 0, tape.stageTheta, (step * 4 + st) * m + base, mc);
                    float w = WEIGHT[st] * hf;
                    for (int i = 0; i < mc; i++) {
                        thNext[i] += w * vs[i];
                        vNext[i] += w * a[i];
                    }
                }
                float[] t = th; th = thNext; thNext = t;
                t = v; v = vNext; vNext = t;
            }
            for (int r = 0; r < rows; r++)
                for (int q = 0; q < nr; q++) out[(b0 + r) * nr + q] = th[r * n + readout[q]];
        });
        return out;
    }

    /** θ̈ of pendulum j (row offset o) with its ring neighbours left and right. */
    private float accel(float[] ths, float[] vs, float[] sinT, float[] cosT, float[] w2, float[] c, int o, int j,
                        int left, int right, float f) {
        float t = ths[o + j];
        float ring = c[left] * (ths[o + left] - t) + c[j] * (ths[o + right] - t);
        return -w2[j] * sinT[o + j] + ring - damping * vs[o + j] + f * cosT[o + j];
    }

    /** The drive's force factor at every stage, hoisted out of the integration. */
    private float[] drives() {
        float[] f = new float[steps * 4];
        for (int step = 0; step < steps; step++)
            for (int st = 0; st < 4; st++) f[step * 4 + st] = driveAt(step, st);
        return f;
    }

    private Tensor[] backward(Tensor[] in, Tensor g, Tape tape) {
        int batch = in[0].dim(0), n = in[0].dim(1), m = batch * n, nr = readout.length;
        float[] omega0 = in[1].array(), c = in[2].array(), w2 = new float[n];
        for (int j = 0; j < n; j++) w2[j] = omega0[j] * omega0[j];
        float[] gd = g.array(), gx = new float[m], force = drives();
        float hf = (float) h;
        int rowsPerChunk = chunkRows(batch), chunks = (batch + rowsPerChunk - 1) / rowsPerChunk;
        double[][] gwChunk = new double[chunks][n], gcChunk = new double[chunks][n];
        float[] stageTheta = tape.stageTheta;
        Kernels.forEachChunk(chunks, chunk -> {
            int b0 = chunk * rowsPerChunk, rows = Math.min(rowsPerChunk, batch - b0), mc = rows * n, base = b0 * n;
            OscillatorRk4.Scratch sc = OscillatorRk4.SCRATCH.get();
            float[] gth = sc.get(0, mc), gv = sc.get(1, mc), gThs = sc.get(2, mc), sinT = sc.get(3, mc),
                    cosT = sc.get(4, mc);
            float[][] gVs = {sc.get(5, mc), sc.get(6, mc), sc.get(7, mc), sc.get(8, mc)};
            float[][] ga = {sc.get(9, mc), sc.get(10, mc), sc.get(11, mc), sc.get(12, mc)};
            double[] gw = gwChunk[chunk], gc = gcChunk[chunk];
            java.util.Arrays.fill(gth, 0, mc, 0f);
            java.util.Arrays.fill(gv, 0, mc, 0f);
            for (int r = 0; r < rows; r++)
                for (int q = 0; q < nr; q++) gth[r * n + readout[q]] += gd[(b0 + r) * nr + q];
            for (int step = steps - 1; step >= 0; step--) {
                for (int st = 0; st < 4; st++) {
                    float w = WEIGHT[st] * hf;
                    float[] gVsS = gVs[st], gaS = ga[st];
                    for (int i = 0; i < mc; i++) {
                        gVsS[i] = w * gth[i];
                        gaS[i] = w * gv[i];
                    }
                }
                for (int st = 3; st >= 0; st--) {
                    float[] gaS = ga[st], gVsS = gVs[st];
                    int off = (step * 4 + st) * m + base;
                    float f = force[step * 4 + st];
                    Kernels.sinCos(stageTheta, off, mc, 1f, sinT, cosT, 0);
                    for (int o = 0; o < mc; o += n) {
                        for (int j = 0; j < n; j++) {
                            int left = j == 0 ? n - 1 : j - 1, right = j == n - 1 ? 0 : j + 1;
                            float t = stageTheta[off + o + j], gaj = gaS[o + j];
                            float sin = sinT[o + j], cos = cosT[o + j];
                            gThs[o + j] = gaj * (-w2[j] * cos - f * sin - c[left] - c[j])
                                    + c[j] * gaS[o + right] + c[left] * gaS[o + left];
                            gw[j] += -2.0 * omega0[j] * sin * gaj;
                            gc[j] += (gaj - gaS[o + right]) * (stageTheta[off + o + right] - t);
                            gVsS[o + j] -= damping * gaj;
                        }
                    }
                    if (st > 0) {
                        float cs = STAGE[st] * hf;
                        float[] gaPrev = ga[st - 1], gVsPrev = gVs[st - 1];
                        for (int i = 0; i < mc; i++) {
                            gv[i] += gVsS[i];
                            gaPrev[i] += cs * gVsS[i];
                            gth[i] += gThs[i];
                            gVsPrev[i] += cs * gThs[i];
                        }
                    } else {
                        for (int i = 0; i < mc; i++) {
                            gth[i] += gThs[i];
                            gv[i] += gVsS[i];
                        }
                    }
                }
            }
            for (int i = 0; i < mc; i++) gx[base + i] = amplitude * gth[i];
        });
        return new Tensor[] {in[0].requiresGrad() ? Tensor.wrap(gx, batch, n) : null,
                in[1].requiresGrad() ? toTensor(sum(gwChunk, n)) : null,
                in[2].requiresGrad() ? toTensor(sum(gcChunk, n)) : null};
    }

    /** Per-chunk partial sums added in chunk order (the same whatever thread ran which chunk). */
    private static double[] sum(double[][] parts, int n) {
        double[] d = new double[n];
        for (double[] p : parts)
            for (int j = 0; j < n; j++) d[j] += p[j];
        return d;
    }

    private static Tensor toTensor(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return Tensor.wrap(f, f.length);
    }
}
