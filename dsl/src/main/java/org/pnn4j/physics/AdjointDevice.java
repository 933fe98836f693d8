package org.pnn4j.physics;

import java.util.Map;
import org.pnn4j.tensor.Tensor;

/**
 * A device capability: the device measures the gradient of a loss with respect to its own parameters and inputs by
 * the adjoint (reciprocity) method, in situ (Hughes, Minkov, Shi and Fan, Optica 5:864, 2018; Pai et al., Science
 * 380:398, 2023). Only a <b>linear, reciprocal</b> system can: the adjoint field, sent backward through the system,
 * must propagate with the transposed transfer matrix, and interfering it with the forward field must give the
 * derivative. A nonlinear substrate (second-harmonic generation, oscillators) or a non-reciprocal one does not
 * implement this interface, and {@link PhysicalLayer#withAdjointGradients()} refuses it.
 *
 * <p>A gradient takes three physical runs per batch: the {@link #forwardForAdjoint forward} run (which also gives the
 * outputs), then in {@link #adjoint} the adjoint run (the error signal injected at the outputs and sent backward) and
 * the interference run (the input together with the time-reversed adjoint field, sent forward). What comes back is
 * what those measurements give: the device's true imperfections are in it, and so is the noise of its detectors.
 */
public interface AdjointDevice extends PhysicalDevice {
    /** What the forward run measured and what the adjoint run needs (the device's own record of the run). */
    interface ForwardRun {
        /** The forward run's measurement: the applied input and the outputs [batch, outputSize]. */
        Measurement measurement();
    }

    /**
     * The gradients an adjoint measurement gave.
     *
     * @param input         ∂L/∂x [batch, inputSize], from the adjoint field measured at the input ports
     * @param parameters    ∂L/∂θ by parameter name (same shapes as the parameters), from the interference measurements
     * @param deviceSeconds seconds the device spent on the adjoint and interference runs
     */
    record Gradients(Tensor input, Map<String, Tensor> parameters, double deviceSeconds) {
        /** An unmodifiable copy of the map. */
        public Gradients {
            parameters = Map.copyOf(parameters);
        }
    }

    /**
     * Runs the system forward on a batch (one physical call, counted in {@link #calls()} like {@link #forward}) and
     * records what the adjoint measurement needs (the in-chip power monitors' readings, the output fields).
     *
     * @param x     inputs [batch, inputSize], in the substrate's input range
     * @param theta parameter values by name, inside their ranges
     * @throws IllegalArgumentException for inputs or parameters out of range (as {@link #forward})
     */
    ForwardRun forwardForAdjoint(Tensor x, Params theta);

    /**
     * Measures the gradients of a loss L at the forward run {@code run} of this device, given ∂L/∂y at its outputs:
     * {@link #adjointRuns()} further physical runs (the adjoint run backward and the interference run forward).
     *
     * @param run            a forward run of this device
     * @param outputGradient ∂L/∂y [batch, outputSize] (finite)
     * @throws IllegalArgumentException if {@code run} is not this device's or the gradient has the wrong shape or is
     *                                  not finite
     */
    Gradients adjoint(ForwardRun run, Tensor outputGradient);

    /** Physical runs one {@link #adjoint} call makes: 2 (the adjoint run and the interference run). */
    default int adjointRuns() {
        return 2;
    }

    /** Adjoint and interference runs made so far (the forward runs are in {@link #calls()}). */
    long adjointCalls();
}
