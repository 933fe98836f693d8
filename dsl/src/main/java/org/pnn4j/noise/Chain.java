package org.pnn4j.noise;

import org.pnn4j.tensor.Rng;

/** {@code first} then {@code next}, each started on its own split of the instance's stream. */
record Chain(NoiseModel first, NoiseModel next) implements NoiseModel {
    @Override
    public NoiseProcess start(Rng rng) {
        NoiseProcess a = first.start(rng.split()), b = next.start(rng.split());
        return signal -> b.apply(a.apply(signal));
    }

    @Override
    public String toString() {
        return first + ".then(" + next + ")";
    }
}
