package org.pnn4j.nn;

import java.util.Arrays;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * Changes the width of the last axis without parameters: {@link #padTo} appends zeros up to a width (to feed a
 * wider physical layer, e.g. 1600 features into {@code oscillators(1610)}), {@link #last} keeps the last k
 * features (e.g. the 10 oscillators read out as logits). Leading axes are kept.
 */
public final class FeatureWindow implements Layer {
    private final boolean pad;
    private final int size;

    private FeatureWindow(boolean pad, int size) {
        this.pad = pad;
        this.size = size;
    }

    /**
     * Zero-pads the last axis to {@code width} features.
     *
     * @throws IllegalArgumentException if width is not positive
     */
    public static FeatureWindow padTo(int width) {
        if (width <= 0) throw new IllegalArgumentException("padFeatures(" + width + "): the width must be positive");
        return new FeatureWindow(true, width);
    }

    /**
     * Keeps the last {@code k} features of the last axis.
     *
     * @throws IllegalArgumentException if k is not positive
     */
    public static FeatureWindow last(int k) {
        if (k <= 0) throw new IllegalArgumentException("lastFeatures(" + k + "): the number of features kept must be positive");
        return new FeatureWindow(false, k);
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length < 2) throw new ShapeMismatchException(describe() + " expects a batch [batch, features], got " + Arrays.toString(s));
        check(s[s.length - 1], Arrays.toString(s));
        int n = s[s.length - 1];
        if (!pad) return x.slice(-1, n - size, n);
        if (n == size) return x;
        int[] zs = s.clone();
        zs[zs.length - 1] = size - n;
        return Tensor.concat(-1, x, Tensor.zeros(zs));
    }

    private void check(int n, String shape) {
        if (pad && n > size)
            throw new ShapeMismatchException("cannot pad " + n + " features to the smaller width " + size + " (input " + shape
                    + "); use a width >= " + n + " or lastFeatures(...) to drop features");
        if (!pad && n < size)
            throw new ShapeMismatchException("cannot keep the last " + size + " of only " + n + " features (input " + shape + ")");
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length == 0) throw new ShapeMismatchException("expects features, got a scalar per sample");
        check(in[in.length - 1], Arrays.toString(in));
        int[] out = in.clone();
        out[out.length - 1] = size;
        return out;
    }

    @Override
    public String describe() {
        return (pad ? "padFeatures(" : "lastFeatures(") + size + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
