package org.pnn4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pnn4j.Network;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * A network trained with the forward-forward algorithm (Hinton 2022; {@link Method#forwardForward(double)}), its
 * physical layers used as fixed transforms between the trained digital layers (Oguz et al. 2023):
 *
 * <pre>{@code
 * ForwardForwardNetwork net = ForwardForwardNetwork.of(7,
 *         linear(7 + 12, 16), tanh(),       // goodness block 1: takes the 7-value label then the 12 features
 *         pendula(16),                      // physical: a fixed transform on the device
 *         linear(16, 16), tanh());          // goodness block 2
 * Trainer.of(net).method(Method.forwardForward(0.5)).fit(train);
 * double acc = Evaluation.physical(net, test).accuracy();
 * }</pre>
 *
 * <p>What is implemented of Oguz et al.: the physical system is a fixed nonlinear transform inside a multilayer
 * network whose digital layers are trained by forward-forward alone, so the device needs no model and no
 * characterisation; we train all blocks together at every step (each on its own loss, from one forward pass),
 * where they trained the layers one after another (one epoch of device use per layer), and our physical layers
 * are pnn4j's substrates, not a multimode fibre.
 *
 * <p><b>Label embedding.</b> A one-hot label of K values (1 at the label, 0 elsewhere) is put in front of the
 * sample's features, so the first layer takes K + d inputs for d features and nothing of the data is overwritten
 * (Hinton overwrote the first 10 pixels of MNIST, which are blank; our features are not).
 *
 * <p><b>Goodness blocks.</b> Each digital (non-physical) layer with trainable parameters starts a block, which
 * runs on through the parameter-free digital layers after it (its activations) and ends before the next physical
 * or trainable layer. A block's goodness is G = Σ_j h_j² over its output h (Hinton's sum of squared activities).
 * What leaves a block is h divided by its root mean square (Hinton's length normalisation, scaled so the values stay
 * of order 1 for the layer after it), so the next block cannot read the goodness off its length; a physical layer
 * with a finite input range [lo, hi] right after a block receives instead h over its largest |h_j| (the same
 * removal of the length, by the max norm), mapped affinely from [−1, 1] onto [lo, hi]. Physical layers,
 * and digital layers outside blocks, are fixed transforms (never trained by forward-forward).
 *
 * <p><b>Inference</b> ({@link #forward}): every candidate label is embedded in turn and the goodness summed over
 * all blocks (Hinton sums all but the first hidden layer; with the one or two blocks of a physical network we keep
 * them all); the output is these scores [batch, K], so its row argmax is the prediction (the label with the largest
 * total goodness) and {@link Evaluation#of} gives the accuracy (its loss, the cross-entropy of the scores, is a
 * by-product). Inference costs K device calls per physical layer per batch; physical layers run in their own mode.
 */
public final class ForwardForwardNetwork implements Layer {
    private final int classes;
    private final Network body;
    private final List<int[]> blocks;
    private final int features;

    private ForwardForwardNetwork(int classes, Network body) {
        this.classes = classes;
        this.body = body;
        List<Layer> layers = body.layers();
        int[] in = layers.get(0).inputShape();
        if (in == null || in.length != 1 || in[0] <= classes)
            throw new IllegalArgumentException("the forward-forward label embedding puts " + classes + " label values in front of the "
                    + "features, so the first layer must take " + classes + " + (number of features) inputs; "
                    + layers.get(0).describe() + " takes " + (in == null ? "any shape" : Arrays.toString(in))
                    + ". Give the first layer " + classes + " more inputs than the data has features");
        this.features = in[0] - classes;
        this.blocks = blocks(layers);
        if (blocks.isEmpty())
            throw new IllegalArgumentException("forward-forward trains digital layers with trainable parameters, and "
                    + body.describe() + " has none (physical layers are fixed transforms here); add a digital layer such as linear(n, m)");
        int[] shape = in;
        int b = 0;
        for (int i = 0; i < layers.size(); i++) {
            shape = layers.get(i).outputShape(shape);
            if (b < blocks.size() && i == blocks.get(b)[1] - 1) {
                if (shape.length != 1)
                    throw new ShapeMismatchException("goodness block " + (b + 1) + " ends with " + layers.get(i).describe() + " of output shape "
                            + Arrays.toString(shape) + "; the goodness Σ h² needs a vector per sample");
                b++;
            }
        }
    }

    /**
     * A forward-forward network for {@code classes} classes over {@code layers} in sequence (shapes checked as by
     * {@link Network#of}).
     *
     * @throws IllegalArgumentException if classes &lt; 2, no layer is given, the first layer does not take more than
     *                                  {@code classes} inputs (the label embedding), or no layer is trainable digital
     * @throws ShapeMismatchException   if consecutive layers do not fit, or a block does not output a vector
     */
    public static ForwardForwardNetwork of(int classes, Layer... layers) {
        if (classes < 2) throw new IllegalArgumentException("forward-forward needs at least 2 classes, got " + classes);
        return new ForwardForwardNetwork(classes, Network.of(layers));
    }

    /** The goodness blocks of {@code layers} as [first, end) index pairs (see the class documentation). */
    static List<int[]> blocks(List<Layer> layers) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (!trainableDigital(layers.get(i))) continue;
            int end = i + 1;
            while (end < layers.size() && !(layers.get(end) instanceof PhysicalLayer) && !trainableDigital(layers.get(end))
                    && layers.get(end).parameters().isEmpty()) end++;
            out.add(new int[] {i, end});
            i = end - 1;
        }
        return out;
    }

    private static boolean trainableDigital(Layer l) {
        if (l instanceof PhysicalLayer) return false;
        for (Parameter p : l.parameters()) if (p.trainable()) return true;
        return false;
    }

    /** Number of classes K. */
    public int classes() {
        return classes;
    }

    /** The layers, in order. */
    public List<Layer> layers() {
        return body.layers();
    }

    /** This network's goodness blocks as [first, end) layer indices. */
    List<int[]> blocks() {
        return blocks;
    }

    /** Redraws every layer's parameters from {@code seed}; returns this network. */
    public ForwardForwardNetwork initialize(long seed) {
        body.initialize(seed);
        return this;
    }

    /**
     * The samples with their labels embedded: [batch, K + d], the one-hot label first.
     *
     * @throws IllegalArgumentException if a label is outside [0, K), the counts differ, or x is not [batch, d]
     */
    public Tensor embed(Tensor x, int[] labels) {
        if (x.rank() != 2 || x.dim(1) != features)
            throw new ShapeMismatchException("forward-forward embedding expects samples [batch, " + features + "], got " + Arrays.toString(x.shape()));
        int b = x.dim(0);
        if (labels.length != b) throw new IllegalArgumentException("embed: " + b + " samples but " + labels.length + " labels");
        float[] src = x.toArray(), v = new float[b * (classes + features)];
        for (int i = 0; i < b; i++) {
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside [0, " + classes + ")");
            v[i * (classes + features) + labels[i]] = 1f;
            System.arraycopy(src, i * features, v, i * (classes + features) + classes, features);
        }
        return Tensor.wrap(v, b, classes + features);
    }

    /**
     * The output h_b of every goodness block for embedded samples: each block's input is detached, so a gradient of
     * a block's output reaches only that block's parameters.
     */
    List<Tensor> blockOutputs(Tensor embedded) {
        List<Layer> layers = body.layers();
        List<Tensor> outs = new ArrayList<>();
        Tensor h = embedded;
        int b = 0;
        for (int i = 0; i < layers.size(); i++) {
            boolean starts = b < blocks.size() && i == blocks.get(b)[0];
            if (starts) h = h.detach();
            h = layers.get(i).forward(h);
            if (b < blocks.size() && i == blocks.get(b)[1] - 1) {
                outs.add(h);
                b++;
                if (i + 1 < layers.size()) h = normalized(h, layers.get(i + 1));
            }
        }
        return outs;
    }

    /**
     * What leaves a block: h over its root mean square per sample; or, when the next layer is physical with a finite
     * input range [lo, hi], h over its largest |h_j| per sample mapped affinely from [−1, 1] onto [lo, hi].
     */
    private static Tensor normalized(Tensor h, Layer next) {
        try (Grad.Scope off = Grad.off()) {
            Tensor d = h.detach();
            if (next instanceof PhysicalLayer p) {
                double lo = p.substrate().inputMin(), hi = p.substrate().inputMax();
                if (Double.isFinite(lo) && Double.isFinite(hi))
                    return d.div(d.abs().max(1, true).add(1e-12)).add(1).mul((hi - lo) / 2).add(lo);
            }
            return d.div(d.square().mean(1, true).add(1e-12).sqrt());
        }
    }

    /** Goodness G = Σ_j h_j² per sample, shape [batch, 1]. */
    static Tensor goodness(Tensor h) {
        return h.square().sum(1, true);
    }

    /**
     * Goodness scores [batch, K]: for each candidate label, the goodness summed over the blocks; the row argmax is the
     * prediction. No gradients are recorded.
     */
    @Override
    public Tensor forward(Tensor x) {
        return labelScores(x.dim(0), classes, labels -> {
            float[] total = new float[x.dim(0)];
            for (Tensor h : blockOutputs(embed(x, labels))) {
                float[] g = goodness(h).toArray();
                for (int i = 0; i < total.length; i++) total[i] += g[i];
            }
            return total;
        });
    }

    /**
     * Scores [batch, K] of label trials, with no gradient recorded: column c is {@code totalGoodness} of the batch with
     * label c embedded in every sample (the inference of forward-forward and of physical local learning).
     */
    static Tensor labelScores(int batch, int classes, java.util.function.Function<int[], float[]> totalGoodness) {
        float[] scores = new float[batch * classes];
        try (Grad.Scope off = Grad.off()) {
            for (int c = 0; c < classes; c++) {
                int[] lab = new int[batch];
                Arrays.fill(lab, c);
                float[] g = totalGoodness.apply(lab);
                for (int i = 0; i < batch; i++) scores[i * classes + c] = g[i];
            }
        }
        return Tensor.wrap(scores, batch, classes);
    }

    @Override
    public int[] outputShape(int[] in) {
        if (in.length != 1 || in[0] != features)
            throw new ShapeMismatchException("expects " + features + " features (the first layer's " + (features + classes) + " inputs less "
                    + classes + " for the label), got " + Arrays.toString(in));
        return new int[] {classes};
    }

    @Override
    public int[] inputShape() {
        return new int[] {features};
    }

    @Override
    public List<Parameter> parameters() {
        return body.parameters();
    }

    @Override
    public List<Layer> children() {
        return body.children();
    }

    /** This network over {@code children} (same count and shapes): a view sharing the parameters; see {@link Layer#withChildren}. */
    @Override
    public ForwardForwardNetwork withChildren(List<Layer> children) {
        return new ForwardForwardNetwork(classes, body.withChildren(children));
    }

    @Override
    public void initialize(Rng rng) {
        body.initialize(rng);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("ForwardForwardNetwork.of(").append(classes);
        for (Layer l : body.layers()) sb.append(", ").append(l.describe());
        return sb.append(')').toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
