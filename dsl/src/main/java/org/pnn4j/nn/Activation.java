package org.pnn4j.nn;

import java.util.function.UnaryOperator;
import org.pnn4j.tensor.Tensor;

/** An element-wise nonlinearity (shape-preserving, no parameters). */
public final class Activation implements Layer {
    private final String name;
    private final UnaryOperator<Tensor> f;

    private Activation(String name, UnaryOperator<Tensor> f) {
        this.name = name;
        this.f = f;
    }

    /** max(x, 0). */
    public static Activation relu() {
        return new Activation("relu", Tensor::relu);
    }

    /** tanh x. */
    public static Activation tanh() {
        return new Activation("tanh", Tensor::tanh);
    }

    /** 1 / (1 + e^-x). */
    public static Activation sigmoid() {
        return new Activation("sigmoid", Tensor::sigmoid);
    }

    /** x·sigmoid(x). */
    public static Activation silu() {
        return new Activation("silu", Tensor::silu);
    }

    /** x·Φ(x), the exact GELU. */
    public static Activation gelu() {
        return new Activation("gelu", Tensor::gelu);
    }

    /** Softmax over the last axis. */
    public static Activation softmax() {
        return new Activation("softmax", x -> x.softmax(-1));
    }

    /** Log-softmax over the last axis (pair with {@link Loss#nll()}). */
    public static Activation logSoftmax() {
        return new Activation("logSoftmax", x -> x.logSoftmax(-1));
    }

    /** Flattens each sample to a vector: [batch, a, b, ...] becomes [batch, a·b·...]. */
    public static Layer flatten() {
        return new Layer() {
            @Override
            public Tensor forward(Tensor x) {
                return x.flatten();
            }

            @Override
            public int[] outputShape(int[] s) {
                int n = 1;
                for (int d : s) n *= d;
                return new int[] {n};
            }

            @Override
            public String describe() {
                return "flatten()";
            }

            @Override
            public String toString() {
                return describe();
            }
        };
    }

    @Override
    public Tensor forward(Tensor x) {
        return f.apply(x);
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public String describe() {
        return name + "()";
    }

    @Override
    public String toString() {
        return describe();
    }
}
