package org.pnn4j.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * Tensor.matmul of [m×k] @ [k×n] without gradients (includes allocating the [m×n] result). Time per product
 * in µs; GFLOP/s = 2·m·n·k / (1000 · score): 64×128×128 is 2.10 MFLOP, 256×784×128 is 51.4 MFLOP, 1024³
 * is 2147 MFLOP. {@code shape} is m×k×n.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class GemmBenchmark {
    @Param({"64x128x128", "256x784x128", "1024x1024x1024", "32x1610x1610", "512x100x100"})
    public String shape;

    Tensor a, b;

    @Setup
    public void setup() {
        String[] d = shape.split("x");
        int m = Integer.parseInt(d[0]), k = Integer.parseInt(d[1]), n = Integer.parseInt(d[2]);
        Rng rng = new Rng(7);
        a = Tensor.randn(rng, 1, m, k);
        b = Tensor.randn(rng, 1, k, n);
    }

    @Benchmark
    public Tensor matmul() {
        return a.matmul(b);
    }
}
