package org.pnn4j.kernel;

import java.io.PrintStream;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.Loop;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

/**
 * A jjava {@link JupyterConnection} whose shell and control channels drop messages with a bad HMAC signature, and
 * malformed ones (junk frames from any local process), and keep serving: each ZeroMQ message is read whole and judged
 * on its own ({@link SignedFrames}), signatures compared in constant time. The iopub queue has no limit and the cells'
 * output is batched ({@link OrderedReplyEnvironment}), so no output or status message is dropped.
 *
 * <p>jjava 1.0-a6 checks signatures ({@code JupyterSocket.readMessage} throws a {@link SecurityException}), but
 * outside the handler's try block: the exception ends the channel's loop thread, so one forged message on the
 * shell port would leave the kernel deaf to every later request (seen with the protocol test). Here the channels
 * drop such a message, report it on the kernel's stderr (the Jupyter server's log) and go on. jjava's own shell and
 * control channels are created by its constructor but never bound.
 */
final class VerifiedConnection extends JupyterConnection {
    private static final PrintStream LOG = System.err;

    private final KernelConnectionProperties props;
    private final ZMQ.Context context = ZMQ.context(1);
    private final ShellChannel verifiedShell;
    private final ShellChannel verifiedControl;
    private boolean connected;

    VerifiedConnection(KernelConnectionProperties props) throws NoSuchAlgorithmException, InvalidKeyException {
        super(props);
        this.props = props;
        this.verifiedShell = new Channel(context, props, false, this);
        this.verifiedControl = new Channel(context, props, true, this);
    }

    @Override
    public synchronized void connect() {
        if (connected) return;
        // no limit on iopub's queue: at the default (1000 messages) ZeroMQ drops what a slow front end has not read yet,
        // output and status messages alike; the cell's output is batched (BatchedStream) so the queue stays short
        iopub.setSndHWM(0);
        heartbeat.bind(props);
        verifiedShell.bind(props);
        verifiedControl.bind(props);
        stdin.bind(props);
        iopub.bind(props);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
        connected = true;
    }

    /** jjava's environment, with the cell's output batched and kept in order ({@link OrderedReplyEnvironment}). */
    @Override
    public org.dflib.jjava.jupyter.channels.ShellReplyEnvironment prepareReplyEnv(ShellChannel channel,
            org.dflib.jjava.jupyter.messages.MessageContext context) {
        return new OrderedReplyEnvironment(channel, stdin, iopub, context);
    }

    @Override
    public void close() {
        verifiedShell.close();
        verifiedControl.close();
        super.close();
        context.close();
    }

    @Override
    public void waitUntilClose() {
        verifiedShell.waitUntilClose();
        verifiedControl.waitUntilClose();
        super.waitUntilClose();
    }

    /**
     * A shell or control channel with its own loop: jjava's loop calls {@code JupyterSocket.readMessage} directly
     * (no override can catch its exception) and sleeps 50 ms between polls; this one catches bad signatures and
     * waits in the poll, so a request is taken as soon as it arrives.
     */
    private static final class Channel extends ShellChannel {
        private final boolean control;
        private final JupyterConnection connection;
        private volatile Loop loop;
        private ZMQ.Poller poller;

        Channel(ZMQ.Context ctx, KernelConnectionProperties props, boolean control, JupyterConnection connection)
                throws NoSuchAlgorithmException, InvalidKeyException {
            super(ctx, props.createHMACGenerator(), control, connection);
            this.control = control;
            this.connection = connection;
        }

        @Override
        public synchronized void bind(KernelConnectionProperties props) {
            if (loop != null) throw new IllegalStateException("channel already bound");
            String name = control ? "Control" : "Shell";
            bind(formatAddress(props.getTransport(), props.getIp(), control ? props.getControlPort() : props.getShellPort()));
            poller = ctx.poller(1);
            poller.register(this, ZMQ.Poller.POLLIN);
            Loop l = new Loop("pnn4j-" + name, 0, this::pollOnce);
            l.onError(e -> {
                LOG.println("pnn4j kernel: " + name + " channel: " + e);
                return 0;
            });
            l.onClose(() -> loop = null);
            loop = l;
            l.start();
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void pollOnce() {
            if (poller.poll(50) <= 0) return;
            // one whole multipart message, judged on its own (see SignedFrames)
            java.util.List<byte[]> frames = new java.util.ArrayList<>();
            do {
                byte[] frame = recv();
                if (frame == null) break;
                frames.add(frame);
            } while (hasReceiveMore());
            Message<?> message;
            try {
                message = SignedFrames.parse(frames, hmacGenerator);
            } catch (SignedFrames.Rejected e) {
                LOG.println("pnn4j kernel: dropped a message on the " + (control ? "control" : "shell") + " channel: "
                        + e.getMessage());
                return;
            }
            ShellHandler handler = connection.getHandler(message.getHeader().getType());
            if (handler == null) {
                LOG.println("pnn4j kernel: no handler for " + message.getHeader().getType().getName());
                return;
            }
            ShellReplyEnvironment env = connection.prepareReplyEnv(this, message);
            try {
                handler.handle(env, message);
            } catch (Exception e) {
                LOG.println("pnn4j kernel: handling " + message.getHeader().getType().getName() + ": " + e);
            } finally {
                env.resolveDeferrals();
            }
            if (env.isMarkedForShutdown()) connection.close();
        }

        @Override
        public void close() {
            Loop l = loop;
            if (l != null) l.shutdown();
            super.close();
        }

        @Override
        public void waitUntilClose() {
            Loop l = loop;
            if (l == null) return;
            try {
                l.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
