package org.pnn4j.kernel;

import com.google.gson.GsonBuilder;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the Jupyter kernelspec {@code <dir>/share/jupyter/kernels/pnn4j/kernel.json} that starts this kernel with
 * the same java executable, JVM flags and classpath as the JVM writing it.
 */
public final class Kernelspec {
    private Kernelspec() {}

    /** The kernel's name in Jupyter ({@code jupyter console --kernel pnn4j}). */
    public static final String NAME = "pnn4j";

    /**
     * The CodeMirror mode of the cells, in {@code kernel_info_reply}'s {@code language_info}: a MIME name, which CodeMirror 5
     * (classic Notebook) resolves to its clike mode for every cell, also the ones created after the kernel started
     * (the bare name {@code "java"} is no mode of its own there, so new cells stayed plain text), and which
     * JupyterLab/Notebook 7's CodeMirror 6 finds in its language registry by MIME type.
     */
    public static final String CODEMIRROR_MODE = "text/x-java";

    /**
     * The kernel's garbage collector, unless the installing JVM's flags name one: the serial collector, which the
     * bench's JVMs use too. Measured in the kernel on the 2-core machine (2026-12-04, kernelspecs with their own
     * class-data archives, alternating), against the JVM's default G1: a first training cell (one epoch of
     * quickstart's SHG and plate network on the digits) 0.97 s against 1.70 s and the three epochs after it 1.10 s
     * against 1.15 s (medians of four fresh kernels), notebook 01's training cell 17.7-19.2 s against 19.3-21.5 s
     * (three runs), the start the same. (The command line's {@code demo} is not faster on it: 25.0-25.4 s against
     * 23.1 s, in 0.24 GB instead of 0.6-0.8 GB; the launcher keeps the default.)
     */
    static final String GC = "-XX:+UseSerialGC";

    /** The class-data archive's file name in the kernelspec's folder (see {@link #argv(Path)}). */
    public static final String CLASS_ARCHIVE = "pnn4j-kernel.jsa";

    /**
     * The kernelspec's argv: the absolute java path, this JVM's flags, the {@link #GC serial collector} when they name
     * none, on JDK 19 and later the class-data archive's flags, the classpath, then
     * {@code org.pnn4j.cli.Main kernel {connection_file}}.
     *
     * <p>The archive ({@value #CLASS_ARCHIVE} in {@code specDir}: the classes a kernel loads up to its first cell,
     * JShell's and javac's among them, already parsed and verified) cuts the kernel's start by about 0.3 s.
     * {@code -XX:+AutoCreateSharedArchive} makes a kernel that finds it missing start without it and write one when it
     * exits normally. An archive made from other jars (pnn4j rebuilt after the install) is ignored, and the JVM does
     * not rewrite it: run {@code ./pnn4j install} again to refresh it. The JVM's log lines about it are off
     * ({@code -Xlog:cds*=off}, {@code -Xlog:aot*=off}); they would only say that it is not used. Its checksums are not verified at start ({@code -XX:+VerifySharedSpaces} cost 0.3 s of the 1.7 s): the
     * JVM checks the header, the JDK's build and the jars' sizes and dates, and refuses a mismatched or truncated
     * archive.
     *
     * @param specDir the kernelspec's folder, where the archive lives
     * @return the command line Jupyter runs
     */
    public static List<String> argv(Path specDir) {
        return command(specDir, "org.pnn4j.cli.Main", "kernel", "{connection_file}");
    }

    private static List<String> command(Path specDir, String... mainAndArgs) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath().toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // agents and debug ports of the installing JVM (IDE, surefire) must not start with every kernel, nor
            // another archive's flags
            if (!flag.startsWith("-javaagent") && !flag.startsWith("-agentlib") && !flag.startsWith("-Dmaven")
                    && !flag.startsWith("-XX:SharedArchiveFile") && !flag.endsWith("AutoCreateSharedArchive")
                    && !flag.startsWith("-XX:ArchiveClassesAtExit") && !flag.endsWith("VerifySharedSpaces")
                    && !flag.startsWith("-Xlog:cds") && !flag.startsWith("-Xlog:aot")) argv.add(flag);
        }
        if (argv.stream().noneMatch(f -> f.matches("-XX:\\+Use\\w*GC"))) argv.add(GC);
        if (Runtime.version().feature() >= 19) {
            argv.add("-XX:SharedArchiveFile=" + specDir.resolve(CLASS_ARCHIVE).toAbsolutePath());
            argv.add("-XX:+AutoCreateSharedArchive");
            argv.add("-Xlog:cds*=off");
            argv.add("-Xlog:aot*=off");
        }
        StringBuilder cp = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) continue;
            if (cp.length() > 0) cp.append(File.pathSeparator);
            cp.append(Path.of(entry).toAbsolutePath());
        }
        argv.add("-cp");
        argv.add(cp.toString());
        argv.addAll(List.of(mainAndArgs));
        return argv;
    }

    /**
     * Writes {@code kernel.json} into {@code <prefix>/share/jupyter/kernels/pnn4j}. Then, on JDK 19 and later, makes
     * the kernel's class-data archive there (see {@link #argv(Path)}) by starting the kernel's evaluator once in a
     * child JVM with the kernel's command line (a few seconds); when that fails the kernelspec still works (its
     * first kernel writes the archive at exit) and {@code warnings} says why.
     *
     * @param kernelsDir the {@code .../jupyter/kernels} folder
     * @param warnings where a failed archive is reported
     * @return the kernelspec's folder
     * @throws IOException when the folder cannot be created or written
     */
    public static Path install(Path kernelsDir, java.io.PrintStream warnings) throws IOException {
        Path dir = kernelsDir.resolve(NAME);
        Files.createDirectories(dir);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv(dir));
        spec.put("display_name", "pnn4j (Java " + Runtime.version().feature() + ")");
        spec.put("language", "java");
        // "signal" would send SIGINT, which ends a JVM: interrupts come as interrupt_request messages instead
        spec.put("interrupt_mode", "message");
        spec.put("metadata", Map.of("debugger", false));
        Files.writeString(dir.resolve("kernel.json"), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n");
        if (Runtime.version().feature() >= 19) {
            String problem = writeClassArchive(dir);
            if (problem != null) warnings.println("pnn4j install: no class-data archive (" + problem
                    + "); the kernel works without it, and its first normal exit writes one");
        }
        return dir;
    }

    /** @return null when {@code dir}'s archive was written, else what went wrong */
    static String writeClassArchive(Path dir) {
        Path archive = dir.resolve(CLASS_ARCHIVE);
        try {
            Files.deleteIfExists(archive);
            Process p = new ProcessBuilder(command(dir, ClassArchive.class.getName())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "the evaluator did not start within 180 s";
            }
            if (p.exitValue() != 0) return "the evaluator's start exited with " + p.exitValue();
            return Files.isRegularFile(archive) ? null : "the JVM wrote no " + archive;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * The kernels folder an install option names.
     *
     * @param args {@code [--user | --sys-prefix | --prefix DIR]}; none means {@code --user}
     * @return the folder
     * @throws IllegalArgumentException naming the option that is wrong
     */
    public static Path kernelsDir(String[] args) {
        if (args.length == 0 || args.length == 1 && args[0].equals("--user")) {
            String data = System.getenv("JUPYTER_DATA_DIR");
            if (data != null && !data.isBlank()) return Path.of(data, "kernels");
            String xdg = System.getenv("XDG_DATA_HOME");
            Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
            return base.resolve("jupyter").resolve("kernels");
        }
        if (args.length == 1 && args[0].equals("--sys-prefix")) {
            return sysPrefix().resolve("share").resolve("jupyter").resolve("kernels");
        }
        if (args.length == 2 && args[0].equals("--prefix")) {
            return Path.of(args[1]).toAbsolutePath().resolve("share").resolve("jupyter").resolve("kernels");
        }
        throw new IllegalArgumentException("expected --user, --sys-prefix or --prefix DIR, got '" + String.join(" ", args) + "'");
    }

    /** Python's sys.prefix (where Jupyter looks with --sys-prefix): $VIRTUAL_ENV, else python3's, else /usr. */
    private static Path sysPrefix() {
        String venv = System.getenv("VIRTUAL_ENV");
        if (venv != null && !venv.isBlank()) return Path.of(venv);
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.prefix)").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() == 0 && !out.isEmpty()) return Path.of(out);
        } catch (IOException e) {
            // no python3 on PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Path.of("/usr");
    }
}
