package org.pnn4j.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.pnn4j.physics.Params;
import org.pnn4j.tensor.Tensor;

/**
 * A backend wrapper that appends every successful call (inputs, parameters, outputs, start time, duration,
 * backend identity) to a recording file in {@link RecordingFormat}; a {@link ReplayBackend} serves it later.
 * Failed calls are not recorded. Appending to an existing recording continues it (a torn tail from a crash is
 * cut first; a damaged file is refused, never truncated: see {@link RecordingFormat}). Thread-safe: frames are appended whole, one at a time.
 */
public final class RecordingBackend extends ForwardingBackend {
    private final Path file;
    private final FileChannel channel;
    private final boolean sync;
    private long recorded;

    /**
     * Records {@code inner}'s calls to {@code file}, creating it or appending to it; frames reach the operating
     * system on each call (a JVM crash loses at most the call in flight), without forcing them to disk.
     *
     * @throws UncheckedIOException when the file cannot be opened or is not a recording
     */
    public RecordingBackend(Backend inner, Path file) {
        this(inner, file, false);
    }

    /**
     * As {@link #RecordingBackend(Backend, Path)}; with {@code sync} each frame is also forced to disk
     * ({@code fsync}), so a power cut loses at most the call in flight too, at a cost of a disk flush per call.
     *
     * @throws UncheckedIOException when the file cannot be opened or is not a recording
     */
    public RecordingBackend(Backend inner, Path file, boolean sync) {
        super(inner);
        this.file = file;
        this.sync = sync;
        try {
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            long valid = 0;
            if (!fresh) {
                RecordingFormat.Contents c = RecordingFormat.read(file);
                if (c.damaged())
                    throw new IOException("it is damaged (" + c.damage() + "); appending would cut the calls after the damage, so "
                            + "nothing was changed. Record to a new file, or copy its intact calls into one with "
                            + "RecordingFormat.salvage(damaged, newFile) and append to that");
                valid = c.validBytes();
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (fresh) {
                write(RecordingFormat.header());
            } else {
                channel.truncate(valid);
                channel.position(valid);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The recording file. */
    public Path file() {
        return file;
    }

    /** Calls recorded by this instance. */
    public synchronized long recorded() {
        return recorded;
    }

    /**
     * {@inheritDoc} Then appends the call to the file.
     *
     * @throws UncheckedIOException when the frame cannot be written (the call's result is not returned)
     */
    @Override
    public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
        long start = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Tensor y = super.forward(substrate, inputs, params, repeats);
        long nanos = System.nanoTime() - t0;
        java.util.Map<String, Tensor> values = new java.util.LinkedHashMap<>();
        for (String n : params.names()) values.put(n, params.get(n));
        byte[] frame = RecordingFormat.frame(new RecordedCall(start, nanos, inner().name(), substrate, repeats, inputs, values, y));
        synchronized (this) {
            try {
                write(frame);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append call " + recorded + " to the recording " + file + ": " + e.getMessage(), e);
            }
            recorded++;
        }
        return y;
    }

    private void write(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) channel.write(b);
        if (sync) channel.force(false);
    }

    /** Closes the file, then the wrapped backend. */
    @Override
    public void close() {
        try {
            synchronized (this) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the recording " + file + ": " + e.getMessage(), e);
        } finally {
            super.close();
        }
    }
}
