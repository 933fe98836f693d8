package org.pnn4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** tanh over 64×128 = 8192 floats: Tensor.tanh (fast rational approximation) against a Math.tanh loop. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class TanhBenchmark {
    Tensor x;
    final float[] out = new float[64 * 128];

    @Setup
    public void setup() {
        x = Tensor.randn(new Rng(3), 2, 64, 128);
    }

    @Benchmark
    public Tensor tensorTanh() {
        return x.tanh();
    }

    @Benchmark
    public float[] mathTanhLoop() {
        float[] d = x.array();
        for (int i = 0; i < d.length; i++) out[i] = (float) Math.tanh(d[i]);
        return out;
    }
}
