package org.pnn4j.backend;

import org.pnn4j.physics.Params;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Tensor;

/** Base of backend wrappers (tracking, safety, recording): passes every call to {@link #inner()}. */
public abstract class ForwardingBackend implements Backend {
    private final Backend inner;

    /** Wraps {@code inner}. */
    protected ForwardingBackend(Backend inner) {
        this.inner = java.util.Objects.requireNonNull(inner, "inner");
    }

    /** The wrapped backend. */
    public final Backend inner() {
        return inner;
    }

    @Override
    public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
        return inner.forward(substrate, inputs, params, repeats);
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Capabilities capabilities() {
        return inner.capabilities();
    }

    @Override
    public void attach(Substrate substrate) {
        inner.attach(substrate);
    }

    @Override
    public void close() {
        inner.close();
    }
}
