package org.pnn4j.kernel;

/**
 * What a cell's {@code System.exit(status)} calls instead: the kernel rewrites the call in every class a cell
 * compiles (see {@link ExitCallRewriter}), so a cell cannot end the kernel's JVM on any JDK (17 had a
 * SecurityManager for this; 24 removed it).
 */
public final class ExitGuard {
    private ExitGuard() {}

    /**
     * Stops the cell instead of the JVM.
     *
     * @param status the exit status the cell asked for
     * @throws ExitRequested always; the evaluator turns it into the cell's error output
     */
    public static void exit(int status) {
        throw new ExitRequested(status);
    }

    /** Thrown in place of ending the JVM. An {@link Error} so that a cell's {@code catch (Exception e)} lets it through. */
    public static final class ExitRequested extends Error {
        private static final long serialVersionUID = 1L;
        private final int status;

        ExitRequested(int status) {
            super("System.exit(" + status + ") was called in a cell; the kernel keeps running "
                    + "(restart the kernel to start afresh)");
            this.status = status;
        }

        /** @return the exit status the cell asked for */
        public int status() {
            return status;
        }
    }
}
