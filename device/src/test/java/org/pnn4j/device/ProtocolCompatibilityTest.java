package org.pnn4j.device;

import static org.junit.jupiter.api.Assertions.*;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.Backends;
import org.pnn4j.backend.Capabilities;
import org.pnn4j.backend.DescribedSubstrate;
import org.pnn4j.backend.ForwardingBackend;
import org.pnn4j.backend.SimulatedBackend;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.device.proto.v1.DescribeReply;
import org.pnn4j.device.proto.v1.DescribeRequest;
import org.pnn4j.device.proto.v1.DeviceGrpc;
import org.pnn4j.device.proto.v1.ForwardReply;
import org.pnn4j.device.proto.v1.ForwardRequest;
import org.pnn4j.device.proto.v1.ParameterRange;
import org.pnn4j.device.proto.v1.SubstrateInfo;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * Protocol v1 and v2 work together both ways: the current client against a server built from the released
 * version-1 .proto (src/test/proto, another Java package, the same wire paths), and a version-1 client against the
 * current {@link DeviceServer}. Servers on loopback, stopped by each test.
 */
@Timeout(30)
class ProtocolCompatibilityTest {
    private static final String TOKEN = "c0mpat";

    /** A lab's version-1 server: one substrate "mzi" (3 phases in, 2 powers out), zeros as outputs, no device time. */
    private static final class V1Server extends DeviceGrpc.DeviceImplBase {
        final int answeredVersion;
        final AtomicInteger lastRepeats = new AtomicInteger(-1);

        V1Server(int answeredVersion) {
            this.answeredVersion = answeredVersion;
        }

        @Override
        public void describe(DescribeRequest request, StreamObserver<DescribeReply> reply) {
            reply.onNext(DescribeReply.newBuilder().setBackend("lab-v1").setMaxBatch(16).setMaxRepeats(8).setProtocolVersion(answeredVersion)
                    .addSubstrates(SubstrateInfo.newBuilder().setName("mzi").setSpec("chip 7").setInputSize(3).setOutputSize(2)
                            .setInputMin(0).setInputMax(6.25)
                            .addParameters(ParameterRange.newBuilder().setName("phase").addShape(3).setLo(0).setHi(6.25).setUnit("rad")))
                    .build());
            reply.onCompleted();
        }

        @Override
        public void forward(ForwardRequest request, StreamObserver<ForwardReply> reply) {
            lastRepeats.set(request.getRepeats());
            int batch = request.getInputs().getShape(0);
            org.pnn4j.device.proto.v1.Tensor.Builder y = org.pnn4j.device.proto.v1.Tensor.newBuilder().addShape(batch).addShape(2);
            for (int i = 0; i < 2 * batch; i++) y.addValues(0.125f * i);
            reply.onNext(ForwardReply.newBuilder().setOutputs(y).build());
            reply.onCompleted();
        }
    }

    @ParameterizedTest(name = "server answers protocol_version {0}")
    @ValueSource(ints = {0, 1})
    void theCurrentClientReadsAVersion1ServerWithTheDefaultsOfTheV2Fields(int answered) {
        V1Server v1 = new V1Server(answered);
        Server server = LoopbackServers.start(v1, 0);
        try (Backend lab = Backends.open("remote:127.0.0.1:" + server.getPort() + "?token=" + TOKEN)) {
            RemoteBackend remote = (RemoteBackend) lab;
            assertEquals(1, remote.protocolVersion(), "0 and 1 both mean version 1");
            Capabilities c = lab.capabilities();
            assertEquals(16, c.maxBatch());
            assertEquals(8, c.maxRepeats());
            assertEquals(RemoteBackend.ASSUMED_MAX_MESSAGE_BYTES, c.maxMessageBytes(), "undeclared: grpcio's 4 MiB");
            assertEquals(Long.MAX_VALUE, c.maxSamplesPerCall());
            Capabilities.SubstrateInfo info = c.substrate("mzi").orElseThrow();
            assertEquals(new Capabilities.SubstrateInfo("mzi", 3, 2, 0, 6.25,
                    List.of(new Capabilities.ParameterRange("phase", new int[] {3}, 0, 6.25, "rad"))), info);
            assertFalse(info.hasOutputRange());
            assertFalse(info.deterministic());

            List<DescribedSubstrate> subs = lab.substrates();
            assertEquals(1, subs.size());
            DescribedSubstrate chip = subs.get(0);
            assertEquals("mzi", chip.name());
            assertEquals(3, chip.inputSize());
            assertEquals(2, chip.outputSize());
            ParameterSpec phase = chip.parameters().get(0);
            assertEquals("phase", phase.name());
            assertEquals("rad", phase.unit());
            assertTrue(phase.trainable());

            Tensor y = lab.device(chip).forward(Tensor.full(1.0f, 4, 3), theta(chip));
            assertArrayEquals(new int[] {4, 2}, y.shape());
            assertEquals(0.125f * 7, y.array()[7], 0f);
            Backend.Timed t = lab.forwardTimed("mzi", Tensor.full(1.0f, 2, 3), theta(chip), 3);
            assertEquals(3, v1.lastRepeats.get());
            assertTrue(t.deviceSeconds() > 0, "a server that reports no device time: the wall clock, got " + t.deviceSeconds());
        } finally {
            server.shutdownNow();
        }
    }

    private static Params theta(Substrate s) {
        List<org.pnn4j.nn.Parameter> ps = new ArrayList<>();
        Rng rng = new Rng(3);
        s.parameters().forEach(p -> ps.add(p.create(rng)));
        return Params.of(s.name(), ps).detached();
    }

    /** oscillators:4 declared with every v2 field a lab would set, and per-call limits. */
    private static Backend declaredV2(Substrate s) {
        SimulatedBackend sim = new SimulatedBackend(4, 32).serve(s);
        return new ForwardingBackend(sim) {
            @Override
            public Capabilities capabilities() {
                Capabilities.SubstrateInfo plain = Capabilities.SubstrateInfo.of(s);
                List<Capabilities.ParameterRange> ps = new ArrayList<>();
                for (Capabilities.ParameterRange p : plain.parameters())
                    ps.add(new Capabilities.ParameterRange(p.name(), p.shape(), p.lo(), p.hi(), "rad", true, ps.isEmpty(), "coupling " + p.name()));
                Capabilities.SubstrateInfo info = new Capabilities.SubstrateInfo(s.name(), s.inputSize(), s.outputSize(), s.inputMin(),
                        s.inputMax(), ps, "rad", "mW", -50, 50, 0.01, true, false, "four coupled oscillators");
                return new Capabilities(32, 16, List.of(info), true, false, false, Integer.MAX_VALUE, 200);
            }
        };
    }

    @Test
    void theCurrentClientReadsEveryV2FieldTheServerDeclares() {
        Substrate s = SubstrateSpecs.parse("oscillators:4");
        Backend served = declaredV2(s);
        try (DeviceServer server = DeviceServer.start(served, "127.0.0.1", 0, TOKEN, 1 << 20);
             Backend lab = Backends.open("remote:127.0.0.1:" + server.port() + "?token=" + TOKEN + "&reconnect=5s")) {
            assertEquals(2, ((RemoteBackend) lab).protocolVersion());
            Capabilities c = lab.capabilities();
            assertEquals(served.capabilities().substrates(), c.substrates(), "units, ranges, noise, periodic, fixed, descriptions");
            assertEquals(1 << 20, c.maxMessageBytes(), "the server's inbound limit");
            assertEquals(200, c.maxSamplesPerCall());
            try (RemoteBackend small = RemoteBackend.builder("127.0.0.1", server.port()).token(TOKEN).maxMessageBytes(64 << 10).connect()) {
                assertEquals(64 << 10, small.capabilities().maxMessageBytes(), "the client's own smaller limit caps the server's");
            }
            assertEquals(16, c.maxRepeats());

            DescribedSubstrate chip = lab.substrate(s.name());
            assertEquals("rad", chip.inputUnit());
            assertEquals("mW", chip.outputUnit());
            assertTrue(chip.inputPeriodic());
            assertEquals(50, chip.info().outputMax());
            assertFalse(chip.parameters().get(0).trainable(), "declared fixed");
            assertTrue(chip.parameters().get(0).periodic());
            Tensor x = Tensor.uniform(new Rng(1), s.inputMin(), s.inputMax(), 5, s.inputSize());
            Backend.Timed t = lab.forwardTimed(s.name(), x, theta(chip), 1);
            assertArrayEquals(new int[] {5, s.outputSize()}, t.outputs().shape());
            assertTrue(t.deviceSeconds() > 0, "the server's device_seconds");
        }
    }

    @Test
    void aVersion1ClientUsesTheCurrentServerAndRepeatsZeroMeansOne() {
        Substrate s = SubstrateSpecs.parse("oscillators:4");
        DeviceServerMain.Options o = DeviceServerMain.parse(new String[] {"--substrate", "oscillators:4", "--input-noise", "0"});
        try (DeviceServer server = DeviceServer.start(DeviceServerMain.backend(o, DeviceServerMain.substrate(o)), "127.0.0.1", 0, TOKEN, 1 << 20)) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                Metadata md = new Metadata();
                md.put(DeviceServer.AUTHORIZATION, "Bearer " + TOKEN);
                DeviceGrpc.DeviceBlockingStub v1 = DeviceGrpc.newBlockingStub(ch).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
                DescribeReply d = v1.withDeadlineAfter(10, TimeUnit.SECONDS).describe(DescribeRequest.getDefaultInstance());
                assertEquals(2, d.getProtocolVersion());
                assertEquals(1, d.getSubstratesCount());
                SubstrateInfo info = d.getSubstrates(0);
                assertEquals(s.name(), info.getName());
                assertEquals(s.inputSize(), info.getInputSize());
                assertEquals(s.parameters().size(), info.getParametersCount());
                assertFalse(info.getUnknownFields().asMap().isEmpty(), "the v2 fields arrive as fields a v1 client skips");

                ForwardRequest.Builder b = ForwardRequest.newBuilder().setSubstrate(s.name());
                org.pnn4j.device.proto.v1.Tensor.Builder x = org.pnn4j.device.proto.v1.Tensor.newBuilder().addShape(2).addShape(s.inputSize());
                for (int i = 0; i < 2 * s.inputSize(); i++) x.addValues((float) (s.inputMin() + (s.inputMax() - s.inputMin()) * (i + 1) / 10.0));
                b.setInputs(x);
                for (Map.Entry<String, Tensor> e : toMap(theta(s)).entrySet()) {
                    org.pnn4j.device.proto.v1.Tensor.Builder p = org.pnn4j.device.proto.v1.Tensor.newBuilder();
                    for (int dim : e.getValue().shape()) p.addShape(dim);
                    for (float v : e.getValue().array()) p.addValues(v);
                    b.putParams(e.getKey(), p.build());
                }
                ForwardReply once = v1.withDeadlineAfter(10, TimeUnit.SECONDS).forward(b.setRepeats(1).build());
                ForwardReply unset = v1.withDeadlineAfter(10, TimeUnit.SECONDS).forward(b.clearRepeats().build());
                assertEquals(List.of(2, s.outputSize()), once.getOutputs().getShapeList());
                assertEquals(once.getOutputs().getValuesList(), unset.getOutputs().getValuesList(),
                        "repeats 0 is one measurement (the device is deterministic, so the two agree exactly)");
            } finally {
                ch.shutdownNow();
            }
        }
    }

    private static Map<String, Tensor> toMap(Params p) {
        Map<String, Tensor> m = new java.util.LinkedHashMap<>();
        for (String n : p.names()) m.put(n, p.get(n));
        return m;
    }

    @Test
    void aServerDeclaringSomethingImpossibleGetsAClearErrorNotACrash() {
        Server server = LoopbackServers.start(new DeviceGrpc.DeviceImplBase() {
            @Override
            public void describe(DescribeRequest request, StreamObserver<DescribeReply> reply) {
                reply.onNext(DescribeReply.newBuilder().setProtocolVersion(1).setMaxBatch(4)
                        .addSubstrates(SubstrateInfo.newBuilder().setName("upside-down").setInputSize(2).setOutputSize(1).setInputMin(1).setInputMax(-1))
                        .build());
                reply.onCompleted();
            }
        }, 0);
        try (RemoteBackend lab = RemoteBackend.builder("127.0.0.1", server.getPort()).token(TOKEN).reconnectWindow(Duration.ZERO).connect()) {
            org.pnn4j.backend.BackendException e = assertThrows(org.pnn4j.backend.BackendException.class, lab::capabilities);
            assertTrue(e.getMessage().contains("declares something impossible") && e.getMessage().contains("input range [1.0, -1.0] is empty"),
                    e.getMessage());
        } finally {
            server.shutdownNow();
        }
    }
}
