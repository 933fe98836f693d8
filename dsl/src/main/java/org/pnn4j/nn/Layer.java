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
     * The layers this layer is made of (a network's layers), in order; empty for a leaf layer. {@link #walk} goes
     * through this tree (the one walk training methods, checkpoints and mode views use), so a composite layer that
     * holds physical layers must list them here.
     */
    default List<Layer> children() {
        return List.of();
    }

    /**
     * This layer with its {@link #children()} replaced by {@code children} (as many, in the same order, same shapes),
     * sharing this layer's parameters and settings: how {@link #replace} builds a view of a model (for instance with
     * its physical layers in other modes) without copying or re-initializing anything. A leaf layer returns itself.
     *
     * @throws UnsupportedOperationException if this layer has children and does not implement it (the default): a
     *                                       composite layer that holds physical layers must, to be trained with the
     *                                       methods that choose their modes
     */
    default Layer withChildren(List<Layer> children) {
        List<Layer> mine = children();
        if (mine.size() == children.size()) {
            boolean same = true;
            for (int i = 0; i < mine.size() && same; i++) same = mine.get(i) == children.get(i);
            if (same) return this;
        }
        throw new UnsupportedOperationException(describe() + " (" + getClass().getName() + ") has child layers but does not "
                + "implement withChildren(List<Layer>), so no view of it with other child layers (e.g. physical layers in "
                + "another mode) can be built; implement it to return the same layer over the given children");
    }

    /**
     * Every layer of the tree under {@code root} through {@link #children()}: {@code root} first, then depth first, in
     * order. The one walk over a model.
     */
    static List<Layer> walk(Layer root) {
        List<Layer> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Layer> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Layer l = todo.pop();
            out.add(l);
            List<Layer> c = l.children();
            for (int i = c.size() - 1; i >= 0; i--) todo.push(c.get(i));
        }
        return out;
    }

    /**
     * A view of the tree under {@code root} in which every layer {@code l} with a non-null {@code replacement.apply(l)}
     * is replaced by it (its subtree is not walked further); the composite layers above a replaced layer are rebuilt
     * with {@link #withChildren}, every other layer is shared. Nothing of {@code root} is changed: this is how a model
     * runs with its physical layers in other modes (Equinox's {@code inference_mode} returns a new tree the same way).
     *
     * @throws UnsupportedOperationException if a composite layer above a replaced one does not implement {@link #withChildren}
     */
    static Layer replace(Layer root, java.util.function.Function<Layer, Layer> replacement) {
        Layer r = replacement.apply(root);
        if (r != null) return r;
        List<Layer> children = root.children();
        if (children.isEmpty()) return root;
        List<Layer> mapped = new java.util.ArrayList<>(children.size());
        boolean changed = false;
        for (Layer c : children) {
            Layer m = replace(c, replacement);
            changed |= m != c;
            mapped.add(m);
        }
        return changed ? root.withChildren(mapped) : root;
    }

    /** How the layer reads as a factory call, e.g. {@code linear(12, 48)}. */
    String describe();
}
