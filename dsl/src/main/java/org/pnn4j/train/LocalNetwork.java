package org.pnn4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * A network for physical local learning (PhyLL; Momeni et al., "Backpropagation-free training of deep physical
 * neural networks", Science 382, 2023), trained with {@link Method#localLearning(int, double)}:
 *
 * <pre>{@code
 * LocalNetwork net = LocalNetwork.of(7,
 *         LocalNetwork.block(acoustic(19, 4, 16), linear(16 + 19, 19)),    // P(h) concatenated with h
 *         LocalNetwork.block(acoustic(19, 4, 16), linear(16, 19)));        // P(h) alone
 * Trainer.of(net).method(Method.localLearning()).fit(train);
 * double acc = Evaluation.of(net, test).accuracy();
 * }</pre>
 *
 * <p><b>Label embedding.</b> For K classes, the first K input features are zeroed and feature y is set to the
 * batch's largest |x| (so the first K features carry the label, not data: pad the features with K leading zeros to
 * keep them all). A positive sample embeds the true label, a negative one a uniformly drawn wrong label.
 *
 * <p><b>Block k.</b> The physical layer's output P(hₖ), concatenated with hₖ when the block's digital layer takes
 * P's outputs plus P's inputs (decided from the digital layer's input width), goes through the trainable digital
 * layer: hₖ₊₁ = W·[P(hₖ), hₖ] + b. Its goodness is g = cos(|hₖ₊₁|, ζₖ) with ζₖ a fixed random unit vector per
 * block (drawn from the network's seed). What the physical layer and the skip see is the network's {@link Wiring}:
 * <ul>
 *   <li>{@link Wiring#BATCH_MAX} (the default of {@link #of}): block 1's physical layer takes the embedded input
 *       as it is; the next block's input, for both its physical layer and its skip, is |hₖ₊₁| divided by its
 *       largest value in the batch and mapped onto the next substrate's input range [inputMin, inputMax] (when
 *       finite).</li>
 *   <li>{@link Wiring#SAMPLE_NORM} (the PhyLL reference code, {@link #withWiring}): every block's physical layer
 *       takes |hₖ|/‖hₖ‖₂ per sample (block 1 included, hₖ the block's input), mapped onto its input range; the skip
 *       is the signed hₖ as it is, and the next block's input is the signed hₖ₊₁.</li>
 * </ul>
 *
 * <p><b>Inference</b> ({@link #forward}): every candidate label is embedded in turn, the goodness summed over the
 * blocks; the output is these scores [batch, K], so its row argmax is the prediction and {@link Evaluation#of} gives
 * the accuracy (its loss is the cross-entropy of the scores, a by-product). Inference costs K physical forward calls
 * per block per batch; physical layers run in their own mode (the default, PHYSICS_AWARE, forwards on the device).
 * Embedding and scaling use batch maxima, so predictions depend (weakly) on the batch a sample is in.
 */
public final class LocalNetwork implements Layer {
    /** How a block's input reaches its physical layer, its skip and the next block (see the class documentation). */
    public enum Wiring {
        /** pnn4j's original: |h| over the batch's largest |h|, to both the next physical layer and the skip. */
        BATCH_MAX,
        /** The PhyLL reference code: |h|/‖h‖₂ per sample to every physical layer; the signed h to the skip. */
        SAMPLE_NORM
    }

    /**
     * One block: a physical layer followed by a trainable digital layer.
     *
     * @param physical the physical layer (never trained by local learning; its parameters stay as initialized)
     * @param digital  the trainable digital map, taking P's outputs, or P's outputs followed by P's inputs
     */
    public record Block(PhysicalLayer physical, Layer digital) {
        /** Validates that neither is null. */
        public Block {
            Objects.requireNonNull(physical, "physical");
            Objects.requireNonNull(digital, "digital");
        }

        /** Whether the digital layer takes [P(h), h] rather than P(h). */
        public boolean concatenatesInput() {
            int[] in = digital.inputShape();
            return in != null && in.length == 1 && in[0] == physical.substrate().outputSize() + physical.substrate().inputSize();
        }
    }

    private final int classes;
    private final List<Block> blocks;
    private final Tensor[] zeta;
    private final int[] widths;
    private final Wiring wiring;

    private LocalNetwork(int classes, List<Block> blocks, long seed) {
        this.classes = classes;
        this.wiring = Wiring.BATCH_MAX;
        this.blocks = List.copyOf(blocks);
        this.zeta = new Tensor[blocks.size()];
        this.widths = new int[blocks.size()];
        Rng rng = new Rng(seed);
        for (int k = 0; k < blocks.size(); k++) {
            Block b = blocks.get(k);
            int pin = b.physical().substrate().inputSize(), pout = b.physical().substrate().outputSize();
            int[] in = b.digital().inputShape();
            if (in == null || in.length != 1 || (in[0] != pout && in[0] != pout + pin))
                throw new ShapeMismatchException("block " + (k + 1) + ": the digital layer " + b.digital().describe() + " takes "
                        + (in == null ? "any shape" : Arrays.toString(in)) + "; it must take " + pout + " (P's outputs) or "
                        + (pout + pin) + " (P's outputs followed by its " + pin + " inputs)");
            int[] out = b.digital().outputShape(in);
            if (out.length != 1) throw new ShapeMismatchException("block " + (k + 1) + ": the digital layer must output a vector, got " + Arrays.toString(out));
            widths[k] = out[0];
            if (k + 1 < blocks.size() && out[0] != blocks.get(k + 1).physical().substrate().inputSize())
                throw new ShapeMismatchException("block " + (k + 1) + " outputs " + out[0] + " values but block " + (k + 2)
                        + "'s physical layer " + blocks.get(k + 1).physical().describe() + " takes "
                        + blocks.get(k + 1).physical().substrate().inputSize());
            float[] z = Tensor.randn(rng, 1, out[0]).toArray();
            double norm = 0;
            for (float v : z) norm += v * v;
            norm = Math.sqrt(norm);
            for (int i = 0; i < z.length; i++) z[i] /= (float) norm;
            zeta[k] = Tensor.wrap(z, 1, out[0]);
        }
        int first = blocks.get(0).physical().substrate().inputSize();
        if (first < classes)
            throw new IllegalArgumentException("the first physical layer takes " + first + " inputs, fewer than the " + classes
                    + " classes the label embedding needs; give it at least " + classes + " inputs");
    }

    /** A view of {@code of} over other blocks of the same shapes: ζ and the widths shared. */
    private LocalNetwork(LocalNetwork of, List<Block> blocks, Wiring wiring) {
        this.wiring = Objects.requireNonNull(wiring, "wiring");
        this.classes = of.classes;
        this.blocks = List.copyOf(blocks);
        this.zeta = of.zeta;
        this.widths = of.widths;
    }

    /**
     * This network over {@code children} (physical, digital, physical, digital, ...; same shapes): a view sharing ζ,
     * as {@link Layer#withChildren} says.
     *
     * @throws IllegalArgumentException if the count differs or a physical slot holds another kind of layer
     */
    @Override
    public LocalNetwork withChildren(List<Layer> children) {
        if (children.size() != 2 * blocks.size())
            throw new IllegalArgumentException("a view of " + describe() + " needs " + 2 * blocks.size() + " layers, got " + children.size());
        List<Block> bs = new ArrayList<>();
        for (int k = 0; k < blocks.size(); k++) {
            if (!(children.get(2 * k) instanceof PhysicalLayer p))
                throw new IllegalArgumentException("block " + (k + 1) + " of a view of " + describe() + " needs a physical layer, got "
                        + children.get(2 * k).describe());
            bs.add(new Block(p, children.get(2 * k + 1)));
        }
        return new LocalNetwork(this, bs, wiring);
    }

    /**
     * This network with another {@link Wiring}: a view sharing the blocks (and so their parameters) and ζ.
     *
     * @throws NullPointerException if {@code wiring} is null
     */
    public LocalNetwork withWiring(Wiring wiring) {
        return new LocalNetwork(this, blocks, wiring);
    }

    /** How block inputs reach the physical layers and the skips. */
    public Wiring wiring() {
        return wiring;
    }

    /** A block: {@code physical} then {@code digital} (see {@link Block}). */
    public static Block block(PhysicalLayer physical, Layer digital) {
        return new Block(physical, digital);
    }

    /**
     * A local-learning network for {@code classes} classes, goodness directions ζ drawn from seed 0.
     *
     * @throws IllegalArgumentException if classes &lt; 2, no block is given, or the first layer has fewer inputs than classes
     * @throws ShapeMismatchException   if a digital layer's widths do not fit its physical layer or the next block
     */
    public static LocalNetwork of(int classes, Block... blocks) {
        return of(classes, 0, blocks);
    }

    /** As {@link #of(int, Block...)}, with the goodness directions ζ drawn from {@code seed}. */
    public static LocalNetwork of(int classes, long seed, Block... blocks) {
        if (classes < 2) throw new IllegalArgumentException("local learning needs at least 2 classes, got " + classes);
        if (blocks.length == 0) throw new IllegalArgumentException("LocalNetwork.of needs at least one block");
        return new LocalNetwork(classes, Arrays.asList(blocks), seed);
    }

    /** Number of classes K. */
    public int classes() {
        return classes;
    }

    /** The blocks, in order. */
    public List<Block> blocks() {
        return blocks;
    }

    /** The fixed unit goodness direction ζₖ of block k (0-based), shape [1, width]. */
    public Tensor zeta(int k) {
        return zeta[k];
    }

    /**
     * The inputs with labels embedded: first K features zeroed, feature labels[i] set to the batch's max |x|.
     *
     * @throws IllegalArgumentException if a label is outside [0, K) or the lengths differ
     */
    public Tensor embed(Tensor x, int[] labels) {
        int b = x.dim(0), d = x.dim(1);
        if (labels.length != b) throw new IllegalArgumentException("embed: " + b + " samples but " + labels.length + " labels");
        float[] v = x.toArray();
        float m = 0;
        for (float f : v) m = Math.max(m, Math.abs(f));
        for (int i = 0; i < b; i++) {
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is outside [0, " + classes + ")");
            Arrays.fill(v, i * d, i * d + classes, 0f);
            v[i * d + labels[i]] = m;
        }
        return Tensor.wrap(v, b, d);
    }

    /** Goodness per sample: cos(|h|, ζₖ), shape [batch, 1]. */
    Tensor goodness(int k, Tensor h) {
        Tensor a = h.abs();
        Tensor dot = a.mul(zeta[k]).sum(1, true);
        Tensor norm = a.square().sum(1, true).add(1e-12).sqrt();
        return dot.div(norm);
    }

    /** The digital layer's input from the physical output and the block input. */
    Tensor digitalInput(int k, Tensor physicalOut, Tensor blockIn) {
        return blocks.get(k).concatenatesInput() ? Tensor.concat(1, physicalOut, blockIn) : physicalOut;
    }

    /**
     * What block k's physical layer receives from the block input h: h itself ({@link Wiring#BATCH_MAX}), or
     * |h|/(‖h‖₂ + 10⁻⁶) per sample mapped onto the substrate's input range ({@link Wiring#SAMPLE_NORM}).
     */
    Tensor physicalInput(int k, Tensor h) {
        if (wiring == Wiring.BATCH_MAX) return h;
        int b = h.dim(0), d = h.dim(1);
        float[] v = h.abs().toArray();
        double[] range = inputRange(k);
        for (int i = 0; i < b; i++) {
            double sq = 0;
            for (int j = 0; j < d; j++) sq += (double) v[i * d + j] * v[i * d + j];
            double norm = Math.sqrt(sq) + 1e-6;
            for (int j = 0; j < d; j++) v[i * d + j] = (float) (range[0] + (range[1] - range[0]) * (v[i * d + j] / norm));
        }
        return Tensor.wrap(v, h.shape());
    }

    /** Block k's substrate input range when finite, else [0, 1]; [0, 1] past the last block. */
    private double[] inputRange(int k) {
        if (k < blocks.size()) {
            var s = blocks.get(k).physical().substrate();
            if (Double.isFinite(s.inputMin()) && Double.isFinite(s.inputMax())) return new double[] {s.inputMin(), s.inputMax()};
        }
        return new double[] {0, 1};
    }

    /**
     * The next block's input from this block's output h: |h| over its batch max, onto the next substrate's input
     * range ({@link Wiring#BATCH_MAX}), or h as it is ({@link Wiring#SAMPLE_NORM}).
     */
    Tensor nextInput(int k, Tensor h) {
        if (wiring == Wiring.SAMPLE_NORM) return h.detach();
        float[] v = h.abs().toArray();
        float m = 0;
        for (float f : v) m = Math.max(m, f);
        double lo = 0, hi = 1;
        if (k + 1 < blocks.size()) {
            var s = blocks.get(k + 1).physical().substrate();
            if (Double.isFinite(s.inputMin()) && Double.isFinite(s.inputMax())) {
                lo = s.inputMin();
                hi = s.inputMax();
            }
        }
        for (int i = 0; i < v.length; i++) v[i] = (float) (lo + (hi - lo) * (m > 0 ? v[i] / m : 0));
        return Tensor.wrap(v, h.shape());
    }

    /**
     * Goodness scores [batch, K]: for each candidate label, the goodness summed over the blocks; the row argmax is
     * the prediction. No gradients are recorded.
     */
    @Override
    public Tensor forward(Tensor x) {
        return ForwardForwardNetwork.labelScores(x.dim(0), classes, labels -> {
            float[] total = new float[x.dim(0)];
            Tensor h = embed(x, labels);
            for (int k = 0; k < blocks.size(); k++) {
                Block bl = blocks.get(k);
                Tensor out = bl.digital().forward(digitalInput(k, bl.physical().forward(physicalInput(k, h)), h));
                float[] g = goodness(k, out).toArray();
                for (int i = 0; i < total.length; i++) total[i] += g[i];
                h = nextInput(k, out);
            }
            return total;
        });
    }

    @Override
    public int[] outputShape(int[] in) {
        int pin = blocks.get(0).physical().substrate().inputSize();
        if (in.length != 1 || in[0] != pin)
            throw new ShapeMismatchException("expects " + pin + " inputs, got " + Arrays.toString(in));
        return new int[] {classes};
    }

    @Override
    public int[] inputShape() {
        return new int[] {blocks.get(0).physical().substrate().inputSize()};
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Block b : blocks) {
            all.addAll(b.physical().parameters());
            all.addAll(b.digital().parameters());
        }
        return all;
    }

    @Override
    public List<Layer> children() {
        List<Layer> all = new ArrayList<>();
        for (Block b : blocks) {
            all.add(b.physical());
            all.add(b.digital());
        }
        return all;
    }

    /** Redraws the physical and digital parameters of every block from {@code rng} (ζ stays). */
    @Override
    public void initialize(Rng rng) {
        for (Block b : blocks) {
            b.physical().initialize(rng.split());
            b.digital().initialize(rng.split());
        }
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("LocalNetwork.of(").append(classes);
        for (Block b : blocks) sb.append(", block(").append(b.physical().describe()).append(", ").append(b.digital().describe()).append(')');
        sb.append(')');
        if (wiring != Wiring.BATCH_MAX) sb.append(".withWiring(").append(wiring).append(')');
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
