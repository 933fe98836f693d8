package org.pnn4j.train;

import java.util.ArrayList;
import java.util.List;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Tensor;

/** The forward-forward algorithm; see {@link Method#forwardForward(double)} and {@link ForwardForwardNetwork}. */
final class ForwardForward implements Method {
    private final double theta;

    ForwardForward(double theta) {
        if (!(theta > 0) || Double.isInfinite(theta))
            throw new IllegalArgumentException("forward-forward goodness threshold theta must be positive and finite, got " + theta
                    + " (per unit: the mean square activity that separates positive from negative data, e.g. 0.5)");
        this.theta = theta;
    }

    /**
     * softplus(u) = log(1 + eᵘ) = m + log(e^−m + e^(u−m)) with m = max(u, 0) held constant (the log-sum-exp shift), so
     * a large goodness cannot overflow and the gradient is σ(u) everywhere, u = 0 included.
     */
    static Tensor softplus(Tensor u) {
        Tensor m = u.detach().relu();
        return m.add(m.neg().exp().add(u.sub(m).exp()).log());
    }

    @Override
    public StepResult step(Step model) {
        if (!(model.model() instanceof ForwardForwardNetwork))
            throw new IllegalArgumentException("Method.forwardForward(...) trains a ForwardForwardNetwork (layers with the label "
                    + "embedded in the input), got " + model.model().describe() + "; build the model with "
                    + "ForwardForwardNetwork.of(classes, layers...), its first layer taking classes + features inputs");
        int[] y = model.batch().labels();
        if (y == null) throw new IllegalArgumentException("forward-forward needs class labels; the batch is a regression batch");
        ForwardForwardNetwork net = (ForwardForwardNetwork) PhysicalLayer.withModes(model.model(), l -> PhysicalLayer.Mode.PHYSICAL);
        int k = net.classes(), b = y.length;
        int[] wrong = new int[b];
        for (int i = 0; i < b; i++) wrong[i] = (y[i] + 1 + model.rng().nextInt(k - 1)) % k;
        Tensor x = Tensor.concat(0, net.embed(model.batch().x(), y), net.embed(model.batch().x(), wrong)); // positives, then negatives
        float[] sign = new float[2 * b];
        for (int i = 0; i < 2 * b; i++) sign[i] = i < b ? 1f : -1f;
        Tensor s = Tensor.wrap(sign, 2 * b, 1);
        List<Tensor> outs = net.blockOutputs(x); // one pass: one device call per physical layer
        Tensor total = null;
        for (int j = 0; j < outs.size(); j++) {
            Tensor h = outs.get(j);
            Tensor u = ForwardForwardNetwork.goodness(h).sub(theta * h.dim(1)).mul(s);
            Tensor l = softplus(u.neg()).mean();
            total = total == null ? l : total.add(l);
        }
        double value = total.item();
        if (!Double.isFinite(value)) return new StepResult(value, null, "forward-forward loss is " + value);
        List<Parameter> ps = new ArrayList<>();
        List<Layer> layers = net.layers();
        for (int[] blk : net.blocks())
            for (int i = blk[0]; i < blk[1]; i++) ps.addAll(Steps.trainable(layers.get(i).parameters()));
        return new StepResult(value, null, Steps.stepOn(model, total, ps, "forward-forward update"));
    }

    @Override
    public String describe() {
        return "forwardForward(" + theta + ")";
    }
}
