package org.pnn4j.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The figures in sweep/README.md: {@code java -cp ... org.pnn4j.sweep.Measure startup|plain|local[1]|local[2]|cluster}
 * (the classpath: sweep/target/test-classes, sweep/target/classes, sweep/target/lib/*). The sweep is 16 trials:
 * the vowel network trained in silico for one epoch, seeds 1 to 16.
 */
public final class Measure {
    private Measure() {}

    static List<Trial> sixteen() {
        return Grid.of().axis("experiment", "vowels").axis("method", "insilico").axis("epochs", 1)
                .axis("seed", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16).trials();
    }

    /** Prints one figure; see the class comment. */
    public static void main(String[] args) throws Exception {
        String what = args[0];
        long t0 = System.nanoTime();
        switch (what) {
            case "startup" -> {
                SparkSession s = Sweep.engine("local[*]", java.util.Map.of());
                double up = (System.nanoTime() - t0) / 1e9;
                long t1 = System.nanoTime();
                JavaSparkContext.fromSparkContext(s.sparkContext()).parallelize(List.of(1), 1).count();
                double job = (System.nanoTime() - t1) / 1e9;
                long t2 = System.nanoTime();
                JavaSparkContext.fromSparkContext(s.sparkContext()).parallelize(List.of(1), 1).count();
                double job2 = (System.nanoTime() - t2) / 1e9;
                s.stop();
                System.out.printf(Locale.ROOT, "embedded local[*]: session %.2f s (JVM already up), first one-task job %.3f s, second %.3f s%n", up, job, job2);
            }
            case "plain" -> {
                Experiments e = new Experiments();
                for (Trial t : sixteen()) e.run(t);
                System.out.printf(Locale.ROOT, "plain loop, 16 trials: %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
            case "cluster" -> {
                Path dir = Files.createTempDirectory("pnn4j-measure");
                try (LoopbackCluster c = new LoopbackCluster(dir, 2)) {
                    long t1 = System.nanoTime();
                    SweepResult r = Sweep.of(sixteen()).master(c.masterUrl()).out(dir.resolve("out")).progress(null)
                            .conf("spark.executor.memory", "1g").conf("spark.driver.host", "127.0.0.1").run();
                    System.out.printf(Locale.ROOT, "2-worker loopback cluster, 16 trials: %.1f s to the last result, %.1f s with the table written"
                            + " (cluster start %.1f s before), %d failed%n", r.seconds(), (System.nanoTime() - t1) / 1e9, (t1 - t0) / 1e9, r.failed());
                }
            }
            default -> {
                Path dir = Files.createTempDirectory("pnn4j-measure");
                SweepResult r = Sweep.of(sixteen()).master(what).out(dir).progress(null).stopEngineWhenDone(true).run();
                System.out.printf(Locale.ROOT, "%s, 16 trials: %.1f s to the last result (engine start included), %.1f s with the table written, %d failed%n",
                        what, r.seconds(), (System.nanoTime() - t0) / 1e9, r.failed());
            }
        }
        System.out.printf(Locale.ROOT, "load average %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.exit(0);
    }
}
