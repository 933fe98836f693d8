package org.pnn4j.backend;

/**
 * A call rejected before anything ran or was sent: outside the backend's declared {@link Capabilities}
 * (batch too large, substrate not served, parameter outside the declared range) or outside a
 * {@link SafetyEnvelope}.
 */
public class PreflightException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** With a message that names the value, the limit and what to do. */
    public PreflightException(String message) {
        super(message);
    }
}
