package org.pnn4j.cli;

import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.pendula;
import static org.pnn4j.Pnn.tanh;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
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
import java.util.concurrent.TimeUnit;
import org.pnn4j.Network;
import org.pnn4j.Pnn;
import org.pnn4j.data.Augmentation;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.DatasetMissingException;
import org.pnn4j.data.Datasets;
import org.pnn4j.data.Split;
import org.pnn4j.data.Vowels;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.tensor.kernels.Kernels;
import org.pnn4j.train.Evaluation;
import org.pnn4j.train.History;
import org.pnn4j.train.Method;
import org.pnn4j.train.Trainer;

/**
 * {@code pnn4j bench}: physics-aware training of two tasks, pnn4j against an independent PyTorch reference
 * ({@code bench/pytorch/pnn_reference.py}) on the same arrays, network, batch size, epochs and learning rate. The
 * Fashion-MNIST task runs on the PyTorch side twice: that file's own implementation, and the same network computed in
 * the published PAT example's code structure ({@code --style published}).
 * Each side of each task runs in its own process (a child JVM running {@link #main}, and {@code /usr/bin/python3}),
 * so each peak RSS is that task's alone.
 */
final class Bench {
    /** Flags of the pnn4j side's JVM unless PNN4J_BENCH_JVM_OPTS says otherwise. */
    static final String DEFAULT_JVM_OPTIONS = "-XX:+UseSerialGC -Xmx192m -Xmn32m";

    static final String HELP = "Trains two physics-aware (PAT) tasks with pnn4j and with an independent PyTorch reference\n"
            + "(bench/pytorch/pnn_reference.py, run by /usr/bin/python3 with torch on 1 and on 2 threads) on the same\n"
            + "data, network, batch size, steps and learning rate, and prints one table: samples/s, s/epoch, evaluation\n"
            + "samples/s, peak RSS, test accuracy on the simulated device, and pnn4j / PyTorch ratios against PyTorch's\n"
            + "faster thread setting. Each side's BLAS and SIMD level are printed; when PyTorch calls the reference BLAS\n"
            + "(Debian's libblas3, about 10x slower products) every ratio is printed as INVALID.\n\n"
            + "Tasks:\n"
            + "  vowels  linear(12,48) tanh pendula(48) linear(48,48) tanh pendula(48) linear(48,7); batch 16, Adam 0.02\n"
            + "  fmnist  the Fashion-MNIST reference network (Pnn.fashionMnistOscillators): 16 patches of 7x7 padded to\n"
            + "          100 -> one shared oscillators(100) -> concat, pad to 1610 -> oscillators(1610) -> last 10 x scale;\n"
            + "          batch 32, Adam 1e-3, random horizontal flips (needs ./pnn4j datasets; skipped when missing);\n"
            + "          PyTorch runs it twice: pnn_reference.py's own implementation (pytorch), and the same network\n"
            + "          computed in the published PAT example's code structure (pytorch-pub: [..., N, 2] state, Q rebuilt\n"
            + "          at every RK4 stage, torch.autograd.functional.vjp in the backward), the code researchers run\n\n"
            + "Options:\n"
            + "  (none)   vowels 12 epochs; fmnist 2 epochs of 1600 train images (100 steps), 1000 test (about 10 minutes)\n"
            + "  --quick  vowels 3 epochs; fmnist 2 epochs of 320 train images (20 steps), 320 test (under 5 minutes)\n"
            + "  --smoke  two steps of each task on each side: keeps the code working (CI)\n"
            + "  --scaling  instead of the tasks: the cost curves of one PAT step of three layers, oscillators(N) N 100-3200,\n"
            + "           shg(bins=N) N 64-4096, an acoustic cavity of N sources N 64-2048, at batch 32, and batch 8-256 at one\n"
            + "           N (two without --quick); both sides, ms, GFLOP/s of the counted FLOPs and % of a measured 2048^3\n"
            + "           sgemm peak; a log-log plot (a panel per layer) in out/bench-scaling.png (--quick: 3.5 min at load 9). First\n"
            + "           checks that the PyTorch reference's models give pnn4j's outputs and gradients\n"
            + "  --scaling --check  that check alone (seconds; CI runs it): exit 1 when the two sides differ\n"
            + "  --java-only  skip the PyTorch side (also skipped, with the reason, when torch is not installed)\n\n"
            + "The PyTorch reference lives in bench/pytorch/ beside this checkout; PNN4J_PYTHON overrides /usr/bin/python3.\n"
            + "The pnn4j side runs in a child JVM with " + DEFAULT_JVM_OPTIONS + "; PNN4J_BENCH_JVM_OPTS replaces those flags.";

    /** One task's sizes and training settings. */
    private record Task(String name, String description, int features, int classes, int width, int batch,
                        double lr, int epochs) {}

    /** What one side printed: its RESULT line's key=value pairs (and its GEMM line, key "gemm", on pnn4j's side). */
    private record Result(Map<String, String> values) {
        double get(String key) {
            String v = values.get(key);
            return v == null ? Double.NaN : Double.parseDouble(v);
        }
    }

    private Bench() {}

    static int run(String[] args, PrintStream out) throws Exception {
        String mode = "full";
        boolean javaOnly = false, scaling = false, check = false;
        for (String a : args) {
            switch (a) {
                case "--scaling" -> scaling = true;
                case "--check" -> check = true;
                case "--quick" -> mode = "quick";
                case "--smoke" -> mode = "smoke";
                case "--java-only" -> javaOnly = true;
                default -> throw new Main.UsageException("unexpected argument '" + a + "'");
            }
        }
        if (scaling) {
            if (mode.equals("smoke")) throw new Main.UsageException("--scaling takes --quick or nothing, not --smoke");
            if (check && (javaOnly || mode.equals("quick")))
                throw new Main.UsageException("--scaling --check takes no other option (it runs the check alone)");
            return BenchScaling.run(mode.equals("quick"), javaOnly, check, out);
        }
        if (check) throw new Main.UsageException("--check goes with --scaling: ./pnn4j bench --scaling --check");
        Path root = projectRoot();
        Path script = root.resolve("bench/pytorch/pnn_reference.py");
        String python = System.getenv().getOrDefault("PNN4J_PYTHON", "/usr/bin/python3");
        String skipped = javaOnly ? "--java-only" : torchMissing(python, script);
        if (skipped != null) out.println("PyTorch comparison skipped: " + skipped);

        Path dir = Files.createTempDirectory("pnn4j-bench");
        List<String[]> rows = new ArrayList<>();
        List<String> blas = new ArrayList<>();
        try {
            boolean smoke = mode.equals("smoke");
            // vowels: 210 train / 49 test
            Task vowels = new Task("vowels", "vowels 2x pendula(48) PAT", 12, 7, 48, 16, 0.02,
                    mode.equals("full") ? 12 : mode.equals("quick") ? 3 : 1);
            Split vs = Vowels.split(Vowels.load(sharedDatasets(root).resolve("vowels/vowdata.dat")), 1);
            compare(out, vowels, smoke ? head(vs.train(), 2 * vowels.batch()) : vs.train(), vs.test(), dir, python,
                    script, skipped, rows, blas);

            // two epochs, so that the last one shows the warm (JIT-compiled) speed
            Task fm = new Task("fmnist", "FMNIST oscillators(100)x16+(1610)", 784, 10, 1610, 32, 1e-3, smoke ? 1 : 2);
            int nTrain = mode.equals("full") ? 1600 : mode.equals("quick") ? 320 : 2 * fm.batch();
            int nTest = mode.equals("full") ? 1000 : mode.equals("quick") ? 320 : fm.batch();
            Dataset fTrain, fTest;
            try {
                fTrain = head(Datasets.fashionMnist(true), nTrain);
                fTest = head(Datasets.fashionMnist(false), nTest);
            } catch (DatasetMissingException e) {
                out.println("fmnist skipped: " + e.getMessage());
                fTrain = fTest = null;
            }
            if (fTrain != null) compare(out, fm, fTrain, fTest, dir, python, script, skipped, rows, blas);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
        out.println();
        out.println("mode " + mode + "; load average " + loadAverage() + "; " + Runtime.getRuntime().availableProcessors()
                + " cores; pnn4j JVM flags: " + childJvmOptions() + " (PNN4J_BENCH_JVM_OPTS)");
        String fmt = "%-34s %-14s %10s %9s %12s %10s %7s %6s %9s %10s %9s%n";
        out.printf(Locale.ROOT, fmt, "task", "side", "samples/s", "s/epoch", "last ep sa/s", "eval sa/s", "RSS MB",
                "acc %", "sps ratio", "last ratio", "RSS ratio");
        for (String[] r : rows) out.printf(Locale.ROOT, fmt, (Object[]) r);
        out.println("ratios on each PyTorch row: pnn4j / that row, measured in this run (samples/s: higher is better; "
                + "RSS: lower is better)");
        out.println("pytorch Nt: bench/pytorch/pnn_reference.py on N torch threads (ratios on the faster one); pytorch-pub:"
                + " the same network in the published PAT example's code structure (--style published), at that thread count");
        out.println("BLAS and SIMD in use:");
        for (String b : blas) out.println("  " + b);
        for (String b : blas)
            if (b.contains("INVALID")) {
                out.println();
                out.println("!!!!! RATIOS INVALID !!!!! " + b);
            }
        return 0;
    }

    private static void compare(PrintStream out, Task t, Dataset train, Dataset test, Path dir, String python,
                                Path script, String skipped, List<String[]> rows, List<String> blas) throws Exception {
        write(dir.resolve(t.name() + "-train"), train);
        write(dir.resolve(t.name() + "-test"), test);
        List<String> common = List.of(t.name(), dir.toString(), "" + train.size(), "" + test.size(), "" + t.features(),
                "" + t.classes(), "" + t.width(), "" + t.epochs(), "" + t.batch(), "" + t.lr());
        out.printf(Locale.ROOT, "%s: %d train / %d test samples, batch %d, %d epoch(s), Adam %g%n", t.description(),
                train.size(), test.size(), t.batch(), t.epochs(), t.lr());
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) java.add(a);
        for (String o : childJvmOptions().split("\\s+")) if (!o.isEmpty()) java.add(o);
        java.add("-cp");
        java.add(System.getProperty("java.class.path"));
        java.add(Bench.class.getName());
        java.addAll(common);
        Result ours = child(out, "pnn4j", java, Map.of());
        blas.add(t.name() + " pnn4j: " + ours.values().getOrDefault("gemm", "?") + "; " + Kernels.threads()
                + " thread(s) (pnn4j.threads)");
        Result ref = null, published = null, other = null;
        String invalid = null;
        int best = 1;
        if (skipped == null) {
            List<String> py = new ArrayList<>(List.of(python, script.toString(), "--task", t.name(), "--data",
                    dir.toString(), "--train", "" + train.size(), "--test", "" + test.size(), "--features",
                    "" + t.features(), "--classes", "" + t.classes(), "--width", "" + t.width(), "--epochs",
                    "" + t.epochs(), "--batch", "" + t.batch(), "--lr", "" + t.lr()));
            Result one = child(out, "pytorch 1t", withThreads(py, 1), threadEnv(1));
            Result two = child(out, "pytorch 2t", withThreads(py, 2), threadEnv(2));
            best = two.get("train_sps") > one.get("train_sps") ? 2 : 1;
            ref = best == 2 ? two : one;
            other = best == 2 ? one : two;
            invalid = BlasBaseline.invalidReason(ref.values());
            if (invalid == null) invalid = BlasBaseline.invalidReason(other.values());
            blas.add(t.name() + " pytorch 1t: " + BlasBaseline.describe(one.values()));
            blas.add(t.name() + " pytorch 2t: " + BlasBaseline.describe(two.values()));
            if (invalid != null) blas.add(t.name() + ": " + invalid);
            if (t.name().equals("fmnist")) {
                // the same network computed the way the PAT paper's published example computes it
                py.addAll(List.of("--style", "published"));
                published = child(out, "pytorch-pub " + best + "t", withThreads(py, best), threadEnv(best));
            }
        }
        rows.add(row(t.description(), "pnn4j", ours, null, null));
        if (ref != null) {
            rows.add(row("", "pytorch " + best + "t", ref, ours, invalid));
            rows.add(row("", "pytorch " + (3 - best) + "t", other, null, null));
        }
        if (published != null) rows.add(row("", "pytorch-pub " + best + "t", published, ours, invalid));
    }

    private static List<String> withThreads(List<String> py, int threads) {
        List<String> c = new ArrayList<>(py);
        c.addAll(List.of("--threads", "" + threads));
        return c;
    }

    private static Map<String, String> threadEnv(int threads) {
        return Map.of("OMP_NUM_THREADS", "" + threads, "MKL_NUM_THREADS", "" + threads, "OPENBLAS_NUM_THREADS",
                "" + threads);
    }

    /**
     * One table row for side r; the ratio columns compare pnn4j's result {@code ours} with r (empty when null, the
     * word INVALID when {@code invalid}, the reason r is no honest baseline, is not null).
     */
    private static String[] row(String task, String side, Result r, Result ours, String invalid) {
        String sps = "", rss = "", last = "";
        if (ours != null && invalid != null) {
            sps = last = rss = "INVALID";
        } else if (ours != null) {
            sps = String.format(Locale.ROOT, "%.2fx", ours.get("train_sps") / r.get("train_sps"));
            last = String.format(Locale.ROOT, "%.2fx", r.get("last_epoch_s") / ours.get("last_epoch_s"));
            rss = String.format(Locale.ROOT, "%.2f", ours.get("peak_rss_mb") / r.get("peak_rss_mb"));
        }
        return new String[] {task, side, f(r.get("train_sps"), 1), f(r.get("s_per_epoch"), 3),
                f(r.get("epoch_samples") / r.get("last_epoch_s"), 1), f(r.get("eval_sps"), 0),
                f(r.get("peak_rss_mb"), 0), f(100 * r.get("accuracy"), 1), sps, last, rss};
    }

    private static String f(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** Runs one side, echoes its output indented, returns its RESULT line; throws when it fails. */
    private static Result child(PrintStream out, String side, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        Map<String, String> values = null;
        String gemm = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("WARNING: Using incubator modules")) continue;
                out.println("  [" + side + "] " + line);
                if (line.startsWith("GEMM ")) gemm = line.substring(5).trim();
                if (line.startsWith("RESULT ")) {
                    values = new LinkedHashMap<>();
                    for (String kv : line.substring(7).trim().split("\\s+")) {
                        int eq = kv.indexOf('=');
                        if (eq > 0) values.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            }
        }
        int code = p.waitFor();
        if (code != 0 || values == null)
            throw new IOException(side + " side failed (exit code " + code + (values == null ? ", no RESULT line" : "")
                    + "): " + String.join(" ", command.subList(0, Math.min(3, command.size()))) + " ...");
        if (gemm != null) values.put("gemm", gemm);
        return new Result(values);
    }

    /**
     * Extra flags of the pnn4j side's JVM: {@code $PNN4J_BENCH_JVM_OPTS}, default a serial collector, a 192 MB
     * heap and a 32 MB young generation (measured: 384 MB gave the same speed at 1.7 times the RSS, 176 MB was 8%
     * slower; the 1610-oscillator layer's coupling, its gradient and Adam's moments are 10 MB each) (G1 with the default heap, a quarter of the machine's memory, lets the heap and so the RSS grow to
     * 2-3 times what the task needs; the time is the same within noise).
     */
    static String childJvmOptions() {
        return System.getenv().getOrDefault("PNN4J_BENCH_JVM_OPTS", DEFAULT_JVM_OPTIONS);
    }

    /** Null when python has torch and the script exists, else why the comparison is skipped. */
    static String torchMissingReason(String python, Path script) throws InterruptedException {
        return torchMissing(python, script);
    }

    /** Null when python has torch and the script exists, else why the comparison is skipped. */
    private static String torchMissing(String python, Path script) throws InterruptedException {
        if (!Files.isRegularFile(script)) return "no reference script at " + script;
        if (!Files.isExecutable(Path.of(python))) return python + " not found";
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return python + " -c 'import torch' did not finish in 60 s";
            }
            if (p.exitValue() != 0) {
                String last = text.lines().reduce((a, b) -> b).orElse("exit code " + p.exitValue());
                return python + " cannot import torch (" + last + "); install it with apt-get install -y python3-torch";
            }
            return null;
        } catch (IOException e) {
            return "cannot run " + python + ": " + e.getMessage();
        }
    }

    /** The repository root: where bench/pytorch and ../shared are found (PNN4J_HOME, else the working directory). */
    static Path projectRoot() {
        String home = System.getenv("PNN4J_HOME");
        return Path.of(home != null ? home : "").toAbsolutePath();
    }

    /** {@code $PNN4J_SHARED/datasets}, else the first {@code shared/datasets} walking up from {@code root}. */
    static Path sharedDatasets(Path root) {
        String given = System.getenv("PNN4J_SHARED");
        if (given != null) return Path.of(given).resolve("datasets");
        for (Path d = root; d != null; d = d.getParent())
            if (Files.isDirectory(d.resolve("shared/datasets"))) return d.resolve("shared/datasets");
        throw new DatasetMissingException(root.resolve("../shared/datasets"), "no shared/datasets folder (with"
                + " vowels/vowdata.dat) found walking up from " + root + "; set PNN4J_SHARED to the shared folder");
    }

    static String loadAverage() {
        try {
            String[] t = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return t[0] + " " + t[1] + " " + t[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Dataset head(Dataset d, int n) {
        int[] idx = new int[Math.min(n, d.size())];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return d.subset(idx);
    }

    private static void write(Path prefix, Dataset d) throws IOException {
        float[] x = d.features().toArray();
        ByteBuffer b = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(x);
        Files.write(Path.of(prefix + ".x.f32"), b.array());
        int[] y = d.labels();
        ByteBuffer l = ByteBuffer.allocate(4 * y.length).order(ByteOrder.LITTLE_ENDIAN);
        l.asIntBuffer().put(y);
        Files.write(Path.of(prefix + ".y.i32"), l.array());
    }

    private static Dataset read(Path prefix, int rows, int cols, int classes) throws IOException {
        float[] x = new float[rows * cols];
        ByteBuffer.wrap(Files.readAllBytes(Path.of(prefix + ".x.f32"))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x);
        int[] y = new int[rows];
        ByteBuffer.wrap(Files.readAllBytes(Path.of(prefix + ".y.i32"))).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(y);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) names.add("class " + i);
        return Dataset.classification(prefix.getFileName().toString(), Tensor.wrap(x, rows, cols), y, names);
    }

    /**
     * The pnn4j side of one task, in its own JVM so that its peak RSS (VmHWM) is the task's alone. Arguments: task,
     * data folder, train size, test size, features, classes, width, epochs, batch, learning rate. Prints one
     * {@code RESULT key=value ...} line.
     *
     * @throws IOException if the data files cannot be read
     */
    public static void main(String[] a) throws IOException {
        String task = a[0];
        Path dir = Path.of(a[1]);
        int nTrain = Integer.parseInt(a[2]), nTest = Integer.parseInt(a[3]), features = Integer.parseInt(a[4]),
                classes = Integer.parseInt(a[5]), width = Integer.parseInt(a[6]), epochs = Integer.parseInt(a[7]),
                batch = Integer.parseInt(a[8]);
        double lr = Double.parseDouble(a[9]);
        System.out.println("GEMM " + Kernels.gemmDescription());
        Dataset train = read(dir.resolve(task + "-train"), nTrain, features, classes);
        Dataset test = read(dir.resolve(task + "-test"), nTest, features, classes);
        boolean vowels = task.equals("vowels");
        Network net = vowels
                ? Network.of(linear(features, width), tanh(), pendula(width), linear(width, width), tanh(), pendula(width),
                        linear(width, classes))
                : Pnn.fashionMnistOscillators(0);
        net.initialize(1);
        long t0 = System.nanoTime();
        Trainer trainer = Trainer.of(net).method(Method.physicsAware()).optimizer(Optimizer.adam(lr)).epochs(epochs)
                .batchSize(batch).seed(1);
        if (!vowels) trainer = trainer.augmentation(Augmentation.horizontalFlip(28, 28));
        History h = trainer.fit(train);
        double trainS = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        double acc = Evaluation.physical(net, test).accuracy();
        double evalS = (System.nanoTime() - t1) / 1e9;
        int steps = epochs * ((nTrain + batch - 1) / batch);
        long samples = (long) epochs * nTrain;
        System.out.printf(Locale.ROOT, "RESULT steps=%d samples=%d epoch_samples=%d train_s=%.4f s_per_epoch=%.4f train_sps=%.3f "
                        + "last_epoch_s=%.4f eval_sps=%.3f accuracy=%.4f peak_rss_mb=%.1f java=%s%n", steps, samples, nTrain, trainS,
                trainS / epochs, samples / trainS, h.last().seconds(), nTest / evalS, acc, peakRssMb(), Runtime.version());
    }

    /** VmHWM of /proc/self/status in MB (NaN where there is no /proc). */
    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        } catch (IOException e) {
            // no /proc: not Linux
        }
        return Double.NaN;
    }
}
