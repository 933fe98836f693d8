package org.pnn4j.noise;

import org.pnn4j.tensor.Rng;

/** The identity model. */
final class NoNoise implements NoiseModel {
    static final NoNoise INSTANCE = new NoNoise();

    private NoNoise() {}

    @Override
    public NoiseProcess start(Rng rng) {
        rng.split();
        return signal -> signal;
    }

    @Override
    public String toString() {
        return "none()";
    }
}
