package org.pnn4j.bench;

import java.util.ArrayList;
import java.util.List;
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
import org.pnn4j.physics.Params;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.oscillators.PendulaRing;
import org.pnn4j.physics.optics.Shg;
import org.pnn4j.tensor.ComplexTensor;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.kernels.Kernels;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * The hot kernels of the benchmark tasks besides the oscillator integrator ({@link OscillatorForwardBenchmark}):
 * the dominant products of the Fashion-MNIST network through {@link Kernels#gemm} (GFLOP/s = 2mnk / 1000 / µs),
 * the vowels task's pendula(48) RK4 (200 steps, batch 16) with its VJP, an element-wise chain, the SHG forward and
 * an FFT. µs per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class KernelsBenchmark {
    float[] s32, q1610, c32, s512, q100, c512, stageSin, stageGa, gQ;
    Kernels.Packed packed1610;
    PendulaRing ring;
    Params ringTheta, shgTheta;
    Tensor ringX, ringW, chainX, chainA, chainB, shgX;
    Shg shg;
    ComplexTensor signal;

    private static float[] randn(Rng rng, int n) {
        return Tensor.randn(rng, 1, n).toArray();
    }

    private static Params init(Substrate s, Rng rng) {
        List<org.pnn4j.nn.Parameter> ps = new ArrayList<>();
        for (ParameterSpec spec : s.parameters()) ps.add(spec.create(rng));
        return Params.of(s.name(), ps);
    }

    @Setup
    public void setup() {
        Rng rng = new Rng(11);
        s32 = randn(rng, 32 * 1610);
        q1610 = randn(rng, 1610 * 1610);
        c32 = new float[32 * 1610];
        packed1610 = Kernels.pack(false, 1610, 1610, q1610, 0);
        s512 = randn(rng, 512 * 100);
        q100 = randn(rng, 100 * 100);
        c512 = new float[512 * 100];
        stageSin = randn(rng, 640 * 1610);
        stageGa = randn(rng, 640 * 1610);
        gQ = new float[1610 * 1610];
        ring = PendulaRing.of(48);
        ringTheta = init(ring, rng);
        ringX = Tensor.uniform(rng, -1, 1, 16, 48);
        ringW = Tensor.uniform(rng, -1, 1, 16, 48);
        chainX = Tensor.randn(rng, 1, 32, 1610);
        chainA = Tensor.randn(rng, 1, 32, 1610);
        chainB = Tensor.randn(rng, 1, 1610);
        shg = Shg.shg();
        shgTheta = init(shg, rng);
        shgX = Tensor.uniform(rng, 0, 1, 32, shg.inputSize());
        signal = ComplexTensor.of(Tensor.randn(rng, 1, 32, 1024), Tensor.randn(rng, 1, 32, 1024));
    }

    /** [32,1610]×[1610,1610] (166 MFLOP): one stage of oscillators(1610), B packed per call. */
    @Benchmark
    public float[] gemm32x1610x1610() {
        Kernels.gemm(false, false, 32, 1610, 1610, 1f, s32, 0, q1610, 0, 0f, c32, 0);
        return c32;
    }

    /** The same product with the coupling packed once (what the integrator runs). */
    @Benchmark
    public float[] gemm32x1610x1610Packed() {
        Kernels.gemm(32, 1f, s32, 0, packed1610, 0f, c32, 0);
        return c32;
    }

    /** [512,100]×[100,100] (10.2 MFLOP): one stage of the shared oscillators(100) over 16 patches × 32 images. */
    @Benchmark
    public float[] gemm512x100x100() {
        Kernels.gemm(false, false, 512, 100, 100, 1f, s512, 0, q100, 0, 0f, c512, 0);
        return c512;
    }

    /** sin(q)ᵀ·dL/da over 20 stages × 32 rows: [1610,640]ᵀ×[640,1610] (3.32 GFLOP), the coupling gradient. */
    @Benchmark
    public float[] couplingGradient1610() {
        Kernels.gemm(true, false, 1610, 1610, 640, 1f, stageSin, 0, stageGa, 0, 0f, gQ, 0);
        return gQ;
    }

    /** pendula(48) ideal model, batch 16, 200 RK4 steps, no gradient. */
    @Benchmark
    public Tensor pendulaForward() {
        try (Grad.Scope off = Grad.off()) {
            return ring.model(ringX, ringTheta);
        }
    }

    /** pendula(48) forward with the fused adjoint backward to x, ω0 and c. */
    @Benchmark
    public Tensor pendulaForwardBackward() {
        Tensor x = Tensor.wrap(ringX.toArray(), 16, 48).requiresGrad(true);
        ringTheta.get("omega0").zeroGrad();
        ringTheta.get("c").zeroGrad();
        ring.model(x, ringTheta).mul(ringW).sum().backward();
        return x.grad();
    }

    /** tanh(x·a + b) - x on [32, 1610] with autograd off: four element-wise ops (one broadcast). */
    @Benchmark
    public Tensor elementwiseChain() {
        try (Grad.Scope off = Grad.off()) {
            return chainX.mul(chainA).add(chainB).tanh().sub(chainX);
        }
    }

    /** SHG (default: 64 bins, 32 inputs, 16 outputs) ideal model, batch 32. */
    @Benchmark
    public Tensor shgForward() {
        try (Grad.Scope off = Grad.off()) {
            return shg.model(shgX, shgTheta);
        }
    }

    /** FFT of 32 complex rows of 1024 points. */
    @Benchmark
    public ComplexTensor fft32x1024() {
        try (Grad.Scope off = Grad.off()) {
            return signal.fft();
        }
    }
}
