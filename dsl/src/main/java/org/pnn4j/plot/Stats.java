package org.pnn4j.plot;

/** Small statistics the plots draw: moments, histograms, least-squares lines, R², periodograms. */
final class Stats {
    private Stats() {}

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) s += d;
        return s / v.length;
    }

    /** Sample standard deviation (divisor n-1). */
    static double std(double[] v) {
        double m = mean(v), s = 0;
        for (double d : v) s += (d - m) * (d - m);
        return v.length < 2 ? 0 : Math.sqrt(s / (v.length - 1));
    }

    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) m = Math.min(m, d);
        return m;
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double d : v) m = Math.max(m, d);
        return m;
    }

    /** {@code bins + 1} edges spanning [lo, hi]; a zero-width span is widened so that every value falls in a bin. */
    static double[] edges(double lo, double hi, int bins) {
        if (!(hi > lo)) {
            double pad = Math.max(Math.abs(lo) * 1e-6, 1e-12);
            lo -= pad;
            hi += pad;
        }
        double[] e = new double[bins + 1];
        for (int b = 0; b <= bins; b++) e[b] = lo + (hi - lo) * b / bins;
        return e;
    }

    /** Counts of {@code v} in the bins of {@code edges}; the last bin includes its upper edge, values outside are not counted. */
    static double[] counts(double[] v, double[] edges) {
        int bins = edges.length - 1;
        double[] c = new double[bins];
        double lo = edges[0], w = (edges[bins] - lo) / bins;
        for (double d : v) {
            if (d < lo || d > edges[bins]) continue;
            c[Math.min(bins - 1, (int) ((d - lo) / w))]++;
        }
        return c;
    }

    /** Least-squares line y = a + b·x: {a, b}. */
    static double[] fitLine(double[] x, double[] y) {
        double mx = mean(x), my = mean(y), sxy = 0, sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double b = sxy / sxx;
        return new double[] {my - b * mx, b};
    }

    /** Coefficient of determination of {@code predicted} for {@code measured}: 1 - SS_res/SS_tot. */
    static double rSquared(double[] predicted, double[] measured) {
        double m = mean(measured), res = 0, tot = 0;
        for (int i = 0; i < measured.length; i++) {
            res += (measured[i] - predicted[i]) * (measured[i] - predicted[i]);
            tot += (measured[i] - m) * (measured[i] - m);
        }
        return 1 - res / tot;
    }

    /**
     * One-sided periodogram of the mean-removed series at frequencies k/n (cycles per sample), k = 1..n/2:
     * |DFT_k|²/n, doubled except at the Nyquist frequency (the power of the negative frequencies folded in).
     * Returns {frequencies, powers}. O(n²): the series plotted are at most a few thousand calls long.
     */
    static double[][] periodogram(double[] v) {
        int n = v.length, half = n / 2;
        double m = mean(v);
        double[] f = new double[half], p = new double[half];
        for (int k = 1; k <= half; k++) {
            double re = 0, im = 0, w = 2 * Math.PI * k / n;
            for (int t = 0; t < n; t++) {
                re += (v[t] - m) * Math.cos(w * t);
                im -= (v[t] - m) * Math.sin(w * t);
            }
            f[k - 1] = (double) k / n;
            p[k - 1] = (re * re + im * im) / n * (k == half && n % 2 == 0 ? 1 : 2);
        }
        return new double[][] {f, p};
    }
}
