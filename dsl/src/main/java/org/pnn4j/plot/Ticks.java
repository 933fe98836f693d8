package org.pnn4j.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Tick positions and labels for every figure, where XChart 4.0.3's own choices read badly: its default number format
 * drops the leading zero ({@code .021}), and an x axis whose values are equally spaced (epochs 1..30, a sweep of 25
 * levels over [0, 1]) gets a label at every k-th value instead of round numbers, so 30 epoch labels run together and a
 * sweep reads {@code 0, 0.1667, 0.3333}.
 */
final class Ticks {
    private Ticks() {}

    /** Significant digits a tick label keeps: enough for any tick XChart places, few enough to hide binary noise. */
    static final int DIGITS = 6;

    /**
     * A tick label: the shortest decimal of {@code v} to {@value #DIGITS} significant digits, with its leading zero
     * ({@code 0.021}, {@code 0.5}, {@code 12}, {@code -3.25}), in scientific notation outside [1e-4, 1e6)
     * ({@code 1e-05}, {@code 2.5e+06}); {@code 0} for ±0 and for values within 1e-12 of 0 (a grid step's rounding).
     */
    static String label(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return Double.toString(v);
        double a = Math.abs(v);
        if (a < 1e-12) return "0";
        if (a < 1e-4 || a >= 1e6) {
            String s = String.format(Locale.ROOT, "%." + (DIGITS - 1) + "e", v);
            int e = s.indexOf('e');
            String mantissa = s.substring(0, e), exp = s.substring(e);
            if (mantissa.contains(".")) mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
            return mantissa + exp;
        }
        return new BigDecimal(v).round(new MathContext(DIGITS)).stripTrailingZeros().toPlainString();
    }

    /**
     * A round step (1, 2 or 5 × a power of ten) that divides {@code range} into at most {@code maxTicks} intervals.
     *
     * @throws IllegalArgumentException if {@code range} is not positive and finite or {@code maxTicks < 1}
     */
    static double niceStep(double range, int maxTicks) {
        if (!(range > 0) || Double.isInfinite(range)) throw new IllegalArgumentException("a tick range must be positive and finite, got " + range);
        if (maxTicks < 1) throw new IllegalArgumentException("at least one tick interval is needed, got " + maxTicks);
        double raw = range / maxTicks, p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) if (m * p >= raw * (1 - 1e-9)) return m * p;
        return 10 * p;
    }

    /**
     * A label count for XChart 4.0.3's category x axis of {@code n} cells (a heat map's columns) that labels round
     * indices. XChart labels the cells {@code round(k n / (count - 1))} (k = 0, 1, ... while below n) and the last one,
     * spread evenly; with {@code count = n / step + 1} for a step of 1, 2 or 5 × a power of ten that divides {@code n},
     * those are the multiples of the step (0, 20, 40, 60, 80 and the last, 99, for 100 columns). The smallest such
     * step with at most {@code maxLabels} labels; else {@code min(n, maxLabels)}, XChart's every-k-th cell.
     */
    static int categoryLabelCount(int n, int maxLabels) {
        for (long p = 1; p <= n; p *= 10)
            for (long m : new long[] {1, 2, 5}) {
                long step = m * p;
                if (n % step == 0 && n / step >= 2 && n / step + 1 <= maxLabels) return (int) (n / step + 1);
            }
        return Math.min(n, maxLabels);
    }

    /**
     * A label function for an axis of cells (a heat map's row indices) that names only the multiples of {@code step}
     * ({@link #label}) and leaves the others blank.
     */
    static java.util.function.Function<Double, String> multiplesOf(double step) {
        return v -> {
            double q = v / step;
            return Math.abs(q - Math.rint(q)) < 1e-9 ? label(v) : "";
        };
    }

    /**
     * Whether the distinct sorted {@code values} are equally spaced (at least three of them, to within 1e-4 of the
     * step), the case in which XChart labels every k-th value rather than round numbers.
     */
    static boolean equallySpaced(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).distinct().sorted().toArray();
        if (v.length < 3) return false;
        double step = v[1] - v[0];
        for (int i = 2; i < v.length; i++) if (Math.abs(v[i] - v[i - 1] - step) > 1e-4 * step) return false;
        return true;
    }

    /**
     * Gives {@code c}'s linear x axis round ticks where its data are equally spaced and its limits are unset: limits
     * half a step outside the data, which also keeps the edge points off the frame. A logarithmic axis, or one whose
     * limits are set, is left alone.
     */
    static void roundXTicks(XYChart c) {
        if (c.getStyler().isXAxisLogarithmic() || c.getStyler().getXAxisMin() != null || c.getStyler().getXAxisMax() != null) return;
        TreeSet<Double> xs = new TreeSet<>();
        for (XYSeries s : c.getSeriesCollection()) for (double x : s.getXData()) if (Double.isFinite(x)) xs.add(x);
        double[] v = xs.stream().mapToDouble(Double::doubleValue).toArray();
        if (!equallySpaced(v)) return;
        double half = (v[1] - v[0]) / 2;
        c.getStyler().setXAxisMin(v[0] - half).setXAxisMax(v[v.length - 1] + half);
    }
}
