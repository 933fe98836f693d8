package org.pnn4j.sweep;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.pnn4j.sweep.TrialOutcome.HistoryRow;

/**
 * One row of a sweep's results: the trial, where and how often it ran, and what it measured (or why it failed).
 *
 * @param trial        the trial (configuration, seed, key)
 * @param ok           whether the trial finished; false: {@code error} says why and the measurements are NaN or 0
 * @param error        the failure (exception class and message), or empty
 * @param outcome      what the trial measured; null when it failed
 * @param wallSeconds  wall-clock seconds of the trial in its task (data loading, training and evaluation)
 * @param attempt      Spark's attempt number of the task that produced this result (0: the first attempt)
 * @param executor     where it ran: the executor's id and host (local runs: {@code driver@host})
 */
public record TrialResult(Trial trial, boolean ok, String error, TrialOutcome outcome, double wallSeconds, int attempt,
                          String executor) implements Serializable {
    private static final int FORMAT = 1;

    /** The trial's key (see {@link Trial#key()}). */
    public String key() {
        return trial.key();
    }

    /**
     * The result as the text of a properties file (the format of the sweep's {@code trials/KEY.properties}).
     */
    public String toProperties() {
        Properties p = new Properties();
        p.setProperty("format", Integer.toString(FORMAT));
        p.setProperty("key", key());
        trial.config().forEach((k, v) -> p.setProperty("config." + k, v));
        p.setProperty("status", ok ? "ok" : "failed");
        p.setProperty("error", error);
        p.setProperty("wall_seconds", num(wallSeconds));
        p.setProperty("attempt", Integer.toString(attempt));
        p.setProperty("executor", executor);
        if (outcome != null) {
            p.setProperty("method", outcome.method());
            p.setProperty("epochs", Integer.toString(outcome.epochs()));
            p.setProperty("device_accuracy", num(outcome.deviceAccuracy()));
            p.setProperty("model_accuracy", num(outcome.modelAccuracy()));
            p.setProperty("physical_calls", Long.toString(outcome.physicalCalls()));
            p.setProperty("device_seconds", num(outcome.deviceSeconds()));
            p.setProperty("train_seconds", num(outcome.trainSeconds()));
            p.setProperty("samples", Long.toString(outcome.samples()));
            StringBuilder h = new StringBuilder();
            for (HistoryRow r : outcome.history())
                h.append(String.join(",", Integer.toString(r.epoch()), num(r.trainLoss()), num(r.trainAccuracy()), num(r.testLoss()),
                        num(r.testAccuracy()), num(r.learningRate()), num(r.seconds()), Long.toString(r.samples()), Integer.toString(r.stage()),
                        r.method().replace(",", ";"), Long.toString(r.physicalCalls()), Long.toString(r.physicalSamples()),
                        num(r.physicalSeconds()))).append('\n');
            p.setProperty("history", h.toString());
        }
        StringWriter w = new StringWriter();
        try {
            p.store(w, "pnn4j sweep trial " + key());
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
        return w.toString();
    }

    /**
     * A result from the text {@link #toProperties()} wrote.
     *
     * @param source names the text in error messages (the file)
     * @throws IllegalArgumentException if the text is not such a result, or its key does not match its configuration
     */
    public static TrialResult fromProperties(String text, String source) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " is not a trial result (" + e.getMessage() + ")");
        }
        if (!Integer.toString(FORMAT).equals(p.getProperty("format")))
            throw new IllegalArgumentException(source + " is not a trial result of format " + FORMAT + " (format: " + p.getProperty("format") + ")");
        try {
            Map<String, String> config = new LinkedHashMap<>();
            for (String name : p.stringPropertyNames()) if (name.startsWith("config.")) config.put(name.substring(7), p.getProperty(name));
            Trial trial = Trial.of(config);
            if (!trial.key().equals(p.getProperty("key")))
                throw new IllegalArgumentException(source + ": key " + p.getProperty("key") + " is not the hash of its configuration (" + trial.key()
                        + "); the file was edited or damaged: delete it and the trial runs again");
            boolean ok = "ok".equals(p.getProperty("status"));
            TrialOutcome outcome = null;
            if (p.getProperty("method") != null) {
                List<HistoryRow> history = new ArrayList<>();
                for (String line : p.getProperty("history", "").split("\n")) {
                    if (line.isBlank()) continue;
                    String[] f = line.split(",", -1);
                    history.add(new HistoryRow(Integer.parseInt(f[0]), dbl(f[1]), dbl(f[2]), dbl(f[3]), dbl(f[4]), dbl(f[5]), dbl(f[6]),
                            Long.parseLong(f[7]), Integer.parseInt(f[8]), f[9], Long.parseLong(f[10]), Long.parseLong(f[11]), dbl(f[12])));
                }
                outcome = new TrialOutcome(p.getProperty("method"), Integer.parseInt(p.getProperty("epochs")), dbl(p.getProperty("device_accuracy")),
                        dbl(p.getProperty("model_accuracy")), Long.parseLong(p.getProperty("physical_calls")), dbl(p.getProperty("device_seconds")),
                        dbl(p.getProperty("train_seconds")), Long.parseLong(p.getProperty("samples")), history);
            }
            return new TrialResult(trial, ok, p.getProperty("error", ""), outcome, dbl(p.getProperty("wall_seconds")),
                    Integer.parseInt(p.getProperty("attempt")), p.getProperty("executor", ""));
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(source)) throw e;
            throw new IllegalArgumentException(source + " is a damaged trial result (" + e + "); delete it and the trial runs again");
        }
    }

    // Double.toString round-trips exactly: a resumed table equals the one first written
    private static String num(double v) {
        return Double.toString(v);
    }

    private static double dbl(String s) {
        return Double.parseDouble(s);
    }

    @Override
    public String toString() {
        if (!ok) return key() + " failed: " + error;
        return String.format(Locale.ROOT, "%s %s: device %.1f%%, model %.1f%%, %d physical calls, %.1f s", key(), trial.describe(),
                100 * outcome.deviceAccuracy(), 100 * outcome.modelAccuracy(), outcome.physicalCalls(), wallSeconds);
    }
}
