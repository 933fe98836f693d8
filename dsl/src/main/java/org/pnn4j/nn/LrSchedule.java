package org.pnn4j.nn;

/** The learning rate as a function of the epoch (0-based), applied by the trainer at each epoch's start. */
@FunctionalInterface
public interface LrSchedule {
    /** The learning rate for {@code epoch}, given the optimizer's base rate. */
    double rate(double baseRate, int epoch);

    /** The base rate throughout. */
    static LrSchedule constant() {
        return (base, epoch) -> base;
    }

    /**
     * Multiplies the rate by {@code gamma} every {@code everyEpochs} epochs (PyTorch's StepLR).
     *
     * @throws IllegalArgumentException if everyEpochs <= 0 or gamma is not in (0, 1]
     */
    static LrSchedule step(int everyEpochs, double gamma) {
        if (everyEpochs <= 0) throw new IllegalArgumentException("step schedule needs everyEpochs > 0, got " + everyEpochs);
        if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("step schedule gamma must be in (0, 1], got " + gamma);
        return (base, epoch) -> base * Math.pow(gamma, epoch / everyEpochs);
    }
}
