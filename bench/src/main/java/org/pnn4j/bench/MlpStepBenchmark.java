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

/**
 * One training step of the MLP: batch 64, three 128×128 linear layers with bias, each followed by
 * tanh, MSE loss against a fixed random target, plain SGD (learning rate 0.01) applied by hand to the
 * parameters' arrays. Written with Tensor ops and backward(); to be ported to the nn/train API when it lands.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-modules=jdk.incubator.vector"})
public class MlpStepBenchmark {
    static final int BATCH = 64, WIDTH = 128, LAYERS = 3;
    static final float LEARNING_RATE = 0.01f;

    Tensor x, target;
    final Tensor[] weights = new Tensor[LAYERS], biases = new Tensor[LAYERS];

    @Setup
    public void setup() {
        Rng rng = new Rng(2024);
        x = Tensor.randn(rng, 1, BATCH, WIDTH);
        target = Tensor.randn(rng, 0.5, BATCH, WIDTH);
        for (int l = 0; l < LAYERS; l++) {
            weights[l] = Tensor.randn(rng, 1 / Math.sqrt(WIDTH), WIDTH, WIDTH).requiresGrad(true);
            biases[l] = Tensor.zeros(WIDTH).requiresGrad(true);
        }
    }

    @Benchmark
    public float step() {
        Tensor h = x;
        for (int l = 0; l < LAYERS; l++) h = h.matmul(weights[l]).add(biases[l]).tanh();
        Tensor loss = h.sub(target).square().mean();
        loss.backward();
        for (int l = 0; l < LAYERS; l++) {
            sgd(weights[l]);
            sgd(biases[l]);
        }
        return loss.item();
    }

    private static void sgd(Tensor p) {
        float[] w = p.array(), g = p.grad().array();
        for (int i = 0; i < w.length; i++) w[i] -= LEARNING_RATE * g[i];
        p.zeroGrad();
    }
}
