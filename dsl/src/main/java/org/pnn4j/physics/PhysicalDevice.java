package org.pnn4j.physics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.pnn4j.tensor.Tensor;

/**
 * One physical instance of a substrate, simulated or real: a batched forward that returns measurements
 * (with the instance's reality gap and noise). Not differentiable; stateful (drift, call counts).
 */
public interface PhysicalDevice {
    /** The substrate this device realizes. */
    Substrate substrate();

    /**
     * Runs the physical system on a batch and reads its outputs.
     *
     * @param x     inputs [batch, inputSize], in the substrate's input range
     * @param theta parameter values by name, inside their ranges
     * @return measured outputs [batch, outputSize]
     */
    Tensor forward(Tensor x, Params theta);

    /**
     * One physical call's output together with the input the system actually received.
     *
     * @param input         the applied input [batch, inputSize]: the commanded input, or what the device observed it apply
     * @param output        the measured outputs [batch, outputSize]
     * @param deviceSeconds seconds the device spent on the call: what the instrument reports where it does (a remote
     *                      server's {@code device_seconds}), else the call's wall-clock time
     */
    record Measurement(Tensor input, Tensor output, double deviceSeconds) {}

    /**
     * Runs the system like {@link #forward} and also returns the input it actually applied, where the device knows
     * it (a simulated device whose input noise is declared observed; hardware that reads back its actuators).
     * Physics-aware training evaluates the model's vector-Jacobian product at that input. The default runs
     * {@link #forward} and reports the commanded input and the call's wall-clock time.
     *
     * @param x     inputs [batch, inputSize], in the substrate's input range
     * @param theta parameter values by name, inside their ranges
     */
    default Measurement measure(Tensor x, Params theta) {
        long t0 = System.nanoTime();
        Tensor y = forward(x, theta);
        return new Measurement(x, y, (System.nanoTime() - t0) / 1e9);
    }

    /** Physical forward calls made so far. */
    long calls();

    /**
     * Whether {@link #saveState} captures everything that makes this device's next outputs differ from a fresh
     * instance's (its random streams, drift, per-call noise). True for simulated devices; false (the default) for
     * real or remote hardware, which cannot be rewound: a run resumed from a checkpoint on such a device continues
     * correctly but not bit for bit.
     */
    default boolean savesState() {
        return false;
    }

    /**
     * Writes this device's mutable state (see {@link #savesState}); the default writes nothing.
     *
     * @throws IOException if {@code out} fails
     */
    default void saveState(DataOutput out) throws IOException {}

    /**
     * Restores what {@link #saveState} wrote, on a device made from the same substrate and seed; the default reads
     * nothing.
     *
     * @throws IOException if {@code in} fails or ends early
     */
    default void restoreState(DataInput in) throws IOException {}
}
