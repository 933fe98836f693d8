package org.pnn4j.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.pnn4j.backend.SimulatedBackend;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.device.proto.DeviceGrpc;

/**
 * Bytes that are not a protobuf request get INVALID_ARGUMENT naming the problem, and the server logs no SEVERE stack
 * trace (before: UNKNOWN "Application error processing RPC" and a SEVERE log).
 */
class MalformedRequestTest {
    private static final String TOKEN = "malformed-request-token";

    /** Sends raw bytes as the request of {@code method}. */
    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    };

    @Test
    void garbageBytesAreInvalidArgumentAndLogNothingSevere() {
        List<LogRecord> severe = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.SEVERE.intValue()) severe.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger grpc = Logger.getLogger("io.grpc");
        grpc.addHandler(h);
        try (DeviceServer server = DeviceServer.start(new SimulatedBackend(1).serve(SubstrateSpecs.parse("oscillators:3")),
                "127.0.0.1", 0, TOKEN, DeviceServer.DEFAULT_MAX_MESSAGE_BYTES)) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            try {
                Metadata md = new Metadata();
                md.put(DeviceServer.AUTHORIZATION, "Bearer " + TOKEN);
                io.grpc.Channel authed = io.grpc.ClientInterceptors.intercept(ch, MetadataUtils.newAttachHeadersInterceptor(md));
                for (MethodDescriptor<?, ?> m : List.of(DeviceGrpc.getForwardMethod(), DeviceGrpc.getDescribeMethod())) {
                    MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
                            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName(m.getFullMethodName())
                            .setRequestMarshaller(RAW).setResponseMarshaller(RAW).build();
                    // a truncated varint, then an invalid wire type
                    for (byte[] junk : new byte[][] {{(byte) 0x08, (byte) 0xFF}, {(byte) 0x0F, 1, 2, 3}}) {
                        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                                authed, raw, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), junk));
                        assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), String.valueOf(e.getStatus()));
                        assertTrue(e.getStatus().getDescription().startsWith("malformed request"), e.getStatus().getDescription());
                    }
                }
                // and it keeps serving well-formed requests
                assertEquals(1, DeviceGrpc.newBlockingStub(authed).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .describe(org.pnn4j.device.proto.DescribeRequest.getDefaultInstance()).getSubstratesCount());
            } finally {
                ch.shutdownNow();
            }
        } finally {
            grpc.removeHandler(h);
        }
        assertTrue(severe.isEmpty(), "SEVERE log records: " + severe.stream().map(LogRecord::getMessage).toList());
    }
}
