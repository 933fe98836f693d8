package org.pnn4j.kernel.boot;

import java.util.function.ObjIntConsumer;

/**
 * What {@code java.lang.Runtime.exit(int)} and {@code Runtime.halt(int)} call first, once the kernel's agent
 * ({@code org.pnn4j.kernel.ExitAgent}) has patched them. Never used under this name: the agent defines these bytes,
 * renamed {@code java.lang.Pnn4jExitHook}, in {@code java.base} (what {@code Runtime} can see), and the kernel sets
 * {@link #guard} there by reflection.
 */
public final class ExitHook {
    /** Called with {@code "Runtime.exit"} or {@code "Runtime.halt"} and the status; may throw to refuse the exit. */
    public static volatile ObjIntConsumer<String> guard;

    /** Set by the agent once {@code Runtime} is patched. */
    public static volatile boolean patched;

    private ExitHook() {}

    /**
     * Called at the start of {@code Runtime.exit}.
     *
     * @param status the exit status asked for
     */
    public static void exit(int status) {
        ObjIntConsumer<String> g = guard;
        if (g != null) g.accept("Runtime.exit", status);
    }

    /**
     * Called at the start of {@code Runtime.halt}.
     *
     * @param status the exit status asked for
     */
    public static void halt(int status) {
        ObjIntConsumer<String> g = guard;
        if (g != null) g.accept("Runtime.halt", status);
    }
}
