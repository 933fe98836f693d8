package org.pnn4j.kernel;

/**
 * The kernel's start-up milestones on stderr, in milliseconds since its process started, when the environment
 * variable {@code PNN4J_KERNEL_TRACE} is set (kernel/README.md's start-up figures come from it); silent, and reading
 * nothing about the process, otherwise.
 */
public final class StartTrace {
    private static final boolean ON = System.getenv("PNN4J_KERNEL_TRACE") != null;
    private static final long START = ON ? ProcessHandle.current().info().startInstant()
            .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis()) : 0;

    private static final java.io.PrintStream ERR = System.err; // the kernel's own, before cells redirect System.err

    private StartTrace() {}

    /** @param milestone what just finished */
    public static void mark(String milestone) {
        if (ON) ERR.printf("pnn4j start-up: %5d ms %s [%s]%n", System.currentTimeMillis() - START, milestone,
                Thread.currentThread().getName());
    }
}
