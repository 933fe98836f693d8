package org.pnn4j.device;

import static org.junit.jupiter.api.Assertions.*;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.pnn4j.device.proto.DescribeReply;
import org.pnn4j.device.proto.DescribeRequest;
import org.pnn4j.device.proto.ForwardReply;
import org.pnn4j.device.proto.SubstrateInfo;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.BackendException;
import org.pnn4j.backend.Backends;
import org.pnn4j.backend.PreflightException;
import org.pnn4j.backend.SimulatedBackend;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.device.proto.DeviceGrpc;
import org.pnn4j.device.proto.ForwardRequest;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** Faults on loopback: each test bounds its time, starts its own server on a free port and stops it. */
@Timeout(30)
class RemoteFaultTest {
    private static final String TOKEN = "t0ken";
    private final Substrate s = SubstrateSpecs.parse("oscillators:4");

    private Params theta() {
        java.util.List<org.pnn4j.nn.Parameter> ps = new java.util.ArrayList<>();
        Rng rng = new Rng(2);
        s.parameters().forEach(p -> ps.add(p.create(rng)));
        return Params.of(s.name(), ps).detached();
    }

    private Tensor x(int batch) {
        return Tensor.uniform(new Rng(1), s.inputMin(), s.inputMax(), batch, s.inputSize());
    }

    /** A simulated backend whose forward sleeps first, or returns NaN for a batch of exactly 3 samples. */
    private Backend faulty(long sleepMillis) {
        return faulty(sleepMillis, new CountDownLatch(1));
    }

    /** As {@link #faulty(long)}, counting {@code entered} down when a forward starts. */
    private Backend faulty(long sleepMillis, CountDownLatch entered) {
        SimulatedBackend sim = new SimulatedBackend(1, 64).serve(s);
        return new org.pnn4j.backend.ForwardingBackend(sim) {
            @Override
            public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
                entered.countDown();
                try {
                    Thread.sleep(sleepMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Tensor y = super.forward(substrate, inputs, params, repeats);
                return inputs.dim(0) == 3 ? y.mul(Float.NaN) : y;
            }
        };
    }

    private RemoteBackend client(int port, Duration deadline) {
        return client(port, deadline, Duration.ofSeconds(1));
    }

    private RemoteBackend client(int port, Duration deadline, Duration reconnectWindow) {
        return RemoteBackend.builder("127.0.0.1", port).token(TOKEN).deadline(deadline).reconnectWindow(reconnectWindow)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200)).connect();
    }

    @Test
    void aWrongTokenIsRefused() {
        try (DeviceServer server = DeviceServer.start(faulty(0), "127.0.0.1", 0, TOKEN, 1 << 20);
             Backend b = Backends.open("remote:127.0.0.1:" + server.port() + "?token=nope")) {
            BackendException e = assertThrows(BackendException.class, () -> b.forward(s.name(), x(2), theta(), 1));
            assertTrue(e.getMessage().contains("refused the token"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> DeviceServer.start(faulty(0), "127.0.0.1", 0, " ", 1 << 20));
    }

    @Test
    void aSlowServerHitsTheDeadlineWithAClearErrorAndNoHang() {
        try (DeviceServer server = DeviceServer.start(faulty(3000), "127.0.0.1", 0, TOKEN, 1 << 20);
             RemoteBackend b = client(server.port(), Duration.ofMillis(300))) {
            b.capabilities();
            long t0 = System.nanoTime();
            BackendException e = assertThrows(BackendException.class, () -> b.forward(s.name(), x(2), theta(), 1));
            assertTrue(e.getMessage().contains("300 ms deadline"), e.getMessage());
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "the deadline bounds the call");
            server.kill();
        }
    }

    @Test
    void aServerKilledMidCallAndRestartedWithinTheReconnectWindowAnswersTheSameCall() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        DeviceServer server = DeviceServer.start(faulty(2000, entered), "127.0.0.1", 0, TOKEN, 1 << 20);
        int port = server.port();
        CountDownLatch servedByTheNewOne = new CountDownLatch(1);
        DeviceServer again = null;
        try (RemoteBackend b = client(port, Duration.ofSeconds(10), Duration.ofSeconds(25))) {
            b.capabilities();
            CompletableFuture<Tensor> inFlight = CompletableFuture.supplyAsync(() -> b.forward(s.name(), x(2), theta(), 1));
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the call reached the device");
            server.kill();
            // the instrument is down for a while, then comes back on the same port
            Thread.sleep(300);
            assertFalse(inFlight.isDone(), "the client keeps trying while the server is down");
            again = DeviceServer.start(faulty(0, servedByTheNewOne), "127.0.0.1", port, TOKEN, 1 << 20);
            Tensor y = inFlight.get(20, TimeUnit.SECONDS);
            assertEquals(2, y.dim(0));
            assertEquals(0, servedByTheNewOne.getCount(), "the restarted server measured the retried call");
        } finally {
            server.kill();
            if (again != null) again.kill();
        }
    }

    @Test
    void pastTheReconnectWindowTheCallFailsSayingWhatToCheckAndHowToResumeWithoutTheToken() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        DeviceServer server = DeviceServer.start(faulty(2000, entered), "127.0.0.1", 0, TOKEN, 1 << 20);
        int port = server.port();
        try (RemoteBackend b = client(port, Duration.ofSeconds(10), Duration.ofMillis(800))) {
            b.capabilities();
            CompletableFuture<Tensor> inFlight = CompletableFuture.supplyAsync(() -> b.forward(s.name(), x(2), theta(), 1));
            assertTrue(entered.await(10, TimeUnit.SECONDS), "the call reached the device");
            server.kill();
            Exception e = assertThrows(Exception.class, () -> inFlight.get(20, TimeUnit.SECONDS));
            assertInstanceOf(BackendException.class, e.getCause());
            String m = e.getCause().getMessage();
            assertTrue(m.contains("the device server at 127.0.0.1:" + port + " is unreachable: no answer within the 800 ms reconnect window"), m);
            assertTrue(m.contains("Check that the device server at 127.0.0.1:" + port + " is running"), m);
            assertTrue(m.contains("reconnect=") && m.contains("Trainer.checkpoint") && m.contains("Trainer.resumeFrom"), m);
            assertFalse(m.contains(TOKEN), "the token stays out of messages: " + m);
            assertFalse(m.contains("./pnn4j serve"), "a lab's server is not ours: " + m);
            System.out.println("past the window: " + m);
            try (DeviceServer again = DeviceServer.start(faulty(0), "127.0.0.1", port, TOKEN, 1 << 20)) {
                assertEquals(2, b.forward(s.name(), x(2), theta(), 1).dim(0), "the same client works once a server is back");
            }
        } finally {
            server.kill();
        }
    }

    @Test
    void transportFailuresOfEveryKindAreRetriedAndTheServersOwnAnswersAreNot() {
        Function<Status, Boolean> retried = st -> RemoteBackend.transportFailure(st.asRuntimeException());
        assertTrue(retried.apply(Status.UNAVAILABLE.withDescription("io exception")));
        assertTrue(retried.apply(Status.CANCELLED.withDescription("RST_STREAM closed stream. HTTP/2 error code: CANCEL")));
        assertTrue(retried.apply(Status.UNKNOWN.withDescription("channel closed")));
        assertTrue(retried.apply(Status.UNKNOWN.withCause(new java.net.SocketException("Connection reset"))));
        assertTrue(retried.apply(Status.INTERNAL.withDescription("Received Rst Stream")));
        assertTrue(retried.apply(Status.INTERNAL.withDescription("Connection closed after GOAWAY. HTTP/2 error code: NO_ERROR")));
        assertFalse(retried.apply(Status.INTERNAL.withDescription("device fault: the device returned non-finite measurements")));
        assertFalse(retried.apply(Status.UNKNOWN.withDescription("Exception calling application: division by zero")));
        assertFalse(retried.apply(Status.INVALID_ARGUMENT.withDescription("channel closed")));
        assertFalse(retried.apply(Status.DEADLINE_EXCEEDED));
        assertFalse(retried.apply(Status.UNAUTHENTICATED));
        assertFalse(retried.apply(Status.CANCELLED.withCause(new InterruptedException())));
    }

    @Test
    void aServerThatFailsInTransportSeveralWaysIsRetriedUntilItAnswers() {
        List<Status> failures = List.of(Status.UNKNOWN.withDescription("channel closed"), Status.CANCELLED.withDescription("stream reset"),
                Status.UNAVAILABLE.withDescription("instrument restarting"), Status.INTERNAL.withDescription("Received Rst Stream"));
        AtomicInteger calls = new AtomicInteger();
        Server server = LoopbackServers.start(new DeviceGrpc.DeviceImplBase() {
            @Override
            public void describe(DescribeRequest request, StreamObserver<DescribeReply> reply) {
                reply.onNext(DescribeReply.newBuilder().setProtocolVersion(2).setMaxBatch(8).setMaxRepeats(4)
                        .addSubstrates(SubstrateInfo.newBuilder().setName("flaky").setInputSize(2).setOutputSize(1).setInputMin(-1).setInputMax(1)).build());
                reply.onCompleted();
            }

            @Override
            public void forward(ForwardRequest request, StreamObserver<ForwardReply> reply) {
                int n = calls.getAndIncrement();
                if (n < failures.size()) {
                    reply.onError(failures.get(n).asRuntimeException());
                    return;
                }
                int batch = request.getInputs().getShape(0);
                org.pnn4j.device.proto.Tensor.Builder y = org.pnn4j.device.proto.Tensor.newBuilder().addShape(batch).addShape(1);
                for (int i = 0; i < batch; i++) y.addValues(0.5f);
                reply.onNext(ForwardReply.newBuilder().setOutputs(y).setDeviceSeconds(0.25).build());
                reply.onCompleted();
            }
        }, 0);
        try (RemoteBackend b = client(server.getPort(), Duration.ofSeconds(10), Duration.ofSeconds(20))) {
            Backend.Timed t = b.forwardTimed("flaky", Tensor.zeros(3, 2), Params.of("flaky", java.util.Map.of()), 1);
            assertEquals(failures.size() + 1, calls.get(), "every transport failure was retried once");
            assertArrayEquals(new int[] {3, 1}, t.outputs().shape());
            assertEquals(0.25, t.deviceSeconds(), 0.0, "the server's device time");
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void aClosedClientFailsAtOnceInsteadOfRetryingForTheWindow() {
        try (DeviceServer server = DeviceServer.start(faulty(0), "127.0.0.1", 0, TOKEN, 1 << 20)) {
            RemoteBackend b = client(server.port(), Duration.ofSeconds(10), Duration.ofSeconds(60));
            b.capabilities();
            b.close();
            BackendException e = assertThrows(BackendException.class, () -> b.forward(s.name(), x(2), theta(), 1));
            assertTrue(e.getMessage().contains("was closed; open a new one"), e.getMessage());
        }
    }

    @Test
    void aServerThatEchoesTheTokenDoesNotGetItIntoTheClientsMessages() {
        String secret = "0123456789abcdef0123456789abcdef";
        Server server = LoopbackServers.start(new DeviceGrpc.DeviceImplBase() {
            @Override
            public void describe(DescribeRequest request, StreamObserver<DescribeReply> reply) {
                reply.onError(Status.UNAUTHENTICATED.withDescription("token 'Bearer " + secret + "' is not on the list").asRuntimeException());
            }
        }, 0);
        try (Backend b = Backends.open("remote:127.0.0.1:" + server.getPort() + "?token=" + secret)) {
            BackendException e = assertThrows(BackendException.class, b::capabilities);
            assertTrue(e.getMessage().contains("refused the token (token 'Bearer <token>' is not on the list)"), e.getMessage());
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void theSpecTakesTheReconnectWindowAndDeadlineAndNeverEchoesTheToken() {
        RemoteBackend.Spec spec = RemoteBackend.Spec.parse("lab.example:50051?token=s3cr3t&reconnect=90s&deadline=500ms");
        assertEquals("lab.example", spec.host());
        assertEquals(50051, spec.port());
        assertEquals("s3cr3t", spec.token());
        assertEquals(Duration.ofSeconds(90), spec.reconnectWindow());
        assertEquals(Duration.ofMillis(500), spec.deadline());
        assertFalse(spec.toString().contains("s3cr3t"), spec.toString());
        assertEquals(Duration.ofMinutes(2), RemoteBackend.Spec.parse("h:1?reconnect=2m").reconnectWindow());
        assertEquals(Duration.ofSeconds(30), RemoteBackend.Spec.parse("h:1?reconnect=30").reconnectWindow());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Backends.open("remote:h:1?token=s3cr3t&retry=5"));
        assertTrue(unknown.getMessage().contains("unknown option 'retry'") && !unknown.getMessage().contains("s3cr3t"), unknown.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Backends.open("remote:h:1?token=s3cr3t&reconnect=soon"));
        assertTrue(bad.getMessage().contains("reconnect='soon' is not a duration") && !bad.getMessage().contains("s3cr3t"), bad.getMessage());
        IllegalArgumentException noPort = assertThrows(IllegalArgumentException.class, () -> Backends.open("remote:h?token=s3cr3t"));
        assertFalse(noPort.getMessage().contains("s3cr3t"), noPort.getMessage());
    }

    @Test
    void nanOutputsFailThatCallAndTheServerKeepsServing() {
        try (DeviceServer server = DeviceServer.start(faulty(0), "127.0.0.1", 0, TOKEN, 1 << 20);
             RemoteBackend b = client(server.port(), Duration.ofSeconds(10))) {
            BackendException e = assertThrows(BackendException.class, () -> b.forward(s.name(), x(3), theta(), 1));
            assertTrue(e.getMessage().contains("device fault") && e.getMessage().contains("non-finite"), e.getMessage());
            assertEquals(2, b.forward(s.name(), x(2), theta(), 1).dim(0));
        }
    }

    @Test
    void malformedOversizedAndWrongShapeRequestsAreRejectedAndTheServerKeepsServing() {
        try (DeviceServer server = DeviceServer.start(faulty(0), "127.0.0.1", 0, TOKEN, 64 << 10);
             RemoteBackend b = client(server.port(), Duration.ofSeconds(10))) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                io.grpc.Metadata md = new io.grpc.Metadata();
                md.put(DeviceServer.AUTHORIZATION, "Bearer " + TOKEN);
                DeviceGrpc.DeviceBlockingStub raw = DeviceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md));
                // values do not fill the shape
                ForwardRequest malformed = ForwardRequest.newBuilder().setSubstrate(s.name()).setRepeats(1)
                        .setInputs(org.pnn4j.device.proto.Tensor.newBuilder().addShape(2).addShape(4).addValues(0.1f)).build();
                StatusRuntimeException m = assertThrows(StatusRuntimeException.class, () -> raw.forward(malformed));
                assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, m.getStatus().getCode());
                assertTrue(m.getStatus().getDescription().contains("holds 8 values"), m.getStatus().getDescription());
                // 100 000 floats > 64 KiB
                org.pnn4j.device.proto.Tensor.Builder big = org.pnn4j.device.proto.Tensor.newBuilder().addShape(25000).addShape(4);
                for (int i = 0; i < 100_000; i++) big.addValues(0f);
                StatusRuntimeException o = assertThrows(StatusRuntimeException.class,
                        () -> raw.forward(ForwardRequest.newBuilder().setSubstrate(s.name()).setRepeats(1).setInputs(big).build()));
                assertEquals(io.grpc.Status.Code.RESOURCE_EXHAUSTED, o.getStatus().getCode());
            } finally {
                ch.shutdownNow();
            }
            // wrong shape through the client: rejected by the client's preflight, nothing sent
            PreflightException w = assertThrows(PreflightException.class, () -> b.forward(s.name(), Tensor.zeros(2, 5), theta(), 1));
            assertTrue(w.getMessage().contains("expects inputs [batch, 4]"), w.getMessage());
            assertEquals(List.of(s.name()), b.capabilities().substrateNames());
            assertEquals(2, b.forward(s.name(), x(2), theta(), 1).dim(0), "the server still serves");
        }
    }
}
