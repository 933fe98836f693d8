package org.pnn4j.noise;

import org.pnn4j.tensor.Rng;

/**
 * Exact Poisson draws: inversion by sequential search below a mean of 10, and Hörmann's transformed
 * rejection with squeeze (PTRS, 1993) above, as NumPy does. Both are exact; PTRS costs O(1) for any mean.
 */
final class Poisson {
    private static final double[] STIRLING = {
        8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04, -5.952380952380952e-04,
        8.417508417508418e-04, -1.917526917526918e-03, 6.410256410256410e-03, -2.955065359477124e-02,
        1.796443723688307e-01, -1.39243221690590e+00};
    private static final double LOG_2PI = 1.8378770664093453;

    private Poisson() {}

    /** One draw of Poisson({@code mean}); {@code mean >= 0}. */
    static double sample(Rng rng, double mean) {
        if (mean <= 0) return 0;
        return mean < 10 ? inversion(rng, mean) : ptrs(rng, mean);
    }

    private static double inversion(Rng rng, double mean) {
        double p = Math.exp(-mean), cdf = p, u = rng.nextDouble();
        int k = 0;
        // the cap only guards against a u within rounding of 1; P(k > 200) is below 1e-200 for mean < 10
        while (u > cdf && k < 200) {
            k++;
            p *= mean / k;
            cdf += p;
        }
        return k;
    }

    private static double ptrs(Rng rng, double mean) {
        double slam = Math.sqrt(mean), loglam = Math.log(mean);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5, v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) return k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logGamma(k + 1))
                return k;
        }
    }

    /** log Γ(x) for x >= 1 by the Stirling series, shifted up to x >= 7 where the series is accurate. */
    static double logGamma(double x) {
        if (x == 1 || x == 2) return 0;
        int n = x < 7 ? (int) (7 - x) : 0;
        double x0 = x + n, x2 = 1 / (x0 * x0);
        double g = STIRLING[9];
        for (int k = 8; k >= 0; k--) g = g * x2 + STIRLING[k];
        double gl = g / x0 + 0.5 * LOG_2PI + (x0 - 0.5) * Math.log(x0) - x0;
        for (int k = 1; k <= n; k++) {
            x0 -= 1;
            gl -= Math.log(x0);
        }
        return gl;
    }
}
