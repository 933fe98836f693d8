package org.pnn4j.nn;

import java.util.List;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * One stage of a network: a map from a batch [batch, ...inputShape] to a batch [batch, ...outputShape],
 * differentiable through the tensor autograd, with its trainable parameters. Shapes here are per sample
 * (without the batch axis).
 */
public interface Layer {
    /** Applies the layer to a batch. */
    Tensor forward(Tensor x);

    /**
     * The per-sample output shape for a per-sample input shape.
     *
     * @throws ShapeMismatchException if this layer cannot take that input; the message says what it
     *         expects and what it got (e.g. "expects 64 inputs, got 48")
     */
    int[] outputShape(int[] inputShape);

    /** The per-sample input shape this layer requires, or null when it takes any shape. */
    default int[] inputShape() {
        return null;
    }

    /** The trainable and fixed parameters, in a stable order. */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** (Re)draws the initial parameter values from {@code rng}; layers without parameters do nothing. */
    default void initialize(Rng rng) {}

    /**
     * The layers this layer is made of (a network's layers), in order; empty for a leaf layer. Training methods
     * walk this tree to find the physical layers whose modes they switch.
     */
    default List<Layer> children() {
        return List.of();
    }

    /** How the layer reads as a factory call, e.g. {@code linear(12, 48)}. */
    String describe();
}
