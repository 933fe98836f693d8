package org.pnn4j.tensor.kernels;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
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
 * sin and cos of n floats in [-4, 4] (the RK4 kernels' range: angles of a few radians), µs per call, four ways:
 * the scalar Cephes loop ({@code FastTrig.scalar}, the "before"), its Vector API version ({@code FastTrig.sinCos},
 * what the kernels run), the JDK's {@code lanewise(SIN)}/{@code lanewise(COS)} (Intel SVML on x86), and
 * {@code (float) Math.sin/cos}. In package {@code org.pnn4j.tensor} to reach the package-private kernels.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class TrigBenchmark {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Elements per call (48·16 = one vowels pendula stage; 32·1610 one oscillators(1610) stage). */
    @Param({"768", "51520"})
    public int n;

    float[] x, sin, cos;

    @Setup
    public void setup() {
        Rng rng = new Rng(3);
        x = Tensor.uniform(rng, -4, 4, n).toArray();
        sin = new float[n];
        cos = new float[n];
    }

    @Benchmark
    public float[] cephesScalar() {
        FastTrig.scalar(x, 0, 0, n, 1f, sin, cos, 0);
        return cos;
    }

    @Benchmark
    public float[] cephesVector() {
        FastTrig.sinCos(x, 0, n, 1f, sin, cos);
        return cos;
    }

    @Benchmark
    public float[] jdkLanewise() {
        int end = n - n % S.length();
        for (int i = 0; i < end; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, i);
            v.lanewise(VectorOperators.SIN).intoArray(sin, i);
            v.lanewise(VectorOperators.COS).intoArray(cos, i);
        }
        for (int i = end; i < n; i++) {
            sin[i] = (float) Math.sin(x[i]);
            cos[i] = (float) Math.cos(x[i]);
        }
        return cos;
    }

    @Benchmark
    public float[] mathSinCos() {
        for (int i = 0; i < n; i++) {
            sin[i] = (float) Math.sin(x[i]);
            cos[i] = (float) Math.cos(x[i]);
        }
        return cos;
    }
}
