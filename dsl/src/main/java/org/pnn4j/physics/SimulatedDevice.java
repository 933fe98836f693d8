package org.pnn4j.physics;

import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * Base of in-process simulated devices: validates every call (input width and range, parameter ranges,
 * finite outputs), counts calls, and runs {@link #realize} without recording gradients.
 */
public abstract class SimulatedDevice implements PhysicalDevice {
    private final Substrate substrate;
    /** This device's random stream: fixed imperfections are drawn first (in constructors), then per-call noise. */
    protected final Rng rng;
    private long calls;

    /** A device of {@code substrate} whose randomness is fixed by {@code seed}. */
    protected SimulatedDevice(Substrate substrate, long seed) {
        this.substrate = substrate;
        this.rng = new Rng(seed);
    }

    @Override
    public final Substrate substrate() {
        return substrate;
    }

    @Override
    public final Tensor forward(Tensor x, Params theta) {
        Substrates.checkInput(substrate, x);
        Substrates.checkParams(substrate, theta);
        Tensor y;
        try (Grad.Scope off = Grad.off()) {
            y = realize(x.detach(), theta.detached());
        }
        Substrates.checkOutput(substrate, y, x.dim(0), "the physical realization");
        calls++;
        return y.detach();
    }

    /** The simulated physical system: the reality gap and noise, applied to a validated batch. */
    protected abstract Tensor realize(Tensor x, Params theta);

    @Override
    public final long calls() {
        return calls;
    }
}
