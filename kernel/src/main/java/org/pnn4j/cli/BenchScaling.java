package org.pnn4j.cli;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.physics.optics.Shg;
import org.pnn4j.physics.oscillators.CoupledOscillators;
import org.pnn4j.tensor.ComplexTensor;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.tensor.kernels.Kernels;

/**
 * {@code pnn4j bench --scaling}: the cost curves of one physics-aware (PAT) step of three physical layers: the
 * simulated device's forward, then the ideal model's forward and its backward to the input and the parameters for the
 * upstream gradient of {@code sum(y * w)}; no optimizer update. Timed in this JVM and, when torch is installed, by the
 * PyTorch reference ({@code bench/pytorch/pnn_reference.py}, written from the substrates' javadoc) at 1 and 2 threads
 * (the faster per point), after checking that the reference's model computes the same outputs and gradients as
 * pnn4j's ({@link #check}). The layers and their FLOP counts ({@link Layer#flops}):
 * <ul>
 *   <li>{@code oscillators(N)}: the matrix products only, {@code 160·B·N²} (5 RK4 steps × 4 stages = 20 products
 *       {@code [B,N]×[N,N]} of 2·B·N² each in the device forward, 20 in the model forward, 40 in the backward: the
 *       gradients to the state and to the coupling); the element-wise work (sines, O(B·N)) is left out;</li>
 *   <li>{@code shg(bins=N, inputs=N/2, outputs=16)}: nominal FFT FLOPs, {@code 6·5·B·P·log₂P} with P the padded
 *       transform length (the power of two ≥ 2N−1): 6 complex transforms per sample (device forward and inverse, model
 *       forward and inverse, two in the backward) at the usual 5·P·log₂P each (FFTW's convention); the phase
 *       placement, the readout and the element-wise work are left out;</li>
 *   <li>acoustic {@code cavity(N/2 inputs, N/2 controls, N outputs)}: the complex products, {@code 24·B·N²} (one
 *       complex {@code [B,N]×[N,N]} product of 8·B·N² real FLOPs in the device forward, one in the model forward, one
 *       in the backward to the sources; the scattering matrix is fixed, so there is no gradient to it).</li>
 * </ul>
 * The peak is measured here: the best of three 2048³ float products on each side.
 */
final class BenchScaling {
    private BenchScaling() {}

    /** One kind of physical layer on the curve: sizes, FLOP count, and a PAT step on the pnn4j side. */
    enum Layer {
        OSCILLATORS("oscillators", "oscillators(N)", "oscillators(N)", "N (oscillators)", "160*B*N^2 (matrix products only)",
                new int[] {100, 200, 400, 800, 1600, 3200}, 800, 3200),
        SHG("shg", "shg(bins=N, inputs=N/2, outputs=16)", "shg(bins=N)", "N (pump frequency bins)",
                "30*B*P*log2(P), P = 2N (nominal FFT FLOPs: 6 transforms of 5*P*log2(P))",
                new int[] {64, 128, 256, 512, 1024, 2048, 4096}, 256, 2048),
        CAVITY("cavity", "acoustic cavity(N/2 inputs, N/2 controls, N outputs)", "an acoustic cavity", "N (sources = outputs)",
                "24*B*N^2 (three complex [B,N]x[N,N] products)",
                new int[] {64, 128, 256, 512, 1024, 2048}, 256, 2048);

        /** The name the PyTorch reference takes ({@code --layer}). */
        final String key;
        /** What one step runs, for tables. */
        final String title;
        /** Its short name, for the plot's panel title. */
        final String shortTitle;
        final String axis;
        /** The FLOP count, as printed. */
        final String flopsFormula;
        /** Sizes of the N sweep at batch 32. */
        final int[] sizes;
        /** Where the batch sweep runs (quick; full adds {@code batchSizeFull}). */
        final int batchSweepN, batchSweepNFull;

        Layer(String key, String title, String shortTitle, String axis, String flopsFormula, int[] sizes, int batchSweepN,
              int batchSweepNFull) {
            this.key = key;
            this.title = title;
            this.shortTitle = shortTitle;
            this.axis = axis;
            this.flopsFormula = flopsFormula;
            this.sizes = sizes;
            this.batchSweepN = batchSweepN;
            this.batchSweepNFull = batchSweepNFull;
        }

        /** Counted FLOPs of one PAT step at size n and batch b (see the class comment). */
        double flops(int n, int batch) {
            return switch (this) {
                case OSCILLATORS -> 160.0 * batch * n * (double) n;
                case SHG -> {
                    int p = paddedLength(n);
                    yield 30.0 * batch * p * (Math.log(p) / Math.log(2));
                }
                case CAVITY -> 24.0 * batch * n * (double) n;
            };
        }

        /** The grid: the N sweep at batch 32, then the batch sweep (quick: 8, 64, 256 at one N; full: 8-256 at two). */
        List<int[]> grid(boolean quick) {
            List<int[]> g = new ArrayList<>();
            for (int n : sizes) g.add(new int[] {n, 32});
            int[] batches = quick ? new int[] {8, 64, 256} : new int[] {8, 16, 64, 128, 256};
            for (int n : quick ? new int[] {batchSweepN} : new int[] {batchSweepN, batchSweepNFull})
                for (int b : batches) g.add(new int[] {n, b});
            return g;
        }

        /** The substrate at size n. */
        Substrate substrate(int n) {
            return switch (this) {
                // as the reference's oscillator_layer and the Fashion-MNIST network's layers: C's diagonal a self-coupling
                case OSCILLATORS -> CoupledOscillators.of(n).uniformInit(1 / Math.sqrt(n)).selfCoupling(true)
                        .inputNoiseObserved(true);
                case SHG -> Shg.of(n, n / 2, 16);
                case CAVITY -> Cavity.acoustic(n / 2, n - n / 2, n);
            };
        }
    }

    /** The SHG autoconvolution's FFT length for n bins: the power of two at least 2n − 1 (as {@code Autoconvolution}). */
    static int paddedLength(int n) {
        int out = 2 * n - 1;
        int p = Integer.highestOneBit(Math.max(1, out - 1)) << 1;
        return p < out ? p << 1 : p;
    }

    /** One measured point. */
    record Point(Layer layer, int n, int batch, double seconds) {
        /** Counted FLOPs of one PAT step ({@link Layer#flops}). */
        double flops() {
            return layer.flops(n, batch);
        }
    }

    /** Oscillator counts of the oscillators' N sweep. */
    static final int[] SIZES = Layer.OSCILLATORS.sizes;

    /** The oscillators' grid (see {@link Layer#grid}). */
    static List<int[]> grid(boolean quick) {
        return Layer.OSCILLATORS.grid(quick);
    }

    /** Relative difference (‖a − b‖ / ‖a‖) above which the PyTorch reference's model is not the same as pnn4j's. */
    static final double CHECK_TOLERANCE = 1e-4;

    static int run(boolean quick, boolean javaOnly, boolean checkOnly, PrintStream out) throws Exception {
        Path root = Bench.projectRoot();
        Path script = root.resolve("bench/pytorch/pnn_reference.py");
        String python = System.getenv().getOrDefault("PNN4J_PYTHON", "/usr/bin/python3");
        String skipped = javaOnly ? "--java-only" : Bench.torchMissingReason(python, script);
        if (checkOnly) {
            if (skipped != null) {
                out.println("the check needs the PyTorch reference, which cannot run: " + skipped);
                return 1;
            }
            return check(out, python, script) ? 0 : 1;
        }
        if (skipped == null && !check(out, python, script)) {
            out.println("the PyTorch reference computes something else than pnn4j (above): no timings compared");
            return 1;
        }
        double budget = quick ? 0.5 : 2.0;
        out.println("GEMM " + Kernels.gemmDescription() + "; " + Kernels.threads() + " thread(s)");
        double javaPeak = javaPeak();
        out.printf(Locale.ROOT, "pnn4j peak: %.1f GFLOP/s (best of three 2048^3 products, Kernels.gemm)%n", javaPeak / 1e9);
        Map<Layer, List<Point>> ours = new LinkedHashMap<>(), torch = new LinkedHashMap<>();
        double torchPeak = Double.NaN;
        String torchBlas = null, invalid = null;
        for (Layer layer : Layer.values()) {
            List<int[]> grid = layer.grid(quick);
            // JIT warm-up of the whole step before the first point (else the small sizes, timed first, pay for C2)
            long w0 = System.nanoTime();
            while (System.nanoTime() - w0 < (quick ? 2e9 : 3e9)) javaPoint(layer, layer.sizes[1], 32, 0);
            List<Point> pts = new ArrayList<>();
            for (int[] p : grid) {
                Point pt = javaPoint(layer, p[0], p[1], budget);
                pts.add(pt);
                out.printf(Locale.ROOT, "  pnn4j   %-11s N %5d batch %4d: %10.3f ms  %7.1f GFLOP/s%n", layer.key, pt.n(),
                        pt.batch(), 1e3 * pt.seconds(), pt.flops() / pt.seconds() / 1e9);
            }
            ours.put(layer, pts);
            if (skipped != null) continue;
            StringBuilder spec = new StringBuilder();
            for (int[] p : grid) spec.append(spec.length() == 0 ? "" : ",").append(p[0]).append(':').append(p[1]);
            List<Point> best = null;
            for (int threads = 1; threads <= 2; threads++) {
                Map<String, String> info = new LinkedHashMap<>();
                List<Point> tp = pythonPoints(out, python, script, layer, spec.toString(), threads, budget, info);
                double peak = Double.parseDouble(info.getOrDefault("gflops", "NaN")) * 1e9;
                if (!(peak <= torchPeak)) torchPeak = peak;
                if (layer == Layer.OSCILLATORS)
                    torchBlas = (torchBlas == null ? "" : torchBlas + "; ") + BlasBaseline.describe(info);
                if (invalid == null) invalid = BlasBaseline.invalidReason(info);
                if (best == null) best = tp;
                else for (int i = 0; i < tp.size(); i++)
                    if (tp.get(i).seconds() < best.get(i).seconds()) best.set(i, tp.get(i));
            }
            torch.put(layer, best);
        }
        if (skipped != null) out.println("PyTorch side skipped: " + skipped);
        double peak = Double.isNaN(torchPeak) ? javaPeak : Math.max(javaPeak, torchPeak);
        out.println();
        out.println("load average " + Bench.loadAverage() + "; " + Runtime.getRuntime().availableProcessors() + " cores");
        out.println("one PAT step: device forward + model forward + backward to the input and parameters; % of peak: of the"
                + " measured peak " + String.format(Locale.ROOT, "%.1f", peak / 1e9)
                + " GFLOP/s (the faster side's best 2048^3 sgemm)");
        for (Layer layer : Layer.values()) {
            out.println();
            out.println(layer.title + "; FLOPs = " + layer.flopsFormula);
            String fmt = "%6s %6s %12s %9s %7s %12s %9s %7s %8s%n";
            out.printf(Locale.ROOT, fmt, "N", "batch", "pnn4j ms", "GFLOP/s", "% peak", "torch ms", "GFLOP/s", "% peak", "ratio");
            List<Point> o = ours.get(layer), t = torch.get(layer);
            for (int i = 0; i < o.size(); i++) {
                Point a = o.get(i), b = t == null ? null : t.get(i);
                out.printf(Locale.ROOT, fmt, a.n(), a.batch(), f(1e3 * a.seconds()), f(a.flops() / a.seconds() / 1e9),
                        f(100 * a.flops() / a.seconds() / peak),
                        b == null ? "-" : f(1e3 * b.seconds()), b == null ? "-" : f(b.flops() / b.seconds() / 1e9),
                        b == null ? "-" : f(100 * b.flops() / b.seconds() / peak),
                        b == null ? "-" : invalid != null ? "INVALID" : String.format(Locale.ROOT, "%.2fx", b.seconds() / a.seconds()));
            }
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

    /** The substrate's parameters at their initial values, drawn from {@code rng}. */
    static Params initialParams(Substrate s, Rng rng) {
        List<Parameter> ps = new ArrayList<>();
        for (ParameterSpec spec : s.parameters()) ps.add(spec.create(rng));
        return Params.of(s.name(), ps);
    }

    /** One PAT step of oscillators(n) (see {@link #javaPoint(Layer, int, int, double)}). */
    static Point javaPoint(int n, int batch, double budget) {
        return javaPoint(Layer.OSCILLATORS, n, batch, budget);
    }

    /**
     * One PAT step of this layer at size n and this batch (the device forward, the model forward, its backward to x
     * and θ for the upstream gradient w): warm-up steps for 1 s (at least 2), then the median of up to 10 within the
     * budget (at least one).
     */
    static Point javaPoint(Layer layer, int n, int batch, double budget) {
        Substrate s = layer.substrate(n);
        Rng rng = new Rng(1);
        Params theta = initialParams(s, rng);
        Tensor x = Tensor.uniform(rng, s.inputMin(), s.inputMax(), batch, s.inputSize()).requiresGrad(true);
        Tensor w = Tensor.uniform(rng, -1, 1, batch, s.outputSize());
        PhysicalDevice device = s.device(3);
        List<String> names = s.parameters().stream().map(ParameterSpec::name).toList();
        Runnable step = () -> {
            for (String name : names) theta.get(name).zeroGrad();
            x.zeroGrad();
            device.forward(x, theta);
            s.model(x, theta).mul(w).sum().backward();
        };
        long warm0 = System.nanoTime();
        for (int i = 0; i < 2 || (i < 20 && System.nanoTime() - warm0 < 1e9); i++) step.run();
        List<Double> times = new ArrayList<>();
        double spent = 0;
        while (times.size() < 10 && (times.isEmpty() || spent < budget)) {
            long t0 = System.nanoTime();
            step.run();
            double sec = (System.nanoTime() - t0) / 1e9;
            times.add(sec);
            spent += sec;
        }
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Point(layer, n, batch, sorted[sorted.length / 2]);
    }

    // ---------------------------------------------------------------- the reference computes what pnn4j computes

    /** One case of the check: the reference's layer name, pnn4j's substrate, its size and a batch. */
    record CheckCase(String key, Substrate substrate, int n, int batch) {}

    /**
     * The cases of the check: the three scaling layers (SHG 32 runs pnn4j's direct autoconvolution, 64 its FFT) and
     * the bench's vowel layer, {@code pendula(48)} (200 RK4 steps from θ = 0.5·x).
     */
    static final List<CheckCase> CHECK_CASES = List.of(
            new CheckCase(Layer.OSCILLATORS.key, Layer.OSCILLATORS.substrate(24), 24, 4),
            new CheckCase(Layer.SHG.key, Layer.SHG.substrate(32), 32, 4),
            new CheckCase(Layer.SHG.key, Layer.SHG.substrate(64), 64, 4),
            new CheckCase(Layer.CAVITY.key, Layer.CAVITY.substrate(16), 16, 4),
            new CheckCase("pendula", org.pnn4j.physics.oscillators.PendulaRing.of(48), 48, 4));

    /**
     * Writes, for each of {@link #CHECK_CASES}, the inputs, parameters, upstream gradient, pnn4j's model output and its
     * gradients (and the cavity's scattering matrix, which the reference cannot draw from pnn4j's generator) as raw
     * little-endian float32 files with a {@code cases.txt} index; the reference ({@code --check DIR}) recomputes them
     * from its own implementation and prints {@code CHECK} lines with the relative differences. True when every
     * difference is within {@link #CHECK_TOLERANCE}.
     */
    static boolean check(PrintStream out, String python, Path script) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pnn4j-scaling-check");
        try {
            writeCheckCases(dir);
            ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--check", dir.toString(),
                    "--tolerance", "" + CHECK_TOLERANCE).redirectErrorStream(true);
            pb.environment().putAll(Map.of("OMP_NUM_THREADS", "1"));
            Process p = pb.start();
            boolean failed = false;
            int lines = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    out.println("  [check] " + line);
                    if (line.startsWith("CHECK ")) lines++;
                    if (line.startsWith("CHECK ") && line.contains(" FAIL")) failed = true;
                }
            }
            int code = p.waitFor();
            boolean ok = code == 0 && !failed && lines == CHECK_CASES.size();
            out.println(ok ? "check: the PyTorch reference's oscillators, SHG, cavity and pendula models give pnn4j's outputs and"
                    + " gradients (relative difference at most " + CHECK_TOLERANCE + ")"
                    : "check FAILED: exit code " + code + ", " + lines + " of " + CHECK_CASES.size() + " cases reported");
            return ok;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        }
    }

    /** The files {@link #check} hands the reference, in {@code dir}. */
    static void writeCheckCases(Path dir) throws IOException {
        StringBuilder index = new StringBuilder();
        for (CheckCase c : CHECK_CASES) {
            int n = c.n(), batch = c.batch();
            Substrate s = c.substrate();
            Rng rng = new Rng(7 + n);
            Params theta = initialParams(s, rng);
            Tensor x = Tensor.uniform(rng, s.inputMin(), s.inputMax(), batch, s.inputSize()).requiresGrad(true);
            Tensor w = Tensor.uniform(rng, -1, 1, batch, s.outputSize());
            Tensor y = s.model(x, theta);
            y.mul(w).sum().backward();
            String name = c.key() + "-" + n;
            index.append(name).append(' ').append(c.key()).append(' ').append(n).append(' ').append(batch);
            writeFloats(dir.resolve(name + ".x.f32"), x);
            writeFloats(dir.resolve(name + ".w.f32"), w);
            writeFloats(dir.resolve(name + ".y.f32"), y);
            writeFloats(dir.resolve(name + ".gx.f32"), x.grad());
            for (ParameterSpec spec : s.parameters()) {
                index.append(' ').append(spec.name());
                writeFloats(dir.resolve(name + ".p." + spec.name() + ".f32"), theta.get(spec.name()));
                writeFloats(dir.resolve(name + ".g." + spec.name() + ".f32"), theta.get(spec.name()).grad());
            }
            if (s instanceof Cavity cavity) {
                ComplexTensor t = cavity.scattering();
                writeFloats(dir.resolve(name + ".tre.f32"), t.re());
                writeFloats(dir.resolve(name + ".tim.f32"), t.im());
            }
            index.append('\n');
        }
        Files.writeString(dir.resolve("cases.txt"), index.toString());
    }

    private static void writeFloats(Path file, Tensor t) throws IOException {
        float[] v = t.array();
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        Files.write(file, b.array());
    }

    // ---------------------------------------------------------------- the PyTorch side

    private static List<Point> pythonPoints(PrintStream out, String python, Path script, Layer layer, String spec,
                                            int threads, double budget, Map<String, String> info)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), "--scaling", spec, "--layer", layer.key,
                "--threads", "" + threads, "--budget", "" + budget).redirectErrorStream(true);
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
                    pts.add(new Point(layer, Integer.parseInt(kv.get("n")), Integer.parseInt(kv.get("batch")),
                            Double.parseDouble(kv.get("seconds"))));
                else if (line.startsWith("BLAS ") || line.startsWith("PEAK ")) info.putAll(kv);
            }
        }
        int code = p.waitFor();
        if (code != 0 || pts.size() != spec.split(",").length)
            throw new IOException("the PyTorch scaling run of " + layer.key + " (" + threads + " thread(s)) failed: exit code "
                    + code + ", " + pts.size() + " of " + spec.split(",").length + " points");
        return pts;
    }

    // ---------------------------------------------------------------- the plot

    /**
     * One figure, a log-log panel per layer: time per step against N at batch 32, both sides, with the time the
     * counted FLOPs would take at the measured peak; out/bench-scaling.png.
     */
    private static Path plot(Map<Layer, List<Point>> ours, Map<Layer, List<Point>> torch, double peak) throws IOException {
        List<BufferedImage> panels = new ArrayList<>();
        for (Layer layer : Layer.values()) {
            XYChart chart = new XYChartBuilder().width(620).height(560)
                    .title("One PAT step of " + layer.shortTitle + ", batch 32")
                    .xAxisTitle(layer.axis).yAxisTitle("seconds per step").build();
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setYAxisLogarithmic(true);
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
            addSeries(chart, "pnn4j", ours.get(layer));
            if (torch.get(layer) != null) addSeries(chart, "PyTorch (faster of 1, 2 threads)", torch.get(layer));
            double[] ns = new double[layer.sizes.length], bound = new double[layer.sizes.length];
            for (int i = 0; i < ns.length; i++) {
                ns[i] = layer.sizes[i];
                bound[i] = layer.flops(layer.sizes[i], 32) / peak;
            }
            chart.addSeries(String.format(Locale.ROOT, "%s FLOPs at the peak (%.0f GFLOP/s)",
                            layer == Layer.SHG ? "nominal FFT" : "counted", peak / 1e9), ns, bound)
                    .setMarker(SeriesMarkers.NONE);
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        int w = panels.stream().mapToInt(BufferedImage::getWidth).sum();
        int h = panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
        BufferedImage all = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, w, h);
        int x = 0;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        Path dir = Path.of("out");
        Files.createDirectories(dir);
        Path png = dir.resolve("bench-scaling.png");
        ImageIO.write(all, "png", png.toFile());
        return png;
    }

    private static void addSeries(XYChart chart, String name, List<Point> pts) {
        double[] x = pts.stream().filter(p -> p.batch() == 32).mapToDouble(Point::n).toArray();
        double[] y = pts.stream().filter(p -> p.batch() == 32).mapToDouble(Point::seconds).toArray();
        chart.addSeries(name, x, y);
    }
}
