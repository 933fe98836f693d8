package org.pnn4j.nn;

import java.util.Locale;
import org.pnn4j.tensor.Function;
import org.pnn4j.tensor.Tensor;

/**
 * Maps activations into a substrate's input range, with a margin: y = a + (b − a)·sigmoid(x), where
 * a = lo + m·(hi − lo) and b = hi − m·(hi − lo), elementwise, shape unchanged, no parameters. Put it before a physical
 * layer so that whatever the digital layers before it produce, the device receives inputs it accepts: the margin keeps
 * them off the edges (where a real actuator saturates or its calibration is worst), and the outputs always pass the
 * substrate's range check, in float32 too (y is computed in double and rounded to the nearest float, which keeps it in
 * [(float) a, (float) b], inside the range as the checks see it: a bound rounded to float32 is inside). Made by
 * {@code Pnn.toRange(substrate)} or {@code Pnn.toRange(lo, hi, margin)}.
 *
 * <p>Gradient: dy/dx = (b − a)·s·(1 − s) with s = sigmoid(x), smooth everywhere (no clamp); it vanishes only as the
 * sigmoid saturates. Units: y is in the substrate's input unit; x is dimensionless (0 maps to the middle of the
 * range).
 */
public final class ToRange implements Layer {
    private final double lo, hi, margin, a, width;

    /**
     * Maps into [lo + margin·(hi − lo), hi − margin·(hi − lo)].
     *
     * @param lo     lowest accepted input of the substrate, in its input unit
     * @param hi     highest accepted input, in the same unit
     * @param margin the fraction of the range kept free at each end, in [0, 0.5)
     * @throws IllegalArgumentException for an unbounded or empty range (naming it) or a margin outside [0, 0.5)
     */
    public ToRange(double lo, double hi, double margin) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi))
            throw new IllegalArgumentException("toRange(" + lo + ", " + hi + "): the range is unbounded; a sigmoid can only map into a "
                    + "finite range. Give finite bounds (e.g. toRange(-1, 1, margin)), or leave this layer out for a substrate that takes any input");
        if (!(lo < hi))
            throw new IllegalArgumentException("toRange(" + lo + ", " + hi + "): the range is empty; the low bound must be below the high one");
        if (!(margin >= 0 && margin < 0.5))
            throw new IllegalArgumentException("toRange margin " + margin + " is outside [0, 0.5): it is the fraction of the range kept free at "
                    + "each end, e.g. 0.05 for 5%");
        this.lo = lo;
        this.hi = hi;
        this.margin = margin;
        this.a = lo + margin * (hi - lo);
        this.width = (hi - margin * (hi - lo)) - a;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Function.of("toRange", in -> {
            float[] d = in[0].array(), y = new float[d.length];
            for (int i = 0; i < d.length; i++) y[i] = (float) (a + width * sigmoid(d[i]));
            return Tensor.of(y, in[0].shape());
        }, (in, out, g) -> {
            float[] d = in[0].array(), gd = g.array(), r = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                double s = sigmoid(d[i]);
                r[i] = (float) (gd[i] * width * s * (1 - s));
            }
            return new Tensor[] {Tensor.of(r, in[0].shape())};
        }).apply(x);
    }

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    /** The lowest output, lo + margin·(hi − lo), in the substrate's input unit (approached, never passed). */
    public double low() {
        return a;
    }

    /** The highest output, hi − margin·(hi − lo), in the substrate's input unit (approached, never passed). */
    public double high() {
        return a + width;
    }

    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "toRange(%s, %s, %s)", num(lo), num(hi), num(margin));
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }

    @Override
    public String toString() {
        return describe();
    }
}
