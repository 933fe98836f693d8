package org.pnn4j.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** Direct feedback alignment; see {@link Method#feedbackAlignment(long)}. */
final class FeedbackAlignment implements Method {
    private final long seed;
    /** Fixed feedback matrices B_b [classes, block outputs], drawn once per block from the seed (so a resumed run redraws the same). */
    private final Map<Integer, Tensor> feedback = new HashMap<>();

    FeedbackAlignment(long seed) {
        this.seed = seed;
    }

    /**
     * The blocks of {@code layers}: each starts at a layer with trainable parameters and runs up to the next one, so
     * a block is a trainable layer followed by its parameter-free layers (activations): the feedback reaches the
     * block's output and the block's own derivatives (f′ of its activation, Nøkland's (Be) ⊙ f′(a)) carry it to the
     * parameters. Leading parameter-free layers form a block of their own, which gets no feedback.
     */
    static List<int[]> blocks(List<Layer> layers) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= layers.size(); i++)
            if (i == layers.size() || hasTrainable(layers.get(i))) {
                out.add(new int[] {start, i});
                start = i;
            }
        return out;
    }

    private static boolean hasTrainable(Layer l) {
        if (l instanceof PhysicalLayer p && p.mode() == PhysicalLayer.Mode.FROZEN) return false;
        for (Parameter p : l.parameters()) if (p.trainable()) return true;
        return false;
    }

    /** B for block {@code b}: Gaussian entries of variance 1/classes, fixed for the life of this method. */
    Tensor feedbackMatrix(int b, int classes, int width) {
        Tensor B = feedback.get(b);
        if (B == null || B.shape()[0] != classes || B.shape()[1] != width) {
            Rng r = new Rng(seed * 1_000_003L + b);
            float[] v = new float[classes * width];
            double sd = 1 / Math.sqrt(classes);
            for (int i = 0; i < v.length; i++) v[i] = (float) (sd * r.nextGaussian());
            B = Tensor.wrap(v, classes, width);
            feedback.put(b, B);
        }
        return B;
    }

    @Override
    public StepResult step(Step model) {
        Layer view = PhysicalLayer.withModes(model.model(),
                l -> l.mode() == PhysicalLayer.Mode.FROZEN ? PhysicalLayer.Mode.FROZEN : PhysicalLayer.Mode.PHYSICS_AWARE);
        Step s = model.on(view);
        List<Layer> layers = view.children();
        if (layers.size() < 2)
            throw new IllegalArgumentException("direct feedback alignment needs a sequence of layers (a Network.of(...) with at "
                    + "least two), got " + view.describe() + " with " + layers.size() + " child layer(s); train a single layer with "
                    + "Method.physicsAware() instead");
        List<int[]> blocks = blocks(layers);
        Tensor[] outs = new Tensor[blocks.size()];
        Tensor h = s.batch().x();
        for (int b = 0; b < blocks.size(); b++) {
            Tensor in = h.detach(); // no gradient between blocks: each learns from its own feedback only
            for (int i = blocks.get(b)[0]; i < blocks.get(b)[1]; i++) in = layers.get(i).forward(in);
            outs[b] = in;
            h = in;
        }
        Tensor y = outs[blocks.size() - 1].detach().requiresGrad(true);
        Tensor loss = s.lossOf(y);
        double value = loss.item();
        Tensor output = y.detach();
        if (!Double.isFinite(value)) return new StepResult(value, output, "loss is " + value);
        loss.backward();
        Tensor e = y.grad(); // dL/dy [batch, classes]: the output error, the only signal sent back
        if (e.shape().length != 2)
            throw new IllegalArgumentException("direct feedback alignment needs a [batch, classes] output, got shape "
                    + java.util.Arrays.toString(e.shape()));
        int classes = e.shape()[1];
        Tensor surrogate = outs[blocks.size() - 1].requiresGrad() ? outs[blocks.size() - 1].mul(e).sum() : null;
        for (int b = 0; b < blocks.size() - 1; b++) {
            if (!outs[b].requiresGrad()) continue; // no trainable parameter in this block
            int[] shape = outs[b].shape();
            int width = outs[b].size() / shape[0];
            Tensor delta = e.matmul(feedbackMatrix(b, classes, width)).reshape(shape);
            Tensor term = outs[b].mul(delta).sum();
            surrogate = surrogate == null ? term : surrogate.add(term);
        }
        for (Parameter p : s.parameters())
            for (var c : p.constraints()) {
                Tensor pen = c.penalty(p);
                if (pen != null) surrogate = surrogate == null ? pen : surrogate.add(pen);
            }
        if (surrogate != null) surrogate.backward();
        for (Parameter p : s.parameters()) {
            if (p.grad() != null && !p.grad().isFinite()) {
                for (Parameter q : s.parameters()) q.zeroGrad();
                return new StepResult(value, output, "feedback-alignment update of parameter '" + p.name() + "' is not finite");
            }
        }
        s.optimizer().step(s.parameters());
        for (Parameter p : s.parameters()) {
            for (var c : p.constraints()) c.project(p);
            p.zeroGrad();
        }
        Steps.clampPhysical(s.model());
        return new StepResult(value, output, null);
    }

    @Override
    public String describe() {
        return "feedbackAlignment(" + seed + ")";
    }
}
