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

    /**
     * A forward together with the seconds the device spent on it: what the device reports where it does (a remote
     * server's {@code device_seconds}); the default times {@link #forward} on the wall clock.
     *
     * @throws PreflightException as {@link #forward}
     * @throws BackendException   as {@link #forward}
     */
    default Timed forwardTimed(String substrate, Tensor inputs, Params params, int repeats) {
        long t0 = System.nanoTime();
        Tensor y = forward(substrate, inputs, params, repeats);
        return new Timed(y, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Measured outputs and the device's time for them.
     *
     * @param outputs       [batch, outputSize], averaged over the repeats
     * @param deviceSeconds seconds the device spent on the call
     */
    record Timed(Tensor outputs, double deviceSeconds) {}

    /**
     * The substrates this backend declares, built from its declaration (sizes, units, ranges, parameters; no model):
     * a lab's instrument becomes a layer with {@code new PhysicalLayer(s, backend.device(s))}.
     *
     * @throws BackendException when the declaration cannot be fetched (an unreachable server)
     */
    default java.util.List<DescribedSubstrate> substrates() {
        java.util.List<DescribedSubstrate> out = new java.util.ArrayList<>();
        for (Capabilities.SubstrateInfo s : capabilities().substrates()) out.add(s.toSubstrate());
        return out;
    }

    /**
     * The declared substrate of that name (see {@link #substrates()}).
     *
     * @throws PreflightException when this backend does not declare it, listing what it does declare
     */
    default DescribedSubstrate substrate(String name) {
        Capabilities c = capabilities();
        return c.substrate(name).orElseThrow(() -> new PreflightException("backend " + name() + " does not declare a substrate '" + name
                + "'; it declares " + c.substrateNames())).toSubstrate();
    }

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
