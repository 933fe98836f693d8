package org.pnn4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * A sequence of layers, digital or physical, applied in order: the common case, as Keras' Sequential.
 * Shapes are checked when the network is built, so a mismatch is reported before any data flows:
 *
 * <pre>{@code
 * Network net = Network.of(linear(64, 32), tanh(), linear(32, 10));
 * System.out.println(net.summary());
 * }</pre>
 *
 * Parameters are initialized from seed 0 when the network is built; {@link #initialize(long)} redraws them.
 * A branching graph is not a {@code Network.of}: write a {@link Layer} for it.
 */
public final class Network implements Layer {
    private final List<Layer> layers;
    private final int[] inputShape;
    private final int[][] shapes; // shapes[i] = per-sample shape after layer i (null before the first fixed input)
    private long seed;

    private Network(List<Layer> layers) {
        this.layers = List.copyOf(layers);
        int first = -1;
        for (int i = 0; i < layers.size() && first < 0; i++) if (layers.get(i).inputShape() != null) first = i;
        this.inputShape = first < 0 ? null : layers.get(first).inputShape();
        this.shapes = new int[layers.size()][];
        if (first >= 0) {
            int[] s = inputShape;
            for (int i = 0; i < layers.size(); i++) {
                if (i < first) continue; // shape-preserving prefix (e.g. an activation) until the first fixed input
                s = shapeAfter(i, s);
                shapes[i] = s;
            }
        }
        initialize(0);
    }

    /** A view of {@code of} over {@code layers} (same count and shapes): nothing re-initialized. */
    private Network(Network of, List<Layer> layers) {
        this.layers = List.copyOf(layers);
        this.inputShape = of.inputShape;
        this.shapes = of.shapes;
        this.seed = of.seed;
    }

    /**
     * A network of the given layers, shapes checked.
     *
     * @throws IllegalArgumentException if no layer is given
     * @throws ShapeMismatchException naming the layer (1-based), what it expects, what it got, and the previous layer
     */
    public static Network of(Layer... layers) {
        if (layers.length == 0) throw new IllegalArgumentException("Network.of needs at least one layer");
        for (int i = 0; i < layers.length; i++)
            if (layers[i] == null) throw new IllegalArgumentException("layer " + (i + 1) + " of Network.of is null");
        return new Network(Arrays.asList(layers));
    }

    private int[] shapeAfter(int i, int[] in) {
        try {
            return layers.get(i).outputShape(in);
        } catch (ShapeMismatchException e) {
            String prev = i == 0 ? "network input" : "previous layer: " + layers.get(i - 1).describe();
            throw new ShapeMismatchException("layer " + (i + 1) + " (" + layers.get(i).describe() + ") " + e.getMessage()
                    + " (" + prev + ")");
        }
    }

    /** Redraws every layer's initial parameters from {@code seed} (each layer gets its own stream). */
    public Network initialize(long seed) {
        this.seed = seed;
        Rng rng = new Rng(seed);
        for (Layer l : layers) l.initialize(rng.split());
        return this;
    }

    /**
     * Sets the own mode of every physical layer under this network (every layer {@link Layer#walk} reaches: nested
     * networks and other composite layers included); returns this network. To run in a mode without changing the
     * layers, use {@link #withModes}.
     */
    public Network mode(PhysicalLayer.Mode mode) {
        java.util.Objects.requireNonNull(mode, "mode");
        for (PhysicalLayer p : PhysicalLayer.in(this)) p.mode(mode);
        return this;
    }

    /**
     * A view of this network with every physical layer in {@code mode}, sharing the parameters, devices and counters;
     * this network's layers keep their modes ({@link PhysicalLayer#withModes}). For example
     * {@code net.withModes(Mode.IDEAL).predict(x)} runs the digital models.
     *
     * @throws UnsupportedOperationException if a composite layer holding a physical layer cannot be rebuilt
     */
    public Network withModes(PhysicalLayer.Mode mode) {
        java.util.Objects.requireNonNull(mode, "mode");
        return (Network) PhysicalLayer.withModes(this, p -> mode);
    }

    /** This network over {@code children} (a view: same shapes, nothing re-initialized); see {@link Layer#withChildren}. */
    @Override
    public Network withChildren(List<Layer> children) {
        if (children.size() != layers.size())
            throw new IllegalArgumentException("a view of " + describe() + " needs " + layers.size() + " layers, got " + children.size());
        return new Network(this, children);
    }

    /** The seed the parameters were last initialized from. */
    public long seed() {
        return seed;
    }

    @Override
    public void initialize(Rng rng) {
        for (Layer l : layers) l.initialize(rng.split());
    }

    /**
     * Applies the layers in order to a batch [batch, ...inputShape].
     *
     * @throws ShapeMismatchException if the batch's per-sample shape differs from the network's input shape
     */
    @Override
    public Tensor forward(Tensor x) {
        if (inputShape != null) {
            int[] s = x.shape();
            int[] sample = s.length == 0 ? s : Arrays.copyOfRange(s, 1, s.length);
            if (!Arrays.equals(sample, inputShape))
                throw new ShapeMismatchException("network input has shape " + Arrays.toString(s) + ", but the first layer ("
                        + layers.get(0).describe() + ") expects [batch, " + join(inputShape) + "]");
        }
        Tensor h = x;
        for (Layer l : layers) h = l.forward(h);
        return h;
    }

    /** Forward pass without recording gradients (inference). */
    public Tensor predict(Tensor x) {
        try (Grad.Scope off = Grad.off()) {
            return forward(x);
        }
    }

    /** The index of the largest output per sample (class predictions). */
    public int[] classify(Tensor x) {
        return predict(x).argmaxRows();
    }

    @Override
    public int[] outputShape(int[] in) {
        int[] s = in;
        for (int i = 0; i < layers.size(); i++) s = shapeAfter(i, s);
        return s;
    }

    @Override
    public int[] inputShape() {
        return inputShape == null ? null : inputShape.clone();
    }

    /** The per-sample output shape, or null when the network takes any input shape. */
    public int[] outputShape() {
        return shapes.length == 0 || shapes[shapes.length - 1] == null ? null : shapes[shapes.length - 1].clone();
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return layers;
    }

    /** The layers, in order (as {@link #layers()}). */
    @Override
    public List<Layer> children() {
        return layers;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer l : layers) all.addAll(l.parameters());
        return all;
    }

    /** Total number of parameter elements (trainable and fixed). */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) n += p.size();
        return n;
    }

    /** A table of the layers: index, layer, output shape, trainable and fixed parameter counts, and totals. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-4s %-34s %-14s %12s %10s%n";
        sb.append(String.format(fmt, "#", "layer", "output", "trainable", "fixed"));
        sb.append(String.format(fmt, "", "input", inputShape == null ? "any" : "[" + join(inputShape) + "]", "", ""));
        long tTotal = 0, fTotal = 0;
        for (int i = 0; i < layers.size(); i++) {
            long t = 0, f = 0;
            for (Parameter p : layers.get(i).parameters()) if (p.trainable()) t += p.size(); else f += p.size();
            tTotal += t;
            fTotal += f;
            sb.append(String.format(fmt, i + 1, layers.get(i).describe(), shapes[i] == null ? "same" : "[" + join(shapes[i]) + "]", t, f));
        }
        sb.append(String.format("%-4s %-34s %-14s %12d %10d%n", "", "total", "", tTotal, fTotal));
        return sb.toString();
    }

    private static String join(int[] s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length; i++) sb.append(i == 0 ? "" : ", ").append(s[i]);
        return sb.toString();
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Network.of(");
        for (int i = 0; i < layers.size(); i++) sb.append(i == 0 ? "" : ", ").append(layers.get(i).describe());
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
