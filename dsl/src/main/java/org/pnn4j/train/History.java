package org.pnn4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
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
     * The last epoch.
     *
     * @throws IllegalStateException if no epoch finished
     */
    public EpochResult last() {
        if (epochs.isEmpty()) throw new IllegalStateException("history '" + name + "' has no finished epoch");
        return epochs.get(epochs.size() - 1);
    }

    /**
     * The history as a table with columns epoch, train_loss, train_accuracy, test_loss, test_accuracy,
     * learning_rate, seconds, samples.
     */
    public Table table() {
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss"), trainAcc = DoubleColumn.create("train_accuracy");
        DoubleColumn testLoss = DoubleColumn.create("test_loss"), testAcc = DoubleColumn.create("test_accuracy");
        DoubleColumn lr = DoubleColumn.create("learning_rate"), seconds = DoubleColumn.create("seconds");
        LongColumn samples = LongColumn.create("samples");
        for (EpochResult e : epochs) {
            epoch.append(e.epoch());
            trainLoss.append(e.trainLoss());
            trainAcc.append(e.trainAccuracy());
            testLoss.append(e.testLoss());
            testAcc.append(e.testAccuracy());
            lr.append(e.learningRate());
            seconds.append(e.seconds());
            samples.append(e.samples());
        }
        return Table.create(name, epoch, trainLoss, trainAcc, testLoss, testAcc, lr, seconds, samples);
    }

    @Override
    public String toString() {
        return table().print();
    }
}
