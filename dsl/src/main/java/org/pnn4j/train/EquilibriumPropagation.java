package org.pnn4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.Equilibrium;
import org.pnn4j.physics.Nudge;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Tensor;

/**
 * Equilibrium propagation (one-sided or symmetric) and coupled learning; see
 * {@link Method#equilibriumPropagation(double, boolean)} and {@link Method#coupledLearning(double)}.
 */
final class EquilibriumPropagation implements Method {
    /** How the second (and third) equilibrium is taken. */
    enum Variant {
        /** Free and one nudged phase at +β (Scellier &amp; Bengio 2017). */
        ONE_SIDED,
        /** Nudged phases at +β and −β (Laborieux et al. 2021). */
        SYMMETRIC,
        /** Free and clamped phase, the outputs set to y − η·e (Stern et al. 2021). */
        COUPLED
    }

    private final double beta;
    private final Variant variant;

    EquilibriumPropagation(double beta, Variant variant) {
        if (!(beta > 0) || Double.isInfinite(beta))
            throw new IllegalArgumentException((variant == Variant.COUPLED ? "coupled-learning amplitude eta" : "equilibrium-propagation nudge beta")
                    + " must be positive and finite, got " + beta);
        this.beta = beta;
        this.variant = variant;
    }

    /** Device calls of the physical layer per step: 2 (free, nudged or clamped), 3 for the symmetric variant. */
    int callsPerStep() {
        return variant == Variant.SYMMETRIC ? 3 : 2;
    }

    /** The pieces of a network EP can train: layers before the equilibrium layer (no trainable parameters), it, and after. */
    private record Parts(List<Layer> layers, int at, PhysicalLayer layer) {}

    private Parts parts(Layer model) {
        List<Layer> layers = model instanceof PhysicalLayer ? List.of(model) : model.children();
        List<PhysicalLayer> physical = PhysicalLayer.in(model);
        String what = describe();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l instanceof PhysicalLayer p && !p.settles())
                throw new IllegalArgumentException(what + " needs physical layers that settle to an equilibrium and can be nudged, but layer "
                        + (i + 1) + " (" + p.describe() + ") is " + (p.substrate() instanceof org.pnn4j.physics.EquilibriumSubstrate
                        ? "on a device that cannot be nudged (" + p.device().getClass().getSimpleName() + ")"
                        : "a feed-forward substrate (or one wrapped by withNoise(...), which hides the equilibrium; add its noise with "
                        + "outputNoise(...) instead)") + "; train it with Method.physicsAware(), Method.feedbackAlignment(seed) or a "
                        + "gradient-free method, or use an equilibrium substrate such as Pnn.resistive(inputs, hidden, outputs)");
        }
        if (physical.size() != 1)
            throw new IllegalArgumentException(what + " trains one equilibrium layer (with parameter-free layers before it and digital "
                    + "layers after it), got " + physical.size() + " physical layers in " + model.describe()
                    + "; put the equilibrium network in one substrate (e.g. more hidden nodes) or train with Method.physicsAware()");
        int at = -1;
        for (int i = 0; i < layers.size(); i++) if (layers.get(i) == physical.get(0)) at = i;
        if (at < 0)
            throw new IllegalArgumentException(what + " needs the equilibrium layer " + physical.get(0).describe() + " directly in the "
                    + "sequence of layers (a Network.of(...)), not nested inside " + model.describe());
        for (int i = 0; i < at; i++)
            for (Parameter p : layers.get(i).parameters())
                if (p.trainable())
                    throw new IllegalArgumentException(what + " cannot train layer " + (i + 1) + " (" + layers.get(i).describe()
                            + ") before the equilibrium layer: its gradient would need the inputs' currents; freeze it, drop it, or "
                            + "train the network with Method.physicsAware()");
        return new Parts(layers, at, physical.get(0));
    }

    /** One step's estimates: the loss, the network's output and every trainable parameter's update direction. */
    record Estimate(double loss, Tensor output, Map<Parameter, float[]> gradients, String problem) {}

    /**
     * The free phase, the loss and its error at the outputs, the nudged (or clamped) phase(s), and the gradient
     * estimates: the EP estimate for the equilibrium layer's parameters, the loss's own gradient for the digital layers
     * after it. Leaves every parameter's value and gradient as they were.
     */
    Estimate estimate(Step s) {
        Parts parts = parts(s.model());
        Tensor h = s.batch().x();
        try (Grad.Scope off = Grad.off()) {
            for (int i = 0; i < parts.at(); i++) h = parts.layers().get(i).forward(h).detach();
        }
        PhysicalLayer layer = parts.layer();
        Equilibrium free = layer.settle(h, Nudge.free());
        Tensor y = free.output().detach().requiresGrad(true);
        Tensor out = y;
        for (int i = parts.at() + 1; i < parts.layers().size(); i++) out = parts.layers().get(i).forward(out);
        Tensor loss = s.lossOf(out);
        for (Parameter p : s.parameters())
            for (var c : p.constraints()) {
                Tensor pen = c.penalty(p);
                if (pen != null) loss = loss.add(pen);
            }
        double value = loss.item();
        Tensor output = out.detach();
        if (!Double.isFinite(value)) return new Estimate(value, output, Map.of(), "loss is " + value);
        loss.backward();
        int batch = y.dim(0);
        // the error per sample at the outputs: the batch loss is a mean, so a sample's own loss gradient is batch·∂L/∂y
        Tensor error = y.grad() == null ? Tensor.zeros(y.shape()) : y.grad().mul(batch);
        Map<Parameter, float[]> grads = new LinkedHashMap<>();
        // the digital layers after the equilibrium get the loss's own gradient; the equilibrium layer's parameters only
        // their constraint penalties' here, to which the EP estimate is added below
        for (Parameter p : s.parameters()) if (p.trainable() && p.grad() != null) grads.put(p, p.grad().array().clone());
        for (Parameter p : s.parameters()) p.zeroGrad();
        if (layer.mode() == PhysicalLayer.Mode.FROZEN) for (Parameter p : layer.parameters()) grads.remove(p);
        else {
            // the pseudo-target y − e: a weak clamp toward it pulls the outputs down the loss's gradient (for ½‖y − t‖² it is t)
            Tensor yFree = y.detach();
            Tensor target = yFree.sub(error.mul(variant == Variant.COUPLED ? beta : 1)).detach();
            Map<String, double[]> plus, minus;
            double scale;
            if (variant == Variant.COUPLED) {
                plus = layer.settle(h, Nudge.clamp(target)).energyGradient();
                minus = free.energyGradient();
                scale = 1 / (beta * batch);
            } else {
                plus = layer.settle(h, Nudge.weakClamp(target, beta)).energyGradient();
                if (variant == Variant.SYMMETRIC) {
                    minus = layer.settle(h, Nudge.weakClamp(target, -beta)).energyGradient();
                    scale = 1 / (2 * beta * batch);
                } else {
                    minus = free.energyGradient();
                    scale = 1 / (beta * batch);
                }
            }
            for (Parameter p : layer.parameters()) {
                if (!p.trainable()) continue;
                double[] a = plus.get(p.name()), b = minus.get(p.name());
                if (a == null || b == null)
                    throw new IllegalStateException(layer.describe() + "'s equilibrium reports no energy gradient for its trainable parameter '"
                            + p.name() + "' (it reports " + plus.keySet() + ")");
                float[] penalty = grads.get(p), g = new float[a.length];
                for (int i = 0; i < a.length; i++) g[i] = (float) ((a[i] - b[i]) * scale + (penalty == null ? 0 : penalty[i]));
                grads.put(p, g);
            }
        }
        for (Map.Entry<Parameter, float[]> e : grads.entrySet())
            for (float v : e.getValue())
                if (!Float.isFinite(v)) return new Estimate(value, output, Map.of(), "update of parameter '" + e.getKey().name() + "' is not finite");
        return new Estimate(value, output, grads, null);
    }

    @Override
    public StepResult step(Step s) {
        Estimate e = estimate(s);
        if (e.problem() != null) return new StepResult(e.loss(), e.output(), e.problem());
        List<Parameter> ps = new ArrayList<>(e.gradients().keySet());
        float[][] g = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) g[i] = e.gradients().get(ps.get(i));
        Steps.stepWithEstimate(s, ps, g);
        return new StepResult(e.loss(), e.output(), null);
    }

    @Override
    public String describe() {
        return switch (variant) {
            case ONE_SIDED -> String.format(Locale.ROOT, "equilibriumPropagation(%s)", beta);
            case SYMMETRIC -> String.format(Locale.ROOT, "equilibriumPropagation(%s, symmetric)", beta);
            case COUPLED -> String.format(Locale.ROOT, "coupledLearning(%s)", beta);
        };
    }
}
