package org.pnn4j.tensor.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Float-array kernels for fused physics ops (the RK4 integrators of {@code org.pnn4j.physics}), which work on
 * plain arrays rather than on taped {@code Tensor} ops: row-major sgemm with offsets, sin/cos of a range, and a
 * loop over independent chunks of work spread over the cores.
 *
 * <p>Threads: {@link #threads()} workers (system property {@code pnn4j.threads}, default the number of available
 * processors; 1 runs everything on the caller's thread). Callers split their work into chunks whose boundaries do
 * not depend on the thread count, and combine per-chunk partial results in chunk order, so results are bit for
 * bit the same with any number of threads.
 *
 * <p>Internal, raw API (see the package doc): plain arrays, offsets and no shape checks beyond sizes; user code works
 * with {@code Tensor} and {@code Function} instead.
 */
public final class Kernels {
    private Kernels() {}

    private static final int THREADS = Math.max(1, Integer.getInteger("pnn4j.threads",
            Runtime.getRuntime().availableProcessors()));
    private static final ThreadLocal<boolean[]> INSIDE = ThreadLocal.withInitial(() -> new boolean[1]);
    private static volatile ExecutorService pool;

    /** Threads {@link #forEachChunk} uses (the caller's included). */
    public static int threads() {
        return THREADS;
    }

    /**
     * The matrix-product path in use, for benchmark reports and diagnostics: the Vector API species width and
     * register tile of the own kernel, netlib's BLAS implementation class (native or pure Java) and which products
     * go where. Never throws.
     *
     * @return one line of text
     */
    public static String gemmDescription() {
        return Gemm.describe();
    }

    /** Whether the calling thread runs a chunk of {@link #forEachChunk} (where a nested one runs inline). */
    static boolean insideChunk() {
        return INSIDE.get()[0];
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (Kernels.class) {
                if (pool == null) {
                    AtomicInteger id = new AtomicInteger();
                    pool = Executors.newFixedThreadPool(THREADS - 1, r -> {
                        Thread t = new Thread(r, "pnn4j-kernel-" + id.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
                }
                p = pool;
            }
        }
        return p;
    }

    /**
     * Runs {@code body.accept(c)} for every chunk c in [0, chunks), on up to {@link #threads()} threads, and
     * returns when all have finished. Chunks must be independent (write disjoint parts of shared arrays). Called
     * from inside a chunk, it runs on the calling thread (no nested fan-out).
     *
     * @throws RuntimeException the first exception a chunk threw (the other chunks still finish first)
     */
    public static void forEachChunk(int chunks, IntConsumer body) {
        boolean[] inside = INSIDE.get();
        int helpers = Math.min(THREADS, chunks) - 1;
        if (helpers <= 0 || inside[0]) {
            for (int c = 0; c < chunks; c++) body.accept(c);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            boolean[] in = INSIDE.get();
            boolean was = in[0];
            in[0] = true;
            try {
                for (int c; (c = next.getAndIncrement()) < chunks; ) body.accept(c);
            } finally {
                in[0] = was;
            }
        };
        List<Future<?>> futures = new ArrayList<>(helpers);
        ExecutorService p = pool();
        for (int h = 0; h < helpers; h++) futures.add(p.submit(drain));
        RuntimeException failure = null;
        try {
            drain.run();
        } catch (RuntimeException | Error e) {
            failure = e instanceof RuntimeException r ? r : new RuntimeException(e);
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null)
                    failure = cause instanceof RuntimeException r ? r : new RuntimeException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = new IllegalStateException("interrupted while waiting for kernel chunks", e);
            }
        }
        if (failure != null) throw failure;
    }

    /**
     * Row-major C[m×n] = alpha·op(A)·op(B) + beta·C, op(A) m×k stored [m×k] (or [k×m] when transA) from aOff, op(B)
     * k×n stored [k×n] (or [n×k] when transB) from bOff, C from cOff (dense, leading dimension n). When beta is 0,
     * C is only written. Each element of C comes out the same however the rows of a product are split between
     * calls. Products above about 2·10⁸ multiply-adds spread their rows over the cores.
     *
     * @throws IllegalArgumentException if a size is negative
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                            float[] b, int bOff, float beta, float[] c, int cOff) {
        if (m < 0 || n < 0 || k < 0)
            throw new IllegalArgumentException("gemm sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        Gemm.gemm(transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
    }

    /**
     * Whether every element of x lies in [lo, hi] as float32 sees that range (NaN does not): the bounds are rounded to
     * the nearest float32 and a value equal to a rounded bound is inside, so a float32 computation that lands on
     * {@code (float) Math.PI} (3.1415927f, above π in double) passes a range [0, π]. The range check of a device's
     * inputs and parameters, 2.6 million floats per call at oscillators(1610), on the Vector API where present.
     */
    public static boolean allWithin(float[] x, double lo, double hi) {
        // every float >= lo is >= (float) lo (rounding is monotonic), so these admit the floats inside the double
        // range plus the rounded bounds themselves
        float loF = (float) lo, hiF = (float) hi;
        int done = 0;
        if (FastTrig.VECTOR) {
            if (!VectorTrig.allWithin(x, 0, x.length, loF, hiF)) return false;
            done = x.length - x.length % VectorTrig.lanes();
        }
        for (int i = done; i < x.length; i++)
            if (!(x[i] >= loF && x[i] <= hiF)) return false;
        return true;
    }

    /**
     * Above this many multiply-adds a product with a packed B is shared by the threads, by column panels (one
     * stage of oscillators(1610) at batch 32 is 8·10⁷; the fork and join cost 20-50 µs, the product about 1 ms).
     */
    static final long PACKED_PARALLEL_ABOVE = 10_000_000L;

    /**
     * A right-hand matrix packed once for many products ({@link #gemm(int, float, float[], int, Packed, float, float[], int)}):
     * for a fixed coupling matrix multiplied at every stage of an integration.
     */
    public static final class Packed {
        final VectorGemm.PackedB vector;
        /** The matrix packed (read by products that go to netlib); null for a packing built in place. */
        float[] b;
        int bOff;
        final int k, n;
        final boolean transB;

        /** An unfilled, untransposed k×n packing for the Vector API (filled in place by its caller). */
        private Packed(int k, int n) {
            this.transB = false;
            this.k = k;
            this.n = n;
            this.vector = new VectorGemm.PackedB(k, n);
        }

        private Packed(boolean transB, int k, int n, float[] b, int bOff) {
            this.transB = transB;
            this.k = k;
            this.n = n;
            this.b = b;
            this.bOff = bOff;
            this.vector = Gemm.vectorGemm() ? new VectorGemm.PackedB(transB, k, n, b, bOff, transB ? k : n) : null;
        }

        /** Rows of op(B). */
        public int rows() {
            return k;
        }

        /** Columns of op(B). */
        public int columns() {
            return n;
        }
    }

    /**
     * Packs op(B) [k×n] (stored [k×n], or [n×k] when transB, from bOff) for repeated products. The array is read
     * now (and again later only where the Vector API is absent), so it must not change while the packing is used.
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    public static Packed pack(boolean transB, int k, int n, float[] b, int bOff) {
        if (k <= 0 || n <= 0) throw new IllegalArgumentException("pack needs k, n > 0, got k=" + k + " n=" + n);
        return new Packed(transB, k, n, b, bOff);
    }

    /**
     * As {@link #pack(boolean, int, int, float[], int)}, but packs into {@code reuse} when it has the same shape
     * and orientation (and returns it), instead of allocating: for a caller that packs a new matrix of the same
     * size at every call (an N×N coupling: 10 MB at N = 1610). {@code reuse} must not be in use by any product
     * while it is repacked. A null or mismatched {@code reuse} is ignored.
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    public static Packed pack(boolean transB, int k, int n, float[] b, int bOff, Packed reuse) {
        if (reuse == null || reuse.k != k || reuse.n != n || reuse.transB != transB)
            return pack(transB, k, n, b, bOff);
        reuse.b = b;
        reuse.bOff = bOff;
        if (reuse.vector != null) reuse.vector.pack(transB, b, bOff, transB ? k : n);
        return reuse;
    }

    /** Tile edge of {@link #symmetrized}'s blocked loops: a B×B tile of C and of its transpose stay in L1 together. */
    private static final int TILE = 64;

    /**
     * Sets the diagonal of a matrix built by {@link #symmetrized} or {@link #packSymmetrized}: the caller's formula
     * (minus the row sum, for instance, makes the matrix minus a graph Laplacian), so that no model's formula lives in
     * this package.
     */
    @FunctionalInterface
    public interface DiagonalRule {
        /**
         * Element (i, i), from the sum of row i's off-diagonal elements (taken in double in a fixed order: four
         * partial sums by column mod 4, combined as (s0 + s1) + (s2 + s3)).
         */
        float diagonal(int i, double offDiagonalSum);
    }

    /**
     * The symmetric part of C [n×n] (row-major) off the diagonal, its diagonal from {@code diagonal}, plus an extra
     * matrix, into {@code q}:
     * <pre>
     *   Q_ij = (C_ij + C_ji)/2 + E_ij                                      (i ≠ j)
     *   Q_ii = diagonal(i, Σ_{j≠i} (C_ij + C_ji)/2) + E_ii
     * </pre>
     * Tile rows run on the kernel threads. {@code extra} may be null (E = 0).
     *
     * @return q
     * @throws IllegalArgumentException if an array is shorter than n·n
     */
    public static float[] symmetrized(float[] c, int n, DiagonalRule diagonal, float[] extra, float[] q) {
        checkSquare(n, c, extra, q);
        int tiles = (n + TILE - 1) / TILE;
        // in tiles, since reading C column-wise across 10 MB missed the caches; each tile row writes its own tiles
        // and their mirror images, so no two chunks write one element
        forEachChunk(tiles, t -> {
            int i0 = t * TILE, i1 = Math.min(n, i0 + TILE);
            for (int j0 = i0; j0 < n; j0 += TILE) {
                int j1 = Math.min(n, j0 + TILE);
                for (int i = i0; i < i1; i++)
                    for (int j = Math.max(j0, i + 1); j < j1; j++) {
                        float v = 0.5f * (c[i * n + j] + c[j * n + i]);
                        q[i * n + j] = v;
                        q[j * n + i] = v;
                    }
            }
        });
        // Q is symmetric, so a column sum is its row sum: read along rows, four partial sums to break the chain
        forEachChunk(tiles, t -> {
            for (int j = t * TILE, end = Math.min(n, j + TILE); j < end; j++) {
                int o = j * n, i = 0;
                q[o + j] = 0f; // the diagonal is not part of the sum (and may hold a previous call's value)
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (; i + 3 < n; i += 4) {
                    s0 += q[o + i];
                    s1 += q[o + i + 1];
                    s2 += q[o + i + 2];
                    s3 += q[o + i + 3];
                }
                for (; i < n; i++) s0 += q[o + i];
                q[o + j] = diagonal.diagonal(j, (s0 + s1) + (s2 + s3));
                if (extra != null) for (i = 0; i < n; i++) q[o + i] += extra[o + i];
            }
        });
        return q;
    }

    /**
     * {@link #symmetrized}'s matrix packed for {@link #gemm(int, float, float[], int, Packed, float, float[], int)},
     * with exactly the floats of building it densely and packing that, but built straight into the packed layout
     * where the Vector API is in use: at n = 1610 that skips writing a 10 MB matrix, half of it column-wise, and
     * reading it back (measured on 2 threads: 2.0 ms against 2.6 + 0.6 ms for building densely and packing; 2.5-2.8
     * ms with an extra matrix). {@code dense}, an n×n array, is written only
     * where the packing needs the matrix itself (no Vector API); it must then stay unchanged while the packing is
     * used. {@code reuse} as for {@link #pack(boolean, int, int, float[], int, Packed)}.
     *
     * @throws IllegalArgumentException if an array is shorter than n·n
     */
    public static Packed packSymmetrized(float[] c, int n, DiagonalRule diagonal, float[] extra, float[] dense, Packed reuse) {
        checkSquare(n, c, extra, dense);
        if (!Gemm.vectorGemm()) return pack(false, n, n, symmetrized(c, n, diagonal, extra, dense), 0, reuse);
        Packed p = reuse != null && reuse.k == n && reuse.n == n && !reuse.transB ? reuse : new Packed(n, n);
        p.b = null;
        p.bOff = 0;
        p.vector.packSymmetrized(c, diagonal, extra);
        return p;
    }

    /**
     * The symmetric part of G [n×n] less a sum of two vector elements, off the diagonal, into {@code d}:
     * <pre>
     *   d_ij = ((G_ij + G_ji) - (u_i + u_j)) / 2     (i ≠ j)
     * </pre>
     * leaving d's diagonal to the caller (the VJP of {@link #symmetrized} with u = diag(G) when the diagonal rule is
     * minus the row sum). Row by row on the Vector API where present, G_ji gathered a vector of rows at a time, over
     * the kernel threads; the same floats either way.
     *
     * @return d
     * @throws IllegalArgumentException if an array is shorter than n·n, or u shorter than n
     */
    public static float[] symmetrizedLessOuterSum(float[] g, int n, float[] u, float[] d) {
        checkSquare(n, g, d);
        if (u.length < n) throw new IllegalArgumentException("u needs " + n + " floats, got " + u.length);
        int rowsPerChunk = 32;
        forEachChunk((n + rowsPerChunk - 1) / rowsPerChunk, ch -> {
            int i0 = ch * rowsPerChunk, i1 = Math.min(n, i0 + rowsPerChunk);
            int done = Gemm.vectorGemm() ? VectorGemm.symmetrizedLessOuterSum(g, n, u, d, i0, i1) : 0;
            for (int i = i0; i < i1; i++) {
                float ui = u[i];
                for (int j = done; j < n; j++) d[i * n + j] = 0.5f * ((g[i * n + j] + g[j * n + i]) - (ui + u[j]));
            }
        });
        return d;
    }

    private static void checkSquare(int n, float[]... arrays) {
        if (n <= 0) throw new IllegalArgumentException("the coupling needs n > 0, got " + n);
        for (float[] a : arrays)
            if (a != null && a.length < (long) n * n)
                throw new IllegalArgumentException("an " + n + "×" + n + " coupling needs arrays of " + (long) n * n
                        + " floats, got " + a.length);
    }

    /**
     * Row-major C[m×n] = alpha·A·B + beta·C with A [m×k] dense from aOff, B packed by {@link #pack}, C dense from
     * cOff. Gives exactly the floats of {@link #gemm(boolean, boolean, int, int, int, float, float[], int, float[], int, float, float[], int)}.
     */
    public static void gemm(int m, float alpha, float[] a, int aOff, Packed b, float beta, float[] c, int cOff) {
        if (m <= 0) return;
        // a packing built in place has no dense matrix behind it (b.b == null): it always takes the Vector API
        if (b.vector != null && (b.b == null || !Gemm.nativeFor(m, b.n, b.k))) {
            int panels = VectorGemm.panels(b.n), chunks = Math.min(panels, 2 * THREADS);
            if ((long) m * b.n * b.k < PACKED_PARALLEL_ABOVE || chunks < 2 || insideChunk()) {
                VectorGemm.gemm(false, m, alpha, a, aOff, b.k, b.vector, beta, c, cOff);
                return;
            }
            // the threads share B's panels: each element of B is read once per product, not once per thread
            // (a few rows against a 10 MB coupling are bound by reading B)
            forEachChunk(chunks, ch -> VectorGemm.gemm(false, m, alpha, a, aOff, b.k, b.vector,
                    (int) ((long) panels * ch / chunks), (int) ((long) panels * (ch + 1) / chunks), beta, c, cOff));
        } else {
            Gemm.gemm(false, b.transB, m, b.n, b.k, alpha, a, aOff, b.b, b.bOff, beta, c, cOff);
        }
    }

    /**
     * sin[outOff+i] = sin(scale·x[xOff+i]) and cos[outOff+i] = cos(scale·x[xOff+i]) for i in [0, n) (radians);
     * either output may be null. Float Cephes polynomials, vectorized with the Vector API when it is present:
     * absolute error below 3e-7 for |scale·x| ≤ 8, below 2e-6 up to 8192, larger |x| through {@link Math}.
     */
    public static void sinCos(float[] x, int xOff, int n, float scale, float[] sin, float[] cos, int outOff) {
        FastTrig.sinCos(x, xOff, n, scale, sin, cos, outOff);
    }
}
