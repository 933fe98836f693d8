package org.pnn4j.device;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.SimulatedBackend;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * Load on loopback: 8 concurrent clients for a bounded time (default 5 s; {@code -Dpnn4j.load.seconds=30} for
 * the long run), no call may fail; prints calls/s and latency percentiles, and the median overhead of a remote
 * forward of batch 32 over the in-process one. No assertion on timings.
 */
@Timeout(120)
class RemoteLoadTest {
    private static final String TOKEN = "t0ken";
    private final Substrate s = SubstrateSpecs.parse("oscillators:4");

    private Params theta() {
        java.util.List<org.pnn4j.nn.Parameter> ps = new java.util.ArrayList<>();
        Rng rng = new Rng(2);
        s.parameters().forEach(p -> ps.add(p.create(rng)));
        return Params.of(s.name(), ps).detached();
    }

    private static double percentile(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1e3;
    }

    @Test
    void eightClientsRunWithoutAFailedCall() throws Exception {
        double seconds = Double.parseDouble(System.getProperty("pnn4j.load.seconds", "5"));
        int clients = 8;
        Tensor x = Tensor.uniform(new Rng(1), s.inputMin(), s.inputMax(), 32, s.inputSize());
        Params p = theta();
        try (DeviceServer server = DeviceServer.start(new SimulatedBackend(1).serve(s), "127.0.0.1", 0, TOKEN, DeviceServer.DEFAULT_MAX_MESSAGE_BYTES)) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            AtomicLong failures = new AtomicLong();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++)
                results.add(pool.submit(() -> {
                    long[] lat = new long[1 << 16];
                    int n = 0;
                    try (Backend b = RemoteBackend.builder("127.0.0.1", server.port()).token(TOKEN).deadline(Duration.ofSeconds(10)).connect()) {
                        while (System.nanoTime() < end) {
                            long t0 = System.nanoTime();
                            try {
                                b.forward(s.name(), x, p, 1);
                            } catch (RuntimeException e) {
                                failures.incrementAndGet();
                            }
                            if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                            lat[n++] = (System.nanoTime() - t0) / 1000;
                        }
                    }
                    return Arrays.copyOf(lat, n);
                }));
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : results) all.add(f.get(60, TimeUnit.SECONDS));
            pool.shutdown();
            long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            assertEquals(0, failures.get(), "failed calls under load");
            assertTrue(lat.length > clients, "every client made calls");
            System.out.printf(Locale.ROOT, "load: %d clients, %.0f s, batch 32 on %s: %d calls, %.0f calls/s, latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms, 0 failed%n",
                    clients, seconds, s.name(), lat.length, lat.length / seconds, percentile(lat, 0.5), percentile(lat, 0.9),
                    percentile(lat, 0.99), lat[lat.length - 1] / 1e3);
        }
    }

    @Test
    void anAbusiveClientCannotWedgeTheServerForTheOthers() throws Exception {
        // the most expensive calls the server accepts (1024 repeats of a device that takes at least 1 ms per
        // measurement), abandoned by their client after 100 ms each, in a loop from two threads, while three clients
        // make ordinary calls: the server stops each abandoned call at its client's deadline (counted: far fewer
        // measurements than asked for) and the fair device lock serves the others in turn, so none of their calls fails
        java.util.concurrent.atomic.AtomicLong measurements = new java.util.concurrent.atomic.AtomicLong();
        org.pnn4j.physics.Substrate slow = org.pnn4j.physics.CustomSubstrate.of("slow-gain", (in, t) -> in.mul(t.get("g")))
                .io(4, 4).inputRange(-1, 1).param("g", 0.5, 2, 4)
                .realization((in, t) -> {
                    measurements.incrementAndGet();
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();   // the backend sees it between repeats
                    }
                    return in.mul(t.get("g"));
                });
        Params p = Params.of(slow.name(), java.util.Map.of("g", Tensor.ones(4)));
        Tensor big = Tensor.uniform(new Rng(3), -1, 1, 64, 4), x = Tensor.uniform(new Rng(1), -1, 1, 8, 4);
        double seconds = 3;
        try (DeviceServer server = DeviceServer.start(new SimulatedBackend(1).serve(slow), "127.0.0.1", 0, TOKEN, DeviceServer.DEFAULT_MAX_MESSAGE_BYTES)) {
            ExecutorService pool = Executors.newFixedThreadPool(5);
            AtomicLong failures = new AtomicLong(), ordinary = new AtomicLong(), abandoned = new AtomicLong(), refusedTooLarge = new AtomicLong();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 2; c++)
                running.add(pool.submit(() -> {
                    try (Backend b = RemoteBackend.builder("127.0.0.1", server.port()).token(TOKEN).deadline(Duration.ofMillis(100)).connect()) {
                        try {
                            b.forward(slow.name(), big, p, 4096);
                        } catch (org.pnn4j.backend.PreflightException e) {
                            refusedTooLarge.incrementAndGet();   // above the declared repeats: never sent
                        }
                        while (System.nanoTime() < end) {
                            try {
                                b.forward(slow.name(), big, p, 1024);
                            } catch (org.pnn4j.backend.BackendException e) {
                                abandoned.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            for (int c = 0; c < 3; c++)
                running.add(pool.submit(() -> {
                    try (Backend b = RemoteBackend.builder("127.0.0.1", server.port()).token(TOKEN).deadline(Duration.ofSeconds(30)).connect()) {
                        while (System.nanoTime() < end) {
                            try {
                                assertEquals(8, b.forward(slow.name(), x, p, 1).dim(0));
                                ordinary.incrementAndGet();
                            } catch (RuntimeException e) {
                                failures.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            for (Future<?> f : running) f.get(90, TimeUnit.SECONDS);
            pool.shutdown();
            try (Backend b = RemoteBackend.builder("127.0.0.1", server.port()).token(TOKEN).deadline(Duration.ofSeconds(30)).connect()) {
                assertEquals(8, b.forward(slow.name(), x, p, 1).dim(0), "the server serves on after the abuse");
            }
            long asked = abandoned.get() * 1024;
            assertEquals(0, failures.get(), "ordinary calls failed while another client abused the server");
            assertTrue(ordinary.get() >= 3, "every ordinary client got calls through: " + ordinary.get());
            assertTrue(abandoned.get() >= 2, "the abusive calls were abandoned at their deadline: " + abandoned.get());
            assertEquals(2, refusedTooLarge.get(), "repeats above the declared maximum are refused before sending");
            assertTrue(measurements.get() < asked / 2, "abandoned calls must stop at their client's deadline: " + measurements.get()
                    + " measurements made for " + abandoned.get() + " abandoned calls of 1024 repeats and " + ordinary.get() + " ordinary ones");
            System.out.printf(Locale.ROOT, "abuse: %.0f s of abandoned 1024-repeat calls (%d, %d of their %d measurements made) beside 3 "
                    + "ordinary clients: %d ordinary calls, 0 failed%n", seconds, abandoned.get(), measurements.get() - ordinary.get(), asked, ordinary.get());
        }
    }

    @Test
    void remoteOverheadOfABatchOf32OverInProcess() {
        Tensor x = Tensor.uniform(new Rng(1), s.inputMin(), s.inputMax(), 32, s.inputSize());
        Params p = theta();
        // the first quarter is warm-up; raise it (-Dpnn4j.overhead.calls=5000) for the steady state of a long run,
        // once the JIT has compiled the gRPC and netty paths
        int n = Integer.getInteger("pnn4j.overhead.calls", 400);
        Backend local = new SimulatedBackend(1).serve(s);
        try (DeviceServer server = DeviceServer.start(new SimulatedBackend(1).serve(s), "127.0.0.1", 0, TOKEN, DeviceServer.DEFAULT_MAX_MESSAGE_BYTES);
             Backend remote = RemoteBackend.builder("127.0.0.1", server.port()).token(TOKEN).connect()) {
            long[] l = new long[n], r = new long[n];
            for (int i = 0; i < n; i++) {
                // interleaved, so both see the same machine load
                long t0 = System.nanoTime();
                local.forward(s.name(), x, p, 1);
                long t1 = System.nanoTime();
                Tensor y = remote.forward(s.name(), x, p, 1);
                l[i] = t1 - t0;
                r[i] = System.nanoTime() - t1;
                assertEquals(32, y.dim(0));
            }
            long[] lw = Arrays.copyOfRange(l, n / 4, n), rw = Arrays.copyOfRange(r, n / 4, n);
            Arrays.sort(lw);
            Arrays.sort(rw);
            double lm = lw[lw.length / 2] / 1e6, rm = rw[rw.length / 2] / 1e6;
            System.out.printf(Locale.ROOT, "overhead: batch 32 on %s, median of %d after %d warm-up: in-process %.3f ms, remote (loopback) %.3f ms, extra %.3f ms%n",
                    s.name(), lw.length, n / 4, lm, rm, rm - lm);
        }
    }
}
