package org.pnn4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.pnn4j.Network;
import org.pnn4j.Pnn;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.Backends;
import org.pnn4j.backend.RecordingBackend;
import org.pnn4j.backend.RecordingFormat;
import org.pnn4j.backend.SimulatedBackend;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Idx;
import org.pnn4j.data.Synthetic;
import org.pnn4j.device.DeviceServer;
import org.pnn4j.kernel.CellException;
import org.pnn4j.kernel.Evaluator;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.train.Trainer;

/**
 * {@code pnn4j reliability}: probes of the kernel, the runner's evaluator, the device server and the files under
 * faults and bad input, as an adversarial user would try them (issue 19), each checked for the right outcome; prints
 * one line per probe and {@code N passed, M failed}, and exits 1 when one failed. Bounded: about a minute on two
 * cores. The kernel's protocol-level probes (junk frames, large prints, output order) run through Jupyter's own client
 * in CI ({@code kernel/src/test/python/test_kernel.py}).
 */
final class Reliability {
    private Reliability() {}

    static final String HELP = "Runs the reliability probes (cells that exit by every route, imports that nulled variables,\n"
            + "threads that outlive an interrupt, an abusive device client beside ordinary ones, damaged recordings and\n"
            + "checkpoints, bad inputs) and prints one line per probe, then 'N passed, M failed'. Exit 1 when one failed.\n\n"
            + "Options:\n  --load-seconds S   how long the ordinary device clients run beside the abusive ones (default 3)";

    private interface Probe {
        String run() throws Exception;
    }

    private record Outcome(String name, boolean passed, String detail) {}

    static int run(String[] args, PrintStream out) throws Exception {
        double loadSeconds = 3;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--load-seconds") && i + 1 < args.length) {
                try {
                    loadSeconds = Double.parseDouble(args[++i]);
                } catch (NumberFormatException e) {
                    throw new Main.UsageException("--load-seconds: '" + args[i] + "' is not a number of seconds");
                }
            } else {
                throw new Main.UsageException("unknown option '" + args[i] + "'");
            }
        }
        double load = loadSeconds;
        List<Outcome> outcomes = new ArrayList<>();
        Path dir = Files.createTempDirectory("pnn4j-reliability");
        try (Evaluator ev = new Evaluator()) {
            probe(outcomes, out, "imports after a comment keep earlier variables", () -> {
                ev.eval("String kept = \"abc\"; int[] alsoKept = {7};");
                ev.eval("// a comment\nimport java.util.concurrent.*;\nimport java.time.*;");
                check("abc".equals(ev.eval("kept").value()) && Integer.valueOf(7).equals(ev.eval("alsoKept[0]").value()), "variables were nulled");
                return "kept";
            });
            String[][] exits = {
                    {"System.exit", "System.exit(3);"},
                    {"Runtime.exit", "Runtime.getRuntime().exit(4);"},
                    {"Runtime.halt", "Runtime.getRuntime().halt(5);"},
                    {"System.exit by reflection", "System.class.getMethod(\"exit\", int.class).invoke(null, 6);"},
                    {"System.exit by a method handle", "java.lang.invoke.MethodHandles.lookup().findStatic(System.class, \"exit\", "
                            + "java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(7);"},
                    {"a library's System.exit (DeviceServerMain.main, usage error)", "org.pnn4j.device.DeviceServerMain.main(new String[0]);"},
                    {"Runtime.exit on a thread the cell started", "Throwable[] got = new Throwable[1];\n"
                            + "Thread t = new Thread(() -> { try { Runtime.getRuntime().exit(8); } catch (Throwable x) { got[0] = x; } }); t.start(); t.join();\n"
                            + "if (got[0] != null) throw (Error) got[0];"},
            };
            for (String[] e : exits) {
                probe(outcomes, out, "cell exit refused: " + e[0], () -> {
                    PrintStream err = System.err;
                    // the library prints its usage on stderr before it exits: not this report's
                    System.setErr(new PrintStream(java.io.OutputStream.nullOutputStream()));
                    try {
                        ev.eval(e[1]);
                    } catch (CellException c) {
                        check(c.name().equals("SystemExit"), "the cell failed with " + c.name() + ": " + c.getMessage());
                        return "SystemExit, the JVM lives";
                    } finally {
                        System.setErr(err);
                    }
                    throw new IllegalStateException("the cell did not fail");
                });
            }
            probe(outcomes, out, "a thread that outlives an interrupt is named", () -> {
                System.clearProperty("pnn4j.reliability.looping");
                Thread stopper = new Thread(() -> {
                    try {
                        while (System.getProperty("pnn4j.reliability.looping") == null) Thread.sleep(20);
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        return;
                    }
                    ev.interrupt();
                });
                stopper.start();
                try {
                    ev.eval("java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, \"probe-pool\"));\n"
                            + "pool.submit(() -> 1).get();\nSystem.setProperty(\"pnn4j.reliability.looping\", \"1\");\nwhile (true) { Thread.onSpinWait(); }");
                    throw new IllegalStateException("the cell was not interrupted");
                } catch (CellException c) {
                    check(c.name().equals("Interrupted") && c.getMessage().contains("'probe-pool'"), c.getMessage());
                    return "named";
                } finally {
                    stopper.join();
                    ev.eval("pool.shutdownNow();");
                }
            });
        }

        Substrate s = SubstrateSpecs.parse("oscillators:3");
        Params theta = theta(s, 2);
        String token = "reliability-probe-token-" + System.nanoTime();
        DeviceServer server = DeviceServer.start(new SimulatedBackend(1).serve(s), "127.0.0.1", 0, token, DeviceServer.DEFAULT_MAX_MESSAGE_BYTES);
        String address = "remote:127.0.0.1:" + server.port() + "?token=" + token;
        try {
            probe(outcomes, out, "device: repeats 2^31-1 refused before it runs", () -> {
                try (Backend b = Backends.open(address)) {
                    try {
                        b.forward(s.name(), x(s, 1), theta, Integer.MAX_VALUE);
                    } catch (RuntimeException e) {
                        b.forward(s.name(), x(s, 2), theta, 1);
                        return "refused (" + firstWords(e.getMessage()) + "), the next call served";
                    }
                    throw new IllegalStateException("accepted");
                }
            });
            probe(outcomes, out, "device: abusive clients beside ordinary ones", () -> loadHeld(address, s, theta, load));
            probe(outcomes, out, "device: a request of garbage bytes is INVALID_ARGUMENT", () -> garbageRequest(server.port(), token));
        } finally {
            server.close();
        }

        probe(outcomes, out, "damaged recording refused, never truncated, salvaged", () -> {
            Path file = dir.resolve("run.pnnrec");
            try (Backend rec = new RecordingBackend(new SimulatedBackend(3).serve(s), file)) {
                for (int i = 0; i < 12; i++) rec.forward(s.name(), x(s, 10 + i), theta, 1);
            }
            byte[] bytes = Files.readAllBytes(file);
            int frame = (bytes.length - RecordingFormat.HEADER_BYTES) / 12;
            bytes[RecordingFormat.HEADER_BYTES + frame + 40] ^= 0x5A;
            Files.write(file, bytes);
            try {
                new RecordingBackend(new SimulatedBackend(3).serve(s), file).close();
                throw new IllegalStateException("appending to a damaged recording was allowed");
            } catch (java.io.UncheckedIOException expected) {
                check(Files.size(file) == bytes.length, "the file was truncated");
            }
            int saved = RecordingFormat.salvage(file, dir.resolve("saved.pnnrec"));
            check(saved == 11, "salvaged " + saved + " of 11 intact calls");
            return "refused, 11 of 11 intact calls salvaged";
        });
        probe(outcomes, out, "damaged checkpoint refused before anything is restored", () -> {
            Path ckp = dir.resolve("run.ckp");
            Dataset moons = Synthetic.moons(64, 0.1, 1L);
            Trainer.of(Network.of(Pnn.linear(2, 4), Pnn.tanh(), Pnn.linear(4, 2))).epochs(1).batchSize(16).seed(1).checkpoint(ckp).fit(moons);
            byte[] bytes = Files.readAllBytes(ckp);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(ckp, bytes);
            Network fresh = Network.of(Pnn.linear(2, 4), Pnn.tanh(), Pnn.linear(4, 2));
            String before = fresh.parameters().get(0).value().toString();
            try {
                Trainer.of(fresh).epochs(2).batchSize(16).seed(1).resumeFrom(ckp).fit(moons);
                throw new IllegalStateException("a checkpoint with a flipped bit was resumed");
            } catch (RuntimeException e) {
                if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).startsWith("a checkpoint with")) throw e;
                check(before.equals(fresh.parameters().get(0).value().toString()), "parameters changed by a failed resume");
                return "refused (" + firstWords(e.getMessage()) + ")";
            }
        });

        String[][] badInputs = {
                {"simulated:seed=7&zzz=1", "'zzz'"},
                {"remote:127.0.0.1:1?token=t&zzz=1", "'zzz'"},
                {"remot:127.0.0.1:1?token=SECRET-not-shown", "token=<token>"},
        };
        for (String[] bad : badInputs) {
            probe(outcomes, out, "bad backend spec " + Backends.redactTokens(bad[0]), () -> {
                try {
                    Backends.open(bad[0]).close();
                } catch (IllegalArgumentException e) {
                    check(e.getMessage().contains(bad[1]) && !e.getMessage().contains("SECRET"), e.getMessage());
                    return "refused";
                }
                throw new IllegalStateException("accepted");
            });
        }
        probe(outcomes, out, "Parameter.set(NaN) refused", () -> {
            var p = Network.of(Pnn.linear(2, 2)).parameters().get(0);
            try {
                float[] values = new float[(int) p.size()];
                values[values.length - 1] = Float.NaN;
                p.set(values);
            } catch (IllegalArgumentException e) {
                return "refused";
            }
            throw new IllegalStateException("accepted");
        });
        probe(outcomes, out, "IDX header claiming 2e9 floats refused before allocating", () -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(b);
            d.write(new byte[] {0, 0, 0x0d, 2});
            d.writeInt(50_000);
            d.writeInt(40_000);
            d.writeFloat(1f);
            Path f = dir.resolve("huge.idx");
            Files.write(f, b.toByteArray());
            try {
                Idx.read(f);
            } catch (RuntimeException e) {
                check(!(e.getCause() instanceof OutOfMemoryError), "ran out of memory");
                return "refused (" + firstWords(e.getMessage()) + ")";
            }
            throw new IllegalStateException("accepted");
        });
        deleteTree(dir);

        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        out.println((outcomes.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    /** Three ordinary clients call for {@code seconds} while two abusive ones send 1024-repeat calls they abandon. */
    private static String loadHeld(String address, Substrate s, Params theta, double seconds) throws Exception {
        AtomicLong ordinary = new AtomicLong(), ordinaryFailed = new AtomicLong(), abusive = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < 5; c++) {
            boolean abuser = c < 2;
            int id = c;
            Thread t = new Thread(() -> {
                try (Backend b = Backends.open(address + (abuser ? "&deadline=100ms&reconnect=0s" : "&deadline=10s"))) {
                    Tensor big = x(s, 100 + id, 1024);
                    Tensor small = x(s, 200 + id, 4);
                    while (System.nanoTime() < end) {
                        try {
                            if (abuser) {
                                abusive.incrementAndGet();
                                b.forward(s.name(), big, theta, 1024);
                            } else {
                                b.forward(s.name(), small, theta, 1);
                                ordinary.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            if (!abuser) {
                                ordinaryFailed.incrementAndGet();
                                failures.add(firstWords(e.getMessage()));
                            }
                        }
                    }
                }
            }, "reliability-client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        check(ordinaryFailed.get() == 0 && ordinary.get() > 0, ordinaryFailed.get() + " ordinary calls failed: " + failures);
        return ordinary.get() + " ordinary calls by 3 clients, 0 failed, beside " + abusive.get() + " abandoned 1024-repeat calls by 2";
    }

    /** Sends bytes that are no protobuf message as a Forward request; the server must say INVALID_ARGUMENT and serve on. */
    private static String garbageRequest(int port, String token) {
        io.grpc.MethodDescriptor.Marshaller<byte[]> raw = new io.grpc.MethodDescriptor.Marshaller<>() {
            @Override
            public java.io.InputStream stream(byte[] value) {
                return new java.io.ByteArrayInputStream(value);
            }

            @Override
            public byte[] parse(java.io.InputStream stream) {
                try {
                    return stream.readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        io.grpc.ManagedChannel ch = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            io.grpc.Metadata md = new io.grpc.Metadata();
            md.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            io.grpc.Channel authed = io.grpc.ClientInterceptors.intercept(ch, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md));
            io.grpc.MethodDescriptor<byte[], byte[]> forward = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(org.pnn4j.device.proto.DeviceGrpc.getForwardMethod().getFullMethodName())
                    .setRequestMarshaller(raw).setResponseMarshaller(raw).build();
            try {
                io.grpc.stub.ClientCalls.blockingUnaryCall(authed, forward,
                        io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS), new byte[] {0x0F, 1, 2, 3});
            } catch (io.grpc.StatusRuntimeException e) {
                check(e.getStatus().getCode() == io.grpc.Status.Code.INVALID_ARGUMENT, "answered " + e.getStatus());
                return "INVALID_ARGUMENT (" + firstWords(e.getStatus().getDescription()) + ")";
            }
            throw new IllegalStateException("accepted");
        } finally {
            ch.shutdownNow();
        }
    }

    private static void probe(List<Outcome> outcomes, PrintStream out, String name, Probe p) {
        Outcome o;
        try {
            o = new Outcome(name, true, p.run());
        } catch (Throwable e) {
            o = new Outcome(name, false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        outcomes.add(o);
        out.println((o.passed() ? "pass  " : "FAIL  ") + name + ": " + o.detail());
        out.flush();
    }

    private static void check(boolean ok, String otherwise) {
        if (!ok) throw new IllegalStateException(otherwise);
    }

    private static String firstWords(String message) {
        String m = String.valueOf(message).lines().findFirst().orElse("");
        return m.length() > 90 ? m.substring(0, 90) + "..." : m;
    }

    private static Params theta(Substrate s, long seed) {
        List<org.pnn4j.nn.Parameter> ps = new ArrayList<>();
        Rng rng = new Rng(seed);
        s.parameters().forEach(p -> ps.add(p.create(rng)));
        return Params.of(s.name(), ps);
    }

    private static Tensor x(Substrate s, long seed) {
        return x(s, seed, 4);
    }

    private static Tensor x(Substrate s, long seed, int batch) {
        return Tensor.uniform(new Rng(seed), s.inputMin(), s.inputMax(), batch, s.inputSize());
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder
        }
    }
}
