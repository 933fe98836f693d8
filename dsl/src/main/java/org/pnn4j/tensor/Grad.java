package org.pnn4j.tensor;

/**
 * Gradient recording switch, per thread. Ops record onto the autograd graph only while recording is on
 * (the default) and at least one input requires a gradient.
 *
 * <pre>{@code
 * try (var off = Grad.off()) {
 *     Tensor y = model.forward(x);   // nothing recorded: inference, evaluation, optimizer updates
 * }
 * }</pre>
 */
public final class Grad {
    private static final ThreadLocal<int[]> OFF_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Grad() {}

    /** Whether ops on this thread currently record gradients. */
    public static boolean enabled() {
        return OFF_DEPTH.get()[0] == 0;
    }

    /** Turns recording off on this thread until the returned scope is closed; scopes nest. */
    public static Scope off() {
        int[] d = OFF_DEPTH.get();
        int previous = d[0];
        d[0] = previous + 1;
        return new Scope(d, previous);
    }

    /**
     * Turns recording on until the returned scope is closed, even inside {@link #off()} or a backward pass:
     * a custom op's VJP uses it to differentiate a model afresh (physics-aware training does).
     */
    public static Scope on() {
        int[] d = OFF_DEPTH.get();
        int previous = d[0];
        d[0] = 0;
        return new Scope(d, previous);
    }

    /** A scope opened by {@link #off()} or {@link #on()}; closing it restores the previous state. */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private final int previous;
        private boolean closed;

        private Scope(int[] depth, int previous) {
            this.depth = depth;
            this.previous = previous;
        }

        /** Restores recording as it was when the scope opened. Closing twice has no further effect. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0] = previous;
            }
        }
    }
}
