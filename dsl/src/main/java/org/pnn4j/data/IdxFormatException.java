package org.pnn4j.data;

import java.nio.file.Path;

/**
 * Thrown when a file is not a valid IDX file: wrong magic number, an unknown element type, a truncated body,
 * extra bytes after the declared data, or a shape other than the one a loader expects. The message names the
 * file, what was found, and what to do.
 */
public final class IdxFormatException extends RuntimeException {
    private final transient Path path;

    /** An error about the IDX file at {@code path}. */
    public IdxFormatException(Path path, String message) {
        super(message);
        this.path = path;
    }

    /** The offending file. */
    public Path path() {
        return path;
    }
}
