package org.pnn4j.device;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.pnn4j.device.proto.DescribeReply;
import org.pnn4j.device.proto.DescribeRequest;
import org.pnn4j.device.proto.DeviceGrpc;
import org.pnn4j.device.proto.ForwardReply;
import org.pnn4j.device.proto.ForwardRequest;
import org.pnn4j.device.proto.ParameterRange;
import org.pnn4j.device.proto.SubstrateInfo;
import org.pnn4j.device.proto.Tensor;

/**
 * Checks a device server against {@code pnn4j_device.proto}: a lab that serves its instrument (from Python, C++, or
 * Java) runs {@code ./pnn4j conformance remote:HOST:PORT?token=T} and reads, one line per check, what its server got
 * right and wrong. The checks send raw requests, valid and invalid, straight to the server (no client-side preflight):
 * the point is the server's own validation. They cover the Describe reply (a version, sane sizes and ranges), a valid
 * forward per substrate ([batch, outputSize], finite, inside the declared output range), repeats 0 meaning 1, the
 * token (wrong or missing: UNAUTHENTICATED), every kind of invalid call (INVALID_ARGUMENT), an oversized message
 * (RESOURCE_EXHAUSTED), determinism where declared, and that the server still serves afterwards.
 *
 * <p>It runs measurements on the instrument: a few calls of at most a few samples each, plus one batch above the
 * declared maximum that a correct server refuses unrun.
 *
 * <pre>{@code
 * ServerConformance.Report r = ServerConformance.run(RemoteBackend.Spec.parse("127.0.0.1:50051?token=T"), System.out);
 * if (!r.ok()) ...
 * }</pre>
 */
public final class ServerConformance {
    /** Messages above this are not built to test a declared limit (the check is skipped). */
    static final long LARGEST_TESTED_LIMIT = 256L << 20;

    private ServerConformance() {}

    /** What one check found. */
    public enum Outcome {
        /** The server did what the protocol asks. */
        PASS,
        /** It did not. */
        FAIL,
        /** Not applicable to this server (e.g. no parameters declared), or not checkable as declared. */
        SKIP
    }

    /**
     * One check's result.
     *
     * @param name     what was checked, e.g. "unknown substrate"
     * @param outcome  pass, fail or skip
     * @param expected what the protocol asks for
     * @param got      what the server did (or why the check was skipped)
     */
    public record Check(String name, Outcome outcome, String expected, String got) {
        /** The check as one printed line: {@code PASS name: expected ...; got ...}. */
        public String line() {
            return String.format(Locale.ROOT, "%-4s %s: expected %s; got %s", outcome, name, expected, got);
        }
    }

    /**
     * All checks of one run.
     *
     * @param checks in the order run
     */
    public record Report(List<Check> checks) {
        /** Copies. */
        public Report {
            checks = List.copyOf(checks);
        }

        /** Checks passed. */
        public long passed() {
            return checks.stream().filter(c -> c.outcome() == Outcome.PASS).count();
        }

        /** Checks failed. */
        public long failed() {
            return checks.stream().filter(c -> c.outcome() == Outcome.FAIL).count();
        }

        /** Whether no check failed. */
        public boolean ok() {
            return failed() == 0;
        }

        /** The check of that name, if run. */
        public java.util.Optional<Check> check(String name) {
            return checks.stream().filter(c -> c.name().equals(name)).findFirst();
        }

        /** The last line: {@code conformance: 14 passed, 0 failed}. */
        public String summary() {
            return "conformance: " + passed() + " passed, " + failed() + " failed";
        }
    }

    /**
     * Runs every check against the server of {@code spec} (its token, and its deadline per call, default 30 s) and
     * prints each check's line on {@code out} as it completes, then {@link Report#summary()}.
     *
     * @return the report; {@link Report#ok()} is false when any check failed
     */
    public static Report run(RemoteBackend.Spec spec, PrintStream out) {
        Objects.requireNonNull(spec, "spec");
        List<Check> checks = new ArrayList<>();
        Consumer<Check> record = c -> {
            checks.add(c);
            out.println(c.line());
            out.flush();
        };
        ManagedChannel channel = NettyChannelBuilder.forAddress(spec.host(), spec.port()).usePlaintext()
                .maxInboundMessageSize(Integer.MAX_VALUE).build();
        try {
            new Run(spec, channel, record).all();
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Report report = new Report(checks);
        out.println(report.summary());
        out.flush();
        return report;
    }

    private static final class Run {
        private final RemoteBackend.Spec spec;
        private final Consumer<Check> record;
        private final long deadlineMillis;
        private final Channel authed, wrongToken, noToken;
        private final Random random = new Random(1);

        Run(RemoteBackend.Spec spec, ManagedChannel channel, Consumer<Check> record) {
            this.spec = spec;
            this.record = record;
            this.deadlineMillis = (spec.deadline() == null ? Duration.ofSeconds(30) : spec.deadline()).toMillis();
            this.authed = withToken(channel, spec.token());
            this.wrongToken = withToken(channel, spec.token().isEmpty() ? "not-the-token" : spec.token() + "-wrong");
            this.noToken = channel;
        }

        private static Channel withToken(Channel c, String token) {
            if (token.isEmpty()) return c;
            Metadata md = new Metadata();
            md.put(DeviceServer.AUTHORIZATION, "Bearer " + token);
            return ClientInterceptors.intercept(c, MetadataUtils.newAttachHeadersInterceptor(md));
        }

        private void pass(String name, String expected, String got) {
            record.accept(new Check(name, Outcome.PASS, expected, got));
        }

        private void fail(String name, String expected, String got) {
            record.accept(new Check(name, Outcome.FAIL, expected, got));
        }

        private void skip(String name, String expected, String why) {
            record.accept(new Check(name, Outcome.SKIP, expected, why));
        }

        private DescribeReply describe() {
            return DeviceGrpc.newBlockingStub(authed).withDeadlineAfter(Math.max(deadlineMillis, 10_000), TimeUnit.MILLISECONDS)
                    .describe(DescribeRequest.newBuilder().setProtocolVersion(RemoteBackend.PROTOCOL_VERSION).build());
        }

        private ForwardReply forward(Channel ch, ForwardRequest r) {
            return DeviceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).forward(r);
        }

        private String secret(String text) {
            // short tokens are test tokens: replacing a word like "wrong" would garble the server's message
            return text == null || spec.token().length() < 8 ? text : text.replace(spec.token(), "<token>");
        }

        private String status(StatusRuntimeException e) {
            String d = e.getStatus().getDescription();
            if (d != null && d.length() > 160) d = d.substring(0, 157) + "...";
            return e.getStatus().getCode() + (d == null || d.isEmpty() ? "" : " (" + secret(d) + ")");
        }

        void all() {
            DescribeReply d;
            String expected = "Describe to answer with a protocol version and sane sizes and ranges";
            try {
                d = describe();
            } catch (StatusRuntimeException e) {
                fail("describe", expected, status(e) + "; no other check can run without it"
                        + (e.getStatus().getCode() == Status.Code.UNAVAILABLE ? " (is the server at " + spec.address() + " running?)" : ""));
                return;
            }
            List<String> problems = describeProblems(d);
            String summary = String.format(Locale.ROOT, "version %d, %d substrate(s), max_batch %d, max_repeats %d, max_message_bytes %d%s",
                    d.getProtocolVersion(), d.getSubstratesCount(), d.getMaxBatch(), d.getMaxRepeats(), d.getMaxMessageBytes(),
                    d.getMaxMessageBytes() == 0 ? " (not declared)" : "");
            if (problems.isEmpty()) pass("describe", expected, summary);
            else fail("describe", expected, summary + "; " + String.join("; ", problems));
            if (d.getSubstratesCount() == 0) return;
            for (SubstrateInfo s : d.getSubstratesList()) validForward(d, s);
            SubstrateInfo s = d.getSubstratesList().stream().filter(x -> x.getParametersCount() > 0).findFirst().orElse(d.getSubstrates(0));
            repeatsZero(d, s);
            tokens(d, s);
            invalid(d, s);
            oversized(d, s);
            determinism(d);
            keepsServing(d, s);
        }

        private static boolean finite(double... v) {
            for (double x : v) if (!Double.isFinite(x)) return false;
            return true;
        }

        private List<String> describeProblems(DescribeReply d) {
            List<String> p = new ArrayList<>();
            if (d.getProtocolVersion() < 0) p.add("protocol_version " + d.getProtocolVersion() + " is negative");
            if (d.getMaxBatch() < 0) p.add("max_batch " + d.getMaxBatch() + " is negative");
            if (d.getMaxRepeats() < 0) p.add("max_repeats " + d.getMaxRepeats() + " is negative");
            if (d.getMaxMessageBytes() < 0) p.add("max_message_bytes " + d.getMaxMessageBytes() + " is negative");
            if (d.getMaxSamplesPerCall() < 0) p.add("max_samples_per_call " + d.getMaxSamplesPerCall() + " is negative");
            if (d.getSubstratesCount() == 0) p.add("no substrate is declared");
            Set<String> names = new HashSet<>();
            for (SubstrateInfo s : d.getSubstratesList()) {
                String w = "substrate '" + s.getName() + "': ";
                if (s.getName().isBlank()) p.add("a substrate has no name");
                if (!names.add(s.getName())) p.add(w + "declared twice");
                if (s.getInputSize() < 1 || s.getOutputSize() < 1) p.add(w + "sizes " + s.getInputSize() + " -> " + s.getOutputSize() + " (need >= 1)");
                if (!finite(s.getInputMin(), s.getInputMax()) || !(s.getInputMin() < s.getInputMax()))
                    p.add(w + "input range [" + s.getInputMin() + ", " + s.getInputMax() + "] is empty or not finite");
                if (s.getHasOutputRange() && (!finite(s.getOutputMin(), s.getOutputMax()) || !(s.getOutputMin() < s.getOutputMax())))
                    p.add(w + "output range [" + s.getOutputMin() + ", " + s.getOutputMax() + "] is empty or not finite");
                if (!(s.getOutputNoiseStd() >= 0) || !Double.isFinite(s.getOutputNoiseStd()))
                    p.add(w + "output_noise_std " + s.getOutputNoiseStd() + " (need a finite value >= 0)");
                Set<String> pn = new HashSet<>();
                for (ParameterRange r : s.getParametersList()) {
                    String pw = w + "parameter '" + r.getName() + "': ";
                    if (r.getName().isBlank()) p.add(w + "a parameter has no name");
                    if (!pn.add(r.getName())) p.add(pw + "declared twice");
                    if (r.getShapeCount() == 0 || r.getShapeList().stream().anyMatch(x -> x < 1)) p.add(pw + "shape " + r.getShapeList() + " (need dimensions >= 1)");
                    if (!finite(r.getLo(), r.getHi()) || !(r.getLo() <= r.getHi())) p.add(pw + "range [" + r.getLo() + ", " + r.getHi() + "] is empty or not finite");
                }
            }
            return p;
        }

        private int batch(DescribeReply d) {
            return d.getMaxBatch() > 0 ? Math.min(4, d.getMaxBatch()) : 4;
        }

        private static int size(ParameterRange r) {
            int n = 1;
            for (int x : r.getShapeList()) n *= Math.max(0, x);
            return n;
        }

        private Tensor inputs(SubstrateInfo s, int batch) {
            Tensor.Builder t = Tensor.newBuilder().addShape(batch).addShape(s.getInputSize());
            for (int i = 0; i < batch * s.getInputSize(); i++)
                t.addValues((float) Math.min(s.getInputMax(), s.getInputMin() + random.nextDouble() * (s.getInputMax() - s.getInputMin())));
            return t.build();
        }

        private Tensor parameter(ParameterRange r) {
            Tensor.Builder t = Tensor.newBuilder().addAllShape(r.getShapeList());
            for (int i = 0; i < size(r); i++) t.addValues((float) Math.min(r.getHi(), r.getLo() + random.nextDouble() * (r.getHi() - r.getLo())));
            return t.build();
        }

        /** A valid request: inputs and parameters drawn inside the declared ranges. */
        private ForwardRequest.Builder valid(SubstrateInfo s, int batch) {
            ForwardRequest.Builder b = ForwardRequest.newBuilder().setSubstrate(s.getName()).setInputs(inputs(s, batch)).setRepeats(1);
            for (ParameterRange r : s.getParametersList()) b.putParams(r.getName(), parameter(r));
            return b;
        }

        /** What is wrong with outputs of a valid call, or null. */
        private static String outputProblem(SubstrateInfo s, int batch, ForwardReply r) {
            Tensor y = r.getOutputs();
            if (!y.getShapeList().equals(List.of(batch, s.getOutputSize())))
                return "outputs of shape " + y.getShapeList() + " holding " + y.getValuesCount() + " values";
            if (y.getValuesCount() != batch * s.getOutputSize())
                return "shape " + y.getShapeList() + " but " + y.getValuesCount() + " values";
            for (int i = 0; i < y.getValuesCount(); i++) {
                float v = y.getValues(i);
                if (!Float.isFinite(v)) return "a non-finite output (" + v + ") at index " + i;
                if (s.getHasOutputRange() && (v < s.getOutputMin() || v > s.getOutputMax()))
                    return "output " + v + " at index " + i + " outside the declared range [" + s.getOutputMin() + ", " + s.getOutputMax() + "]";
            }
            if (!(r.getDeviceSeconds() >= 0)) return "device_seconds " + r.getDeviceSeconds() + " (must be >= 0)";
            return null;
        }

        private void validForward(DescribeReply d, SubstrateInfo s) {
            int batch = batch(d);
            String name = "forward " + s.getName();
            String expected = "outputs [" + batch + ", " + s.getOutputSize() + "], finite"
                    + (s.getHasOutputRange() ? ", inside [" + s.getOutputMin() + ", " + s.getOutputMax() + "]" : "");
            try {
                ForwardReply r = forward(authed, valid(s, batch).build());
                String problem = outputProblem(s, batch, r);
                if (problem == null) pass(name, expected, String.format(Locale.ROOT, "OK, device_seconds %.3g", r.getDeviceSeconds()));
                else fail(name, expected, problem);
            } catch (StatusRuntimeException e) {
                fail(name, expected, status(e));
            }
        }

        private void repeatsZero(DescribeReply d, SubstrateInfo s) {
            int batch = batch(d);
            String expected = "repeats 0 (unset) to measure once: outputs [" + batch + ", " + s.getOutputSize() + "]";
            try {
                ForwardReply r = forward(authed, valid(s, batch).clearRepeats().build());
                String problem = outputProblem(s, batch, r);
                if (problem == null) pass("repeats 0 means 1", expected, "OK");
                else fail("repeats 0 means 1", expected, problem);
            } catch (StatusRuntimeException e) {
                fail("repeats 0 means 1", expected, status(e));
            }
        }

        /** Expects the call to fail with {@code code}. */
        private void expect(String name, Status.Code code, String why, Channel ch, ForwardRequest request) {
            String expected = code + " (" + why + ")";
            try {
                ForwardReply r = forward(ch, request);
                fail(name, expected, "OK (outputs " + r.getOutputs().getShapeList() + "): the server accepted it");
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == code) pass(name, expected, status(e));
                else fail(name, expected, status(e));
            }
        }

        private void tokens(DescribeReply d, SubstrateInfo s) {
            ForwardRequest r = valid(s, batch(d)).build();
            expect("wrong token", Status.Code.UNAUTHENTICATED, "a call with another token is refused", wrongToken, r);
            expect("missing token", Status.Code.UNAUTHENTICATED, "a call without an authorization header is refused", noToken, r);
        }

        private void invalid(DescribeReply d, SubstrateInfo s) {
            int batch = batch(d);
            Status.Code bad = Status.Code.INVALID_ARGUMENT;
            expect("unknown substrate", bad, "a substrate not declared", authed,
                    valid(s, batch).setSubstrate("no-such-substrate-" + Long.toHexString(random.nextLong())).build());
            Tensor.Builder wide = Tensor.newBuilder().addShape(batch).addShape(s.getInputSize() + 1);
            for (int i = 0; i < batch * (s.getInputSize() + 1); i++) wide.addValues((float) s.getInputMin());
            expect("wrong input width", bad, "inputs [" + batch + ", " + (s.getInputSize() + 1) + "] for input_size " + s.getInputSize(), authed,
                    valid(s, batch).setInputs(wide).build());
            double outside = s.getInputMax() + Math.max(1, s.getInputMax() - s.getInputMin());
            expect("input outside the range", bad, "an input of " + (float) outside + " above input_max " + s.getInputMax(), authed,
                    valid(s, batch).setInputs(inputs(s, batch).toBuilder().setValues(0, (float) outside)).build());
            expect("NaN input", bad, "an input of NaN", authed, valid(s, batch).setInputs(inputs(s, batch).toBuilder().setValues(0, Float.NaN)).build());
            Tensor full = inputs(s, batch);
            Tensor.Builder shortOne = Tensor.newBuilder().addAllShape(full.getShapeList())
                    .addAllValues(full.getValuesList().subList(0, full.getValuesCount() - 1));
            expect("malformed tensor", bad, "inputs whose values do not fill their shape", authed, valid(s, batch).setInputs(shortOne).build());
            if (s.getParametersCount() == 0) {
                String why = "substrate '" + s.getName() + "' declares no parameter";
                skip("missing parameter", bad + "", why);
                skip("parameter of wrong shape", bad + "", why);
                skip("parameter outside its range", bad + "", why);
            } else {
                ParameterRange p = s.getParameters(0);
                expect("missing parameter", bad, "no value for parameter '" + p.getName() + "'", authed, valid(s, batch).removeParams(p.getName()).build());
                // well-formed (the values fill the shape), only the shape is not the declared one
                List<Integer> shape = new ArrayList<>(p.getShapeList());
                if (shape.isEmpty()) shape.add(2);
                else shape.set(shape.size() - 1, shape.get(shape.size() - 1) + 1);
                Tensor.Builder wrong = Tensor.newBuilder().addAllShape(shape);
                for (int i = 0, n = shape.stream().reduce(1, (a, b2) -> a * b2); i < n; i++) wrong.addValues((float) p.getLo());
                expect("parameter of wrong shape", bad, "parameter '" + p.getName() + "' of shape " + wrong.getShapeList() + " for "
                        + p.getShapeList(), authed, valid(s, batch).putParams(p.getName(), wrong.build()).build());
                double above = p.getHi() + Math.max(1, p.getHi() - p.getLo());
                expect("parameter outside its range", bad, "parameter '" + p.getName() + "' = " + (float) above + " above hi " + p.getHi(), authed,
                        valid(s, batch).putParams(p.getName(), parameter(p).toBuilder().setValues(0, (float) above).build()).build());
            }
            if (d.getMaxRepeats() <= 0 || d.getMaxRepeats() == Integer.MAX_VALUE)
                skip("repeats above max_repeats", bad + "", "max_repeats is " + (d.getMaxRepeats() <= 0 ? "not declared" : "the largest int32"));
            else
                expect("repeats above max_repeats", bad, "repeats " + (d.getMaxRepeats() + 1) + " above max_repeats " + d.getMaxRepeats(), authed,
                        valid(s, batch).setRepeats(d.getMaxRepeats() + 1).build());
            long limit = d.getMaxMessageBytes() > 0 ? d.getMaxMessageBytes() : RemoteBackend.ASSUMED_MAX_MESSAGE_BYTES;
            if (d.getMaxBatch() <= 0 || d.getMaxBatch() == Integer.MAX_VALUE)
                skip("batch above max_batch", bad + "", "max_batch is " + (d.getMaxBatch() <= 0 ? "not declared" : "the largest int32"));
            else if ((d.getMaxBatch() + 1L) * s.getInputSize() * 4 + 1024 > limit)
                skip("batch above max_batch", bad + "", "a batch of " + (d.getMaxBatch() + 1) + " would not fit in a " + limit + "-byte message");
            else
                expect("batch above max_batch", bad, "a batch of " + (d.getMaxBatch() + 1) + " above max_batch " + d.getMaxBatch(), authed,
                        valid(s, d.getMaxBatch() + 1).build());
            samplesPerCall(d, s, limit);
        }

        /** A call within max_batch and max_repeats whose batch x repeats exceeds max_samples_per_call, where one exists. */
        private void samplesPerCall(DescribeReply d, SubstrateInfo s, long messageLimit) {
            String name = "samples above max_samples_per_call";
            Status.Code bad = Status.Code.INVALID_ARGUMENT;
            long most = d.getMaxSamplesPerCall();
            if (most <= 0) {
                skip(name, bad + "", "max_samples_per_call is not declared");
                return;
            }
            long repeats = d.getMaxRepeats() > 0 ? d.getMaxRepeats() : Math.min(most + 1, 1 << 20);
            long batch = most / repeats + 1;
            if (d.getMaxBatch() > 0 && batch > d.getMaxBatch()) {
                skip(name, bad + "", "no call within max_batch " + d.getMaxBatch() + " and max_repeats " + d.getMaxRepeats() + " exceeds it");
                return;
            }
            if (batch * s.getInputSize() * 4 + 1024 > messageLimit) {
                skip(name, bad + "", "a batch of " + batch + " would not fit in a " + messageLimit + "-byte message");
                return;
            }
            expect(name, bad, "batch " + batch + " x repeats " + repeats + " = " + batch * repeats + " above max_samples_per_call " + most, authed,
                    valid(s, (int) batch).setRepeats((int) repeats).build());
        }

        private void oversized(DescribeReply d, SubstrateInfo s) {
            String name = "oversized message";
            String expected = "RESOURCE_EXHAUSTED (a request above max_message_bytes)";
            long limit = d.getMaxMessageBytes();
            if (limit <= 0) {
                skip(name, expected, "max_message_bytes is not declared (clients assume " + RemoteBackend.ASSUMED_MAX_MESSAGE_BYTES + " bytes)");
                return;
            }
            if (limit > LARGEST_TESTED_LIMIT) {
                skip(name, expected, "max_message_bytes " + limit + " is above the " + LARGEST_TESTED_LIMIT + " bytes this check sends");
                return;
            }
            byte[] request = oversizedRequest(s, limit + 64 * 1024);
            expected = "RESOURCE_EXHAUSTED (a request of " + request.length + " bytes, above max_message_bytes " + limit + ")";
            MethodDescriptor.Marshaller<byte[]> raw = new MethodDescriptor.Marshaller<>() {
                @Override
                public InputStream stream(byte[] value) {
                    return new ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(InputStream stream) {
                    try {
                        return stream.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            MethodDescriptor<byte[], ForwardReply> method = DeviceGrpc.getForwardMethod().toBuilder(raw,
                    ProtoUtils.marshaller(ForwardReply.getDefaultInstance())).build();
            try {
                ForwardReply r = ClientCalls.blockingUnaryCall(authed, method,
                        CallOptions.DEFAULT.withDeadlineAfter(Math.max(deadlineMillis, 30_000), TimeUnit.MILLISECONDS), request);
                fail(name, expected, "OK (outputs " + r.getOutputs().getShapeList() + "): the server accepted it");
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) pass(name, expected, status(e));
                else fail(name, expected, status(e));
            }
        }

        /** A ForwardRequest of at least {@code bytes} bytes, written directly (a 64 MiB request as a builder's boxed floats would take 1 GB). */
        private static byte[] oversizedRequest(SubstrateInfo s, long bytes) {
            int width = Math.max(1, s.getInputSize());
            long rows = (bytes / 4 + width - 1) / width;
            if (rows * width * 4 > Integer.MAX_VALUE - 4096) throw new IllegalArgumentException("cannot build a request of " + bytes + " bytes");
            int n = (int) (rows * width);
            int shapeBody = CodedOutputStream.computeInt32SizeNoTag((int) rows) + CodedOutputStream.computeInt32SizeNoTag(width);
            int valuesBody = 4 * n;
            int tensorBody = CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(shapeBody) + shapeBody
                    + CodedOutputStream.computeTagSize(2) + CodedOutputStream.computeUInt32SizeNoTag(valuesBody) + valuesBody;
            ByteArrayOutputStream buf = new ByteArrayOutputStream(tensorBody + 1024);
            try {
                CodedOutputStream c = CodedOutputStream.newInstance(buf, 1 << 16);
                c.writeString(1, s.getName());
                c.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                c.writeUInt32NoTag(tensorBody);
                c.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                c.writeUInt32NoTag(shapeBody);
                c.writeInt32NoTag((int) rows);
                c.writeInt32NoTag(width);
                c.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                c.writeUInt32NoTag(valuesBody);
                float v = (float) s.getInputMin();
                for (int i = 0; i < n; i++) c.writeFloatNoTag(v);
                c.writeInt32(4, 1);
                c.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buf.toByteArray();
        }

        private void determinism(DescribeReply d) {
            String name = "determinism";
            List<SubstrateInfo> declared = d.getSubstratesList().stream().filter(SubstrateInfo::getDeterministic).toList();
            if (declared.isEmpty()) {
                skip(name, "the same call twice to measure the same where deterministic is declared", "no substrate declares deterministic");
                return;
            }
            for (SubstrateInfo s : declared) {
                String n = name + " " + s.getName();
                String expected = "the same call twice to measure exactly the same (deterministic is declared)";
                try {
                    ForwardRequest r = valid(s, batch(d)).build();
                    List<Float> a = forward(authed, r).getOutputs().getValuesList(), b = forward(authed, r).getOutputs().getValuesList();
                    if (a.equals(b)) pass(n, expected, "the same " + a.size() + " values");
                    else {
                        int i = 0;
                        while (i < Math.min(a.size(), b.size()) && a.get(i).equals(b.get(i))) i++;
                        fail(n, expected, i < Math.min(a.size(), b.size()) ? "value " + i + " was " + a.get(i) + " then " + b.get(i)
                                : a.size() + " then " + b.size() + " values");
                    }
                } catch (StatusRuntimeException e) {
                    fail(n, expected, status(e));
                }
            }
        }

        private void keepsServing(DescribeReply d, SubstrateInfo s) {
            String expected = "Describe and a valid forward to work after all the calls above";
            try {
                describe();
                int batch = batch(d);
                String problem = outputProblem(s, batch, forward(authed, valid(s, batch).build()));
                if (problem == null) pass("keeps serving", expected, "OK");
                else fail("keeps serving", expected, problem);
            } catch (StatusRuntimeException e) {
                fail("keeps serving", expected, status(e));
            }
        }
    }
}
