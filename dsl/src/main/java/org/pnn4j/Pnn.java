package org.pnn4j;

import org.pnn4j.nn.Activation;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.LayerNorm;
import org.pnn4j.nn.Linear;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.Substrate;

/**
 * Static factories that read like the math; {@code import static org.pnn4j.Pnn.*} and write
 * {@code Network.of(linear(12, 48), tanh(), linear(48, 7))}. Physical layers join here as their substrates
 * arrive.
 */
public final class Pnn {
    private Pnn() {}

    /** Affine layer from {@code in} to {@code out} features with bias. */
    public static Layer linear(int in, int out) {
        return new Linear(in, out, true);
    }

    /** Affine layer without bias. */
    public static Layer linear(int in, int out, boolean bias) {
        return new Linear(in, out, bias);
    }

    /** max(x, 0). */
    public static Layer relu() {
        return Activation.relu();
    }

    /** tanh x. */
    public static Layer tanh() {
        return Activation.tanh();
    }

    /** Logistic sigmoid. */
    public static Layer sigmoid() {
        return Activation.sigmoid();
    }

    /** x·sigmoid(x). */
    public static Layer silu() {
        return Activation.silu();
    }

    /** Exact GELU. */
    public static Layer gelu() {
        return Activation.gelu();
    }

    /** Softmax over the last axis. */
    public static Layer softmax() {
        return Activation.softmax();
    }

    /** Log-softmax over the last axis. */
    public static Layer logSoftmax() {
        return Activation.logSoftmax();
    }

    /** Layer normalization over {@code features}. */
    public static Layer layerNorm(int features) {
        return new LayerNorm(features);
    }

    /** Flattens each sample to a vector. */
    public static Layer flatten() {
        return Activation.flatten();
    }

    /**
     * A new substrate from a lambda over tensor ops (its ideal model); set its widths, ranges, parameters,
     * reality gap and noise with the returned description's options.
     */
    public static CustomSubstrate substrate(String name, CustomSubstrate.Model model) {
        return CustomSubstrate.of(name, model);
    }

    /** A physical layer on {@code substrate}, run on its simulated device of seed 0, in physics-aware mode. */
    public static PhysicalLayer physical(Substrate substrate) {
        return new PhysicalLayer(substrate, 0);
    }

    /** A physical layer on {@code substrate}, run on its simulated device of the given seed. */
    public static PhysicalLayer physical(Substrate substrate, long deviceSeed) {
        return new PhysicalLayer(substrate, deviceSeed);
    }
}
