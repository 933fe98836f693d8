package org.pnn4j.device;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.BackendException;
import org.pnn4j.backend.Capabilities;
import org.pnn4j.backend.Preflight;
import org.pnn4j.physics.Params;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.device.proto.DescribeReply;
import org.pnn4j.device.proto.DescribeRequest;
import org.pnn4j.device.proto.DeviceGrpc;
import org.pnn4j.device.proto.ForwardReply;
import org.pnn4j.device.proto.ForwardRequest;
import org.pnn4j.device.proto.ParameterRange;
import org.pnn4j.device.proto.SubstrateInfo;

/**
 * A gRPC device server: serves a {@link Backend} (a simulated one, or a lab's driver wrapped as a backend) under
 * the protocol in {@code pnn4j_device.proto}. Binds to 127.0.0.1 unless another host is given, and refuses
 * calls without the token ({@code authorization: Bearer <token>} metadata). Speaks protocol version 2 (to version-1
 * clients too: they ignore the fields they do not know). Each call is validated here against the backend's
 * capabilities (substrate, sizes, ranges, NaN, batch, repeats; repeats 0 means 1), whatever the client checked; a
 * bad call (INVALID_ARGUMENT) or a device fault (INTERNAL) fails that call only, and the server keeps serving others.
 */
public final class DeviceServer implements AutoCloseable {
    /** Metadata key of the token. */
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** The protocol version this server speaks (answered in Describe). */
    public static final int PROTOCOL_VERSION = 2;
    /** Default largest request, in bytes (64 MiB). */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 << 20;

    private final Server server;
    private final String host;

    private DeviceServer(Server server, String host) {
        this.server = server;
        this.host = host;
    }

    /**
     * Starts a server of {@code backend} on {@code host:port} (port 0 picks a free port) that requires {@code token}.
     *
     * @param maxMessageBytes largest request accepted, in bytes; larger ones fail with RESOURCE_EXHAUSTED (declared to
     *                        clients in Describe as {@code max_message_bytes})
     * @throws IllegalArgumentException for a blank token, a port outside [0, 65535] or maxMessageBytes &lt; 1
     * @throws UncheckedIOException     when the port cannot be bound
     */
    public static DeviceServer start(Backend backend, String host, int port, String token, int maxMessageBytes) {
        if (token == null || token.isBlank())
            throw new IllegalArgumentException("a device server needs a token (clients send it); set PNN4J_DEVICE_TOKEN or give --token-file PATH");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside [0, 65535]");
        if (maxMessageBytes < 1) throw new IllegalArgumentException("maxMessageBytes must be at least 1, got " + maxMessageBytes);
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.US_ASCII);
        ServerInterceptor auth = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                String got = headers.get(AUTHORIZATION);
                if (got == null || !MessageDigest.isEqual(expected, got.getBytes(StandardCharsets.US_ASCII))) {
                    call.close(Status.UNAUTHENTICATED.withDescription(got == null ? "no token: send the server's token" : "wrong token"), new Metadata());
                    return new ServerCall.Listener<>() {};
                }
                return Contexts.interceptCall(Context.current(), call, headers, next);
            }
        };
        Server s = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .maxInboundMessageSize(maxMessageBytes)
                .addService(ServerInterceptors.intercept(MalformedRequests.refused(new Service(backend, maxMessageBytes).bindService()), auth))
                .build();
        try {
            s.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve on " + host + ":" + port + ": " + e.getMessage()
                    + " (is the port taken? pick another with --port)", e);
        }
        return new DeviceServer(s, host);
    }

    /** The port served (the one picked when 0 was asked). */
    public int port() {
        return server.getPort();
    }

    /** The host bound to. */
    public String host() {
        return host;
    }

    /** Blocks until the server stops. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops at once: calls in flight fail on the client with UNAVAILABLE (a crash, as far as clients can tell). */
    public void kill() {
        server.shutdownNow();
    }

    /** Stops accepting calls, lets calls in flight finish for up to 5 s, then stops. */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) server.shutdownNow();
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static final class Service extends DeviceGrpc.DeviceImplBase {
        private final Backend backend;
        private final int maxMessageBytes;

        Service(Backend backend, int maxMessageBytes) {
            this.backend = backend;
            this.maxMessageBytes = maxMessageBytes;
        }

        @Override
        public void forward(ForwardRequest request, StreamObserver<ForwardReply> reply) {
            long t0 = System.nanoTime();
            Tensor y;
            try {
                String substrate = request.getSubstrate();
                // proto3 cannot tell 0 from unset: a client that does not set repeats means one measurement
                int repeats = request.getRepeats() == 0 ? 1 : request.getRepeats();
                Tensor x = Wire.fromProto(request.getInputs(), "inputs");
                if (x.rank() != 2) throw new IllegalArgumentException("inputs must be [batch, inputSize], got rank " + x.rank());
                Map<String, Tensor> params = new LinkedHashMap<>();
                for (Map.Entry<String, org.pnn4j.device.proto.Tensor> e : request.getParamsMap().entrySet())
                    params.put(e.getKey(), Wire.fromProto(e.getValue(), "parameter '" + e.getKey() + "'"));
                Params theta = Params.of(substrate, params);
                // the server checks every call itself, whatever the client did: the served backend may declare
                // capabilities without checking them
                Capabilities caps = backend.capabilities();
                Preflight.check(caps, substrate, x, theta, repeats);
                if ((long) x.dim(0) * repeats > caps.maxSamplesPerCall())
                    throw new IllegalArgumentException("substrate '" + substrate + "': batch " + x.dim(0) + " x repeats " + repeats + " = "
                            + (long) x.dim(0) * repeats + " samples exceeds this server's " + caps.maxSamplesPerCall()
                            + " per call; send fewer samples or repeats per call");
                y = measureWhileTheClientWaits(substrate, x, theta, repeats);
                if (y == null) return;   // the client's deadline passed or it cancelled: nobody to answer
                int outputSize = caps.substrate(substrate).map(Capabilities.SubstrateInfo::outputSize).orElse(y.rank() == 2 ? y.dim(1) : -1);
                if (y.rank() != 2 || y.dim(0) != x.dim(0) || y.dim(1) != outputSize)
                    throw new IllegalStateException("the device returned outputs of shape " + java.util.Arrays.toString(y.shape()) + " for "
                            + x.dim(0) + " samples of substrate '" + substrate + "', expected [" + x.dim(0) + ", " + outputSize + "]");
                if (!y.isFinite())
                    throw new IllegalStateException("the device returned non-finite measurements (NaN or infinity) for substrate '"
                            + substrate + "'");
            } catch (IllegalArgumentException e) {
                reply.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
                return;
            } catch (IllegalStateException | BackendException e) {
                reply.onError(Status.INTERNAL.withDescription("device fault: " + e.getMessage()).asRuntimeException());
                return;
            } catch (RuntimeException e) {
                reply.onError(Status.INTERNAL.withDescription("device fault: " + e).asRuntimeException());
                return;
            }
            reply.onNext(ForwardReply.newBuilder().setOutputs(Wire.toProto(y)).setDeviceSeconds((System.nanoTime() - t0) / 1e9).build());
            reply.onCompleted();
        }

        /**
         * Runs the backend's forward unless the client has already gone, and interrupts it when the client's deadline
         * passes or it cancels mid-call (a backend checks between repeats, as the simulated one does), so that a call
         * nobody waits for no longer holds the device from the clients that do.
         *
         * @return the outputs, or null when the client went away
         */
        private Tensor measureWhileTheClientWaits(String substrate, Tensor x, Params theta, int repeats) {
            Context ctx = Context.current();
            if (ctx.isCancelled()) return null;
            Thread handler = Thread.currentThread();
            boolean[] running = {true};   // guarded by itself: no interrupt may land after the call has returned
            Context.CancellationListener stop = c -> {
                synchronized (running) {
                    if (running[0]) handler.interrupt();
                }
            };
            ctx.addListener(stop, Runnable::run);
            try {
                return backend.forward(substrate, x, theta, repeats);
            } catch (BackendException e) {
                if (ctx.isCancelled()) return null;
                throw e;
            } finally {
                synchronized (running) {
                    running[0] = false;
                }
                ctx.removeListener(stop);
                Thread.interrupted();   // a late cancellation must not leak into the pool's next call
            }
        }

        @Override
        public void describe(DescribeRequest request, StreamObserver<DescribeReply> reply) {
            // v2 fields go to every client: a v1 client's parser skips fields it does not know
            Capabilities c = backend.capabilities();
            DescribeReply.Builder b = DescribeReply.newBuilder().setBackend(backend.name()).setMaxBatch(c.maxBatch())
                    .setMaxRepeats(c.maxRepeats()).setRepeatsAveragedOnDevice(c.repeatsAveragedOnDevice())
                    .setNativeGradients(c.nativeGradients()).setProtocolVersion(PROTOCOL_VERSION)
                    .setMaxMessageBytes(Math.min(maxMessageBytes, c.maxMessageBytes()))
                    .setMaxSamplesPerCall(c.maxSamplesPerCall() == Long.MAX_VALUE ? 0 : c.maxSamplesPerCall());
            for (Capabilities.SubstrateInfo s : c.substrates()) {
                SubstrateInfo.Builder sb = SubstrateInfo.newBuilder().setName(s.name()).setInputSize(s.inputSize())
                        .setOutputSize(s.outputSize()).setInputMin(s.inputMin()).setInputMax(s.inputMax())
                        .setInputUnit(s.inputUnit()).setOutputUnit(s.outputUnit()).setOutputNoiseStd(s.outputNoiseStd())
                        .setInputPeriodic(s.inputPeriodic()).setDeterministic(s.deterministic()).setDescription(s.description());
                if (s.hasOutputRange()) sb.setHasOutputRange(true).setOutputMin(s.outputMin()).setOutputMax(s.outputMax());
                for (Capabilities.ParameterRange p : s.parameters()) {
                    ParameterRange.Builder pb = ParameterRange.newBuilder().setName(p.name()).setLo(p.lo()).setHi(p.hi()).setUnit(p.unit())
                            .setPeriodic(p.periodic()).setFixed(p.fixed()).setDescription(p.description());
                    for (int d : p.shape()) pb.addShape(d);
                    sb.addParameters(pb);
                }
                b.addSubstrates(sb);
            }
            reply.onNext(b.build());
            reply.onCompleted();
        }
    }
}
