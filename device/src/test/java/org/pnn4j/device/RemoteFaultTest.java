package org.pnn4j.device;

import static org.junit.jupiter.api.Assertions.*;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
        SimulatedBackend sim = new SimulatedBackend(1, 64).serve(s);
        return new org.pnn4j.backend.ForwardingBackend(sim) {
            @Override
            public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
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
        return RemoteBackend.builder("127.0.0.1", port).token(TOKEN).deadline(deadline)
                .retries(3, Duration.ofMillis(20), Duration.ofMillis(100)).connect();
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
    void aServerKilledMidCallGivesAClearErrorAndTheClientReconnectsToANewOne() throws Exception {
        DeviceServer server = DeviceServer.start(faulty(1000), "127.0.0.1", 0, TOKEN, 1 << 20);
        int port = server.port();
        try (RemoteBackend b = client(port, Duration.ofSeconds(10))) {
            b.capabilities();
            CompletableFuture<Tensor> inFlight = CompletableFuture.supplyAsync(() -> b.forward(s.name(), x(2), theta(), 1));
            Thread.sleep(200);
            server.kill();
            Exception e = assertThrows(Exception.class, () -> inFlight.get(10, TimeUnit.SECONDS));
            assertInstanceOf(BackendException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("is unreachable: no answer after 3 attempts"), e.getCause().getMessage());
            try (DeviceServer again = DeviceServer.start(faulty(0), "127.0.0.1", port, TOKEN, 1 << 20)) {
                assertEquals(2, b.forward(s.name(), x(2), theta(), 1).dim(0), "the same client works once a server is back");
            }
        } finally {
            server.kill();
        }
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
