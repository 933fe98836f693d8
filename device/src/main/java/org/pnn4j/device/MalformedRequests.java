package org.pnn4j.device;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request whose bytes are not the method's protobuf message is answered {@code INVALID_ARGUMENT} ("malformed
 * request: ..."), like any other bad request, and logs nothing.
 *
 * <p>gRPC parses a request before any interceptor sees it; when parsing throws, it cancels the call with
 * {@code UNKNOWN: Application error processing RPC} and logs a SEVERE stack trace, as if the server were broken. So
 * each method's request marshaller is wrapped: a parse failure yields the message's empty prototype carrying the
 * failure in an unknown field (number {@value #MARK}, which no protocol version uses), and the call's listener closes
 * such a call with {@code INVALID_ARGUMENT} instead of handing it to the service.
 */
final class MalformedRequests {
    /** The unknown field that marks a request that did not parse (the largest field number protobuf allows). */
    static final int MARK = 536_870_911;

    private MalformedRequests() {}

    /** {@code service} with every method's parse failures answered {@code INVALID_ARGUMENT}. */
    static ServerServiceDefinition refused(ServerServiceDefinition service) {
        ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) b.addMethod(wrap(m));
        return b.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> wrap(ServerMethodDefinition<Q, R> m) {
        MethodDescriptor<Q, R> md = m.getMethodDescriptor();
        if (!(md.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<Q> inner)
                || !(inner.getMessagePrototype() instanceof Message prototype)) {
            return m;
        }
        MethodDescriptor.Marshaller<Q> marking = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Q value) {
                return inner.stream(value);
            }

            @Override
            @SuppressWarnings("unchecked")
            public Q parse(InputStream stream) {
                try {
                    return inner.parse(stream);
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() instanceof InvalidProtocolBufferException ? e.getCause() : e;
                    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
                    UnknownFieldSet mark = UnknownFieldSet.newBuilder().addField(MARK, UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFrom(why, StandardCharsets.UTF_8)).build()).build();
                    return (Q) prototype.toBuilder().setUnknownFields(mark).build();
                }
            }
        };
        ServerCallHandler<Q, R> handler = m.getServerCallHandler();
        ServerCallHandler<Q, R> checking = (call, headers) -> new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                handler.startCall(call, headers)) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                UnknownFieldSet.Field f = ((Message) message).getUnknownFields().getField(MARK);
                if (!refused && !f.getLengthDelimitedList().isEmpty()) {
                    refused = true;
                    call.close(Status.INVALID_ARGUMENT.withDescription("malformed request: the bytes are not a "
                            + md.getBareMethodName() + " request of the protocol (" + f.getLengthDelimitedList().get(0).toStringUtf8()
                            + "); is the client speaking pnn4j_device.proto?"), new Metadata());
                    return;
                }
                if (!refused) super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!refused) super.onHalfClose();
            }
        };
        return ServerMethodDefinition.create(md.toBuilder(marking, md.getResponseMarshaller()).build(), checking);
    }
}
