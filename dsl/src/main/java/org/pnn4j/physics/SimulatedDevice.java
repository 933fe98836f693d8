package org.pnn4j.physics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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

    /** Simulated devices save their state: see {@link #saveState}. */
    @Override
    public boolean savesState() {
        return true;
    }

    /**
     * Writes the random stream, the call count and then {@link #saveMoreState} (drift and noise processes of
     * subclasses). Fixed imperfections are not written: a device made from the same substrate and seed draws them
     * again identically.
     */
    @Override
    public final void saveState(DataOutput out) throws IOException {
        for (long v : rng.state()) out.writeLong(v);
        out.writeLong(calls);
        saveMoreState(out);
    }

    @Override
    public final void restoreState(DataInput in) throws IOException {
        long[] st = new long[rng.state().length];
        for (int i = 0; i < st.length; i++) st[i] = in.readLong();
        rng.restore(st);
        calls = in.readLong();
        restoreMoreState(in);
    }

    /**
     * Writes the state a subclass keeps besides {@link #rng} (drift values, started noise processes, inner devices).
     * The default writes nothing.
     *
     * @throws IOException if {@code out} fails
     */
    protected void saveMoreState(DataOutput out) throws IOException {}

    /**
     * Reads what {@link #saveMoreState} wrote. The default reads nothing.
     *
     * @throws IOException if {@code in} fails
     */
    protected void restoreMoreState(DataInput in) throws IOException {}
}
