package org.pnn4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.oscillators.CoupledOscillators;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.tensor.kernels.Kernels;

/**
 * {@code pnn4j bench --scaling}: the cost curve of one physics-aware (PAT) step of {@code oscillators(N)}: the
 * simulated device's forward, then the ideal model's forward and adjoint backward (to x, C and e) for the upstream
 * gradient of {@code sum(y * w)}; no optimizer update. Timed in this JVM and, when torch is installed, by the PyTorch
 * reference at 1 and 2 threads (the faster per point). FLOPs counted: the matrix products only, {@code 160·B·N²}
 * (5 RK4 steps × 4 stages = 20 products {@code [B,N]×[N,N]} of 2·B·N² each in the device forward, 20 in the model
 * forward, 40 in the backward: the gradients to the state and to the coupling); the element-wise work (sines,
 * O(B·N)) is left out. The peak is measured here: the best of three 2048³ float products on each side.
 */
final class BenchScaling {
    private BenchScaling() {}

    /** Oscillator counts of the N sweep. */
    static final int[] SIZES = {100, 200, 400, 800, 1600, 3200};

    /** One measured point. */
    record Point(int n, int batch, double seconds) {
        /** Matrix-product FLOPs of one PAT step: 160·B·N². */
        double flops() {
            return 160.0 * batch * n * (double) n;
        }
    }

    /** The grid: N sweep at batch 32, then the batch sweep (quick: 8, 64, 256 at N = 800; full: 8-256 at N = 800 and 3200). */
    static List<int[]> grid(boolean quick) {
        List<int[]> g = new ArrayList<>();
        for (int n : SIZES) g.add(new int[] {n, 32});
        int[] batches = quick ? new int[] {8, 64, 256} : new int[] {8, 16, 64, 128, 256};
        for (int n : quick ? new int[] {800} : new int[] {800, 3200})
            for (int b : batches) g.add(new int[] {n, b});
        return g;
    }

    static int run(boolean quick, boolean javaOnly, PrintStream out) throws Exception {
        List<int[]> grid = grid(quick);
        double budget = quick ? 0.5 : 2.0;
        out.println("GEMM " + Kernels.gemmDescription() + "; " + Kernels.threads() + " thread(s)");
        double javaPeak = javaPeak();
        out.printf(Locale.ROOT, "pnn4j peak: %.1f GFLOP/s (best of three 2048^3 products, Kernels.gemm)%n", javaPeak / 1e9);
        // JIT warm-up of the whole step before the first point (else the small sizes, timed first, pay for C2)
        long w0 = System.nanoTime();
        while (System.nanoTime() - w0 < 3e9) javaPoint(200, 32, 0);
        List<Point> ours = new ArrayList<>();
        for (int[] p : grid) {
            Point pt = javaPoint(p[0], p[1], budget);
            ours.add(pt);
            out.printf(Locale.ROOT, "  pnn4j   N %5d batch %4d: %10.3f ms  %7.1f GFLOP/s%n", pt.n(), pt.batch(),
                    1e3 * pt.seconds(), pt.flops() / pt.seconds() / 1e9);
        }
        Path root = Bench.projectRoot();
        Path script = root.resolve("bench/pytorch/pnn_reference.py");
        String python = System.getenv().getOrDefault("PNN4J_PYTHON", "/usr/bin/python3");
        String skipped = javaOnly ? "--java-only" : Bench.torchMissingReason(python, script);
        List<Point> torch = null;
        double torchPeak = Double.NaN;
        String torchBlas = null, invalid = null;
        if (skipped != null) {
            out.println("PyTorch side skipped: " + skipped);
        } else {
            StringBuilder spec = new StringBuilder();
            for (int[] p : grid) spec.append(spec.length() == 0 ? "" : ",").append(p[0]).append(':').append(p[1]);
            List<Point> best = null;
            for (int threads = 1; threads <= 2; threads++) {
                Map<String, String> info = new LinkedHashMap<>();
                List<Point> pts = pythonPoints(out, python, script, spec.toString(), threads, budget, info);
                double peak = Double.parseDouble(info.getOrDefault("gflops", "NaN")) * 1e9;
                if (!(peak <= torchPeak)) torchPeak = peak;
                torchBlas = (torchBlas == null ? "" : torchBlas + "; ") + BlasBaseline.describe(info);
                if (invalid == null) invalid = BlasBaseline.invalidReason(info);
                if (best == null) best = pts;
                else for (int i = 0; i < pts.size(); i++)
                    if (pts.get(i).seconds() < best.get(i).seconds()) best.set(i, pts.get(i));
            }
            torch = best;
        }
        double peak = Double.isNaN(torchPeak) ? javaPeak : Math.max(javaPeak, torchPeak);
        out.println();
        out.println("load average " + Bench.loadAverage() + "; " + Runtime.getRuntime().availableProcessors() + " cores");
        out.println("one PAT step of oscillators(N): device forward + model forward + adjoint backward; FLOPs = 160*B*N^2"
                + " (matrix products only); % of peak: of the measured peak " + String.format(Locale.ROOT, "%.1f", peak / 1e9)
                + " GFLOP/s (the faster side's best 2048^3 sgemm)");
        String fmt = "%6s %6s %12s %9s %7s %12s %9s %7s %8s%n";
        out.printf(Locale.ROOT, fmt, "N", "batch", "pnn4j ms", "GFLOP/s", "% peak", "torch ms", "GFLOP/s", "% peak", "ratio");
        for (int i = 0; i < ours.size(); i++) {
            Point o = ours.get(i);
            Point t = torch == null ? null : torch.get(i);
            out.printf(Locale.ROOT, fmt, o.n(), o.batch(), f(1e3 * o.seconds()), f(o.flops() / o.seconds() / 1e9),
                    f(100 * o.flops() / o.seconds() / peak),
                    t == null ? "-" : f(1e3 * t.seconds()), t == null ? "-" : f(t.flops() / t.seconds() / 1e9),
                    t == null ? "-" : f(100 * t.flops() / t.seconds() / peak),
                    t == null ? "-" : invalid != null ? "INVALID" : String.format(Locale.ROOT, "%.2fx", t.seconds() / o.seconds()));
        }
        out.println("BLAS and SIMD: pnn4j " + Kernels.gemmDescription() + (torchBlas == null ? "" : "; PyTorch " + torchBlas
                + " (torch ms: the faster of 1 and 2 threads per point)"));
        if (invalid != null) out.println("!!!!! RATIOS INVALID !!!!! " + invalid);
        Path png = plot(ours, torch, peak);
        out.println("plot: " + png.toAbsolutePath());
        out.println("timings vary with the machine's load (above); % of peak over 100 means the peak, measured once at"
                + " the start, was measured at a busier moment than that point");
        return 0;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    /** Best of three 2048³ products on {@link Kernels#gemm} after one warm-up, in FLOP/s. */
    static double javaPeak() {
        int n = 2048;
        Rng rng = new Rng(1);
        float[] a = Tensor.uniform(rng, -1, 1, n, n).toArray(), b = Tensor.uniform(rng, -1, 1, n, n).toArray();
        float[] c = new float[n * n];
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            Kernels.gemm(false, false, n, n, n, 1f, a, 0, b, 0, 0f, c, 0);
            double s = (System.nanoTime() - t0) / 1e9;
            if (rep > 0) best = Math.min(best, s);
        }
        return 2.0 * n * n * n / best;
    }

    /** One PAT step of oscillators(n) at this batch: warm-up steps for 1 s (at least 2), then the median of up to 10 within the budget. */
    static Point javaPoint(int n, int batch, double budget) {
        CoupledOscillators osc = CoupledOscillators.of(n);
        Rng rng = new Rng(1);
        Params theta = Params.of(osc.name(), Map.of("C", osc.parameters().get(0).create(rng).value(),
                "e", osc.parameters().get(1).create(rng).value()));
        Tensor x = Tensor.uniform(rng, -1, 1, batch, n), w = Tensor.uniform(rng, -1, 1, batch, n);
        PhysicalDevice device = osc.device(3);
        Runnable step = () -> {
            theta.get("C").zeroGrad();
            theta.get("e").zeroGrad();
            device.forward(x, theta);
            osc.model(x, theta).mul(w).sum().backward();
        };
        long warm0 = System.nanoTime();
        for (int i = 0; i < 2 || (i < 20 && System.nanoTime() - warm0 < 1e9); i++) step.run();
        List<Double> times = new ArrayList<>();
        double spent = 0;
        while (times.size() < 10 && (times.isEmpty() || spent < budget)) {
            long t0 = System.nanoTime();
            step.run();
            double s = (System.nanoTime() - t0) / 1e9;
            times.add(s);
            spent += s;
        }
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Point(n, batch, sorted[sorted.length / 2]);
    }

    private static List<Point> pythonPoints(PrintStream out, String python, Path script, String spec, int threads,
                                            double budget, Map<String, String> info) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--scaling", spec, "--threads", "" + threads,
                "--budget", "" + budget).redirectErrorStream(true);
        pb.environment().putAll(Map.of("OMP_NUM_THREADS", "" + threads, "OPENBLAS_NUM_THREADS", "" + threads,
                "MKL_NUM_THREADS", "" + threads));
        Process p = pb.start();
        List<Point> pts = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.println("  [pytorch " + threads + "t] " + line);
                Map<String, String> kv = new LinkedHashMap<>();
                for (String t : line.split("\\s+")) {
                    int eq = t.indexOf('=');
                    if (eq > 0) kv.put(t.substring(0, eq), t.substring(eq + 1));
                }
                if (line.startsWith("SCALING "))
                    pts.add(new Point(Integer.parseInt(kv.get("n")), Integer.parseInt(kv.get("batch")),
                            Double.parseDouble(kv.get("seconds"))));
                else if (line.startsWith("BLAS ") || line.startsWith("PEAK ")) info.putAll(kv);
            }
        }
        int code = p.waitFor();
        if (code != 0 || pts.size() != spec.split(",").length)
            throw new IOException("the PyTorch scaling run (" + threads + " thread(s)) failed: exit code " + code + ", "
                    + pts.size() + " of " + spec.split(",").length + " points");
        return pts;
    }

    /** Log-log time per step against N at batch 32, both sides, with the time the measured peak would take; out/bench-scaling.png. */
    private static Path plot(List<Point> ours, List<Point> torch, double peak) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(560)
                .title("One PAT step of oscillators(N), batch 32").xAxisTitle("N (oscillators)")
                .yAxisTitle("seconds per step").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        addSeries(chart, "pnn4j", ours);
        if (torch != null) addSeries(chart, "PyTorch (faster of 1, 2 threads)", torch);
        double[] ns = Arrays.stream(SIZES).asDoubleStream().toArray();
        double[] bound = Arrays.stream(SIZES).mapToDouble(n -> 160.0 * 32 * n * n / peak).toArray();
        chart.addSeries(String.format(Locale.ROOT, "160*B*N^2 FLOPs at the measured peak (%.0f GFLOP/s)", peak / 1e9), ns,
                bound).setMarker(SeriesMarkers.NONE);
        Path dir = Path.of("out");
        Files.createDirectories(dir);
        Path png = dir.resolve("bench-scaling.png");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return png;
    }

    private static void addSeries(XYChart chart, String name, List<Point> pts) {
        double[] x = pts.stream().filter(p -> p.batch() == 32).mapToDouble(Point::n).toArray();
        double[] y = pts.stream().filter(p -> p.batch() == 32).mapToDouble(Point::seconds).toArray();
        chart.addSeries(name, x, y);
    }
}
