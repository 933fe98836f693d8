package org.pnn4j.data;

import java.nio.file.Path;

/**
 * Thrown when a dataset's files are not where a loader looks for them. The message names the missing path and
 * how to obtain the data (for MNIST and Fashion-MNIST: run {@code ./pnn4j datasets}).
 */
public final class DatasetMissingException extends IllegalStateException {
    private final transient Path path;

    /** The dataset file or folder {@code path} is missing; {@code message} says what to do. */
    public DatasetMissingException(Path path, String message) {
        super(message);
        this.path = path;
    }

    /** The missing file or folder. */
    public Path path() {
        return path;
    }
}
