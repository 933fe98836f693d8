package org.pnn4j.sweep.compare;

/** A method that does not apply to a substrate; the message is the reason the table shows after {@code n/a:}. */
public final class NotApplicableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the method does not apply. */
    public NotApplicableException(String reason) {
        super(reason);
    }
}
