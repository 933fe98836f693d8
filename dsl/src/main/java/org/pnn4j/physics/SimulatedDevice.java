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
        return measure(x, theta).output();
    }

    /**
     * Validates the call, applies {@link #actuate} then {@link #realize}; the measurement's input is the actuated
     * input when {@link #actuationObserved} says the device observes it, else the commanded {@code x}.
     */
    @Override
    public final Measurement measure(Tensor x, Params theta) {
        long t0 = System.nanoTime();
        Substrates.checkInput(substrate, x);
        Substrates.checkParams(substrate, theta);
        Tensor applied, y;
        try (Grad.Scope off = Grad.off()) {
            applied = actuate(x.detach()).detach();
            y = realize(applied, theta.detached());
        }
        Substrates.checkOutput(substrate, y, x.dim(0), "the physical realization");
        calls++;
        return new Measurement(actuationObserved() ? applied : x.detach(), y.detach(), (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Runs a physical call other than a forward (a nudged equilibrium, say) with a forward's validation and
     * counting: checks the input and parameters, applies {@link #actuate}, runs {@code call} on the actuated input
     * without gradients, and counts one call.
     *
     * @throws org.pnn4j.tensor.ShapeMismatchException for inputs of the wrong width
     * @throws IllegalArgumentException                for inputs or parameters out of range
     */
    protected final <T> T validatedCall(Tensor x, Params theta, java.util.function.BiFunction<Tensor, Params, T> call) {
        Substrates.checkInput(substrate, x);
        Substrates.checkParams(substrate, theta);
        T result;
        try (Grad.Scope off = Grad.off()) {
            result = call.apply(actuate(x.detach()).detach(), theta.detached());
        }
        calls++;
        return result;
    }

    /**
     * The input the physical system actually receives for the commanded {@code x} (same shape): actuation noise or
     * error. The default applies x exactly. Runs before {@link #realize} on every call, without gradients.
     */
    protected Tensor actuate(Tensor x) {
        return x;
    }

    /**
     * Whether this device reports {@link #actuate}'s result as the measurement's input (see
     * {@link PhysicalDevice#measure}); the default is false: the actuation error stays unknown to the trainer.
     */
    protected boolean actuationObserved() {
        return false;
    }

    /** The simulated physical system: the reality gap and noise, applied to the actuated input of a validated batch. */
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
