package org.pnn4j.train;

import java.util.List;
import org.pnn4j.nn.Layer;
import org.pnn4j.physics.AdjointDevice;
import org.pnn4j.physics.PhysicalLayer;

/** In-situ adjoint training; see {@link Method#inSituAdjoint()}. */
final class InSituAdjoint implements Method {
    /**
     * The view of {@code model} this method trains: every physical layer whose device measures its own gradient runs
     * with {@link PhysicalLayer#withAdjointGradients()}; a frozen layer without that capability stays frozen (its input
     * gradient from its model's VJP at the measured state, as in PAT).
     *
     * @throws UnsupportedOperationException naming the first trainable physical layer whose device cannot, and what to
     *                                       use instead
     */
    static Layer view(Layer model) {
        List<Layer> top = model.children();
        for (PhysicalLayer p : PhysicalLayer.in(model)) {
            if (p.device() instanceof AdjointDevice || p.mode() == PhysicalLayer.Mode.FROZEN) continue;
            int at = top.indexOf(p);
            String where = at >= 0 ? "layer " + (at + 1) + " (" + p.describe() + ")" : "physical layer " + p.describe();
            throw new UnsupportedOperationException("in-situ adjoint training needs every trained physical layer to measure its own "
                    + "gradient, but " + where + " cannot: its device (" + p.device().getClass().getSimpleName() + ") has no "
                    + "adjoint (reciprocity) measurement, which needs a linear, reciprocal system such as an MZI mesh "
                    + "(Pnn.mziMesh). Train this network with Method.physicsAware() (the model's gradient at the measured state), "
                    + "a gradient-free method (Method.spsa, Method.evolutionStrategies), or freeze that layer "
                    + "(layer.mode(PhysicalLayer.Mode.FROZEN))");
        }
        return Layer.replace(model, l -> l instanceof PhysicalLayer p && p.device() instanceof AdjointDevice ? p.withAdjointGradients() : null);
    }

    @Override
    public StepResult step(Step s) {
        StepResult r = Steps.backprop(s.on(view(s.model())));
        if (r.problem() == null) Steps.clampPhysical(s.model());
        return r;
    }

    @Override
    public String describe() {
        return "inSituAdjoint()";
    }

    @Override
    public String toString() {
        return describe();
    }
}
