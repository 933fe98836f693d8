package org.pnn4j.device;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.BackendException;
import org.pnn4j.backend.BackendProvider;
import org.pnn4j.backend.Capabilities;
import org.pnn4j.backend.Preflight;
import org.pnn4j.backend.PreflightException;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.device.proto.DescribeReply;
import org.pnn4j.device.proto.DescribeRequest;
import org.pnn4j.device.proto.DeviceGrpc;
import org.pnn4j.device.proto.ForwardReply;
import org.pnn4j.device.proto.ForwardRequest;
import org.pnn4j.device.proto.ParameterRange;
import org.pnn4j.device.proto.SubstrateInfo;

/**
 * A backend on a remote device server (any server of {@code pnn4j_device.proto}). Each call has a deadline;
 * calls that fail in transport (UNAVAILABLE: server down, connection reset) are retried with exponential backoff
 * and a fresh connection attempt, up to a retry budget, then fail with a {@link BackendException} that says so.
 * Forward and Describe are idempotent (a retried forward measures again). Capabilities are fetched once
 * (Describe) and preflight runs on the client before anything is sent.
 *
 * <pre>{@code
 * Backend remote = RemoteBackend.builder("127.0.0.1", 50051).token("s3cret").connect();
 * PhysicalLayer layer = new PhysicalLayer(substrate, remote.device(substrate));
 * }</pre>
 */
public final class RemoteBackend implements Backend {
    private final String target;
    private final ManagedChannel channel;
    private final DeviceGrpc.DeviceBlockingStub stub;
    private final Duration deadline;
    private final int maxAttempts;
    private final Duration initialBackoff, maxBackoff;
    private volatile Capabilities capabilities;
    private volatile String serverName;

    private RemoteBackend(Builder b) {
        this.target = b.host + ":" + b.port;
        this.channel = NettyChannelBuilder.forAddress(b.host, b.port).usePlaintext().maxInboundMessageSize(b.maxMessageBytes).build();
        DeviceGrpc.DeviceBlockingStub plain = DeviceGrpc.newBlockingStub(channel).withMaxOutboundMessageSize(b.maxMessageBytes);
        if (b.token == null || b.token.isEmpty()) {
            // no header at all, so that the server can say that the token is missing rather than wrong
            this.stub = plain;
        } else {
            Metadata md = new Metadata();
            md.put(DeviceServer.AUTHORIZATION, "Bearer " + b.token);
            this.stub = plain.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        }
        this.deadline = b.deadline;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
    }

    /** A client of the server at {@code host:port}, to configure. */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /** Client settings; defaults: 30 s deadline, 4 attempts, backoff 50 ms doubling to 1 s, 64 MiB messages. */
    public static final class Builder {
        private final String host;
        private final int port;
        private String token = "";
        private Duration deadline = Duration.ofSeconds(30);
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofMillis(50), maxBackoff = Duration.ofSeconds(1);
        private int maxMessageBytes = DeviceServer.DEFAULT_MAX_MESSAGE_BYTES;

        private Builder(String host, int port) {
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside [1, 65535]");
            this.host = host;
            this.port = port;
        }

        /** The server's token. */
        public Builder token(String t) {
            this.token = t;
            return this;
        }

        /**
         * The longest one attempt may take.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder deadline(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("deadline must be positive, got " + d);
            this.deadline = d;
            return this;
        }

        /**
         * Attempts per call (1 = no retry), and the backoff before the second attempt (doubling up to {@code maxBackoff}).
         *
         * @throws IllegalArgumentException if attempts &lt; 1 or a backoff is negative
         */
        public Builder retries(int attempts, Duration initial, Duration max) {
            if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
            if (initial.isNegative() || max.isNegative()) throw new IllegalArgumentException("backoff must not be negative");
            this.maxAttempts = attempts;
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** Largest message sent or received, in bytes. */
        public Builder maxMessageBytes(int bytes) {
            this.maxMessageBytes = bytes;
            return this;
        }

        /** The client; no connection is made until the first call. */
        public RemoteBackend connect() {
            return new RemoteBackend(this);
        }
    }

    @Override
    public String name() {
        String s = serverName;
        return "remote(" + target + (s == null ? "" : ", " + s) + ")";
    }

    /**
     * The server's declared capabilities (one Describe call, cached; its deadline is at least 10 s, as it usually
     * opens the connection).
     *
     * @throws BackendException when the server cannot be reached within the retry budget or refuses the token
     */
    @Override
    public Capabilities capabilities() {
        Capabilities c = capabilities;
        if (c != null) return c;
        DescribeReply d = call("describe", () -> stub.withDeadlineAfter(Math.max(deadline.toMillis(), 10_000), TimeUnit.MILLISECONDS).describe(DescribeRequest.getDefaultInstance()));
        List<Capabilities.SubstrateInfo> infos = new ArrayList<>();
        for (SubstrateInfo s : d.getSubstratesList()) {
            List<Capabilities.ParameterRange> ps = new ArrayList<>();
            for (ParameterRange p : s.getParametersList())
                ps.add(new Capabilities.ParameterRange(p.getName(), p.getShapeList().stream().mapToInt(Integer::intValue).toArray(), p.getLo(), p.getHi(), p.getUnit()));
            infos.add(new Capabilities.SubstrateInfo(s.getName(), s.getInputSize(), s.getOutputSize(), s.getInputMin(), s.getInputMax(), ps));
        }
        serverName = d.getBackend();
        c = new Capabilities(Math.max(1, d.getMaxBatch()), Math.max(1, d.getMaxRepeats()), infos, true, d.getRepeatsAveragedOnDevice(), d.getNativeGradients());
        capabilities = c;
        return c;
    }

    /**
     * Checks that the server serves {@code substrate} with the same sizes.
     *
     * @throws PreflightException when it does not
     */
    @Override
    public void attach(Substrate substrate) {
        Capabilities.SubstrateInfo info = capabilities().substrate(substrate.name()).orElseThrow(() -> new PreflightException(
                "the device server at " + target + " does not serve '" + substrate.name() + "'; it serves " + capabilities().substrateNames()));
        if (info.inputSize() != substrate.inputSize() || info.outputSize() != substrate.outputSize())
            throw new PreflightException("the device server at " + target + " serves '" + substrate.name() + "' as " + info.inputSize() + " -> "
                    + info.outputSize() + ", this client's substrate is " + substrate.inputSize() + " -> " + substrate.outputSize());
    }

    /**
     * {@inheritDoc}
     *
     * @throws PreflightException when the call is outside the server's capabilities (nothing sent) or the server rejects it
     * @throws BackendException   on a deadline, a device fault, a refused token, or after the retry budget
     */
    @Override
    public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
        Preflight.check(capabilities(), substrate, inputs, params, repeats);
        ForwardRequest.Builder b = ForwardRequest.newBuilder().setSubstrate(substrate).setInputs(Wire.toProto(inputs)).setRepeats(repeats);
        for (String n : params.names()) b.putParams(n, Wire.toProto(params.get(n)));
        ForwardRequest request = b.build();
        ForwardReply reply = call("forward on '" + substrate + "'", () -> stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).forward(request));
        try {
            return Wire.fromProto(reply.getOutputs(), "the server's outputs");
        } catch (IllegalArgumentException e) {
            throw new BackendException("the device server at " + target + " sent malformed outputs: " + e.getMessage(), e);
        }
    }

    private <T> T call(String what, Supplier<T> rpc) {
        long t0 = System.nanoTime();
        long backoff = initialBackoff.toMillis();
        StatusRuntimeException last = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                return rpc.get();
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                String detail = e.getStatus().getDescription() == null ? code.toString() : e.getStatus().getDescription();
                switch (code) {
                    case UNAVAILABLE:
                    case CANCELLED: // a server killed mid-call resets the stream; blocking stubs never cancel themselves
                        last = e;
                        break;
                    case DEADLINE_EXCEEDED:
                        throw new BackendException(String.format(Locale.ROOT, "%s: the device server at %s did not answer within the %d ms deadline; "
                                + "the device is slow or stuck: raise the deadline (RemoteBackend.builder(...).deadline(...)) or send smaller batches",
                                what, target, deadline.toMillis()), e);
                    case INVALID_ARGUMENT:
                        throw new PreflightException(what + ": the device server at " + target + " rejected the call: " + detail);
                    case UNAUTHENTICATED:
                        throw new BackendException(what + ": the device server at " + target + " refused the token (" + detail
                                + "); pass the token the server was started with", e);
                    case RESOURCE_EXHAUSTED:
                        throw new BackendException(what + ": the message is larger than the device server at " + target + " accepts (" + detail
                                + "); send smaller batches", e);
                    default:
                        throw new BackendException(what + ": the device server at " + target + " failed (" + code + "): " + detail, e);
                }
            }
            if (attempt < maxAttempts) {
                // reconnect now rather than after gRPC's own (up to 2 min) reconnect backoff, and before the sleep: the
                // reset takes effect asynchronously, and a call made while the channel still reports the last failure
                // fails at once without trying (a restarted server looked unreachable on a loaded machine)
                channel.resetConnectBackoff();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new BackendException(what + ": interrupted while waiting to retry", ie);
                }
                backoff = Math.min(maxBackoff.toMillis(), backoff * 2);
            }
        }
        throw new BackendException(String.format(Locale.ROOT, "%s: the device server at %s is unreachable: no answer after %d attempts over "
                + "%.1f s (%s: %s). Check that it is running (./pnn4j serve ...) and reachable, then call again; a training run "
                + "with Trainer.checkpoint(file) continues from its last finished epoch with Trainer.resumeFrom(file)", what, target,
                maxAttempts, (System.nanoTime() - t0) / 1e9, last.getStatus().getCode(), last.getStatus().getDescription()), last);
    }

    /** Closes the connection (waits up to 5 s). */
    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) channel.shutdownNow();
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code remote:HOST:PORT?token=T}: a {@link RemoteBackend} with default settings. */
    public static final class Provider implements BackendProvider {
        /** Found by {@link java.util.ServiceLoader}. */
        public Provider() {}

        @Override
        public String scheme() {
            return "remote";
        }

        @Override
        public String usage() {
            return "HOST:PORT?token=T";
        }

        @Override
        public Backend open(String argument) {
            int q = argument.indexOf("?token=");
            String address = q < 0 ? argument : argument.substring(0, q);
            int colon = address.lastIndexOf(':');
            if (colon < 1) throw new IllegalArgumentException("remote backend: expected HOST:PORT?token=T, got '" + argument + "'");
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("remote backend: port '" + address.substring(colon + 1) + "' is not a number");
            }
            return builder(address.substring(0, colon), port).token(q < 0 ? "" : argument.substring(q + 7)).connect();
        }
    }
}
