package org.pnn4j.physics;

import java.util.List;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.tensor.Tensor;

/**
 * A controllable physical system used as a layer: named parameters with physical ranges, an input encoding
 * range, an ideal differentiable {@link #model}, and simulated physical {@link #device}s that differ from the
 * model by a reality gap (parameter mismatch, unmodelled nonlinearity or coupling) and by noise.
 *
 * <p>Inputs are batches [batch, inputSize] in the substrate's input unit, outputs [batch, outputSize].
 */
public interface Substrate {
    /** A short name that reads like the factory call, e.g. {@code oscillators(100)}. */
    String name();

    /** Values per sample that the system takes. */
    int inputSize();

    /** Values per sample that the readout gives. */
    int outputSize();

    /** Lowest input value the encoding can apply (in the input unit). */
    double inputMin();

    /** Highest input value the encoding can apply (in the input unit). */
    double inputMax();

    /** The unit of the inputs (e.g. "rad", "V"); "" when dimensionless or not declared. */
    default String inputUnit() {
        return "";
    }

    /** The unit of the measured outputs (e.g. "mW", "V"); "" when dimensionless or not declared. */
    default String outputUnit() {
        return "";
    }

    /**
     * Whether the response repeats with period {@code inputMax() - inputMin()} in every input (inputs are phases on a
     * full turn); data-driven twins then encode the inputs by sine and cosine. Default false.
     */
    default boolean inputPeriodic() {
        return false;
    }

    /** The controllable parameters, in a stable order. */
    List<ParameterSpec> parameters();

    /**
     * The ideal model: differentiable through the tensor autograd (or through a {@code Function} with a
     * hand-written VJP), deterministic, no noise.
     *
     * @param x     inputs [batch, inputSize]
     * @param theta parameter values by name
     */
    Tensor model(Tensor x, Params theta);

    /**
     * A simulated physical instance: its fixed imperfections are drawn from {@code seed}; each call draws
     * fresh noise and advances drift.
     */
    PhysicalDevice device(long seed);

    /**
     * This substrate with extra noise on its devices: {@code input} is applied to the drive before the device
     * sees it (and clamped to the input range, as a real DAC saturates), {@code output} to the measurements.
     * Works on any substrate; the model is unchanged.
     */
    default Substrate withNoise(NoiseModel input, NoiseModel output) {
        return new NoisySubstrate(this, input, output);
    }

    /**
     * This substrate with further noise on its devices' measurements: the one way to add output noise to any
     * substrate. The default wraps it ({@link #withNoise withNoise(NoiseModel.none(), output)}); substrates whose
     * detector chain has a place for it (SHG before its per-shot normalization, Fourier optics, a custom substrate)
     * apply it there and return their own type.
     */
    default Substrate outputNoise(NoiseModel output) {
        return withNoise(NoiseModel.none(), output);
    }
}
