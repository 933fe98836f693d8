package org.pnn4j.nd4j;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * Measures what the interop costs (the figures in the project's README):
 * <ul>
 *   <li>{@code startup}: in this fresh JVM, the time from the JVM's start to the first conversion of a [1000, 100]
 *       float32 INDArray into a Tensor (ND4J's class loading and native library included);</li>
 *   <li>{@code baseline}: the same JVM start to the same copy between two pnn4j tensors, without ND4J;</li>
 *   <li>{@code copy}: the conversions' time per size after warm-up (median of repeats, ms, and GB/s of float32
 *       values copied), against {@code System.arraycopy} of the same floats on the heap.</li>
 * </ul>
 * Run: {@code java -cp "nd4j/target/pnn4j-nd4j-0.1.0-SNAPSHOT.jar:nd4j/target/lib/*" org.pnn4j.nd4j.Nd4jInteropCost
 * startup|baseline|copy}.
 */
public final class Nd4jInteropCost {
    private Nd4jInteropCost() {}

    /**
     * Prints the measurement named by {@code args[0]}.
     *
     * @throws IllegalArgumentException if the argument is not startup, baseline or copy
     */
    public static void main(String[] args) {
        String mode = args.length == 0 ? "" : args[0];
        switch (mode) {
            case "startup" -> {
                double main = uptimeMs();
                long t0 = System.nanoTime();
                INDArray a = Nd4j.rand(DataType.FLOAT, 1000, 100);
                Tensor t = Nd4jTensors.toTensor(a);
                double first = (System.nanoTime() - t0) / 1e6;
                System.out.printf(Locale.ROOT, "startup with ND4J: main entered at %.0f ms of JVM uptime; first INDArray"
                        + " [1000, 100] created and converted in %.0f ms; %.0f ms from JVM start (checksum %.3f)%n",
                        main, first, uptimeMs(), t.sum().item());
            }
            case "baseline" -> {
                double main = uptimeMs();
                long t0 = System.nanoTime();
                Tensor a = Tensor.uniform(new Rng(1), 0, 1, 1000, 100);
                Tensor t = Tensor.of(a.array(), 1000, 100);
                double first = (System.nanoTime() - t0) / 1e6;
                System.out.printf(Locale.ROOT, "startup without ND4J: main entered at %.0f ms of JVM uptime; first Tensor"
                        + " [1000, 100] created and copied in %.0f ms; %.0f ms from JVM start (checksum %.3f)%n",
                        main, first, uptimeMs(), t.sum().item());
            }
            case "copy" -> copies();
            default -> throw new IllegalArgumentException("Nd4jInteropCost: expected startup, baseline or copy, got '" + mode + "'");
        }
    }

    private static double uptimeMs() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }

    private static void copies() {
        System.out.println("floats      arraycopy   toTensor(C)  toTensor(transposed view)  toTensor(float64)  toINDArray   (ms, median; GB/s of float32 written)");
        for (int rows : new int[] {10, 1000, 10_000, 100_000}) {
            int cols = 100;
            long n = (long) rows * cols;
            INDArray c = Nd4j.rand(DataType.FLOAT, rows, cols);
            INDArray view = Nd4j.rand(DataType.FLOAT, cols, rows).transpose();
            INDArray dbl = c.castTo(DataType.DOUBLE);
            Tensor t = Nd4jTensors.toTensor(c);
            float[] src = t.array(), dst = new float[src.length];
            double copy = median(() -> System.arraycopy(src, 0, dst, 0, src.length));
            double toC = median(() -> Nd4jTensors.toTensor(c));
            double toView = median(() -> Nd4jTensors.toTensor(view));
            double toDouble = median(() -> Nd4jTensors.toTensor(dbl));
            double back = median(() -> Nd4jTensors.toINDArray(t));
            System.out.printf(Locale.ROOT, "%-10d %s %s %s %s %s%n", n, f(copy, n), f(toC, n), f(toView, n), f(toDouble, n), f(back, n));
        }
    }

    private static String f(double ms, long floats) {
        return String.format(Locale.ROOT, "%9.4f (%5.1f)", ms, 4.0 * floats / (ms * 1e6));
    }

    private static double median(Runnable r) {
        for (int i = 0; i < 5; i++) r.run();
        double[] t = new double[15];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
