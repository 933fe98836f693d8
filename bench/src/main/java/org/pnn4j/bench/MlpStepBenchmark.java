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
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.tanh;

import java.util.List;
import org.pnn4j.Network;
import org.pnn4j.data.Batch;
import org.pnn4j.nn.Loss;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.train.Method;

/**
 * One training step of an MLP: batch 64, three 128×128 linear layers with bias, each followed by tanh, MSE loss
 * against a fixed random target, plain SGD (learning rate 0.01).
 * <ul>
 *   <li>{@code network}: the path users run: {@code Network.of(linear, tanh, ...)}, {@code Method.backprop()} with
 *       {@code Loss.mse()} and {@code Optimizer.sgd} (the step the Trainer runs for every batch);</li>
 *   <li>{@code step}: the same arithmetic written with raw Tensor ops and an SGD loop by hand, the floor that
 *       the layer API's overhead is measured against.</li>
 * </ul>
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

    Network net;
    List<Parameter> params;
    Batch batch;
    final Optimizer sgd = Optimizer.sgd(LEARNING_RATE);
    final Loss mse = Loss.mse();
    final Method backprop = Method.backprop();

    @Setup
    public void setup() {
        Rng rng = new Rng(2024);
        x = Tensor.randn(rng, 1, BATCH, WIDTH);
        target = Tensor.randn(rng, 0.5, BATCH, WIDTH);
        for (int l = 0; l < LAYERS; l++) {
            weights[l] = Tensor.randn(rng, 1 / Math.sqrt(WIDTH), WIDTH, WIDTH).requiresGrad(true);
            biases[l] = Tensor.zeros(WIDTH).requiresGrad(true);
        }
        net = Network.of(linear(WIDTH, WIDTH), tanh(), linear(WIDTH, WIDTH), tanh(), linear(WIDTH, WIDTH), tanh()).initialize(2024);
        params = net.parameters();
        int[] rows = new int[BATCH];
        for (int i = 0; i < BATCH; i++) rows[i] = i;
        batch = new Batch(x, null, target, rows);
    }

    @Benchmark
    public double network() {
        return backprop.step(new Method.Step(net, batch, mse, sgd, params)).loss();
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
