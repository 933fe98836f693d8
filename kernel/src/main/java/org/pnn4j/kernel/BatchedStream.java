package org.pnn4j.kernel;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A cell's {@code System.out} or {@code System.err} in the kernel: text is gathered and published as one Jupyter
 * {@code stream} message every {@link #INTERVAL_MS} ms, or as soon as {@link #MAX_BYTES} are waiting, instead of one
 * message per {@code println} (jjava's stream flushes on every line). A 50 MB print is 50 messages, not 500,000, so
 * the iopub socket's queue never overflows and drops them (with the queue's limit also lifted, see
 * {@code VerifiedConnection}).
 *
 * <p>Text is cut only between whole UTF-8 characters. {@link #drain()} publishes what is waiting at once: the kernel
 * calls it before any other message of the cell (a display, an error, the reply, the idle status), so the order the
 * cell wrote things in is the order the front end shows them. {@code flush()} does not publish by itself (a
 * {@code PrintStream} flushes on every line).
 */
final class BatchedStream extends OutputStream {
    /** Longest wait, in milliseconds, between a write and its publication. */
    static final long INTERVAL_MS = 50;
    /** Bytes gathered before they are published without waiting for the interval. */
    static final int MAX_BYTES = 1 << 20;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pnn4j-output-flush");
        t.setDaemon(true);
        return t;
    });

    private final Consumer<String> publish;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ScheduledFuture<?> ticks;
    private boolean closed;

    /** @param publish sends one {@code stream} message with the text (called with this stream's lock held) */
    BatchedStream(Consumer<String> publish) {
        this.publish = publish;
        this.ticks = TIMER.scheduleWithFixedDelay(this::drain, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        afterWrite();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
        afterWrite();
    }

    private void afterWrite() {
        if (closed || pending.size() >= MAX_BYTES) publish(false);
    }

    /** Publishes the text waiting, up to the last whole character. */
    synchronized void drain() {
        publish(false);
    }

    private void publish(boolean all) {
        if (pending.size() == 0) return;
        byte[] bytes = pending.toByteArray();
        int end = all ? bytes.length : wholeCharacters(bytes);
        if (end == 0) return;
        pending.reset();
        pending.write(bytes, end, bytes.length - end);
        publish.accept(new String(bytes, 0, end, StandardCharsets.UTF_8));
    }

    /** The length of the longest prefix of {@code b} that does not end inside a UTF-8 character. */
    static int wholeCharacters(byte[] b) {
        int n = b.length;
        // a character is at most 4 bytes: look at the last 3 for the start of an unfinished one
        for (int i = n - 1; i >= Math.max(0, n - 3); i--) {
            int c = b[i] & 0xFF;
            if ((c & 0xC0) == 0x80) continue; // a continuation byte
            int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            return i + length > n ? i : n;
        }
        return n;
    }

    /** Publishes everything waiting and stops the timer; later writes (a thread the cell left running) go out at once. */
    @Override
    public synchronized void close() {
        ticks.cancel(false);
        publish(true);
        closed = true;
    }
}
