package org.pnn4j.physics.oscillators;

import java.util.Locale;
import java.util.Map;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * Timing harness, not a test: ms per ideal forward, per forward + backward, and per device forward of
 * oscillators(N) at a given batch (default N = 1610, batch 32), and of the 16 × oscillators(100) layers.
 * Run: java --add-modules=jdk.incubator.vector -cp ... org.pnn4j.physics.oscillators.ForwardTimingMain [N] [batch] [reps]
 */
public final class ForwardTimingMain {
    private ForwardTimingMain() {}

    /** Prints the timings; args: [N] [batch] [reps]. */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1610;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        System.out.println("BLAS: " + dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getName());
        time(n, batch, reps);
        time(100, batch, reps * 20);
    }

    private static void time(int n, int batch, int reps) {
        CoupledOscillators osc = CoupledOscillators.of(n);
        Rng rng = new Rng(1);
        Tensor c = osc.parameters().get(0).create(rng).value(), e = osc.parameters().get(1).create(rng).value();
        Params theta = Params.of(osc.name(), Map.of("C", c, "e", e));
        Tensor x = Tensor.uniform(rng, -1, 1, batch, n);
        Tensor w = Tensor.uniform(rng, -1, 1, batch, n);
        PhysicalDevice dev = osc.device(3);
        for (int i = 0; i < 3; i++) {
            run(osc, x, theta, false, w);
            run(osc, x, theta, true, w);
            dev.forward(x, theta);
        }
        double qBuild = 0, fwd = 0, fwdBwd = 0, device = 0;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            try (Grad.Scope off = Grad.off()) {
                CoupledOscillators.couplingMatrix(c);
            }
            long t1 = System.nanoTime();
            run(osc, x, theta, false, w);
            long t2 = System.nanoTime();
            run(osc, x, theta, true, w);
            long t3 = System.nanoTime();
            dev.forward(x, theta);
            long t4 = System.nanoTime();
            qBuild += (t1 - t0) / 1e6;
            fwd += (t2 - t1) / 1e6;
            fwdBwd += (t3 - t2) / 1e6;
            device += (t4 - t3) / 1e6;
        }
        System.out.printf(Locale.ROOT, "%s batch %d: Q build %.2f ms, ideal forward %.2f ms, forward+backward %.2f ms, "
                        + "device forward %.2f ms (mean of %d)%n", osc.name(), batch, qBuild / reps, fwd / reps,
                fwdBwd / reps, device / reps, reps);
    }

    private static void run(CoupledOscillators osc, Tensor x, Params theta, boolean backward, Tensor w) {
        if (!backward) {
            try (Grad.Scope off = Grad.off()) {
                osc.model(x, theta);
            }
            return;
        }
        theta.get("C").zeroGrad();
        theta.get("e").zeroGrad();
        osc.model(x, theta).mul(w).sum().backward();
    }
}
