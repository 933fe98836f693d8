package org.pnn4j.sweep;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.pnn4j.sweep.TrialOutcome.HistoryRow;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The results of a sweep, one row per trial in the sweep's order: as a Tablesaw {@link #table()}, the histories as
 * {@link #histories()}, and on disk as {@code results.parquet} and {@code results.csv} in the output folder.
 */
public final class SweepResult {
    /** Columns of {@link #table()} that measure time or place, not the trial: they differ between runs of the same trial. */
    public static final List<String> RUN_DEPENDENT_COLUMNS = List.of("device_seconds", "train_seconds", "wall_seconds", "attempt", "executor");

    private final List<TrialResult> results;
    private final Path out;
    private final int skipped, ran;
    private final double seconds;

    SweepResult(List<TrialResult> results, Path out, int skipped, int ran, double seconds) {
        this.results = List.copyOf(results);
        this.out = out;
        this.skipped = skipped;
        this.ran = ran;
        this.seconds = seconds;
    }

    /** The results, one per trial, in the sweep's order. */
    public List<TrialResult> results() {
        return results;
    }

    /** Trials found finished in the output folder and not run again. */
    public int skipped() {
        return skipped;
    }

    /** Trials run by this sweep. */
    public int ran() {
        return ran;
    }

    /** Trials that failed. */
    public long failed() {
        return results.stream().filter(r -> !r.ok()).count();
    }

    /** Wall-clock seconds of the sweep from engine start to the last trial's result (writing the table excluded). */
    public double seconds() {
        return seconds;
    }

    /** The output folder. */
    public Path out() {
        return out;
    }

    /** The Parquet table: {@code OUT/results.parquet} (a folder, as Spark writes Parquet). */
    public Path parquet() {
        return out.resolve("results.parquet");
    }

    /**
     * The results table: key, one column per configuration setting (blank where a trial does not set it), seed,
     * status, trained_with (the method's call, e.g. {@code physicsAware()}), epochs_trained, device_acc_% and model_acc_% (test accuracy with physical layers on device and on
     * their model, in percent), physical_calls, device_seconds, train_seconds, wall_seconds, samples, attempt
     * (Spark's task attempt that produced it), executor, error.
     */
    public Table table() {
        TreeSet<String> names = new TreeSet<>();
        for (TrialResult r : results) names.addAll(r.trial().config().keySet());
        names.remove("seed");
        StringColumn key = StringColumn.create("key");
        List<StringColumn> settings = new ArrayList<>();
        for (String n : names) settings.add(StringColumn.create(n));
        LongColumn seed = LongColumn.create("seed"), calls = LongColumn.create("physical_calls"), samples = LongColumn.create("samples");
        StringColumn status = StringColumn.create("status"), method = StringColumn.create("trained_with"), executor = StringColumn.create("executor"),
                error = StringColumn.create("error");
        IntColumn epochs = IntColumn.create("epochs_trained"), attempt = IntColumn.create("attempt");
        DoubleColumn device = DoubleColumn.create("device_acc_%"), model = DoubleColumn.create("model_acc_%"),
                deviceSec = DoubleColumn.create("device_seconds"), trainSec = DoubleColumn.create("train_seconds"),
                wallSec = DoubleColumn.create("wall_seconds");
        for (TrialResult r : results) {
            key.append(r.key());
            for (StringColumn c : settings) c.append(r.trial().get(c.name(), ""));
            seed.append(r.trial().seed());
            status.append(r.ok() ? "ok" : "failed");
            TrialOutcome o = r.outcome();
            method.append(o == null ? "" : o.method());
            epochs.append(o == null ? 0 : o.epochs());
            device.append(o == null ? Double.NaN : 100 * o.deviceAccuracy());
            model.append(o == null ? Double.NaN : 100 * o.modelAccuracy());
            calls.append(o == null ? 0 : o.physicalCalls());
            deviceSec.append(o == null ? Double.NaN : o.deviceSeconds());
            trainSec.append(o == null ? Double.NaN : o.trainSeconds());
            wallSec.append(r.wallSeconds());
            samples.append(o == null ? 0 : o.samples());
            attempt.append(r.attempt());
            executor.append(r.executor());
            error.append(r.error());
        }
        Table t = Table.create("sweep: " + results.size() + " trials", key);
        settings.forEach(t::addColumns);
        t.addColumns(seed, status, method, epochs, device, model, calls, deviceSec, trainSec, wallSec, samples, attempt, executor, error);
        return t;
    }

    /** The full histories: one row per trial and epoch, the trial's key first, then {@link org.pnn4j.train.History#table()}'s columns. */
    public Table histories() {
        Table all = null;
        for (TrialResult r : results) {
            Table h = history(r);
            all = all == null ? h : all.append(h);
        }
        return all == null ? Table.create("histories") : all.setName("histories");
    }

    /**
     * The history of the trial with key {@code key}.
     *
     * @throws IllegalArgumentException if no trial of this sweep has that key
     */
    public Table history(String key) {
        return history(results.stream().filter(r -> r.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no trial with key '" + key + "' in this sweep")));
    }

    private static Table history(TrialResult r) {
        StringColumn key = StringColumn.create("key");
        IntColumn epoch = IntColumn.create("epoch"), stage = IntColumn.create("stage");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss"), trainAcc = DoubleColumn.create("train_accuracy"),
                testLoss = DoubleColumn.create("test_loss"), testAcc = DoubleColumn.create("test_accuracy"),
                lr = DoubleColumn.create("learning_rate"), sec = DoubleColumn.create("seconds"), physSec = DoubleColumn.create("physical_seconds");
        LongColumn samples = LongColumn.create("samples"), calls = LongColumn.create("physical_calls"), physSamples = LongColumn.create("physical_samples");
        StringColumn method = StringColumn.create("method");
        for (HistoryRow h : r.outcome() == null ? List.<HistoryRow>of() : r.outcome().history()) {
            key.append(r.key());
            epoch.append(h.epoch());
            trainLoss.append(h.trainLoss());
            trainAcc.append(h.trainAccuracy());
            testLoss.append(h.testLoss());
            testAcc.append(h.testAccuracy());
            lr.append(h.learningRate());
            sec.append(h.seconds());
            samples.append(h.samples());
            stage.append(h.stage());
            method.append(h.method());
            calls.append(h.physicalCalls());
            physSamples.append(h.physicalSamples());
            physSec.append(h.physicalSeconds());
        }
        return Table.create("history " + r.key(), key, epoch, trainLoss, trainAcc, testLoss, testAcc, lr, sec, samples, stage, method, calls,
                physSamples, physSec);
    }

    /** Writes results.parquet (through Spark) and results.csv, each to a temporary name first, then renamed into place. */
    void write(SparkSession spark) {
        StructType historyType = new StructType(new StructField[] {
                field("epoch", DataTypes.IntegerType), field("train_loss", DataTypes.DoubleType), field("train_accuracy", DataTypes.DoubleType),
                field("test_loss", DataTypes.DoubleType), field("test_accuracy", DataTypes.DoubleType), field("learning_rate", DataTypes.DoubleType),
                field("seconds", DataTypes.DoubleType), field("samples", DataTypes.LongType), field("stage", DataTypes.IntegerType),
                field("method", DataTypes.StringType), field("physical_calls", DataTypes.LongType), field("physical_samples", DataTypes.LongType),
                field("physical_seconds", DataTypes.DoubleType)});
        Table t = table();
        List<StructField> fields = new ArrayList<>();
        for (var c : t.columns())
            fields.add(field(c.name(), switch (c.type().name()) {
                case "DOUBLE" -> DataTypes.DoubleType;
                case "LONG" -> DataTypes.LongType;
                case "INTEGER" -> DataTypes.IntegerType;
                default -> DataTypes.StringType;
            }));
        fields.add(field("history", DataTypes.createArrayType(historyType)));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            Object[] v = new Object[t.columnCount() + 1];
            for (int j = 0; j < t.columnCount(); j++) v[j] = t.column(j).get(i);
            List<Row> h = new ArrayList<>();
            TrialOutcome o = results.get(i).outcome();
            if (o != null)
                for (HistoryRow e : o.history())
                    h.add(RowFactory.create(e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy(), e.learningRate(),
                            e.seconds(), e.samples(), e.stage(), e.method(), e.physicalCalls(), e.physicalSamples(), e.physicalSeconds()));
            v[t.columnCount()] = h;
            rows.add(RowFactory.create(v));
        }
        Path tmp = out.resolve(".results.parquet.tmp-" + UUID.randomUUID());
        spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new))).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                .parquet(tmp.toAbsolutePath().toUri().toString());
        replaceFolder(tmp, parquet());
        StringWriter csv = new StringWriter();
        t.write().csv(csv);
        TrialStore.writeAtomically(out.resolve("results.csv"), csv.toString());
    }

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    // a folder cannot be renamed over another: the old one is moved aside first and deleted after
    private static void replaceFolder(Path fresh, Path target) {
        try {
            Path old = null;
            if (Files.exists(target)) {
                old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) try (Stream<Path> s = Files.walk(old)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the results table in place at " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return table().print();
    }
}
