package org.pnn4j.kernel;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.dflib.jjava.jupyter.channels.JupyterSocket;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageContext;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;

/**
 * jjava's reply environment of one request, with the cell's {@code System.out} and {@code System.err} batched
 * ({@link BatchedStream}) and drained before every other message the request publishes or replies, so that output,
 * displays, errors, the reply and the idle status reach the front end in the order they happened.
 */
final class OrderedReplyEnvironment extends ShellReplyEnvironment {
    private final JupyterSocket iopub;
    private volatile BatchedStream out;
    private volatile BatchedStream err;

    OrderedReplyEnvironment(ShellChannel shell, StdinChannel stdin, JupyterSocket iopub, MessageContext context) {
        super(shell, stdin, iopub, context);
        this.iopub = iopub;
    }

    /**
     * Points {@code System.out} and {@code System.err} at batched streams of this request until its deferred actions
     * run (jjava restores the JVM's streams then); call after jjava replaced them.
     */
    void batchOutput() {
        out = new BatchedStream(text -> send(PublishStream.StreamType.OUT, text));
        err = new BatchedStream(text -> send(PublishStream.StreamType.ERR, text));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        // pushed after jjava's restore, so it runs before it: everything written is published, then the streams go back
        defer(() -> {
            out.close();
            err.close();
        });
    }

    // straight to the socket: jjava's publish() would take a pending defer() meant for the reply
    private void send(PublishStream.StreamType type, String text) {
        iopub.sendMessage(new Message<>(getContext(), PublishStream.MESSAGE_TYPE, new PublishStream(type, text)));
    }

    private void drain() {
        BatchedStream o = out, e = err;
        if (o != null) o.drain();
        if (e != null) e.drain();
    }

    @Override
    public void publish(Message<?> message) {
        drain();
        super.publish(message);
    }

    @Override
    public void reply(Message<?> message) {
        drain();
        super.reply(message);
    }
}
