package org.pnn4j.train;

import java.util.ArrayList;
import java.util.List;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Tensor;

/** Shared pieces of the methods: the back-propagation step, the physical layers of a model, usage, clamping. */
final class Steps {
    private Steps() {}

    static Method.StepResult backprop(Method.Step s) {
        Tensor out = s.model().forward(s.batch().x());
        Tensor loss = s.lossOf(out);
        double value = loss.item();
        if (!Double.isFinite(value)) return new Method.StepResult(value, out, "loss is " + value);
        Tensor total = loss;
        for (Parameter p : s.parameters())
            for (var c : p.constraints()) {
                Tensor pen = c.penalty(p);
                if (pen != null) total = total.add(pen);
            }
        total.backward();
        for (Parameter p : s.parameters()) {
            if (p.grad() != null && !p.grad().isFinite()) {
                for (Parameter q : s.parameters()) q.zeroGrad();
                return new Method.StepResult(value, out, "gradient of parameter '" + p.name() + "' is not finite");
            }
        }
        s.optimizer().step(s.parameters());
        for (Parameter p : s.parameters()) {
            for (var c : p.constraints()) c.project(p);
            p.zeroGrad();
        }
        return new Method.StepResult(value, out, null);
    }

    /**
     * The update of a layer-local method: {@code objective} plus the constraint penalties of {@code ps} is
     * back-propagated, and if every gradient of {@code ps} is finite the optimizer steps {@code ps} alone and their
     * constraints are projected; all of the step's gradients are cleared either way.
     *
     * @return null when the update was applied, else what was not finite, in words ({@code what} names the update)
     */
    static String stepOn(Method.Step s, Tensor objective, List<Parameter> ps, String what) {
        Tensor total = objective;
        for (Parameter p : ps)
            for (var c : p.constraints()) {
                Tensor pen = c.penalty(p);
                if (pen != null) total = total.add(pen);
            }
        total.backward();
        String problem = null;
        for (Parameter p : ps)
            if (problem == null && p.grad() != null && !p.grad().isFinite()) problem = what + " of parameter '" + p.name() + "' is not finite";
        if (problem == null) {
            s.optimizer().step(ps);
            for (Parameter p : ps) for (var c : p.constraints()) c.project(p);
        }
        for (Parameter p : s.parameters()) p.zeroGrad();
        for (Parameter p : ps) p.zeroGrad();
        return problem;
    }

    /** The physical layers of {@code model}, depth first, in order ({@link PhysicalLayer#in}: the one walk). */
    static List<PhysicalLayer> physicalLayers(Layer model) {
        return PhysicalLayer.in(model);
    }

    /** Clamps the bounded parameters of every physical layer into their physical ranges. */
    static void clampPhysical(Layer model) {
        for (PhysicalLayer p : physicalLayers(model)) for (Parameter q : p.parameters()) clamp(q);
    }

    static void clamp(Parameter p) {
        if (!p.bounded()) return;
        float[] w = p.value().array();
        float lo = p.floatLo(), hi = p.floatHi();
        for (int i = 0; i < w.length; i++) w[i] = Math.max(lo, Math.min(hi, w[i]));
    }

    /**
     * One optimizer step from gradients estimated without the tape (finite differences, evolution strategies):
     * {@code grads[i]} becomes parameter i's gradient (d/dθ of sum(θ ⊙ ĝ) is ĝ, so the optimizer sees it as one), then
     * constraints and ranges are applied and the gradients cleared.
     */
    static void stepWithEstimate(Method.Step s, List<Parameter> ps, float[][] grads) {
        Tensor surrogate = null;
        for (int i = 0; i < ps.size(); i++) {
            Tensor term = ps.get(i).value().mul(Tensor.wrap(grads[i], ps.get(i).value().shape())).sum();
            surrogate = surrogate == null ? term : surrogate.add(term);
        }
        if (surrogate != null) {
            surrogate.backward();
            s.optimizer().step(ps);
        }
        for (Parameter p : ps) {
            for (var c : p.constraints()) c.project(p);
            clamp(p);
            p.zeroGrad();
        }
    }

    /** The loss on the batch, without gradients, with every physical layer on its device. */
    static double physicalLoss(Method.Step s, Tensor[] outHolder) {
        try (Grad.Scope off = Grad.off()) {
            Tensor out = s.model().forward(s.batch().x());
            if (outHolder != null) outHolder[0] = out;
            return s.lossOf(out).item();
        }
    }

    /** Element scale of a parameter in gradient-free methods: its range width when bounded, else 1. */
    static float scale(Parameter p) {
        return p.bounded() && Double.isFinite(p.hi() - p.lo()) ? (float) (p.hi() - p.lo()) : 1f;
    }

    static List<Parameter> trainable(List<Parameter> ps) {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : ps) if (p.trainable()) out.add(p);
        return out;
    }
}
