package org.pnn4j.nn;

import java.util.List;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * Affine map y = x·W + b with W of shape [in, out]. Initialized as PyTorch does: W and b uniform in
 * ±1/√in.
 */
public final class Linear implements Layer {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * A linear layer from {@code in} to {@code out} features, with or without bias.
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    public Linear(int in, int out, boolean bias) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("linear(" + in + ", " + out + "): sizes must be positive");
        this.in = in;
        this.out = out;
        this.weight = new Parameter("weight", Tensor.zeros(in, out));
        this.bias = bias ? new Parameter("bias", Tensor.zeros(out)) : null;
        initialize(new Rng(0));
    }

    @Override
    public void initialize(Rng rng) {
        double bound = 1 / Math.sqrt(in);
        weight.set(Tensor.uniform(rng, -bound, bound, in, out).array());
        if (bias != null) bias.set(Tensor.uniform(rng, -bound, bound, out).array());
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim(-1) != in)
            throw new ShapeMismatchException(describe() + " expects " + in + " input features, got a batch of shape "
                    + java.util.Arrays.toString(x.shape()));
        Tensor y = x.matmul(weight.value());
        return bias == null ? y : y.add(bias.value());
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 1 || inputShape[0] != in)
            throw new ShapeMismatchException("expects " + in + " inputs, got "
                    + (inputShape.length == 1 ? String.valueOf(inputShape[0]) : "shape " + java.util.Arrays.toString(inputShape)));
        return new int[] {out};
    }

    @Override
    public int[] inputShape() {
        return new int[] {in};
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    /** The weight matrix [in, out]. */
    public Parameter weight() {
        return weight;
    }

    /** The bias [out], or null. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public String describe() {
        return "linear(" + in + ", " + out + (bias == null ? ", bias=false" : "") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
