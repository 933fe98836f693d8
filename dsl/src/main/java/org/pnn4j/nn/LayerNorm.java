package org.pnn4j.nn;

import java.util.List;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * Layer normalization over the last axis: (x - mean) / √(var + eps) · γ + β, with the biased variance as in
 * Ba et al. 2016 and PyTorch.
 */
public final class LayerNorm implements Layer {
    private final int features;
    private final double eps;
    private final Parameter gamma;
    private final Parameter beta;

    /** Normalization over {@code features} values with eps = 1e-5 and a learnable affine map. */
    public LayerNorm(int features) {
        this(features, 1e-5);
    }

    /**
     * Normalization over {@code features} values.
     *
     * @throws IllegalArgumentException if features <= 0 or eps <= 0
     */
    public LayerNorm(int features, double eps) {
        if (features <= 0) throw new IllegalArgumentException("layerNorm(" + features + "): size must be positive");
        if (!(eps > 0)) throw new IllegalArgumentException("layerNorm eps must be positive, got " + eps);
        this.features = features;
        this.eps = eps;
        this.gamma = new Parameter("gamma", Tensor.ones(features));
        this.beta = new Parameter("beta", Tensor.zeros(features));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor mu = x.mean(-1, true);
        Tensor c = x.sub(mu);
        Tensor var = c.square().mean(-1, true);
        return c.div(var.add(eps).sqrt()).mul(gamma.value()).add(beta.value());
    }

    @Override
    public int[] outputShape(int[] s) {
        if (s.length == 0 || s[s.length - 1] != features)
            throw new ShapeMismatchException("expects " + features + " features on the last axis, got shape " + java.util.Arrays.toString(s));
        return s.clone();
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    public String describe() {
        return "layerNorm(" + features + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
