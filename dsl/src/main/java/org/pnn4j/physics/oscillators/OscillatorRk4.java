package org.pnn4j.physics.oscillators;

import java.lang.ref.SoftReference;
import java.util.concurrent.ConcurrentHashMap;
import org.pnn4j.tensor.Function;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.kernels.Kernels;
import org.pnn4j.tensor.Tensor;

/**
 * Fused RK4 integration of dq/dt = p, dp/dt = -sin(kq) + e + sin(kq)·Q from q(0) = x, p(0) = 0; returns q(T).
 * The forward works on plain float arrays (one [batch, N]×[N, N] matmul per stage, the element-wise RK4 updates
 * of a stage fused into one pass after it); the VJP is the adjoint of the discrete RK4 map, reversing through the
 * stages with sin(k·q) and cos(k·q) of every stage stored by the forward. The batch is split into chunks of rows
 * that run on the available cores (see {@link #chunkRows}); work arrays are reused per thread, the tape's arrays
 * from call to call ({@link #takeArray}).
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

    /**
     * sin(k·q) and cos(k·q) at every stage, stored by the forward for the VJP, in arrays taken from the pool
     * ({@link #takeArray}) and given back by the backward; a second backward through the same call finds them
     * gone (null) and runs the forward again to refill them.
     */
    private static final class Tape {
        /** The inputs (x, Q or C, e) of the call: the point the backward differentiates at. */
        final Tensor[] in;
        float[] stageSin, stageCos;
        /** {@link #apply}'s packed Q, reused by the backward when Q is symmetric (then Qᵀ packs the same). */
        Kernels.Packed packedQ;
        /** The Q(C) and packing that {@link #applyCoupling} built (null for {@link #apply}). */
        Coupling coupling;

        Tape(Tensor[] in) {
            this.in = in;
        }
    }

    /** q(T) [batch, N] from x [batch, N], Q [N, N] and e [N], recorded as one op when any input needs a gradient. */
    Tensor apply(Tensor x, Tensor couplingQ, Tensor e) {
        boolean record = Grad.enabled() && (x.requiresGrad() || couplingQ.requiresGrad() || e.requiresGrad());
        int n = x.dim(1);
        if (!record) {
            // once for all stages and chunks, into the spare packing a finished integration left (if any)
            Kernels.Packed packedQ = Kernels.pack(false, n, n, couplingQ.array(), 0, takeSpare(n));
            float[] out = forward(x, packedQ, e, null);
            giveSpare(packedQ);
            return Tensor.wrap(out, x.shape());
        }
        // the residuals are the call's tape: the stages' sin and cos, and Q's packing when Q is symmetric
        Function f = Function.of("coupledOscillatorsRk4",
                in -> {
                    Tape tape = new Tape(in);
                    return new Function.Saved<>(Tensor.wrap(recordForward(in, n, tape), in[0].shape()), tape);
                },
                (Tape tape, Tensor g) -> {
                    Tensor[] in = tape.in;
                    // a second backward through this call: the first gave the tape's arrays back
                    if (tape.stageSin == null) recordForward(in, n, tape);
                    // Q symmetric: Qᵀ is the forward's packing (10 MB less to allocate and pack at N = 1610)
                    Kernels.Packed packedQt = tape.packedQ != null ? tape.packedQ : Kernels.pack(false, n, n,
                            (symmetricCoupling ? in[1] : in[1].transpose()).array(), 0, takeSpare(n));
                    tape.packedQ = null;
                    Tensor[] grads = backward(in, g, tape, packedQt, in[1].requiresGrad() ? new float[n * n] : null);
                    giveSpare(packedQt);
                    return grads;
                });
        return f.apply(x, couplingQ, e);
    }

    /** {@link #apply}'s recorded forward from (x, Q, e): the tape keeps the packing of Q when Q is symmetric. */
    private float[] recordForward(Tensor[] in, int n, Tape tape) {
        Kernels.Packed packedQ = Kernels.pack(false, n, n, in[1].array(), 0, takeSpare(n));
        float[] out = forward(in[0], packedQ, in[2], tape);
        if (symmetricCoupling) tape.packedQ = packedQ;
        else giveSpare(packedQ);
        return out;
    }

    /**
     * q(T) [batch, N] from x [batch, N], the coupling parameter C [N, N] and e [N]: Q = Q(C) (see
     * {@link CoupledOscillators#couplingMatrix(Tensor, boolean)}) plus {@code extra} (a fixed [N, N] coupling, or
     * null) is built inside the op, straight into the packing the stage products read
     * ({@link DiffusiveCoupling#packed}), which is kept between calls with an N×N work array
     * ({@link Coupling}); no Q tensor is made. Recorded as one op when any input needs a gradient; its backward
     * returns dL/dC directly (dL/dQ goes through the work array, then {@link CoupledOscillators}'s coupling VJP).
     * At N = 1610 this saves three 10 MB arrays per training step against
     * {@code apply(x, couplingMatrix(C), e)}, with the same floats.
     */
    Tensor applyCoupling(Tensor x, Tensor c, Tensor e, boolean selfCoupling, float[] extra) {
        if (!symmetricCoupling) throw new IllegalStateException("Q(C) is symmetric: build this integrator with symmetricCoupling");
        boolean record = Grad.enabled() && (x.requiresGrad() || c.requiresGrad() || e.requiresGrad());
        int n = x.dim(1);
        if (!record) {
            Coupling cp = Coupling.build(c, n, selfCoupling, extra);
            float[] out = forward(x, cp.packed, e, null);
            cp.release();
            return Tensor.wrap(out, x.shape());
        }
        // the residuals are the call's tape: the stages' sin and cos, and Q(C)'s packing and work array
        Function f = Function.of("coupledOscillatorsRk4",
                in -> {
                    Tape tape = new Tape(in);
                    tape.coupling = Coupling.build(in[1], n, selfCoupling, extra);
                    return new Function.Saved<>(Tensor.wrap(forward(in[0], tape.coupling.packed, in[2], tape), in[0].shape()), tape);
                },
                (Tape tape, Tensor g) -> {
                    Tensor[] in = tape.in;
                    Coupling cp = tape.coupling;
                    if (cp == null) {
                        // a second backward through this call: the first gave Q(C) and the tape's arrays back
                        cp = Coupling.build(in[1], n, selfCoupling, extra);
                        forward(in[0], cp.packed, in[2], tape);
                    }
                    tape.coupling = null;
                    // dL/dQ into Q's own array: the packing is all the backward reads of Q, and it is done by then
                    Tensor[] grads = backward(in, g, tape, cp.packed, in[1].requiresGrad() ? cp.q : null);
                    if (grads[1] != null)
                        grads[1] = Tensor.wrap(CoupledOscillators.couplingVjp(cp.q, n, selfCoupling), n, n);
                    cp.release();
                    return grads;
                });
        return f.apply(x, c, e);
    }

    /**
     * The packing of Q(C) (+ extra) and an N×N work array, pooled per N (softly referenced, as the spare packings
     * are) so that the device's and the model's integrations reuse them: at N = 1610 each is 10 MB that a training
     * step allocated three times. The work array holds dL/dQ in the backward, and the dense Q where the Vector API
     * is absent (the packing then reads it at every product), so the two are only ever used and pooled together.
     */
    private static final class Coupling {
        private static final ConcurrentHashMap<Integer, SoftReference<Coupling>> POOL = new ConcurrentHashMap<>();

        final float[] q;
        Kernels.Packed packed;

        private Coupling(int n) {
            this.q = new float[n * n];
        }

        /** Q(C) + extra built and packed, in a pooled pair taken out of the pool until {@link #release}. */
        static Coupling build(Tensor c, int n, boolean selfCoupling, float[] extra) {
            SoftReference<Coupling> r = POOL.remove(n);
            Coupling cp = r == null ? null : r.get();
            if (cp == null) cp = new Coupling(n);
            // straight into the packed layout; cp.q is written only where the packing needs the dense matrix
            cp.packed = DiffusiveCoupling.packed(c.array(), n, selfCoupling, extra, cp.q, cp.packed);
            return cp;
        }

        void release() {
            POOL.put(packed.columns(), new SoftReference<>(this));
        }
    }

    /**
     * Rows per chunk of the batch: the rows of a batch never interact, so chunks integrate independently on
     * {@link Kernels#forEachChunk}'s threads. The size depends on the batch and N only (never on the thread
     * count), so results are the same with any number of threads; at least 16 rows when N is large, so that each
     * chunk's [rows, N]×[N, N] product reuses every element of Q it reads.
     */
    static int chunkRows(int batch, int n) {
        return Math.min(batch, Math.max((batch + 7) / 8, n >= 512 ? 16 : 8));
    }

    /** q(T) from x with the packed Q; with a tape, records sin and cos of every stage for {@link #backward}. */
    private float[] forward(Tensor xt, Kernels.Packed packedQ, Tensor et, Tape tape) {
        int batch = xt.dim(0), n = xt.dim(1), m = batch * n;
        float[] x = xt.array(), e = et.array(), out = new float[m];
        if (tape != null) {
            tape.stageSin = takeArray(steps * 4 * m);
            tape.stageCos = takeArray(steps * 4 * m);
        }
        int rowsPerChunk = chunkRows(batch, n), chunks = (batch + rowsPerChunk - 1) / rowsPerChunk;
        Kernels.forEachChunk(chunks, chunk -> {
            int b0 = chunk * rowsPerChunk, rows = Math.min(rowsPerChunk, batch - b0), mc = rows * n, base = b0 * n;
            Scratch sc = SCRATCH.get();
            float[] q = sc.get(0, mc), p = sc.get(1, mc), qs = sc.get(2, mc), ps = sc.get(3, mc), sin = sc.get(4, mc),
                    qNext = sc.get(6, mc), pNext = sc.get(7, mc), coupled = sc.get(8, mc);
            System.arraycopy(x, base, q, 0, mc);
            java.util.Arrays.fill(p, 0, mc, 0f);
            for (int step = 0; step < steps; step++) {
                for (int st = 0; st < 4; st++) {
                    // the stage's position and momentum: (q, p) at stage 0, else written by the previous stage's pass
                    float[] qS = st == 0 ? q : qs, pS = st == 0 ? p : ps, s = sin;
                    int sOff = 0;
                    if (tape != null) {
                        s = tape.stageSin;
                        sOff = (step * 4 + st) * m + base;
                        Kernels.sinCos(qS, 0, mc, k, s, tape.stageCos, sOff);
                    } else {
                        Kernels.sinCos(qS, 0, mc, k, s, null, 0);
                    }
                    Kernels.gemm(rows, 1f, s, sOff, packedQ, 0f, coupled, 0);
                    // one pass: the acceleration a, the step's weighted sums, and the next stage's position and momentum
                    float w = WEIGHT[st] * h, c = st < 3 ? STAGE[st + 1] * h : 0f;
                    boolean first = st == 0, next = st < 3;
                    for (int r = 0, i = 0; r < rows; r++)
                        for (int j = 0; j < n; j++, i++) {
                            float a = coupled[i] - s[sOff + i] + e[j], pi = pS[i];
                            if (first) {
                                qNext[i] = q[i] + w * pi;
                                pNext[i] = p[i] + w * a;
                            } else {
                                qNext[i] += w * pi;
                                pNext[i] += w * a;
                            }
                            if (next) {
                                qs[i] = q[i] + c * pi;
                                ps[i] = p[i] + c * a;
                            }
                        }
                }
                float[] t = q; q = qNext; qNext = t;
                t = p; p = pNext; pNext = t;
            }
            System.arraycopy(q, 0, out, base, mc);
        });
        return out;
    }

    /**
     * One packing of Q per size N kept for the next integration: at N = 1610 each is 10 MB, and a PAT step
     * integrates three times (device, model forward, model backward), so without it every step allocated, zeroed
     * and collected 20-30 MB. Removed from here while an integration or a recorded tape uses it, so no two calls
     * share one; softly referenced, so it never keeps memory the heap needs.
     */
    private static final ConcurrentHashMap<Integer, SoftReference<Kernels.Packed>> SPARE = new ConcurrentHashMap<>();

    private static Kernels.Packed takeSpare(int n) {
        SoftReference<Kernels.Packed> r = SPARE.remove(n);
        return r == null ? null : r.get();
    }

    private static void giveSpare(Kernels.Packed p) {
        SPARE.put(p.columns(), new SoftReference<>(p));
    }

    /**
     * The tape's arrays (sin and cos of every stage, dL/da of every stage: 4 MB each for oscillators(1610) at batch
     * 32, and for oscillators(100) at batch 512), kept per length for the next integration, a few of each, softly
     * referenced: without it every training step allocated and collected some 25 MB of them. Contents are
     * garbage on taking.
     */
    private static final ConcurrentHashMap<Integer, java.util.concurrent.ConcurrentLinkedDeque<SoftReference<float[]>>> ARRAYS =
            new ConcurrentHashMap<>();
    private static final int ARRAYS_PER_LENGTH = 4;

    private static float[] takeArray(int length) {
        var kept = ARRAYS.get(length);
        if (kept != null)
            for (SoftReference<float[]> r; (r = kept.pollFirst()) != null; ) {
                float[] a = r.get();
                if (a != null) return a;
            }
        return new float[length];
    }

    private static void giveArray(float[] a) {
        var kept = ARRAYS.computeIfAbsent(a.length, l -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        if (kept.size() < ARRAYS_PER_LENGTH) kept.addFirst(new SoftReference<>(a));
    }

    /**
     * The VJP of the recorded integration: dL/dx, dL/dQ and dL/de, reading Qᵀ from {@code packedQt} (the forward's
     * packing when Q is symmetric). dL/dQ is written into {@code gradQ} when it is not null (any contents: they are
     * overwritten, after the last product with {@code packedQt}, so it may be the array that packing was made from);
     * null when Q needs no gradient.
     */
    private Tensor[] backward(Tensor[] in, Tensor g, Tape tape, Kernels.Packed packedQt, float[] gradQ) {
        int batch = in[0].dim(0), n = in[0].dim(1), m = batch * n;
        float[] gOut = g.array();
        float[] gx = new float[m];
        // dL/da of every stage, where the dL/dQ product reads them (else per-thread scratch)
        float[] stackedGa = gradQ != null ? takeArray(steps * 4 * m) : null;
        int rowsPerChunk = chunkRows(batch, n), chunks = (batch + rowsPerChunk - 1) / rowsPerChunk;
        double[][] geChunk = new double[chunks][n];
        float[] stageCos = tape.stageCos;
        Kernels.forEachChunk(chunks, chunk -> {
            int b0 = chunk * rowsPerChunk, rows = Math.min(rowsPerChunk, batch - b0), mc = rows * n, base = b0 * n;
            Scratch sc = SCRATCH.get();
            float[] gq = sc.get(0, mc), gp = sc.get(1, mc), back = sc.get(4, mc);
            float[][] gPs = {sc.get(5, mc), sc.get(6, mc), sc.get(7, mc), sc.get(8, mc)};
            float[][] ga = new float[4][];
            int[] gaOff = new int[4];
            double[] ge = geChunk[chunk];
            System.arraycopy(gOut, base, gq, 0, mc);
            java.util.Arrays.fill(gp, 0, mc, 0f);
            for (int step = steps - 1; step >= 0; step--) {
                for (int st = 0; st < 4; st++) {
                    ga[st] = stackedGa != null ? stackedGa : sc.get(9 + st, mc);
                    gaOff[st] = stackedGa != null ? (step * 4 + st) * m + base : 0;
                    float w = WEIGHT[st] * h;
                    float[] gPsS = gPs[st], gaS = ga[st];
                    for (int i = 0, o = gaOff[st]; i < mc; i++, o++) {
                        gPsS[i] = w * gq[i];
                        gaS[o] = w * gp[i];
                    }
                }
                // gq and gp now accumulate the gradient w.r.t. the state at the start of this step; dL/da of stage 3
                // is final now, that of stage st - 1 after stage st's pass (which adds it to dL/de there)
                for (int r = 0, o = gaOff[3]; r < rows; r++)
                    for (int j = 0; j < n; j++, o++) ge[j] += ga[3][o];
                for (int st = 3; st >= 0; st--) {
                    float[] gaS = ga[st], gPsS = gPs[st];
                    int so = gaOff[st], off = (step * 4 + st) * m + base;
                    Kernels.gemm(rows, 1f, gaS, so, packedQt, 0f, back, 0);
                    if (st > 0) {
                        float c = STAGE[st] * h;
                        float[] gaPrev = ga[st - 1], gPsPrev = gPs[st - 1];
                        int po = gaOff[st - 1];
                        for (int r = 0, i = 0; r < rows; r++)
                            for (int j = 0; j < n; j++, i++) {
                                float gQs = k * stageCos[off + i] * (back[i] - gaS[so + i]);
                                gp[i] += gPsS[i];
                                float gaP = gaPrev[po + i] + c * gPsS[i];
                                gaPrev[po + i] = gaP;
                                ge[j] += gaP;
                                gq[i] += gQs;
                                gPsPrev[i] += c * gQs;
                            }
                    } else {
                        for (int i = 0; i < mc; i++) {
                            gq[i] += k * stageCos[off + i] * (back[i] - gaS[so + i]);
                            gp[i] += gPsS[i];
                        }
                    }
                }
            }
            System.arraycopy(gq, 0, gx, base, mc);
        });
        Tensor gCoupling = null;
        if (stackedGa != null) {
            // dL/dQ = Σ over steps, stages and rows of sin(k·q_stage)ᵀ · dL/da_stage: one [N, R]×[R, N] product
            // (beta = 0: gradQ's old contents are never read)
            int rows = steps * 4 * batch;
            Kernels.gemm(true, false, n, n, rows, 1f, tape.stageSin, 0, stackedGa, 0, 0f, gradQ, 0);
            gCoupling = Tensor.wrap(gradQ, n, n);
            giveArray(stackedGa);
        }
        giveArray(tape.stageSin);
        giveArray(tape.stageCos);
        tape.stageSin = tape.stageCos = null;
        Tensor gField = null;
        if (in[2].requiresGrad()) {
            float[] d = new float[n];
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (double[] part : geChunk) sum += part[j];
                d[j] = (float) sum;
            }
            gField = Tensor.wrap(d, n);
        }
        return new Tensor[] {in[0].requiresGrad() ? Tensor.wrap(gx, batch, n) : null, gCoupling, gField};
    }

    /** Per-thread work arrays, reused from call to call (grown when a larger chunk needs them). */
    static final class Scratch {
        private final float[][] arrays = new float[16][0];

        float[] get(int index, int size) {
            if (arrays[index].length < size) arrays[index] = new float[size];
            return arrays[index];
        }
    }

    static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
}
