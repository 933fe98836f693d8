package org.pnn4j.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-threaded row-major sgemm on the JDK Vector API, tuned for the small and medium products of
 * training (batch 32-256 × 12-2048): GotoBLAS-style blocking (k in blocks of {@link #KC}, rows in blocks of
 * {@link #MC}), op(B) packed into panels of {@link #NR} columns, op(A) into panels of {@link #MR} rows, and an
 * MR×NR register-blocked micro-kernel of FMAs (4 × 16 floats with AVX2, 8 × 32 with AVX-512).
 *
 * <p>Only loaded by {@link LinearAlgebra} after it has checked that {@code jdk.incubator.vector} is in the
 * boot layer; uses only API present in JDK 17's incubator version (fromArray, broadcast, fma, mul, add,
 * intoArray, zero).
 */
final class VectorGemm {
    private VectorGemm() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Tile rows: 8 with 32 vector registers (AVX-512, NEON/SVE), 4 with 16 (AVX2). 8×2 vectors use 16
     * accumulators + 2 B vectors + a broadcast (19 of 32 registers) and divide the batch sizes of training
     * (16, 32, 64) exactly: the 6-row tile it replaced computed 36 rows for a 32-row stage product. Measured at
     * [32,1610]×[1610,1610] (B prepacked, one thread, idle machine): 1373 µs against 1535 µs for 6 rows.
     * With AVX2, a 6×2 tile's 12 accumulators + 2 B vectors + a broadcast fill all 16 ymm registers and C2
     * spills: measured a third slower at 64×128×128 than 4 rows.
     */
    static final int MR = L >= 16 ? 8 : 4, NR = 2 * L;
    /** k block: an MR×KC A panel (4-8 KB) and a KC×NR B panel (16 KB with AVX2, 32 KB with AVX-512) stay in L1 together. */
    static final int KC = 256;
    /** Row block: the packed MC×KC block of A (144 KB) stays in L2. */
    static final int MC = 144; // multiple of both tile heights

    private static final class Scratch {
        float[] a = new float[MC * KC];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];
        /** Gather offsets of {@link #packA} and of the coupling kernels, each with its row stride at [L]. */
        private final int[] panel = offsets(), rows = offsets();

        /** {@link #packA}'s: lane l reads row l mod MR at p + l / MR of an A with row stride lda. */
        int[] panelOffsets(int lda) {
            return offsets(panel, MR, lda);
        }

        /** One element from each of L consecutive rows of an n-wide matrix: offsets 0, n, 2n, .... */
        int[] rowOffsets(int n) {
            return offsets(rows, L, n);
        }

        private static int[] offsets() {
            int[] o = new int[L + 1];
            o[L] = -1;
            return o;
        }

        /** Lane l at row l mod rowsPerGroup, column l / rowsPerGroup of a matrix with row stride {@code stride}. */
        private static int[] offsets(int[] o, int rowsPerGroup, int stride) {
            if (o[L] != stride) {
                for (int l = 0; l < L; l++) o[l] = (l % rowsPerGroup) * stride + l / rowsPerGroup;
                o[L] = stride;
            }
            return o;
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Lanes per vector (for diagnostics). */
    static int lanes() {
        return L;
    }

    /** As {@link LinearAlgebra#gemm}, for m, n, k &gt; 0; c must not overlap a or b. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        gemm(transA, transB, m, n, k, alpha, a, aOff, transA ? m : k, b, bOff, transB ? k : n, beta, c, cOff, n);
    }

    /** As above with leading dimensions (row strides) lda, ldb, ldc of the stored A, B and C. */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff,
                     int ldc) {
        Scratch s = SCRATCH.get();
        int nPanels = panels(n);
        int bNeed = Math.min(KC, k) * nPanels * NR;
        if (s.b.length < bNeed) s.b = new float[bNeed];
        float[] ap = s.a, bp = s.b;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            packB(transB, b, bOff, ldb, n, pc, kc, bp, 0);
            float betaHere = pc == 0 ? beta : 1f;
            for (int ic = 0; ic < m; ic += MC) {
                int mc = Math.min(MC, m - ic);
                packA(transA, a, aOff, lda, ic, mc, pc, kc, ap, s.panelOffsets(lda));
                for (int jp = 0; jp < nPanels; jp++) {
                    int j0 = jp * NR, nr = Math.min(NR, n - j0);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        kernel(kc, ap, ir * kc, bp, jp * kc * NR, c, cOff + (ic + ir) * ldc + j0, ldc, mr, nr,
                                alpha, betaHere, s.tile);
                    }
                }
            }
        }
    }

    /**
     * op(B) [k×n] packed once for many products: k block pc (of KC rows) starts at {@code blockStart[pc/KC]}, and
     * holds its panels as {@link #packB} lays them out. Reusing it skips the packing a product of a few rows
     * (a batch of 16-32 against a 1610×1610 coupling) otherwise spends most of its time on.
     */
    static final class PackedB {
        final int k, n;
        final float[] data;

        PackedB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
            this(k, n);
            pack(transB, b, bOff, ldb);
        }

        /** An unfilled packing of a [k×n] matrix. */
        PackedB(int k, int n) {
            this.k = k;
            this.n = n;
            this.data = new float[k * panels(n) * NR];
        }

        /**
         * Packs {@link Kernels#symmetrized}'s matrix of C [n×n] straight into place, with
         * exactly the floats of building it densely and packing that. Phase 1, k blocks × column-panel groups on the
         * kernel threads: (C_ij + C_ji)/2 off the diagonal, reading C by rows for both terms (column j of a k block
         * is a run of row j of C, gathered NR rows at a time), so no N×N matrix is written and read back column-wise;
         * 0 on the diagonal. Phase 2, groups of rows: each row's sum in the dense builder's order, the extra matrix,
         * then the diagonal.
         */
        void packSymmetrized(float[] c, Kernels.DiagonalRule diagonal, float[] extra) {
            int nPanels = panels(n), blocks = (k + KC - 1) / KC, groups = Math.min(4, nPanels);
            Kernels.forEachChunk(blocks * groups, ch -> {
                int pc = ch / groups * KC, kc = Math.min(KC, k - pc), g = ch % groups;
                int[] rows = SCRATCH.get().rowOffsets(n);
                for (int jp = nPanels * g / groups, jpTo = nPanels * (g + 1) / groups; jp < jpTo; jp++) {
                    int j0 = jp * NR, nr = Math.min(NR, n - j0), base = pc * nPanels * NR + jp * kc * NR;
                    for (int p = 0, d = base; p < kc; p++, d += NR) {
                        System.arraycopy(c, (pc + p) * n + j0, data, d, nr);
                        for (int j = nr; j < NR; j++) data[d + j] = 0f;
                    }
                    if (nr == NR) {
                        // C_ji for the NR columns j of this panel, a gather of one element from each of L rows of C
                        for (int p = 0, d = base; p < kc; p++, d += NR) {
                            int src = j0 * n + pc + p;
                            for (int v = 0; v < NR; v += L) {
                                FloatVector t = FloatVector.fromArray(S, c, src + v * n, rows, 0);
                                FloatVector.fromArray(S, data, d + v).add(t).mul(0.5f).intoArray(data, d + v);
                            }
                        }
                    } else {
                        for (int j = 0; j < nr; j++) {
                            int src = (j0 + j) * n + pc;
                            for (int p = 0, d = base + j; p < kc; p++, d += NR) data[d] = 0.5f * (data[d] + c[src + p]);
                        }
                    }
                    for (int r = Math.max(pc, j0), end = Math.min(pc + kc, j0 + nr); r < end; r++)
                        data[base + (r - pc) * NR + r - j0] = 0f;
                }
            });
            // by 64-row groups of a k block, panel after panel (the block's rows are read in order); each row's sum
            // keeps the dense builder's order: four partial sums by column mod 4, columns past the last whole group
            // of 4 into the first
            int rowsPerChunk = 64, groupsPerBlock = (KC + rowsPerChunk - 1) / rowsPerChunk, full = n - n % 4;
            Kernels.forEachChunk(blocks * groupsPerBlock, ch -> {
                int pc = ch / groupsPerBlock * KC, kc = Math.min(KC, k - pc);
                int p0 = ch % groupsPerBlock * rowsPerChunk, p1 = Math.min(kc, p0 + rowsPerChunk);
                if (p0 >= p1) return;
                double[] sums = new double[4 * (p1 - p0)];
                for (int jp = 0; jp < nPanels; jp++) {
                    int j0 = jp * NR, nr = Math.min(NR, n - j0), whole = Math.min(nr, Math.max(0, full - j0));
                    for (int p = p0; p < p1; p++) {
                        int d = pc * nPanels * NR + jp * kc * NR + p * NR, o = 4 * (p - p0), j = 0;
                        double s0 = sums[o], s1 = sums[o + 1], s2 = sums[o + 2], s3 = sums[o + 3];
                        for (; j < whole; j += 4) {
                            s0 += data[d + j];
                            s1 += data[d + j + 1];
                            s2 += data[d + j + 2];
                            s3 += data[d + j + 3];
                        }
                        for (; j < nr; j++) s0 += data[d + j];
                        sums[o] = s0;
                        sums[o + 1] = s1;
                        sums[o + 2] = s2;
                        sums[o + 3] = s3;
                        // the extra coupling after the sum has read this row's part of the panel (the diagonal too:
                        // it is 0 until set below)
                        if (extra != null)
                            for (int jj = 0, e = (pc + p) * n + j0; jj < nr; jj++) data[d + jj] += extra[e + jj];
                    }
                }
                for (int p = p0; p < p1; p++) {
                    int r = pc + p, o = 4 * (p - p0);
                    float diag = diagonal.diagonal(r, (sums[o] + sums[o + 1]) + (sums[o + 2] + sums[o + 3]));
                    data[pc * nPanels * NR + (r / NR) * kc * NR + p * NR + r % NR] = extra == null ? diag : diag + extra[r * n + r];
                }
            });
        }

        /**
         * (Re)packs op(B) [k×n] into this packing's array, straight into place, its k blocks split over the kernel
         * threads (a 1610×1610 coupling: 10 MB of memory-bound copying per pack).
         */
        void pack(boolean transB, float[] b, int bOff, int ldb) {
            int nPanels = panels(n), blocks = (k + KC - 1) / KC;
            Kernels.forEachChunk(blocks, blk -> {
                int pc = blk * KC, kc = Math.min(KC, k - pc);
                packB(transB, b, bOff, ldb, n, pc, kc, data, pc * nPanels * NR);
            });
        }
    }

    /**
     * Rows [i0, i1) of {@link Kernels#symmetrizedLessOuterSum} (diagonal excepted), columns [0, done) of each, in
     * column blocks of L: G_ij contiguous, G_ji gathered from L rows; returns done (a multiple of L), the caller
     * does the rest.
     */
    static int symmetrizedLessOuterSum(float[] g, int n, float[] diag, float[] d, int i0, int i1) {
        int done = n - n % L;
        int[] rows = SCRATCH.get().rowOffsets(n);
        for (int j0 = 0; j0 < done; j0 += L) {
            FloatVector gjj = FloatVector.fromArray(S, diag, j0);
            for (int i = i0; i < i1; i++) {
                FloatVector gij = FloatVector.fromArray(S, g, i * n + j0);
                FloatVector gji = FloatVector.fromArray(S, g, j0 * n + i, rows, 0);
                gij.add(gji).sub(gjj.add(diag[i])).mul(0.5f).intoArray(d, i * n + j0);
            }
        }
        return done;
    }

    /** C[m×n] = alpha·op(A)·B + beta·C with B prepacked; A stored with leading dimension lda, C dense (ldc = n). */
    static void gemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB packed, float beta,
                     float[] c, int cOff) {
        gemm(transA, m, alpha, a, aOff, lda, packed, 0, panels(packed.n), beta, c, cOff);
    }

    /** Column panels of NR columns in n columns. */
    static int panels(int n) {
        return (n + NR - 1) / NR;
    }

    /**
     * As above, for the columns of panels [jpFrom, jpTo) only (panel jp holds columns jp·NR to jp·NR + NR - 1):
     * every element computed is exactly what the whole product gives, so threads can share a product by panels.
     */
    static void gemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB packed, int jpFrom,
                     int jpTo, float beta, float[] c, int cOff) {
        Scratch s = SCRATCH.get();
        int n = packed.n, k = packed.k, nPanels = panels(n);
        float[] ap = s.a, bp = packed.data;
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc), bBase = pc * nPanels * NR;
            float betaHere = pc == 0 ? beta : 1f;
            for (int ic = 0; ic < m; ic += MC) {
                int mc = Math.min(MC, m - ic);
                packA(transA, a, aOff, lda, ic, mc, pc, kc, ap, s.panelOffsets(lda));
                for (int jp = jpFrom; jp < jpTo; jp++) {
                    int j0 = jp * NR, nr = Math.min(NR, n - j0);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        kernel(kc, ap, ir * kc, bp, bBase + jp * kc * NR, c, cOff + (ic + ir) * n + j0, n, mr, nr,
                                alpha, betaHere, s.tile);
                    }
                }
            }
        }
    }

    /** Panel jp of op(B)[pc:pc+kc, :] at bp[bpOff + jp·kc·NR], laid out [p][NR], zero-padded past n. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int n, int pc, int kc, float[] bp,
                              int bpOff) {
        for (int j0 = 0, base = bpOff; j0 < n; j0 += NR, base += kc * NR) {
            int nr = Math.min(NR, n - j0);
            if (!transB) {
                // B is [k×n]
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + j0, dst = base + p * NR;
                    System.arraycopy(b, src, bp, dst, nr);
                    for (int j = nr; j < NR; j++) bp[dst + j] = 0f;
                }
            } else {
                // B is [n×k]: op(B)(p, j) = b[j·k + p]
                for (int j = 0; j < NR; j++) {
                    if (j < nr) {
                        int src = bOff + (j0 + j) * ldb + pc;
                        for (int p = 0; p < kc; p++) bp[base + p * NR + j] = b[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) bp[base + p * NR + j] = 0f;
                    }
                }
            }
        }
    }

    /** Panels of MR rows of op(A)[ic:ic+mc, pc:pc+kc] at ap[r·MR·kc], laid out [p][MR], zero-padded past mc. */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc,
                              float[] ap, int[] idx) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int mr = Math.min(MR, mc - i0), base = i0 * kc;
            if (!transA && mr == MR && L == 2 * MR) {
                // A is [m×k], a whole panel: one gather of L lanes takes the MR rows' elements at p and p + 1 (a
                // transposing copy; element by element it cost a tenth of a 16 × 1610 × 1610 stage product)
                int src = aOff + (ic + i0) * lda + pc, p = 0;
                for (; p + 1 < kc; p += 2) FloatVector.fromArray(S, a, src + p, idx, 0).intoArray(ap, base + p * MR);
                for (; p < kc; p++)
                    for (int i = 0; i < MR; i++) ap[base + p * MR + i] = a[src + i * lda + p];
            } else if (!transA) {
                // A is [m×k]
                for (int i = 0; i < MR; i++) {
                    if (i < mr) {
                        int src = aOff + (ic + i0 + i) * lda + pc;
                        for (int p = 0; p < kc; p++) ap[base + p * MR + i] = a[src + p];
                    } else {
                        for (int p = 0; p < kc; p++) ap[base + p * MR + i] = 0f;
                    }
                }
            } else {
                // A is [k×m]: op(A)(i, p) = a[p·m + i]
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + ic + i0, dst = base + p * MR;
                    for (int i = 0; i < mr; i++) ap[dst + i] = a[src + i];
                    for (int i = mr; i < MR; i++) ap[dst + i] = 0f;
                }
            }
        }
    }

    /**
     * One MR×NR tile of C: the micro-kernel accumulates it into {@code tile}, then it is written into C (whole, or
     * its mr×nr part at an edge). The write and its branches live here, not in the micro-kernel: C2 compiles a
     * branch it never saw taken as a trap, and the first partial tile or nonzero beta (say, dL/dQ's 1610 rows at
     * the end of the first training step) then threw the whole micro-kernel back to the interpreter, where the
     * Vector API is about a hundred times slower, until C2 compiled it again. A trap here only sends this small
     * method back; the micro-kernel, too large to be inlined, keeps its compiled code.
     */
    private static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc,
                               int mr, int nr, float alpha, float beta, float[] tile) {
        if (MR == 8) kernel8(kc, ap, ao, bp, bo, tile);
        else kernel4(kc, ap, ao, bp, bo, tile);
        if (mr == MR && nr == NR) write(tile, c, co, ldc, MR, alpha, beta);
        else edge(tile, c, co, ldc, mr, nr, alpha, beta);
    }

    /** The MR = 4 micro-kernel (AVX2: 8 accumulators of 8 lanes): op(A) panel × B panel into {@code tile}. */
    private static void kernel4(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++, ao += 4, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        // spill to the tile, which kernel() writes into C: the accumulators never leave this method as objects (passing
        // them to a helper that C2 declines to inline boxes each one, measured 0.6 GB/s of garbage in training)
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
    }

    /** The MR = 8 micro-kernel (AVX-512: 16 accumulators of 16 lanes): op(A) panel × B panel into {@code tile}. */
    private static void kernel8(int kc, float[] ap, int ao, float[] bp, int bo, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00,
                c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++, ao += 8, bo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + L);
            FloatVector x = FloatVector.broadcast(S, ap[ao]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        // spill to the tile (see kernel4)
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        c60.intoArray(tile, 6 * NR);
        c61.intoArray(tile, 6 * NR + L);
        c70.intoArray(tile, 7 * NR);
        c71.intoArray(tile, 7 * NR + L);
    }

    /** Writes the mr×nr part of a spilled tile that lies inside C. */
    private static void edge(float[] tile, float[] c, int co, int ldc, int mr, int nr, float alpha, float beta) {
        for (int i = 0; i < mr; i++) {
            int row = co + i * ldc;
            if (beta == 0f) {
                for (int j = 0; j < nr; j++) c[row + j] = alpha * tile[i * NR + j];
            } else {
                for (int j = 0; j < nr; j++) c[row + j] = alpha * tile[i * NR + j] + beta * c[row + j];
            }
        }
    }

    /** Writes a whole spilled tile of {@code rows} rows × NR columns: C = alpha·tile + beta·C (C not read when beta = 0). */
    private static void write(float[] tile, float[] c, int co, int ldc, int rows, float alpha, float beta) {
        for (int i = 0; i < rows; i++) {
            for (int v = 0; v < NR; v += L) {
                int off = co + i * ldc + v;
                FloatVector r = FloatVector.fromArray(S, tile, i * NR + v).mul(alpha);
                if (beta != 0f) r = r.add(FloatVector.fromArray(S, c, off).mul(beta));
                r.intoArray(c, off);
            }
        }
    }
}
