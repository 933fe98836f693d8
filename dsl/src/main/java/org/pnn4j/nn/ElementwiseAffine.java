package org.pnn4j.nn;

import java.util.List;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * y_i = a_i·x_i + b_i over the last axis of width n, with a trainable gain a [n] (dimensionless, starts at 1) and
 * offset b [n] (in the unit of x, starts at 0): the per-element rescaling the physics-aware training paper puts
 * between its physical layers (Wright et al., Nature 601, 549 (2022): "trainable element-wise rescaling" of each
 * physical layer's outputs before they drive the next physical layer). It mixes no features: every coupling between
 * features happens in the physics.
 */
public final class ElementwiseAffine implements Layer {
    private final int width;
    private final double initialGain, initialOffset;
    private final Parameter gain, offset;

    /**
     * A rescaling of {@code width} features, a = 1 and b = 0.
     *
     * @throws IllegalArgumentException if {@code width < 1}
     */
    public ElementwiseAffine(int width) {
        this(width, 1, 0);
    }

    /**
     * A rescaling of {@code width} features starting at a_i = {@code gain}, b_i = {@code offset}: for a physical layer
     * whose outputs are small (SHG energies of order 10⁻²), a gain that brings their spread to order 1.
     *
     * @throws IllegalArgumentException if {@code width < 1} or a start value is not finite
     */
    public ElementwiseAffine(int width, double gain, double offset) {
        if (width < 1) throw new IllegalArgumentException("affine(" + width + "): the width must be at least 1");
        if (!Double.isFinite(gain) || !Double.isFinite(offset))
            throw new IllegalArgumentException("affine(" + width + ", " + gain + ", " + offset + "): the initial gain and offset must be finite");
        this.width = width;
        this.initialGain = gain;
        this.initialOffset = offset;
        this.gain = new Parameter("gain", Tensor.full(gain, width));
        this.offset = new Parameter("offset", Tensor.full(offset, width));
    }

    @Override
    public void initialize(Rng rng) {
        gain.set(Tensor.full(initialGain, width).toArray());
        offset.set(Tensor.full(initialOffset, width).toArray());
    }

    /**
     * @throws ShapeMismatchException if the last axis is not {@code width} wide
     */
    @Override
    public Tensor forward(Tensor x) {
        outputShape(x.shape());
        return x.mul(gain.value()).add(offset.value());
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length == 0 || in[in.length - 1] != width)
            throw new ShapeMismatchException(describe() + " expects " + width + " features on the last axis, got shape "
                    + java.util.Arrays.toString(in));
        return in.clone();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gain, offset);
    }

    /** The gain a [n]. */
    public Parameter gain() {
        return gain;
    }

    /** The offset b [n]. */
    public Parameter offset() {
        return offset;
    }

    @Override
    public String describe() {
        return initialGain == 1 && initialOffset == 0 ? "affine(" + width + ")"
                : String.format(java.util.Locale.ROOT, "affine(%d, %s, %s)", width, initialGain, initialOffset);
    }

    @Override
    public String toString() {
        return describe();
    }
}
