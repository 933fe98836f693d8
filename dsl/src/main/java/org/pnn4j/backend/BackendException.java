package org.pnn4j.backend;

/** A backend failed to run a call it accepted: unreachable, device fault, deadline, or a call not in a recording. */
public class BackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** With a message that says what failed and what to do. */
    public BackendException(String message) {
        super(message);
    }

    /** With a message that says what failed and what to do, and the underlying cause. */
    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
