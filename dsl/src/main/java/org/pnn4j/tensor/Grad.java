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
        d[0]++;
        return new Scope(d);
    }

    /** A scope opened by {@link #off()}; closing it restores the previous state. */
    public static final class Scope implements AutoCloseable {
        private final int[] depth;
        private boolean closed;

        private Scope(int[] depth) {
            this.depth = depth;
        }

        /** Restores recording as it was before {@link Grad#off()}. Closing twice has no further effect. */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0]--;
            }
        }
    }
}
