package org.pnn4j.kernel;

import java.util.List;

/**
 * A cell that failed: did not compile, threw, was interrupted, or called {@code System.exit}. Carries what
 * Jupyter's {@code error} output shows.
 */
public final class CellException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final List<String> traceback;

    /**
     * @param name      the error's name ({@code CompilationError}, {@code java.lang.ArithmeticException}, ...)
     * @param message   what went wrong, in words
     * @param traceback the lines shown under it (the message first)
     */
    public CellException(String name, String message, List<String> traceback) {
        super(message);
        this.name = name;
        this.traceback = List.copyOf(traceback);
    }

    /** @return the error's name: the exception's class, or {@code CompilationError}, {@code Interrupted}, {@code SystemExit} */
    public String name() {
        return name;
    }

    /** @return the lines to show: the message, then the cell's stack frames */
    public List<String> traceback() {
        return traceback;
    }
}
