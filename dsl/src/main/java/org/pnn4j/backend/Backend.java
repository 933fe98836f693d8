package org.pnn4j.backend;

import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Tensor;

/**
 * Runs a substrate's physical forward somewhere: in-process ({@link SimulatedBackend}), on remote hardware
 * (the {@code pnn4j-device} module's {@code RemoteBackend}), or from a recording ({@link ReplayBackend}).
 *
 * <p>One required operation, {@link #forward}; everything else has a default. A backend yields a
 * {@link PhysicalDevice} for a substrate with {@link #device(Substrate)}, so
 * {@code new PhysicalLayer(substrate, backend.device(substrate))} runs any network on it: changing the backend
 * is one line. Implementations are found by {@link Backends#open} through a {@link BackendProvider}.
 *
 * <p>Implementations must be safe to call from several threads.
 */
public interface Backend extends AutoCloseable {

    /**
     * A batched physical forward: runs the substrate named {@code substrate} {@code repeats} times on
     * {@code inputs} with parameters {@code params} and returns the mean of the measurements.
     *
     * @param substrate the substrate's {@link Substrate#name()}, as listed in {@link #capabilities()}
     * @param inputs    [batch, inputSize], in the substrate's input unit
     * @param params    parameter values by name, in their physical units
     * @param repeats   measurements averaged per sample, at least 1
     * @return measured outputs [batch, outputSize], averaged over the repeats
     * @throws PreflightException when the call is outside what {@link #capabilities()} declares (nothing was run)
     * @throws BackendException   when the backend failed to run it (unreachable, device fault, not recorded)
     */
    Tensor forward(String substrate, Tensor inputs, Params params, int repeats);

    /** Who runs the calls, e.g. {@code simulated(seed=1)} or {@code remote(127.0.0.1:50051)}: stored in recordings. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** What this backend declares it can serve; {@link Preflight} rejects calls outside it. Default: {@link Capabilities#UNDECLARED}. */
    default Capabilities capabilities() {
        return Capabilities.UNDECLARED;
    }

    /**
     * Tells the backend that a client will run {@code substrate} on it: an in-process backend creates the
     * device here. Called by {@link #device(Substrate)}; wrappers pass it on. Default: nothing.
     *
     * @throws PreflightException if this backend cannot serve the substrate
     */
    default void attach(Substrate substrate) {}

    /**
     * A physical device of {@code substrate} running on this backend, one measurement per call.
     *
     * @throws PreflightException if this backend cannot serve the substrate
     */
    default PhysicalDevice device(Substrate substrate) {
        return device(substrate, 1);
    }

    /**
     * A physical device of {@code substrate} running on this backend, averaging {@code repeats} measurements per call.
     *
     * @throws IllegalArgumentException if repeats &lt; 1
     * @throws PreflightException       if this backend cannot serve the substrate
     */
    default PhysicalDevice device(Substrate substrate, int repeats) {
        return new BackendDevice(this, substrate, repeats);
    }

    /** Releases connections, files or devices. Default: nothing. */
    @Override
    default void close() {}
}
