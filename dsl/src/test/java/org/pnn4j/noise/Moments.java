package org.pnn4j.noise;

/**
 * Sample mean and variance with the 5σ half-widths of their estimators, so tests state their bounds once:
 * sd(mean) = σ/√n, and sd(s²) = √((μ4 − σ⁴)/n) with μ4 the fourth central moment (2σ⁴/n for a Gaussian,
 * (λ + 2λ²)/n for a Poisson of mean λ). Five standard deviations leave a false failure below 1e-6.
 */
final class Moments {
    final int n;
    final double mean, variance;

    private Moments(int n, double mean, double variance) {
        this.n = n;
        this.mean = mean;
        this.variance = variance;
    }

    static Moments of(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        double m = s / v.length, ss = 0;
        for (float x : v) ss += (x - m) * (x - m);
        return new Moments(v.length, m, ss / (v.length - 1));
    }

    static Moments of(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        double m = s / v.length, ss = 0;
        for (double x : v) ss += (x - m) * (x - m);
        return new Moments(v.length, m, ss / (v.length - 1));
    }

    /** 5σ half-width for the mean of n draws of variance {@code var}. */
    double meanBound(double var) {
        return 5 * Math.sqrt(var / n);
    }

    /** 5σ half-width for the sample variance of n Gaussian draws of variance {@code var}. */
    double gaussianVarianceBound(double var) {
        return 5 * var * Math.sqrt(2.0 / n);
    }

    /** 5σ half-width for the sample variance of n Poisson draws of mean {@code lambda}. */
    double poissonVarianceBound(double lambda) {
        return 5 * Math.sqrt((lambda + 2 * lambda * lambda) / n);
    }
}
