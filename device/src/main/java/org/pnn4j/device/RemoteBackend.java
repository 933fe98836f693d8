package org.pnn4j.device;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
 * A backend on a remote device server (any server of {@code pnn4j_device.proto}, protocol version 1 or 2: a pnn4j
 * {@link DeviceServer}, or a lab's own server, e.g. in Python). Each attempt has a deadline; calls that fail in
 * transport (the server is down or restarting, the connection was reset, the server died mid-call) are retried with
 * exponential backoff and a fresh connection attempt until the <em>reconnect window</em> passes (default 60 s: long
 * enough for a lab to restart its instrument), then fail with a {@link BackendException} that says so. Forward and
 * Describe are idempotent (a retried forward measures again). Capabilities are fetched once (Describe, with the
 * version handshake) and preflight runs on the client before anything is sent.
 *
 * <pre>{@code
 * Backend remote = RemoteBackend.builder("127.0.0.1", 50051).token("s3cret").reconnectWindow(Duration.ofMinutes(2)).connect();
 * // or: Backends.open("remote:127.0.0.1:50051?token=s3cret&reconnect=120s&deadline=30s")
 * PhysicalLayer layer = new PhysicalLayer(substrate, remote.device(substrate));
 * }</pre>
 */
public final class RemoteBackend implements Backend {
    /** The protocol version this client speaks (sent in Describe). */
    public static final int PROTOCOL_VERSION = 2;
    /** The request size assumed when a server declares none (v1 servers, or v2 ones that leave it 0): grpcio's default, 4 MiB. */
    public static final int ASSUMED_MAX_MESSAGE_BYTES = 4 << 20;

    private final String target;
    private final String token;
    private final ManagedChannel channel;
    private final DeviceGrpc.DeviceBlockingStub stub;
    private final Duration deadline;
    private final Duration reconnectWindow;
    private final Duration initialBackoff, maxBackoff;
    private final int maxMessageBytes;
    private volatile Capabilities capabilities;
    private volatile String serverName;
    private volatile int serverVersion;

    private RemoteBackend(Builder b) {
        this.target = b.host + ":" + b.port;
        this.token = b.token == null ? "" : b.token;
        this.channel = NettyChannelBuilder.forAddress(b.host, b.port).usePlaintext().maxInboundMessageSize(b.maxMessageBytes).build();
        DeviceGrpc.DeviceBlockingStub plain = DeviceGrpc.newBlockingStub(channel).withMaxOutboundMessageSize(b.maxMessageBytes);
        if (token.isEmpty()) {
            // no header at all, so that the server can say that the token is missing rather than wrong
            this.stub = plain;
        } else {
            Metadata md = new Metadata();
            md.put(DeviceServer.AUTHORIZATION, "Bearer " + token);
            this.stub = plain.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        }
        this.deadline = b.deadline;
        this.reconnectWindow = b.reconnectWindow;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxMessageBytes = b.maxMessageBytes;
    }

    /** A client of the server at {@code host:port}, to configure. */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /**
     * Client settings; defaults: 30 s deadline per attempt, 60 s reconnect window, backoff 50 ms doubling to 2 s,
     * 64 MiB messages.
     */
    public static final class Builder {
        private final String host;
        private final int port;
        private String token = "";
        private Duration deadline = Duration.ofSeconds(30);
        private Duration reconnectWindow = DEFAULT_RECONNECT_WINDOW;
        private Duration initialBackoff = Duration.ofMillis(50), maxBackoff = Duration.ofSeconds(2);
        private int maxMessageBytes = DeviceServer.DEFAULT_MAX_MESSAGE_BYTES;

        private Builder(String host, int port) {
            if (host == null || host.isBlank()) throw new IllegalArgumentException("the device server's host is empty; give e.g. 127.0.0.1");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside [1, 65535]");
            this.host = host;
            this.port = port;
        }

        /** The server's token (sent as {@code authorization: Bearer <token>}; never printed in errors). */
        public Builder token(String t) {
            this.token = t;
            return this;
        }

        /**
         * The longest one attempt may take (a measurement included); a call that runs past it fails with
         * DEADLINE_EXCEEDED and is not retried (the device is slow or stuck, not gone).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder deadline(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("deadline must be positive, got " + d);
            this.deadline = d;
            return this;
        }

        /**
         * How long a call keeps retrying from its first transport failure (server down or restarting, connection reset,
         * server died mid-call) before it fails; zero: one attempt, no retry. The time a measurement takes before a
         * failure does not count. Default 60 s, long enough for a lab to restart an
         * instrument's server.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder reconnectWindow(Duration window) {
            if (window.isNegative()) throw new IllegalArgumentException("reconnect window must not be negative, got " + window);
            this.reconnectWindow = window;
            return this;
        }

        /**
         * The wait before the second attempt, doubling on each further one up to {@code max}.
         *
         * @throws IllegalArgumentException if a backoff is negative or initial &gt; max
         */
        public Builder backoff(Duration initial, Duration max) {
            if (initial.isNegative() || max.isNegative()) throw new IllegalArgumentException("backoff must not be negative, got " + initial + ", " + max);
            if (initial.compareTo(max) > 0) throw new IllegalArgumentException("initial backoff " + initial + " exceeds the maximum " + max);
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * Largest message this client sends or receives, in bytes (a server's own, smaller limit is read from Describe).
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxMessageBytes(int bytes) {
            if (bytes < 1) throw new IllegalArgumentException("maxMessageBytes must be at least 1, got " + bytes);
            this.maxMessageBytes = bytes;
            return this;
        }

        /** The client; no connection is made until the first call. */
        public RemoteBackend connect() {
            return new RemoteBackend(this);
        }
    }

    /** The default reconnect window: 60 s. */
    public static final Duration DEFAULT_RECONNECT_WINDOW = Duration.ofSeconds(60);

    @Override
    public String name() {
        String s = serverName;
        return "remote(" + target + (s == null ? "" : ", " + s) + ")";
    }

    /**
     * The protocol version agreed with the server: the lower of this client's ({@value #PROTOCOL_VERSION}) and the
     * server's (a server that answers 0 speaks 1). Fetches the capabilities first if needed.
     *
     * @throws BackendException as {@link #capabilities()}
     */
    public int protocolVersion() {
        capabilities();
        return Math.min(PROTOCOL_VERSION, serverVersion);
    }

    /**
     * The server's declared capabilities (one Describe call, cached; its deadline is at least 10 s, as it usually
     * opens the connection). From a version-1 server the v2 fields hold their defaults (no units, no output range,
     * not deterministic) and the message limit is taken as {@value #ASSUMED_MAX_MESSAGE_BYTES} bytes; a limit of 0
     * (not declared) means no limit for the batch and repeats. {@code maxMessageBytes} is the smaller of the server's
     * and this client's own ({@link Builder#maxMessageBytes}).
     *
     * @throws BackendException when the server cannot be reached within the reconnect window, refuses the token, or
     *                          declares something impossible (e.g. an empty input range)
     */
    @Override
    public Capabilities capabilities() {
        Capabilities c = capabilities;
        if (c != null) return c;
        DescribeRequest ask = DescribeRequest.newBuilder().setProtocolVersion(PROTOCOL_VERSION).build();
        DescribeReply d = call("describe", () -> stub.withDeadlineAfter(Math.max(deadline.toMillis(), 10_000), TimeUnit.MILLISECONDS).describe(ask));
        int version = Math.max(1, d.getProtocolVersion());
        boolean v2 = version >= 2;
        List<Capabilities.SubstrateInfo> infos = new ArrayList<>();
        try {
            for (SubstrateInfo s : d.getSubstratesList()) {
                List<Capabilities.ParameterRange> ps = new ArrayList<>();
                for (ParameterRange p : s.getParametersList()) {
                    int[] shape = p.getShapeList().stream().mapToInt(Integer::intValue).toArray();
                    ps.add(v2 ? new Capabilities.ParameterRange(p.getName(), shape, p.getLo(), p.getHi(), p.getUnit(), p.getPeriodic(), p.getFixed(),
                            p.getDescription()) : new Capabilities.ParameterRange(p.getName(), shape, p.getLo(), p.getHi(), p.getUnit()));
                }
                infos.add(v2 ? new Capabilities.SubstrateInfo(s.getName(), s.getInputSize(), s.getOutputSize(), s.getInputMin(), s.getInputMax(), ps,
                        s.getInputUnit(), s.getOutputUnit(), s.getHasOutputRange() ? s.getOutputMin() : Double.NEGATIVE_INFINITY,
                        s.getHasOutputRange() ? s.getOutputMax() : Double.POSITIVE_INFINITY, s.getOutputNoiseStd(), s.getInputPeriodic(),
                        s.getDeterministic(), s.getDescription())
                        : new Capabilities.SubstrateInfo(s.getName(), s.getInputSize(), s.getOutputSize(), s.getInputMin(), s.getInputMax(), ps));
            }
            // what this client can send, too: its own limit caps the server's
            int maxMessage = Math.min(maxMessageBytes, v2 && d.getMaxMessageBytes() > 0 ? d.getMaxMessageBytes() : ASSUMED_MAX_MESSAGE_BYTES);
            long maxSamples = v2 && d.getMaxSamplesPerCall() > 0 ? d.getMaxSamplesPerCall() : Long.MAX_VALUE;
            c = new Capabilities(d.getMaxBatch() > 0 ? d.getMaxBatch() : Integer.MAX_VALUE, d.getMaxRepeats() > 0 ? d.getMaxRepeats() : Integer.MAX_VALUE,
                    infos, true, d.getRepeatsAveragedOnDevice(), d.getNativeGradients(), maxMessage, maxSamples);
        } catch (IllegalArgumentException e) {
            throw new BackendException("the device server at " + target + " declares something impossible in its Describe reply: "
                    + redact(e.getMessage()) + "; the server's declaration needs fixing (run ./pnn4j conformance remote:" + target
                    + "?token=... to check it)", e);
        }
        serverName = d.getBackend();
        serverVersion = version;
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
     * @throws BackendException   on a deadline, a device fault, a refused token, malformed outputs, or when the server
     *                            stays unreachable for the reconnect window
     */
    @Override
    public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
        return forwardTimed(substrate, inputs, params, repeats).outputs();
    }

    /**
     * A forward with the seconds the server says the instrument spent on it ({@code device_seconds}); when the server
     * reports none (0, as some version-1 servers do), the wall-clock time of the successful attempt.
     *
     * @throws PreflightException as {@link #forward}
     * @throws BackendException   as {@link #forward}
     */
    @Override
    public Timed forwardTimed(String substrate, Tensor inputs, Params params, int repeats) {
        Capabilities caps = capabilities();
        Preflight.check(caps, substrate, inputs, params, repeats);
        ForwardRequest.Builder b = ForwardRequest.newBuilder().setSubstrate(substrate).setInputs(Wire.toProto(inputs)).setRepeats(repeats);
        for (String n : params.names()) b.putParams(n, Wire.toProto(params.get(n)));
        ForwardRequest request = b.build();
        long[] started = {0};
        ForwardReply reply = call("forward on '" + substrate + "'", () -> {
            started[0] = System.nanoTime();
            return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).forward(request);
        });
        double wall = (System.nanoTime() - started[0]) / 1e9;
        Tensor y;
        try {
            y = Wire.fromProto(reply.getOutputs(), "the server's outputs");
        } catch (IllegalArgumentException e) {
            throw new BackendException("the device server at " + target + " sent malformed outputs: " + redact(e.getMessage()), e);
        }
        int outputSize = caps.substrate(substrate).map(Capabilities.SubstrateInfo::outputSize).orElse(-1);
        int[] shape = y.shape();
        if (shape.length != 2 || shape[0] != inputs.dim(0) || (outputSize >= 0 && shape[1] != outputSize))
            throw new BackendException("the device server at " + target + " answered a forward on '" + substrate + "' of " + inputs.dim(0)
                    + " samples with outputs of shape " + Arrays.toString(shape) + ", expected [" + inputs.dim(0) + ", "
                    + (outputSize >= 0 ? outputSize : "outputSize") + "]; the server is at fault");
        double seconds = reply.getDeviceSeconds();
        return new Timed(y, seconds > 0 && Double.isFinite(seconds) ? seconds : wall);
    }

    /**
     * Whether a failed call failed in transport (the server down, restarting, or gone mid-call) rather than by the
     * server's decision: those are retried within the reconnect window. UNAVAILABLE always; CANCELLED unless this
     * thread was interrupted (a blocking call is never cancelled by the client otherwise, so it is a reset stream);
     * UNKNOWN and INTERNAL only when the cause is an I/O error or the message says the connection went (a peer that dies
     * mid-call surfaces so in grpc-java and grpcio), never a server's own INTERNAL device fault.
     */
    static boolean transportFailure(StatusRuntimeException e) {
        Status s = e.getStatus();
        switch (s.getCode()) {
            case UNAVAILABLE:
                return true;
            case CANCELLED:
                return !(s.getCause() instanceof InterruptedException) && !Thread.currentThread().isInterrupted();
            case UNKNOWN:
            case INTERNAL:
                for (Throwable t = s.getCause(); t != null; t = t.getCause())
                    if (t instanceof java.io.IOException) return true;
                String m = s.getDescription() == null ? "" : s.getDescription().toLowerCase(Locale.ROOT);
                return m.contains("channel closed") || m.contains("connection reset") || m.contains("connection closed") || m.contains("broken pipe")
                        || m.contains("rst_stream") || m.contains("rst stream") || m.contains("goaway") || m.contains("network closed")
                        || m.contains("stream closed") || m.contains("socket closed") || m.contains("end of stream");
            default:
                return false;
        }
    }

    private <T> T call(String what, Supplier<T> rpc) {
        // the window opens at the first transport failure, not at the call: a long measurement does not use it up
        long failedAt = 0, windowEnd = 0;
        long backoff = Math.max(1, initialBackoff.toMillis());
        StatusRuntimeException last;
        int attempts = 0;
        while (true) {
            if (channel.isShutdown())
                throw new BackendException(what + ": this client of the device server at " + target + " was closed; open a new one "
                        + "(Backends.open(\"remote:...\") or RemoteBackend.builder(...).connect())");
            attempts++;
            try {
                return rpc.get();
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                String detail = redact(e.getStatus().getDescription() == null ? code.toString() : e.getStatus().getDescription());
                if (!transportFailure(e)) {
                    switch (code) {
                        case DEADLINE_EXCEEDED:
                            throw new BackendException(String.format(Locale.ROOT, "%s: the device server at %s did not answer within the %d ms deadline; "
                                    + "the device is slow or stuck: raise the deadline (deadline=60s in the remote: spec, or "
                                    + "RemoteBackend.builder(...).deadline(...)) or send smaller batches", what, target, deadline.toMillis()), e);
                        case INVALID_ARGUMENT:
                            throw new PreflightException(what + ": the device server at " + target + " rejected the call: " + detail);
                        case UNAUTHENTICATED:
                            throw new BackendException(what + ": the device server at " + target + " refused the token (" + detail
                                    + "); pass the token the server was started with", e);
                        case RESOURCE_EXHAUSTED:
                            throw new BackendException(what + ": the message is larger than the device server at " + target + " accepts (" + detail
                                    + "); send smaller batches", e);
                        case CANCELLED:
                            throw new BackendException(what + ": interrupted while calling the device server at " + target, e);
                        case UNIMPLEMENTED:
                            throw new BackendException(what + ": the device server at " + target + " does not implement this call (" + detail
                                    + "); is it a pnn4j device server (service pnn4j.device.v1.Device)?", e);
                        default:
                            throw new BackendException(what + ": the device server at " + target + " failed (" + code + "): " + detail, e);
                    }
                }
                last = e;
            }
            long now = System.nanoTime();
            if (attempts == 1) {
                failedAt = now;
                windowEnd = now + reconnectWindow.toNanos();
            }
            if (now >= windowEnd) break;
            // reconnect now rather than after gRPC's own (up to 2 min) reconnect backoff, and before the sleep: the
            // reset takes effect asynchronously, and a call made while the channel still reports the last failure
            // fails at once without trying (a restarted server looked unreachable on a loaded machine)
            channel.resetConnectBackoff();
            long sleep = Math.min(backoff, Math.max(1, (windowEnd - now) / 1_000_000));
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new BackendException(what + ": interrupted while waiting to reconnect to the device server at " + target, ie);
            }
            backoff = Math.min(Math.max(1, maxBackoff.toMillis()), backoff * 2);
        }
        throw new BackendException(String.format(Locale.ROOT, "%s: the device server at %s is unreachable: no answer within the %s reconnect "
                + "window (%d attempts over %.1f s since the first failure; last: %s: %s). Check that the device server at %s is running and reachable from this "
                + "machine, then call again (allow a longer restart with reconnect=120s in the remote: spec, or "
                + "RemoteBackend.builder(...).reconnectWindow(...)); a training run with Trainer.checkpoint(file) continues from its last "
                + "finished epoch with Trainer.resumeFrom(file)", what, target, seconds(reconnectWindow), attempts, (System.nanoTime() - failedAt) / 1e9,
                last.getStatus().getCode(), redact(String.valueOf(last.getStatus().getDescription())), target), last);
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    /**
     * {@code text} with the token replaced, should a server echo it. Tokens under 8 characters are left alone: they are
     * test tokens, and replacing a short word ("wrong") would garble the server's own message.
     */
    private String redact(String text) {
        return text == null || token.length() < 8 ? text : text.replace(token, "<token>");
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

    /**
     * A parsed {@code remote:} spec, {@code HOST:PORT?token=T&reconnect=60s&deadline=30s} (every query key optional;
     * durations as {@code 500ms}, {@code 30s}, {@code 2m}, or plain seconds). Without {@code token=}, the token comes
     * from {@code $PNN4J_DEVICE_TOKEN} or the file named by {@code $PNN4J_DEVICE_TOKEN_FILE}.
     *
     * @param host            the server's host
     * @param port            the server's port
     * @param token           the token, "" when none was given
     * @param deadline        longest one attempt may take, or null for the default
     * @param reconnectWindow how long to retry transport failures, or null for the default
     */
    public record Spec(String host, int port, String token, Duration deadline, Duration reconnectWindow) {
        /** The query keys a spec accepts. */
        public static final List<String> KEYS = List.of("token", "reconnect", "deadline");

        /**
         * Parses {@code HOST:PORT[?key=value&...]} (without the {@code remote:} scheme).
         *
         * @throws IllegalArgumentException for a missing port, a port that is not a number, an unknown key or a bad
         *                                  duration; the message never repeats the token
         */
        public static Spec parse(String argument) {
            int q = argument.indexOf('?');
            String address = q < 0 ? argument : argument.substring(0, q);
            int colon = address.lastIndexOf(':');
            if (colon < 1)
                throw new IllegalArgumentException("remote backend: expected HOST:PORT?token=T, got '" + address + (q < 0 ? "" : "?...") + "'");
            String host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("remote backend: port '" + address.substring(colon + 1) + "' is not a number");
            }
            String token = "";
            Duration deadline = null, reconnect = null;
            if (q >= 0) {
                for (String kv : argument.substring(q + 1).split("&")) {
                    if (kv.isEmpty()) continue;
                    int eq = kv.indexOf('=');
                    String key = eq < 0 ? kv : kv.substring(0, eq), value = eq < 0 ? "" : kv.substring(eq + 1);
                    switch (key) {
                        case "token" -> token = java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
                        case "reconnect" -> reconnect = duration(key, value);
                        case "deadline" -> deadline = duration(key, value);
                        default -> throw new IllegalArgumentException("remote backend: unknown option '" + key + "'; the options are " + KEYS
                                + ", e.g. remote:" + address + "?token=T&reconnect=60s&deadline=30s");
                    }
                }
            }
            if (token.isEmpty()) token = environmentToken();
            return new Spec(host, port, token, deadline, reconnect);
        }

        /**
         * The token of {@code $PNN4J_DEVICE_TOKEN}, or read from the file {@code $PNN4J_DEVICE_TOKEN_FILE}, when the spec
         * gives none: a token in the environment or a file stays out of process listings and shell histories.
         *
         * @throws IllegalArgumentException when the token file cannot be read
         */
        private static String environmentToken() {
            String t = System.getenv("PNN4J_DEVICE_TOKEN");
            if (t != null && !t.isBlank()) return t.strip();
            String file = System.getenv("PNN4J_DEVICE_TOKEN_FILE");
            if (file == null || file.isBlank()) return "";
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("remote backend: cannot read the token file PNN4J_DEVICE_TOKEN_FILE=" + file + ": " + e.getMessage());
            }
        }

        /** A client builder with these settings. */
        public Builder builder() {
            Builder b = RemoteBackend.builder(host, port).token(token);
            if (deadline != null) b.deadline(deadline);
            if (reconnectWindow != null) b.reconnectWindow(reconnectWindow);
            return b;
        }

        /** {@code HOST:PORT}. */
        public String address() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        /** The spec without the token's value. */
        @Override
        public String toString() {
            return address() + (token.isEmpty() ? "" : "?token=<token>") + (reconnectWindow == null ? "" : "&reconnect=" + seconds(reconnectWindow))
                    + (deadline == null ? "" : "&deadline=" + seconds(deadline));
        }

        private static Duration duration(String key, String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                Duration d;
                if (v.endsWith("ms")) d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                else if (v.endsWith("s")) d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
                else if (v.endsWith("m")) d = Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
                else d = Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
                if (d.isNegative()) throw new NumberFormatException();
                return d;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("remote backend: " + key + "='" + value + "' is not a duration; write e.g. " + key + "=60s, "
                        + key + "=500ms or " + key + "=2m");
            }
        }
    }

    /**
     * {@code remote:HOST:PORT?token=T&reconnect=60s&deadline=30s}: a {@link RemoteBackend} (see {@link Spec}); the
     * settings not given keep the builder's defaults.
     */
    public static final class Provider implements BackendProvider {
        /** Found by {@link java.util.ServiceLoader}. */
        public Provider() {}

        @Override
        public String scheme() {
            return "remote";
        }

        @Override
        public String usage() {
            return "HOST:PORT?token=T[&reconnect=60s][&deadline=30s]";
        }

        /**
         * @throws IllegalArgumentException for a malformed spec (see {@link Spec#parse})
         */
        @Override
        public Backend open(String argument) {
            return Spec.parse(argument).builder().connect();
        }
    }
}
