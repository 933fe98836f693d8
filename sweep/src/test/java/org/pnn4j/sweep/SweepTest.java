package org.pnn4j.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.sweep.TrialOutcome.HistoryRow;
import tech.tablesaw.api.Table;

/**
 * The engine's promises on an embedded Spark: resume, exactly-once under task retries, failures recorded, the
 * Parquet table. The trials here are synthetic (an outcome computed from the seed), so that they test the engine
 * in seconds; {@link SweepDeterminismTest} runs real pnn4j training.
 */
class SweepTest {
    // the runner is serialized into each task; in local mode the tasks run in this JVM and count here
    static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    /**
     * A trial that measures nothing physical: its accuracy is a function of its seed (a trial that names an
     * {@code experiment} runs it: {@link Experiments}). {@code flaky=yes}: the first
     * attempt of its task dies (an {@link Error}, as a lost executor fails a task); {@code broken=yes}: the trial
     * throws (a failure of the trial itself); {@code doomed=yes}: every attempt dies; {@code sleep_ms=N}: the
     * trial takes N ms more.
     */
    static final class Synthetic implements TrialRunner {
        private static final long serialVersionUID = 1L;

        @Override
        public TrialOutcome run(Trial t) {
            RUNS.computeIfAbsent(t.key(), k -> new AtomicInteger()).incrementAndGet();
            if (t.config().containsKey("started_dir")) {
                // a mark that this attempt began, and on which executor: the cluster test kills a worker mid-trial by it
                try {
                    java.nio.file.Files.writeString(java.nio.file.Path.of(t.get("started_dir", "")).resolve(t.key() + "@"
                            + org.apache.spark.SparkEnv.get().executorId()), "");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            if (t.config().containsKey("experiment")) return new Experiments().run(t);
            if (t.config().containsKey("sleep_ms")) {
                try {
                    Thread.sleep(Long.parseLong(t.get("sleep_ms", "0")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int attempt = TaskContext.get().attemptNumber();
            if (t.get("flaky", "no").equals("yes") && attempt == 0) throw new SimulatedTaskDeath("attempt 0 of " + t.describe() + " dies");
            if (t.get("doomed", "no").equals("yes")) throw new SimulatedTaskDeath("every attempt of " + t.describe() + " dies");
            if (t.get("broken", "no").equals("yes")) throw new IllegalStateException("the simulated substrate diverged");
            double acc = (t.seed() % 7) / 7.0;
            return new TrialOutcome("synthetic()", 1, acc, acc, 10 * t.seed(), 0.01, 0.02, 100,
                    List.of(new HistoryRow(1, 1.0 / t.seed(), acc, Double.NaN, Double.NaN, 0.01, 0.02, 100, 1, "synthetic()", 10 * t.seed(), 100, 0.01)));
        }
    }

    /** Stands for a task's death: an Error is not the trial's own failure, so the sweep lets Spark retry the task. */
    static final class SimulatedTaskDeath extends Error {
        private static final long serialVersionUID = 1L;

        SimulatedTaskDeath(String m) {
            super(m);
        }
    }

    @AfterAll
    static void stopEngine() {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
    }

    private static SweepResult sweep(List<Trial> trials, String master, Path out, ByteArrayOutputStream log) {
        return Sweep.of(trials).master(master).out(out).runner(new Synthetic()).progress(new PrintStream(log, true)).run();
    }

    private static int runs(Trial t) {
        return RUNS.getOrDefault(t.key(), new AtomicInteger()).get();
    }

    @Test
    void aRetriedTaskAppearsOnceAFailingTrialIsRecordedAndTheRerunSkipsFinishedTrials(@TempDir Path out) throws Exception {
        List<Trial> first = Grid.of().axis("seed", 11, 12, 13).trials();
        Trial flaky = Trial.of(Map.of("seed", "14", "flaky", "yes")), broken = Trial.of(Map.of("seed", "15", "broken", "yes")),
                doomed = Trial.of(Map.of("seed", "16", "doomed", "yes"));
        List<Trial> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(flaky, broken, doomed));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // local[2,3]: two threads, a task tried up to 3 times
        SweepResult r = sweep(all, "local[2,3]", out, log);
        Table t = r.table();
        assertEquals(6, t.rowCount());
        assertEquals(6, t.stringColumn("key").countUnique(), "each trial once");
        // the flaky trial ran twice and appears once, from attempt 1
        assertEquals(2, runs(flaky));
        TrialResult f = r.results().get(3);
        assertTrue(f.ok(), f.error());
        assertEquals(1, f.attempt());
        // the broken trial failed once, recorded with its error; the others finished
        assertEquals(1, runs(broken));
        assertFalse(r.results().get(4).ok());
        assertTrue(r.results().get(4).error().contains("the simulated substrate diverged"), r.results().get(4).error());
        // the doomed trial: Spark gave up after 3 attempts, the sweep recorded it and went on
        assertEquals(3, runs(doomed));
        assertFalse(r.results().get(5).ok());
        assertTrue(r.results().get(5).error().contains("every attempt"), r.results().get(5).error());
        assertEquals(2, r.failed());
        for (int i = 0; i < 3; i++) assertEquals(1, runs(first.get(i)));
        assertTrue(log.toString().contains("6/6 done"), log.toString());
        try (var files = Files.list(out.resolve("trials"))) {
            assertEquals(6, files.filter(p -> p.toString().endsWith(".properties")).count());
        }

        // the re-run, one trial more: the 4 finished ones are skipped, the 2 failed and the new one run
        Trial extra = Trial.of(Map.of("seed", "17"));
        all.add(extra);
        SweepResult again = sweep(all, "local[2,3]", out, new ByteArrayOutputStream());
        assertEquals(4, again.skipped());
        assertEquals(3, again.ran());
        for (int i = 0; i < 3; i++) assertEquals(1, runs(first.get(i)), "finished trials did not run again");
        assertEquals(2, runs(flaky));
        assertEquals(2, runs(broken));
        assertEquals(1, runs(extra));
        assertEquals(7, again.table().rowCount());
        // the finished trials' rows are the stored ones, bit for bit
        for (int i = 0; i < 4; i++) assertEquals(r.results().get(i), again.results().get(i));

        // the Parquet table: one row per trial, the history nested
        SparkSession spark = SparkSession.getActiveSession().get();
        Dataset<Row> p = spark.read().parquet(again.parquet().toString());
        assertEquals(7, p.count());
        Row row = p.filter("key = '" + extra.key() + "'").first();
        assertEquals(17L, (long) row.<Long>getAs("seed"));
        assertEquals(1, row.<scala.collection.Seq<Row>>getAs("history").size());
        assertEquals(170L, (long) row.<Long>getAs("physical_calls"));
        assertTrue(Files.isRegularFile(out.resolve("results.csv")));
        try (var files = Files.list(out)) {
            assertEquals(List.of("results.csv", "results.parquet", "trials"), files.map(x -> x.getFileName().toString()).sorted().toList(),
                    "no temporary folder is left behind");
        }
    }
}
