package org.pnn4j.device;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * A lab restarts its instrument: the server process is SIGKILLed (a crash: the connection is reset, no shutdown runs)
 * while a client calls it without pause, and a new process comes up on the same port within the client's reconnect
 * window. No call fails; the calls in flight or started while the server was down are answered by the new one.
 */
@Timeout(180)
class RemoteProcessRestartTest {
    private static final String TOKEN = "restart-token";
    private final Substrate s = SubstrateSpecs.parse("oscillators:8");

    private static String[] args(int port) {
        return new String[] {"--substrate", "oscillators:8", "--input-noise", "0", "--port", String.valueOf(port), "--token", TOKEN};
    }

    private Params theta() {
        List<org.pnn4j.nn.Parameter> ps = new ArrayList<>();
        Rng rng = new Rng(2);
        s.parameters().forEach(p -> ps.add(p.create(rng)));
        return Params.of(s.name(), ps).detached();
    }

    private static void awaitCalls(List<long[]> spans, int count, AtomicReference<Throwable> failure) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (spans.size() < count && failure.get() == null && System.nanoTime() < end) Thread.sleep(20);
    }

    @Test
    void aServerSigkilledUnderLoadAndRestartedWithinTheReconnectWindowLosesNoCall() throws Exception {
        ServerProcess first = ServerProcess.start(args(0));
        int port = first.port();
        ServerProcess second = null;
        try (RemoteBackend b = RemoteBackend.builder("127.0.0.1", port).token(TOKEN).deadline(Duration.ofSeconds(30))
                .reconnectWindow(Duration.ofSeconds(60)).connect()) {
            Tensor x = Tensor.uniform(new Rng(1), s.inputMin(), s.inputMax(), 64, s.inputSize());
            Params theta = theta();
            List<long[]> spans = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread caller = new Thread(() -> {
                while (!stop.get()) {
                    long t0 = System.nanoTime();
                    try {
                        Tensor y = b.forward(s.name(), x, theta, 4);
                        if (y.dim(0) != 64 || !y.isFinite()) throw new AssertionError("bad outputs " + java.util.Arrays.toString(y.shape()));
                    } catch (Throwable e) {
                        failure.set(e);
                        return;
                    }
                    spans.add(new long[] {t0, System.nanoTime()});
                }
            }, "restart-test-caller");
            caller.start();
            awaitCalls(spans, 3, failure);
            assertNull(failure.get(), "calls before the crash");
            long killed = System.nanoTime();
            first.kill();
            second = ServerProcess.start(args(port));
            long back = System.nanoTime();
            int before = spans.size();
            awaitCalls(spans, before + 3, failure);
            stop.set(true);
            caller.join(60_000);
            if (failure.get() != null) fail("a call failed across the restart: " + failure.get(), failure.get());
            assertTrue(spans.size() >= before + 3, "calls after the restart: " + (spans.size() - before));
            List<long[]> across = spans.stream().filter(t -> t[0] < back && t[1] > killed).toList();
            assertFalse(across.isEmpty(), "a call was in flight while the server was down, and it succeeded");
            System.out.printf("restart test: server down for %.1f s; %d call(s) spanned the restart, the longest %.1f s%n", (back - killed) / 1e9,
                    across.size(), across.stream().mapToLong(t -> t[1] - t[0]).max().orElse(0) / 1e9);
        } finally {
            first.close();
            if (second != null) second.close();
        }
    }
}
