package org.pnn4j.sweep;

import java.io.Serializable;
import java.util.List;
import org.pnn4j.train.EpochResult;
import org.pnn4j.train.History;

/**
 * What one trial measured.
 *
 * @param method           the training method's description ({@code physicsAware()}, ...)
 * @param epochs           epochs trained
 * @param deviceAccuracy   test accuracy with every physical layer on its device (simulated or real), in [0, 1]
 * @param modelAccuracy    test accuracy with every physical layer on its ideal model, in [0, 1]; NaN where inference
 *                         has no model-only form (physical local learning)
 * @param physicalCalls    physical forward calls during training
 * @param deviceSeconds    seconds spent inside the physical layers' devices during training
 * @param trainSeconds     wall-clock seconds of training (evaluation excluded)
 * @param samples          training samples seen
 * @param history          the per-epoch history, as {@link History#epochs()} gives it
 */
public record TrialOutcome(String method, int epochs, double deviceAccuracy, double modelAccuracy, long physicalCalls,
                           double deviceSeconds, double trainSeconds, long samples, List<HistoryRow> history) implements Serializable {

    /**
     * One epoch of a trial's history (the columns of {@link History#table()}; losses are NaN where not measured).
     *
     * @param seconds          wall-clock seconds of the epoch
     * @param physicalSeconds  cumulative device seconds at the epoch's end
     */
    public record HistoryRow(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                             double learningRate, double seconds, long samples, int stage, String method,
                             long physicalCalls, long physicalSamples, double physicalSeconds) implements Serializable {
        static HistoryRow of(EpochResult e) {
            return new HistoryRow(e.epoch(), e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy(), e.learningRate(),
                    e.seconds(), e.samples(), e.stage(), e.method(), e.physicalCalls(), e.physicalSamples(), e.physicalSeconds());
        }
    }

    /**
     * The outcome of a finished training run: totals from {@code history}'s last epoch.
     *
     * @param trainSeconds wall-clock seconds of training
     * @throws IllegalStateException if {@code history} has no epoch
     */
    public static TrialOutcome of(String method, History history, double deviceAccuracy, double modelAccuracy, double trainSeconds) {
        EpochResult last = history.last();
        return new TrialOutcome(method, history.size(), deviceAccuracy, modelAccuracy, last.physicalCalls(), last.physicalSeconds(),
                trainSeconds, last.samples(), history.epochs().stream().map(HistoryRow::of).toList());
    }
}
