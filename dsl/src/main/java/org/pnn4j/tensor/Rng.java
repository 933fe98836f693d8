package org.pnn4j.tensor;

/**
 * Seeded pseudo-random generator (xoshiro256** seeded through SplitMix64) with Gaussian draws by the
 * polar Box-Muller method.
 *
 * <p>Written here rather than taken from {@code java.util.random} so that a seed gives the same stream on
 * every JDK, forever: runs are reproducible bit for bit and checkpoints can store and restore the exact
 * state ({@link #state()}, {@link #restore(long[])}). Not thread-safe: give each thread its own via
 * {@link #split()}.
 */
public final class Rng {
    private long s0, s1, s2, s3;
    private double spareGaussian;
    private boolean hasSpare;

    /** A generator whose whole stream is fixed by {@code seed}. */
    public Rng(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L; s0 = mix(x);
        x += 0x9E3779B97F4A7C15L; s1 = mix(x);
        x += 0x9E3779B97F4A7C15L; s2 = mix(x);
        x += 0x9E3779B97F4A7C15L; s3 = mix(x);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 uniformly distributed bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /**
     * Uniform integer in [0, bound), without modulo bias.
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        long r = nextLong() >>> 33; // 31 bits
        long m = r * bound;
        long l = m & 0x7FFFFFFFL;
        if (l < bound) {
            long t = (0x80000000L - bound) % bound;
            while (l < t) {
                r = nextLong() >>> 33;
                m = r * bound;
                l = m & 0x7FFFFFFFL;
            }
        }
        return (int) (m >>> 31);
    }

    /** Standard normal draw (mean 0, standard deviation 1). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        hasSpare = true;
        return u * f;
    }

    /** A new generator seeded from this one's stream; the two streams are independent for practical purposes. */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** Fisher-Yates shuffle of {@code a} in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i]; a[i] = a[j]; a[j] = t;
        }
    }

    /** A random permutation of 0..n-1. */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        shuffle(p);
        return p;
    }

    /** The complete state (6 longs), for checkpoints; {@link #restore(long[])} resumes the stream exactly. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, Double.doubleToRawLongBits(spareGaussian), hasSpare ? 1 : 0};
    }

    /**
     * Resumes the stream saved by {@link #state()}.
     *
     * @throws IllegalArgumentException if {@code state} is not 6 longs or is all zeros
     */
    public void restore(long[] state) {
        if (state == null || state.length != 6)
            throw new IllegalArgumentException("an Rng state is 6 longs, got " + (state == null ? "null" : state.length));
        if ((state[0] | state[1] | state[2] | state[3]) == 0)
            throw new IllegalArgumentException("an all-zero Rng state is invalid (was it saved by Rng.state()?)");
        s0 = state[0]; s1 = state[1]; s2 = state[2]; s3 = state[3];
        spareGaussian = Double.longBitsToDouble(state[4]);
        hasSpare = state[5] != 0;
    }
}
