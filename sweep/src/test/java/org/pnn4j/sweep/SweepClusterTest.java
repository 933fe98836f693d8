package org.pnn4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster: a standalone master and two workers as separate processes on loopback, a sweep submitted to it,
 * one worker killed (with its executor) while trials run on it; the sweep finishes with every trial exactly once,
 * and what the trials measured (real vowel training among them) is what the embedded engine measures, to the bit.
 */
class SweepClusterTest {
    @AfterAll
    static void stopEngine() {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static long resultFiles(Path out) throws Exception {
        if (!Files.isDirectory(out.resolve("trials"))) return 0;
        try (var f = Files.list(out.resolve("trials"))) {
            return f.filter(p -> p.getFileName().toString().endsWith(".properties")).count();
        }
    }

    private static Set<String> finishedKeys(Path out) throws Exception {
        if (!Files.isDirectory(out.resolve("trials"))) return Set.of();
        try (var f = Files.list(out.resolve("trials"))) {
            return f.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".properties"))
                    .map(n -> n.substring(0, n.length() - ".properties".length())).collect(Collectors.toSet());
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aSweepOnTwoWorkersSurvivesTheLossOfOneWithEveryTrialOnce(@TempDir Path dir) throws Exception {
        Path started = Files.createDirectories(dir.resolve("started"));
        List<Trial> trials = new java.util.ArrayList<>(Grid.of().axis("seed", 1, 2, 3, 4, 5, 6).axis("sleep_ms", 3000)
                .axis("started_dir", started.toString()).trials());
        // and real training, compared below with the embedded engine's: PAT through noisy pendula, and in silico
        trials.addAll(Grid.parse("experiment = vowels\nepochs = 1\nmethod = pat, insilico\nnoise = 0.03\nseed = 2\n", "test").trials());
        Path out = dir.resolve("out");
        try (LoopbackCluster cluster = new LoopbackCluster(dir, 2)) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            CompletableFuture<SweepResult> running = CompletableFuture.supplyAsync(() -> Sweep.of(trials).master(cluster.masterUrl()).out(out)
                    .runner(new SweepTest.Synthetic()).progress(new PrintStream(log, true)).progressEvery(2)
                    .conf("spark.executor.extraClassPath", cluster.classpath()).conf("spark.executor.memory", "512m")
                    .conf("spark.driver.host", "127.0.0.1").run());
            // kill worker 0 once a trial's result is in and worker 0's executor is in the middle of a 3 s trial (which
            // executor gets which trial, and when worker 0's executor registers, is Spark's choice: wait for it)
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            String lost = null;
            while (lost == null && !running.isDone() && System.nanoTime() < end) {
                Thread.sleep(50);
                if (resultFiles(out) < 1) continue;
                Set<String> onWorker0 = cluster.executorIds(0);
                Set<String> finished = finishedKeys(out);
                // a trial that started on worker 0 less than 1.5 s ago (it sleeps 3 s): one that started earlier may have
                // finished on the executor with its result still on the way to the driver, and would not run again
                long now = System.currentTimeMillis();
                try (var marks = Files.list(started)) {
                    lost = marks.filter(p -> now - modified(p) < 1500).map(p -> p.getFileName().toString())
                            .filter(m -> onWorker0.contains(m.substring(m.indexOf('@') + 1)))
                            .map(m -> m.substring(0, m.indexOf('@'))).filter(k -> !finished.contains(k)).findFirst().orElse(null);
                }
            }
            assertTrue(lost != null, "no result, or no trial running on worker 0, within 150 s; sweep log:\n" + log + "\nmaster log:\n"
                    + (Files.exists(dir.resolve("master.log")) ? Files.readString(dir.resolve("master.log")) : ""));
            Set<String> before = finishedKeys(out);
            cluster.killWorker(0);
            SweepResult r = running.get(180, TimeUnit.SECONDS);
            assertEquals(8, r.results().size());
            assertEquals(8, r.table().stringColumn("key").countUnique(), "each trial once");
            assertEquals(0, r.failed(), r.toString());
            String lostKey = lost;
            TrialResult retried = r.results().stream().filter(t -> t.trial().key().equals(lostKey)).findFirst().orElseThrow();
            assertTrue(retried.attempt() >= 1 && !cluster.executorIds(0).contains(retried.executor().substring(0, retried.executor().indexOf('@'))),
                    "the trial lost with worker 0 ran again, on the other worker: " + retried + " (attempt " + retried.attempt() + ", executor "
                            + retried.executor() + "; worker 0's executors " + cluster.executorIds(0) + ")\n" + r);
            assertTrue(before.size() < 8, "worker 0 was killed while trials were still to run");
            // what the trials measured is what the embedded engine measures
            SweepResult local = Sweep.of(trials).master("local[2]").out(dir.resolve("local")).runner(new SweepTest.Synthetic())
                    .progress(null).run();
            for (int i = 0; i < trials.size(); i++) {
                TrialOutcome a = local.results().get(i).outcome(), b = r.results().get(i).outcome();
                String what = trials.get(i).describe();
                assertEquals(a.deviceAccuracy(), b.deviceAccuracy(), 0.0, what);
                assertEquals(a.modelAccuracy(), b.modelAccuracy(), 0.0, what);
                assertEquals(a.physicalCalls(), b.physicalCalls(), what);
                for (int e = 0; e < a.history().size(); e++)
                    assertEquals(Double.doubleToLongBits(a.history().get(e).trainLoss()), Double.doubleToLongBits(b.history().get(e).trainLoss()), what);
            }
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
