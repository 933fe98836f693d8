package org.pnn4j.tensor;

/** Thrown when tensor shapes do not fit an operation; the message names the operation and both shapes. */
public class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An exception with a message that says what was wrong and what was expected. */
    public ShapeMismatchException(String message) {
        super(message);
    }
}
