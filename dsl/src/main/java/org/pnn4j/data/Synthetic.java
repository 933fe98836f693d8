package org.pnn4j.data;

import java.util.List;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * Seeded two-dimensional toy classification problems, for tutorials and tests. Every generator returns
 * features [n, 2] named {@code x, y} (dimensionless), balanced classes (class sizes differ by at most one;
 * sample i has class {@code i mod k} before shuffling), samples in random order, and adds isotropic Gaussian
 * noise of standard deviation {@code noise} to each coordinate. The same arguments give the same dataset.
 *
 * <p>All generators throw {@link IllegalArgumentException} when {@code n <= 0} or {@code noise} is negative or
 * not finite.
 */
public final class Synthetic {
    private Synthetic() {}

    private static final List<String> XY = List.of("x", "y");

    /**
     * XOR: points uniform in the square [-1, 1]², class 1 where x and y have opposite signs (quadrants II and
     * IV), class 0 where they agree. Not linearly separable.
     */
    public static Dataset xor(int n, double noise, long seed) {
        check(n, noise);
        Rng rng = new Rng(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double a = rng.nextDouble(), b = rng.nextDouble();
            double sx = rng.nextInt(2) == 0 ? 1 : -1;
            double sy = c == 0 ? sx : -sx;
            put(x, y, i, sx * a, sy * b, c, noise, rng);
        }
        return shuffled("xor", x, y, List.of("same sign", "opposite sign"), rng);
    }

    /**
     * Two interleaving half circles (as scikit-learn's {@code make_moons}): class 0 on (cos t, sin t), class 1 on
     * (1 - cos t, 0.5 - sin t), t uniform in [0, π].
     */
    public static Dataset moons(int n, double noise, long seed) {
        check(n, noise);
        Rng rng = new Rng(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = Math.PI * rng.nextDouble();
            if (c == 0) put(x, y, i, Math.cos(t), Math.sin(t), c, noise, rng);
            else put(x, y, i, 1 - Math.cos(t), 0.5 - Math.sin(t), c, noise, rng);
        }
        return shuffled("moons", x, y, List.of("upper", "lower"), rng);
    }

    /**
     * Two concentric circles: class 0 on the circle of radius 1, class 1 on the circle of radius {@code factor},
     * angle uniform.
     *
     * @param factor radius of the inner circle relative to the outer, in (0, 1)
     * @throws IllegalArgumentException also if {@code factor} is outside (0, 1)
     */
    public static Dataset circles(int n, double noise, double factor, long seed) {
        check(n, noise);
        if (!(factor > 0 && factor < 1))
            throw new IllegalArgumentException("circles: factor is the inner radius relative to the outer one and must be"
                    + " in (0, 1), e.g. 0.5; got " + factor);
        Rng rng = new Rng(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = 2 * Math.PI * rng.nextDouble(), r = c == 0 ? 1 : factor;
            put(x, y, i, r * Math.cos(t), r * Math.sin(t), c, noise, rng);
        }
        return shuffled("circles", x, y, List.of("outer", "inner"), rng);
    }

    /**
     * {@code k} vertical stripes of equal width across the square [-1, 1]²: class c holds the points whose x lies
     * in [-1 + 2c/k, -1 + 2(c+1)/k); y is uniform in [-1, 1]. No noise (see
     * {@link #stripes(int, int, double, long)}).
     *
     * @throws IllegalArgumentException also if {@code k < 2}
     */
    public static Dataset stripes(int n, int k, long seed) {
        return stripes(n, k, 0, seed);
    }

    /**
     * {@link #stripes(int, int, long)} with Gaussian noise of standard deviation {@code noise} added after the
     * class is drawn (so noisy points may cross stripe borders).
     *
     * @throws IllegalArgumentException also if {@code k < 2}
     */
    public static Dataset stripes(int n, int k, double noise, long seed) {
        check(n, noise);
        if (k < 2) throw new IllegalArgumentException("stripes: need at least 2 stripes (classes), got k = " + k);
        Rng rng = new Rng(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % k;
            double px = -1 + 2.0 * (c + rng.nextDouble()) / k;
            put(x, y, i, px, 2 * rng.nextDouble() - 1, c, noise, rng);
        }
        String[] names = new String[k];
        for (int c = 0; c < k; c++) names[c] = "stripe " + c;
        return shuffled("stripes", x, y, List.of(names), rng);
    }

    /**
     * Four classes, one per quadrant of the square [-1, 1]²: class 0 = (+, +), 1 = (-, +), 2 = (-, -),
     * 3 = (+, -), points uniform within their quadrant.
     */
    public static Dataset quadrants(int n, double noise, long seed) {
        check(n, noise);
        Rng rng = new Rng(seed);
        float[] x = new float[2 * n];
        int[] y = new int[n];
        double[] sx = {1, -1, -1, 1}, sy = {1, 1, -1, -1};
        for (int i = 0; i < n; i++) {
            int c = i % 4;
            put(x, y, i, sx[c] * rng.nextDouble(), sy[c] * rng.nextDouble(), c, noise, rng);
        }
        return shuffled("quadrants", x, y, List.of("I (+,+)", "II (-,+)", "III (-,-)", "IV (+,-)"), rng);
    }

    private static void check(int n, double noise) {
        if (n <= 0) throw new IllegalArgumentException("number of samples must be positive, got " + n);
        if (!(noise >= 0) || !Double.isFinite(noise))
            throw new IllegalArgumentException("noise is a standard deviation and must be finite and >= 0, got " + noise);
    }

    private static void put(float[] x, int[] y, int i, double px, double py, int c, double noise, Rng rng) {
        if (noise > 0) {
            px += noise * rng.nextGaussian();
            py += noise * rng.nextGaussian();
        }
        x[2 * i] = (float) px;
        x[2 * i + 1] = (float) py;
        y[i] = c;
    }

    private static Dataset shuffled(String name, float[] x, int[] y, List<String> classes, Rng rng) {
        int n = y.length;
        int[] p = rng.permutation(n);
        float[] xs = new float[x.length];
        int[] ys = new int[n];
        for (int i = 0; i < n; i++) {
            xs[2 * i] = x[2 * p[i]];
            xs[2 * i + 1] = x[2 * p[i] + 1];
            ys[i] = y[p[i]];
        }
        return Dataset.classification(name, Tensor.wrap(xs, n, 2), ys, classes, XY);
    }
}
