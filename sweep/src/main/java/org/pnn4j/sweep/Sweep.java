package org.pnn4j.sweep;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.SparkSession;

/**
 * Runs trials on Spark and gathers their results: {@code Sweep.of(Grid.read(file).trials()).run()} runs them on an
 * embedded {@code local[*]} engine (no server to start), {@code .master("spark://host:7077")} on a standalone
 * cluster.
 *
 * <p>Each trial is one Spark job of one task, submitted asynchronously; the driver writes each trial's result to
 * {@code OUT/trials/KEY.properties} as soon as its task returns (temp + rename), so that
 * <ul>
 *   <li>a re-run with the same output folder skips every trial that finished (failed ones run again);</li>
 *   <li>a task that dies (its executor lost, or an {@link Error} thrown in it) is retried by Spark up to
 *       {@code spark.task.maxFailures} times and its trial still appears once: the result is keyed by the hash of
 *       the configuration and only the successful attempt's value reaches the driver;</li>
 *   <li>a trial that throws an {@link Exception} is recorded as failed with its message, and the sweep goes on
 *       (as it does when Spark gives up on a task after its retries).</li>
 * </ul>
 * At the end the results are written as {@code OUT/results.parquet} (one row per trial, the history nested) and
 * {@code OUT/results.csv} (without the history), and returned as a {@link SweepResult}. Progress (trials done,
 * running, failed, queued, ETA) goes to the progress stream.
 */
public final class Sweep {
    private final List<Trial> trials;
    private String master = "local[*]";
    private Path out;
    private TrialRunner runner = new Experiments();
    private PrintStream progress = System.err;
    private long progressEveryMillis = 10_000;
    private final Map<String, String> conf = new LinkedHashMap<>();
    private boolean stopEngine;

    private Sweep(List<Trial> trials) {
        this.trials = List.copyOf(trials);
    }

    /**
     * A sweep of {@code trials} (duplicates run once), on {@code local[*]}, into {@code ./sweep-out}, with the
     * built-in {@link Experiments}.
     *
     * @throws IllegalArgumentException if {@code trials} is empty
     */
    public static Sweep of(List<Trial> trials) {
        if (trials.isEmpty()) throw new IllegalArgumentException("a sweep needs at least one trial; the grid is empty");
        return new Sweep(new ArrayList<>(new java.util.LinkedHashSet<>(trials)));
    }

    /** A sweep of {@code grid}'s trials (see {@link #of(List)}). */
    public static Sweep of(Grid grid) {
        return of(grid.trials());
    }

    /**
     * The Spark master: {@code local[*]} (default: all cores of this machine, embedded), {@code local[N]},
     * {@code local[N,F]} (N threads, a task tried F times), or {@code spark://HOST:PORT} (a standalone cluster).
     */
    public Sweep master(String master) {
        if (master == null || master.isBlank()) throw new IllegalArgumentException("the Spark master is empty; use local[*] or spark://HOST:PORT");
        this.master = master.strip();
        return this;
    }

    /** The output folder (created when missing): {@code trials/}, {@code results.parquet}, {@code results.csv}. */
    public Sweep out(Path dir) {
        this.out = dir;
        return this;
    }

    /** What each trial runs (default: {@link Experiments}). */
    public Sweep runner(TrialRunner runner) {
        this.runner = java.util.Objects.requireNonNull(runner, "runner");
        return this;
    }

    /** Where progress lines go (default {@code System.err}; null: nowhere). */
    public Sweep progress(PrintStream stream) {
        this.progress = stream;
        return this;
    }

    /** How often a progress line is printed between trials' completions, in seconds (default 10). */
    public Sweep progressEvery(double seconds) {
        this.progressEveryMillis = Math.max(1, Math.round(seconds * 1000));
        return this;
    }

    /** A Spark setting for the engine this sweep starts (e.g. {@code spark.executor.memory}). */
    public Sweep conf(String name, String value) {
        conf.put(name, value);
        return this;
    }

    /**
     * Whether to stop the Spark engine when the sweep ends (default false: a notebook's next sweep reuses it; the
     * command line stops it).
     */
    public Sweep stopEngineWhenDone(boolean stop) {
        this.stopEngine = stop;
        return this;
    }

    /**
     * The embedded or cluster Spark session for {@code master}: the active one when its master is the same, else a
     * new one (an active session with another master is stopped first). The UI is off and logging is quiet.
     */
    public static SparkSession engine(String master, Map<String, String> settings) {
        Optional<SparkSession> active = SparkSession.getActiveSession().isDefined()
                ? Optional.of(SparkSession.getActiveSession().get()) : Optional.empty();
        if (active.isEmpty() && SparkSession.getDefaultSession().isDefined()) active = Optional.of(SparkSession.getDefaultSession().get());
        if (active.isPresent()) {
            if (active.get().sparkContext().master().equals(master) && !active.get().sparkContext().isStopped()) return active.get();
            active.get().stop();
        }
        SparkConf c = new SparkConf().setMaster(master).setAppName("pnn4j sweep")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.sql.shuffle.partitions", "1")
                // a trial's failure is recorded by the trial; tasks are retried only when they die
                .setIfMissing("spark.task.maxFailures", "4");
        settings.forEach(c::set);
        // a cluster's executors need pnn4j's classes: by default this JVM's classpath, which workers on this machine or
        // on a shared file system see at the same paths; elsewhere set spark.jars (or install the jars on the workers)
        if (!master.startsWith("local") && !c.contains("spark.jars") && !c.contains("spark.executor.extraClassPath"))
            c.set("spark.executor.extraClassPath", absoluteClasspath(System.getProperty("java.class.path")));
        SparkSession s = SparkSession.builder().config(c).getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    // executors start in the worker's folder: a relative entry would name nothing there
    static String absoluteClasspath(String classpath) {
        StringBuilder b = new StringBuilder();
        for (String e : classpath.split(java.io.File.pathSeparator))
            if (!e.isBlank()) b.append(b.length() == 0 ? "" : java.io.File.pathSeparator).append(Path.of(e).toAbsolutePath().normalize());
        return b.toString();
    }

    /**
     * Runs the trials not already finished in the output folder, waits for all, writes the results table.
     *
     * @throws IllegalArgumentException if a trial's configuration is refused by the runner ({@link TrialRunner#validate})
     */
    public SweepResult run() {
        for (Trial t : trials) runner.validate(t);
        Path dir = out != null ? out : Path.of("sweep-out");
        TrialStore store = new TrialStore(dir);
        List<Trial> pending = new ArrayList<>();
        int skipped = 0;
        for (Trial t : trials) {
            Optional<TrialResult> r = store.read(t);
            if (r.isPresent() && r.get().ok()) skipped++;
            else pending.add(t);
        }
        long t0 = System.nanoTime();
        SparkSession spark = engine(master, conf);
        try {
            say(String.format(Locale.ROOT, "sweep: %d trials on %s (%d slots), %d finished before (skipped), %d to run; results in %s",
                    trials.size(), master, spark.sparkContext().defaultParallelism(), skipped, pending.size(), dir.toAbsolutePath()));
            runPending(spark, pending, store, skipped, t0);
            List<TrialResult> results = new ArrayList<>();
            for (Trial t : trials)
                results.add(store.read(t).orElseThrow(() -> new IllegalStateException("trial " + t + " has no result file after the sweep")));
            long tw = System.nanoTime();
            SweepResult result = new SweepResult(results, dir, skipped, pending.size(), (tw - t0) / 1e9);
            result.write(spark);
            say(String.format(Locale.ROOT, "sweep: %d trials in %s; results table (Parquet, CSV) written in %.1f s",
                    results.size(), duration((tw - t0) / 1e9), (System.nanoTime() - tw) / 1e9));
            return result;
        } finally {
            if (stopEngine) spark.stop();
        }
    }

    private void runPending(SparkSession spark, List<Trial> pending, TrialStore store, int skipped, long t0) {
        if (pending.isEmpty()) return;
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        AtomicInteger running = new AtomicInteger();
        SparkListener listener = new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart e) {
                running.incrementAndGet();
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                running.decrementAndGet();
            }
        };
        spark.sparkContext().addSparkListener(listener);
        TrialRunner r = runner;
        int slots = Math.max(1, spark.sparkContext().defaultParallelism());
        Map<Trial, JavaFutureAction<List<TrialResult>>> futures = new LinkedHashMap<>();
        try {
            for (Trial t : pending) {
                jsc.setJobDescription("trial " + t);
                futures.put(t, jsc.parallelize(List.of(t), 1).map(trial -> runTrial(r, trial)).collectAsync());
            }
            int done = 0, failed = 0;
            long lastLine = System.nanoTime();
            while (!futures.isEmpty()) {
                boolean any = false;
                for (var it = futures.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().isDone()) continue;
                    it.remove();
                    TrialResult res = result(e.getKey(), e.getValue());
                    store.write(res);
                    done++;
                    if (!res.ok()) failed++;
                    any = true;
                    say(String.format(Locale.ROOT, "  [%d/%d] %s", skipped + done, skipped + pending.size(), res));
                }
                long now = System.nanoTime();
                if (any || now - lastLine > progressEveryMillis * 1_000_000L) {
                    double elapsed = (now - t0) / 1e9;
                    int left = pending.size() - done;
                    // the listener's count can run ahead of the results (events arrive late): never more than slots or trials left
                    int busy = Math.max(0, Math.min(running.get(), Math.min(slots, left)));
                    String eta = done == 0 ? "?" : duration(elapsed / done * left);
                    say(String.format(Locale.ROOT, "sweep: %d/%d done (%d skipped), %d running, %d failed, %d queued; %s elapsed, ETA %s",
                            skipped + done, skipped + pending.size(), skipped, busy, failed, left - busy, duration(elapsed), eta));
                    lastLine = now;
                }
                if (!futures.isEmpty()) Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            futures.values().forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the sweep was interrupted; finished trials are kept in " + store.file("").getParent()
                    + " and a re-run skips them", e);
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    private static TrialResult result(Trial t, JavaFutureAction<List<TrialResult>> f) throws InterruptedException {
        try {
            return f.get().get(0);
        } catch (ExecutionException e) {
            // Spark gave up on the task after spark.task.maxFailures attempts (or the job was cancelled)
            Throwable c = e.getCause() != null ? e.getCause() : e;
            String msg = String.valueOf(c.getMessage());
            int nl = msg.indexOf('\n');
            return new TrialResult(t, false, c.getClass().getSimpleName() + ": " + (nl > 0 ? msg.substring(0, nl) : msg), null, Double.NaN, -1, "");
        }
    }

    /** The task's body: runs one trial; an exception becomes a failed result, an {@link Error} fails the task (retried). */
    static TrialResult runTrial(TrialRunner runner, Trial trial) {
        TaskContext tc = TaskContext.get();
        int attempt = tc == null ? 0 : tc.attemptNumber();
        String executor = (SparkEnv.get() == null ? "?" : SparkEnv.get().executorId()) + "@" + host();
        long t0 = System.nanoTime();
        try {
            TrialOutcome o = runner.run(trial);
            return new TrialResult(trial, true, "", o, (System.nanoTime() - t0) / 1e9, attempt, executor);
        } catch (Exception e) {
            String msg = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new TrialResult(trial, false, msg, null, (System.nanoTime() - t0) / 1e9, attempt, executor);
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    private void say(String line) {
        if (progress != null) {
            progress.println(line);
            progress.flush();
        }
    }
}
