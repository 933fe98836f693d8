package org.pnn4j.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * This machine's single-precision FMA peak as the JVM reaches it: 12 independent vector FMA chains (enough to
 * cover the FMA latency on two ports) over registers, {@link #ITERATIONS} rounds per call. GFLOP/s per thread =
 * 2 · lanes · 12 · ITERATIONS / (ns per call); run with {@code -t 2} for both cores. The denominator of the
 * "% of peak" figures in bench/README.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class PeakFlopsBenchmark {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** FMA rounds per call. */
    public static final int ITERATIONS = 100_000;

    float[] seed = new float[64];

    {
        for (int i = 0; i < seed.length; i++) seed[i] = 1f - i * 1e-6f;
    }

    /** Returns the lane sum so that nothing is dead code; FLOPs = 2 · lanes · 12 · ITERATIONS. */
    @Benchmark
    public float fmaChains() {
        FloatVector m = FloatVector.fromArray(S, seed, 0), a = FloatVector.fromArray(S, seed, 1);
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0,
                c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < ITERATIONS; i++) {
            c0 = m.fma(c0, a); c1 = m.fma(c1, a); c2 = m.fma(c2, a); c3 = m.fma(c3, a);
            c4 = m.fma(c4, a); c5 = m.fma(c5, a); c6 = m.fma(c6, a); c7 = m.fma(c7, a);
            c8 = m.fma(c8, a); c9 = m.fma(c9, a); c10 = m.fma(c10, a); c11 = m.fma(c11, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** Lanes per vector on this machine (16 with AVX-512). */
    public static int lanes() {
        return S.length();
    }
}
