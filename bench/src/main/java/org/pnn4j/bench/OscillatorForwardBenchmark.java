package org.pnn4j.bench;

import java.util.Map;
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
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.oscillators.CoupledOscillators;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * One forward of the coupled-oscillator network of the physics-aware-training paper's FMNIST example:
 * oscillators(1610) at batch 32, 5 RK4 steps to T = 0.5. Measures the ideal model (no gradient recorded), the
 * ideal model with its fused adjoint backward, and one simulated physical device forward. For scale, the reference
 * PyTorch code spends 1.6 s per training step of the whole network (16 × oscillators(100) + oscillators(1610),
 * batch 32) on one core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class OscillatorForwardBenchmark {
    /** Number of oscillators. */
    @Param({"1610", "100"})
    public int oscillators;

    /** Samples per forward. */
    @Param({"32"})
    public int batch;

    private CoupledOscillators osc;
    private Params theta;
    private Tensor x, weights;
    private PhysicalDevice device;

    /** Draws the parameters, a batch of inputs and one device instance, all seeded. */
    @Setup
    public void setup() {
        osc = CoupledOscillators.of(oscillators);
        Rng rng = new Rng(1);
        theta = Params.of(osc.name(), Map.of(
                "C", osc.parameters().get(0).create(rng).value(),
                "e", osc.parameters().get(1).create(rng).value()));
        x = Tensor.uniform(rng, -1, 1, batch, oscillators);
        weights = Tensor.uniform(rng, -1, 1, batch, oscillators);
        device = osc.device(3);
    }

    /** Ideal-model forward without recording gradients (inference). */
    @Benchmark
    public Tensor idealForward() {
        try (Grad.Scope off = Grad.off()) {
            return osc.model(x, theta);
        }
    }

    /** Ideal-model forward with the fused RK4 adjoint backward to x, C and e. */
    @Benchmark
    public Tensor idealForwardBackward() {
        theta.get("C").zeroGrad();
        theta.get("e").zeroGrad();
        osc.model(x, theta).mul(weights).sum().backward();
        return theta.get("C").grad();
    }

    /** Simulated physical device forward (validation, input noise, perturbed dynamics). */
    @Benchmark
    public Tensor deviceForward() {
        return device.forward(x, theta);
    }
}
