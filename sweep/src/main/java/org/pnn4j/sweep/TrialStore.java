package org.pnn4j.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * A sweep's output folder: {@code trials/KEY.properties}, one file per finished or failed trial, each written to a
 * temporary file and renamed into place, so that a killed sweep leaves only whole results and a re-run finds every
 * trial that finished.
 */
public final class TrialStore {
    private final Path dir;

    /**
     * The store in {@code out} (created with its {@code trials/} folder when missing).
     *
     * @throws UncheckedIOException if the folder cannot be created
     */
    public TrialStore(Path out) {
        this.dir = out.resolve("trials");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the sweep's folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The file of the trial with key {@code key}. */
    public Path file(String key) {
        return dir.resolve(key + ".properties");
    }

    /**
     * The stored result of {@code trial}, if any.
     *
     * @throws IllegalArgumentException if the file exists but is not a result of this trial (the message says to delete it)
     */
    public Optional<TrialResult> read(Trial trial) {
        Path f = file(trial.key());
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            TrialResult r = TrialResult.fromProperties(Files.readString(f, StandardCharsets.UTF_8), f.toString());
            if (!r.trial().equals(trial))
                throw new IllegalArgumentException(f + " holds trial " + r.trial().describe() + ", not " + trial.describe() + "; delete it");
            return Optional.of(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code result} atomically (temporary file, then rename over any earlier result of the trial).
     *
     * @throws UncheckedIOException if it cannot be written
     */
    public void write(TrialResult result) {
        writeAtomically(file(result.key()), result.toProperties());
    }

    /**
     * Writes {@code text} to {@code target} through a temporary file in the same folder and a rename.
     *
     * @throws UncheckedIOException if it cannot be written
     */
    static void writeAtomically(Path target, String text) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write's own failure is the one to report
            }
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
