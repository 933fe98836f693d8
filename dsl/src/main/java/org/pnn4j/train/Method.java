package org.pnn4j.train;

import java.util.List;
import org.pnn4j.data.Batch;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.tensor.Tensor;

/**
 * How one training step obtains its updates: back-propagation through the model here; physics-aware
 * training, local learning and gradient-free methods implement the same contract.
 */
public interface Method {
    /**
     * Runs one step on a batch. If the loss is not finite, the method must not update any parameter and
     * returns the non-finite loss.
     */
    StepResult step(Step step);

    /** The method's name as a factory call. */
    String describe();

    /**
     * Everything a step needs.
     *
     * @param model      the model being trained
     * @param batch      the batch
     * @param loss       the objective
     * @param optimizer  the optimizer
     * @param parameters the model's parameters, in a stable order
     */
    record Step(Layer model, Batch batch, Loss loss, Optimizer optimizer, List<Parameter> parameters) {
        /** The objective on this batch's labels or targets. */
        public Tensor lossOf(Tensor output) {
            return batch.labels() != null ? loss.apply(output, batch.labels()) : loss.apply(output, batch.targets());
        }
    }

    /**
     * Outcome of a step.
     *
     * @param loss   the batch's loss before the update
     * @param output the model's output on the batch (for running accuracy), or null
     * @param problem null when the step was sound; otherwise what was not finite, in words
     */
    record StepResult(double loss, Tensor output, String problem) {}

    /**
     * Ordinary back-propagation: forward, loss (plus constraint penalties), backward through the whole
     * model, optimizer step, constraint projection.
     */
    static Method backprop() {
        return new Method() {
            @Override
            public StepResult step(Step s) {
                Tensor out = s.model().forward(s.batch().x());
                Tensor loss = s.lossOf(out);
                double value = loss.item();
                if (!Double.isFinite(value)) return new StepResult(value, out, "loss is " + value);
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
                        return new StepResult(value, out, "gradient of parameter '" + p.name() + "' is not finite");
                    }
                }
                s.optimizer().step(s.parameters());
                for (Parameter p : s.parameters()) {
                    for (var c : p.constraints()) c.project(p);
                    p.zeroGrad();
                }
                return new StepResult(value, out, null);
            }

            @Override
            public String describe() {
                return "backprop()";
            }
        };
    }
}
