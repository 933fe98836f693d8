package org.pnn4j.backend;

import java.util.concurrent.atomic.AtomicLong;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.Substrates;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Tensor;

/**
 * A {@link PhysicalDevice} whose forward runs on a {@link Backend}: validates against the substrate, runs
 * {@link Preflight} against the backend's capabilities, calls {@link Backend#forward}, and checks the outputs'
 * shape and finiteness. Made by {@link Backend#device(Substrate)}.
 */
public final class BackendDevice implements PhysicalDevice {
    private final Backend backend;
    private final Substrate substrate;
    private final int repeats;
    private final AtomicLong calls = new AtomicLong();

    /**
     * A device of {@code substrate} on {@code backend}, averaging {@code repeats} measurements per call.
     *
     * @throws IllegalArgumentException if repeats &lt; 1
     * @throws PreflightException       if the backend cannot serve the substrate
     */
    public BackendDevice(Backend backend, Substrate substrate, int repeats) {
        if (repeats < 1) throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        this.backend = backend;
        this.substrate = substrate;
        this.repeats = repeats;
        backend.attach(substrate);
    }

    @Override
    public Substrate substrate() {
        return substrate;
    }

    /** The backend the calls run on. */
    public Backend backend() {
        return backend;
    }

    /** Measurements averaged per call. */
    public int repeats() {
        return repeats;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException for inputs or parameters outside the substrate's ranges
     * @throws PreflightException       for a call outside the backend's capabilities (nothing ran)
     * @throws BackendException         when the backend failed
     * @throws IllegalStateException    when the backend returned a wrong shape or non-finite values
     */
    @Override
    public Tensor forward(Tensor x, Params theta) {
        return measure(x, theta).output();
    }

    /**
     * As {@link #forward}, with the seconds the backend reports the device spent ({@link Backend#forwardTimed}).
     *
     * @throws IllegalArgumentException for inputs or parameters outside the substrate's ranges
     * @throws PreflightException       for a call outside the backend's capabilities (nothing ran)
     * @throws BackendException         when the backend failed
     * @throws IllegalStateException    when the backend returned a wrong shape or non-finite values
     */
    @Override
    public Measurement measure(Tensor x, Params theta) {
        Substrates.checkInput(substrate, x);
        Substrates.checkParams(substrate, theta);
        Params p = theta.detached();
        Tensor in = x.detach();
        Preflight.check(backend.capabilities(), substrate.name(), in, p, repeats);
        Backend.Timed r;
        try (Grad.Scope off = Grad.off()) {
            r = backend.forwardTimed(substrate.name(), in, p, repeats);
        }
        Substrates.checkOutput(substrate, r.outputs(), x.dim(0), "backend " + backend.name());
        calls.incrementAndGet();
        return new Measurement(in, r.outputs().detach(), r.deviceSeconds());
    }

    @Override
    public long calls() {
        return calls.get();
    }
}
