package org.pnn4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The per-epoch record of a training run, as a list and as a Tablesaw table. */
public final class History {
    private final String name;
    private final List<EpochResult> epochs = new ArrayList<>();

    /** An empty history named {@code name} (the name becomes the table's name). */
    public History(String name) {
        this.name = name;
    }

    void add(EpochResult e) {
        epochs.add(e);
    }

    /** The epochs recorded so far, in order. */
    public List<EpochResult> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Number of epochs recorded. */
    public int size() {
        return epochs.size();
    }

    /**
     * The last epoch (in the history of an interrupted run, the interrupted one: see {@link EpochResult#complete()}).
     *
     * @throws IllegalStateException if no epoch finished
     */
    public EpochResult last() {
        if (epochs.isEmpty()) throw new IllegalStateException("history '" + name + "' has no finished epoch");
        return epochs.get(epochs.size() - 1);
    }

    /** The epochs that ran to their end (all of them unless the run was interrupted). */
    public List<EpochResult> completeEpochs() {
        List<EpochResult> out = new ArrayList<>();
        for (EpochResult e : epochs) if (e.complete()) out.add(e);
        return out;
    }

    /**
     * The history as a table with columns epoch, train_loss, train_accuracy, test_loss, test_accuracy,
     * learning_rate, seconds, samples, stage (1-based), method (its factory call), physical_calls,
     * physical_samples, physical_seconds (cumulative over the run, physical forward calls of all physical layers),
     * complete (false for the epoch a {@link TrainingInterruptedException} stopped).
     */
    public Table table() {
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss"), trainAcc = DoubleColumn.create("train_accuracy");
        DoubleColumn testLoss = DoubleColumn.create("test_loss"), testAcc = DoubleColumn.create("test_accuracy");
        DoubleColumn lr = DoubleColumn.create("learning_rate"), seconds = DoubleColumn.create("seconds");
        LongColumn samples = LongColumn.create("samples");
        IntColumn stage = IntColumn.create("stage");
        StringColumn method = StringColumn.create("method");
        LongColumn calls = LongColumn.create("physical_calls"), physSamples = LongColumn.create("physical_samples");
        DoubleColumn physSeconds = DoubleColumn.create("physical_seconds");
        BooleanColumn complete = BooleanColumn.create("complete");
        for (EpochResult e : epochs) {
            epoch.append(e.epoch());
            trainLoss.append(e.trainLoss());
            trainAcc.append(e.trainAccuracy());
            testLoss.append(e.testLoss());
            testAcc.append(e.testAccuracy());
            lr.append(e.learningRate());
            seconds.append(e.seconds());
            samples.append(e.samples());
            stage.append(e.stage());
            method.append(e.method());
            calls.append(e.physicalCalls());
            physSamples.append(e.physicalSamples());
            physSeconds.append(e.physicalSeconds());
            complete.append(e.complete());
        }
        return Table.create(name, epoch, trainLoss, trainAcc, testLoss, testAcc, lr, seconds, samples, stage, method, calls,
                physSamples, physSeconds, complete);
    }

    @Override
    public String toString() {
        return table().print();
    }
}
