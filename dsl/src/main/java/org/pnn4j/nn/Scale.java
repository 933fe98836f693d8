package org.pnn4j.nn;

import java.util.List;
import java.util.Locale;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * y = s·x with one trainable scalar s (dimensionless), initialized to a fixed value. After a physical layer whose
 * outputs are small (oscillator positions of order 1 rad), it sets the sharpness of the softmax: the physics-aware
 * training reference example multiplies its last 10 oscillator positions by such a factor to form the logits.
 */
public final class Scale implements Layer {
    private final double initial;
    private final Parameter factor;

    /**
     * A trainable scale starting at {@code initial}.
     *
     * @throws IllegalArgumentException if initial is not finite
     */
    public Scale(double initial) {
        if (!Double.isFinite(initial)) throw new IllegalArgumentException("scale(" + initial + "): the initial factor must be finite");
        this.initial = initial;
        this.factor = new Parameter("scale", Tensor.full(initial, 1));
    }

    @Override
    public void initialize(Rng rng) {
        factor.set(new float[] {(float) initial});
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.mul(factor.value());
    }

    @Override
    public int[] outputShape(int[] in) {
        return in.clone();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(factor);
    }

    /** The factor s. */
    public Parameter factor() {
        return factor;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "scale(%s)", initial == Math.rint(initial) && Math.abs(initial) < 1e9 ? String.valueOf((long) initial) : String.valueOf(initial));
    }

    @Override
    public String toString() {
        return describe();
    }
}
