package org.pnn4j.device;

import static org.junit.jupiter.api.Assertions.*;

import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pnn4j.device.proto.DescribeReply;
import org.pnn4j.device.proto.DescribeRequest;
import org.pnn4j.device.proto.DeviceGrpc;
import org.pnn4j.device.proto.ForwardReply;
import org.pnn4j.device.proto.ForwardRequest;
import org.pnn4j.device.proto.ParameterRange;
import org.pnn4j.device.proto.SubstrateInfo;

/** The conformance checker against pnn4j's own server (every check passes) and a sloppy one (its faults reported). */
@Timeout(60)
class ServerConformanceTest {
    private static final String TOKEN = "c0nf";

    private static ServerConformance.Report run(int port, ByteArrayOutputStream printed) {
        return ServerConformance.run(RemoteBackend.Spec.parse("127.0.0.1:" + port + "?token=" + TOKEN + "&deadline=20s"),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @Test
    void theDeviceServerPassesEveryCheck() {
        DeviceServerMain.Options o = DeviceServerMain.parse(new String[] {"--substrate", "oscillators:4", "--input-noise", "0", "--max-batch", "64"});
        try (DeviceServer server = DeviceServer.start(DeviceServerMain.backend(o, DeviceServerMain.substrate(o)), "127.0.0.1", 0, TOKEN, 1 << 20)) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ServerConformance.Report r = run(server.port(), printed);
            String out = printed.toString(StandardCharsets.UTF_8);
            assertTrue(r.ok(), out);
            assertEquals(0, r.failed(), out);
            assertEquals(18, r.passed(), "every check applies to a deterministic substrate with parameters:\n" + out);
            List<String> lines = out.lines().toList();
            assertEquals("conformance: 18 passed, 0 failed", lines.get(lines.size() - 1));
            assertEquals(20, lines.size(), out);
            for (String line : lines.subList(0, 19))
                assertTrue(line.startsWith("PASS ") || line.startsWith("SKIP samples above max_samples_per_call"), line);
            assertTrue(out.contains("PASS oversized message: expected RESOURCE_EXHAUSTED"), out);
            assertFalse(out.contains(TOKEN), "the token is never printed");
        }
    }

    @Test
    void aDeclaredSamplesPerCallLimitIsChecked() {
        DeviceServerMain.Options o = DeviceServerMain.parse(new String[] {"--substrate", "oscillators:4", "--max-batch", "64", "--max-repeats", "8"});
        org.pnn4j.backend.Backend limited = new org.pnn4j.backend.ForwardingBackend(DeviceServerMain.backend(o, DeviceServerMain.substrate(o))) {
            @Override
            public org.pnn4j.backend.Capabilities capabilities() {
                return super.capabilities().withLimits(Integer.MAX_VALUE, 100);
            }
        };
        try (DeviceServer server = DeviceServer.start(limited, "127.0.0.1", 0, TOKEN, 1 << 20)) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ServerConformance.Report r = run(server.port(), printed);
            assertEquals(0, r.failed(), printed.toString(StandardCharsets.UTF_8));
            ServerConformance.Check c = r.check("samples above max_samples_per_call").orElseThrow();
            assertEquals(ServerConformance.Outcome.PASS, c.outcome(), c.line());
            assertTrue(c.line().contains("batch 13 x repeats 8 = 104 above max_samples_per_call 100"), c.line());
        }
    }

    @Test
    void aNoisyServerSkipsOnlyTheDeterminismCheck() {
        DeviceServerMain.Options o = DeviceServerMain.parse(new String[] {"--substrate", "oscillators:4", "--max-batch", "64"});
        try (DeviceServer server = DeviceServer.start(DeviceServerMain.backend(o, DeviceServerMain.substrate(o)), "127.0.0.1", 0, TOKEN, 1 << 20)) {
            ServerConformance.Report r = run(server.port(), new ByteArrayOutputStream());
            assertEquals(0, r.failed());
            assertEquals(ServerConformance.Outcome.SKIP, r.check("determinism").orElseThrow().outcome());
        }
    }

    /**
     * Accepts every call (no token check, no validation), declares limits it does not keep, claims to be deterministic
     * and is not; substrate "loud" measures outside its declared output range.
     */
    private static final class SloppyServer extends DeviceGrpc.DeviceImplBase {
        private final Random random = new Random(7);

        @Override
        public void describe(DescribeRequest request, StreamObserver<DescribeReply> reply) {
            SubstrateInfo.Builder sloppy = SubstrateInfo.newBuilder().setName("sloppy").setInputSize(2).setOutputSize(1).setInputMin(-1).setInputMax(1)
                    .setHasOutputRange(true).setOutputMin(0).setOutputMax(1).setDeterministic(true)
                    .addParameters(ParameterRange.newBuilder().setName("w").addShape(2).setLo(0).setHi(1));
            SubstrateInfo.Builder loud = SubstrateInfo.newBuilder().setName("loud").setInputSize(2).setOutputSize(1).setInputMin(-1).setInputMax(1)
                    .setHasOutputRange(true).setOutputMin(0).setOutputMax(1);
            reply.onNext(DescribeReply.newBuilder().setProtocolVersion(2).setMaxBatch(8).setMaxRepeats(4).setMaxMessageBytes(256 << 10)
                    .addSubstrates(sloppy).addSubstrates(loud).build());
            reply.onCompleted();
        }

        @Override
        public void forward(ForwardRequest request, StreamObserver<ForwardReply> reply) {
            int batch = request.getInputs().getShapeCount() > 0 ? request.getInputs().getShape(0) : 1;
            org.pnn4j.device.proto.Tensor.Builder y = org.pnn4j.device.proto.Tensor.newBuilder().addShape(batch).addShape(1);
            for (int i = 0; i < batch; i++) y.addValues(request.getSubstrate().equals("loud") ? 3f : random.nextFloat());
            reply.onNext(ForwardReply.newBuilder().setOutputs(y).build());
            reply.onCompleted();
        }
    }

    @Test
    void aSloppyServerFailsTheChecksOfWhatItGetsWrong() {
        Server server = LoopbackServers.start(new SloppyServer(), 0);
        try {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            ServerConformance.Report r = run(server.getPort(), printed);
            String out = printed.toString(StandardCharsets.UTF_8);
            assertFalse(r.ok());
            for (String passed : List.of("describe", "forward sloppy", "repeats 0 means 1", "keeps serving"))
                assertEquals(ServerConformance.Outcome.PASS, r.check(passed).orElseThrow().outcome(), passed + "\n" + out);
            for (String failed : List.of("forward loud", "wrong token", "missing token", "unknown substrate", "wrong input width",
                    "input outside the range", "NaN input", "malformed tensor", "missing parameter", "parameter of wrong shape",
                    "parameter outside its range", "repeats above max_repeats", "batch above max_batch", "oversized message", "determinism sloppy"))
                assertEquals(ServerConformance.Outcome.FAIL, r.check(failed).orElseThrow().outcome(), failed + "\n" + out);
            assertEquals(4, r.passed());
            assertEquals(15, r.failed());
            assertTrue(out.contains("FAIL wrong token: expected UNAUTHENTICATED (a call with another token is refused); got OK"), out);
            assertTrue(out.contains("FAIL forward loud: expected outputs [4, 1], finite, inside [0.0, 1.0]; got output 3.0 at index 0 outside"), out);
            assertTrue(out.contains("FAIL oversized message: expected RESOURCE_EXHAUSTED (a request of "), out);
            assertTrue(out.endsWith("conformance: 4 passed, 15 failed\n"), out);
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void aServerThatIsNotRunningFailsTheFirstCheckAndSaysSo() {
        Server server = LoopbackServers.start(new SloppyServer(), 0);
        int port = server.getPort();
        server.shutdownNow();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ServerConformance.Report r = run(port, printed);
        assertEquals(1, r.failed());
        assertEquals(0, r.passed());
        String out = printed.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("FAIL describe") && out.contains("UNAVAILABLE") && out.contains("is the server at 127.0.0.1:" + port + " running?"), out);
    }
}
