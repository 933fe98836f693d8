package org.pnn4j.noise;

import org.pnn4j.tensor.Rng;

/** {@code first} then {@code next}, each started on its own split of the instance's stream. */
record Chain(NoiseModel first, NoiseModel next) implements NoiseModel {
    @Override
    public NoiseProcess start(Rng rng) {
        NoiseProcess a = first.start(rng.split()), b = next.start(rng.split());
        return new NoiseProcess() {
            @Override
            public org.pnn4j.tensor.Tensor apply(org.pnn4j.tensor.Tensor signal) {
                return b.apply(a.apply(signal));
            }

            @Override
            public void saveState(java.io.DataOutput out) throws java.io.IOException {
                a.saveState(out);
                b.saveState(out);
            }

            @Override
            public void restoreState(java.io.DataInput in) throws java.io.IOException {
                a.restoreState(in);
                b.restoreState(in);
            }
        };
    }

    @Override
    public String toString() {
        return first + ".then(" + next + ")";
    }
}
