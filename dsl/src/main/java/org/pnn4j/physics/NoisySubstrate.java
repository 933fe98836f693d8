package org.pnn4j.physics;

import java.util.List;
import java.util.Objects;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.noise.NoiseProcess;
import org.pnn4j.tensor.Tensor;

/** A substrate whose devices add noise models around another substrate's devices; see {@link Substrate#withNoise}. */
final class NoisySubstrate implements Substrate {
    private final Substrate base;
    private final NoiseModel input, output;

    NoisySubstrate(Substrate base, NoiseModel input, NoiseModel output) {
        this.base = Objects.requireNonNull(base, "base");
        this.input = Objects.requireNonNull(input, "input noise");
        this.output = Objects.requireNonNull(output, "output noise");
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public int inputSize() {
        return base.inputSize();
    }

    @Override
    public int outputSize() {
        return base.outputSize();
    }

    @Override
    public double inputMin() {
        return base.inputMin();
    }

    @Override
    public double inputMax() {
        return base.inputMax();
    }

    @Override
    public List<ParameterSpec> parameters() {
        return base.parameters();
    }

    @Override
    public Tensor model(Tensor x, Params theta) {
        return base.model(x, theta);
    }

    @Override
    public PhysicalDevice device(long seed) {
        return new SimulatedDevice(this, seed) {
            private final PhysicalDevice inner = base.device(rng.nextLong());
            private final NoiseProcess in = input.start(rng.split());
            private final NoiseProcess out = output.start(rng.split());

            @Override
            protected Tensor realize(Tensor x, Params theta) {
                Tensor driven = in.apply(x).clamp(Math.max(-Float.MAX_VALUE, base.inputMin()), Math.min(Float.MAX_VALUE, base.inputMax()));
                return out.apply(inner.forward(driven, theta));
            }

            @Override
            protected void saveMoreState(java.io.DataOutput o) throws java.io.IOException {
                inner.saveState(o);
                in.saveState(o);
                out.saveState(o);
            }

            @Override
            protected void restoreMoreState(java.io.DataInput i) throws java.io.IOException {
                inner.restoreState(i);
                in.restoreState(i);
                out.restoreState(i);
            }
        };
    }

    @Override
    public String toString() {
        return base + ".withNoise(" + input + ", " + output + ")";
    }
}
