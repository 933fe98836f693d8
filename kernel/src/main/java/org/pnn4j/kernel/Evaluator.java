package org.pnn4j.kernel;

import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;
import org.pnn4j.train.TrainingInterruptedException;

/**
 * Evaluates cells with JShell in this JVM, with the pnn4j DSL imported: a first cell can be
 * {@code Network.of(linear(4, 8), tanh())}. Used by the Jupyter kernel and the headless notebook runner.
 *
 * <p>Not thread-safe: one cell at a time; {@link #interrupt()} is the one method another thread may call.
 * A cell's {@code System.out} is the JVM's: callers redirect it around {@link #eval(String)}.
 */
public final class Evaluator implements AutoCloseable {

    /** The imports every session starts with. */
    public static final List<String> IMPORTS = List.of(
            "import static org.pnn4j.Pnn.*;",
            "import static org.pnn4j.kernel.Display.*;",
            "import org.pnn4j.*;",
            "import org.pnn4j.train.*;",
            "import org.pnn4j.data.*;",
            "import org.pnn4j.nn.*;",
            // tensor's user types one by one: its raw kernels (Kernels: packings, a 13-argument gemm) stay out of cells
            "import org.pnn4j.tensor.Tensor;",
            "import org.pnn4j.tensor.ComplexTensor;",
            "import org.pnn4j.tensor.Function;",
            "import org.pnn4j.tensor.Grad;",
            "import org.pnn4j.tensor.GradCheck;",
            "import org.pnn4j.tensor.Rng;",
            "import org.pnn4j.tensor.ShapeMismatchException;",
            "import org.pnn4j.physics.*;",
            "import org.pnn4j.noise.*;",
            "import org.pnn4j.plot.*;",
            "import org.pnn4j.twin.*;",
            "import org.pnn4j.backend.*;",
            "import tech.tablesaw.api.*;",
            "import java.util.*;",
            "import java.util.stream.*;",
            "import java.nio.file.*;");

    /** What a cell produced: the value of its last expression, if it ended with one. */
    public record Result(boolean hasValue, Object value) {
        static final Result NONE = new Result(false, null);
    }

    private static volatile Evaluator current;

    private final KernelExecutionControl control = new KernelExecutionControl();
    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    /** pnn4j's own javadoc for {@link #inspect}: JShell knows the JDK's (from its src.zip) but not a library's. */
    private volatile JavadocIndex javadoc;
    private volatile boolean running;
    /** Where each snippet JShell accepted came from (its id → cell and line), for errors raised in it later. */
    private final Map<String, ErrorFormatter.Origin> origins = new java.util.concurrent.ConcurrentHashMap<>();
    private int cellsRun;
    private String nextCellName;
    private String cellName = "In [1]";
    private int cellLineBase;
    /**
     * The classpath entries the compiler does not have yet ({@link #addClasspathLeftOut}), added when a snippet, a
     * completion or an inspection finds nothing without them; {@code null} once the compiler has the whole classpath.
     */
    private volatile String classpathLeftOut;
    /** Whether JShell's background indexing waits for the first cell ({@link JShellInternals#suspendIndexing}). */
    private boolean indexingHeld;
    /** Started after the first cell (JDK 20+) or before it (17-19): see {@link #kernelsWarmUp()}. */
    private Thread kernelsWarmUp;

    /** The javadoc index, read at the first inspection: no cell needs it before, and start-up does not wait for it. */
    private JavadocIndex javadoc() {
        JavadocIndex j = javadoc;
        if (j == null) javadoc = j = JavadocIndex.forKernel();
        return j;
    }

    /** Starts a JShell session on the JVM's classpath and evaluates {@link #IMPORTS}. */
    public Evaluator() {
        // the renderers (XChart, Tablesaw) load on another core while JShell starts; joined before the first cell
        Thread renderers = new Thread(Display::renderer, "pnn4j-renderers-init");
        renderers.start();
        shell = JShell.builder()
                .executionEngine(new KernelExecutionControl.Provider(control), Map.of())
                .out(new PrintStream(OutputStream.nullOutputStream()))
                .err(new PrintStream(OutputStream.nullOutputStream()))
                .build();
        StartTrace.mark("JShell built");
        // the compiler starts on pnn4j's API jars: with JShell's default, the JVM's whole classpath, javac opens every
        // jar at the first compilation; the others join when a snippet needs them (addClasspathLeftOut)
        List<String> classpath = java.util.Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(e -> !e.isBlank()).toList();
        List<String> api = classpath.stream().filter(Evaluator::inCompilerClasspathAtStart).toList();
        if (!api.isEmpty() && api.size() < classpath.size()
                && JShellInternals.setCompilerClasspath(shell, String.join(File.pathSeparator, api))) {
            classpathLeftOut = classpath.stream().filter(e -> !api.contains(e))
                    .collect(java.util.stream.Collectors.joining(File.pathSeparator));
        }
        analysis = shell.sourceCodeAnalysis();
        indexingHeld = JShellInternals.suspendIndexing(analysis);
        StartTrace.mark("compiler classpath set (" + (classpathLeftOut == null ? "all " : api.size() + " of ")
                + classpath.size() + " entries), indexing " + (indexingHeld ? "held" : "running"));
        // one snippet per import: JShell shortens the types in signatures (Shift-Tab, completion) by its import
        // snippets one by one, so a single snippet of all 22, though 0.1-0.2 s faster to start, would show them
        // fully qualified
        for (String imp : IMPORTS) {
            for (SnippetEvent e : shell.eval(imp)) {
                if (e.status() == Snippet.Status.REJECTED) {
                    throw new IllegalStateException("the preloaded import '" + imp + "' does not compile: "
                            + diagnostics(e.snippet()) + "; is pnn4j-dsl on the classpath?");
                }
            }
        }
        StartTrace.mark("imports compiled");
        // Display's renderers are initialized here, not by the first cell that shows or trains something: a cell
        // stopped (JDK 17: Thread.stop) during a class's initialization leaves the class unusable for the session
        try {
            renderers.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Display.renderer();
        }
        Thread kernels = kernelsWarmUp();
        if (Runtime.version().feature() < 20) {
            kernels.start();
        } else {
            kernelsWarmUp = kernels;
        }
        KernelExecutionControl.installExitGuard();
        StartTrace.mark("evaluator ready");
        current = this;
    }

    /**
     * A forward pass on its own thread that initializes the tensor kernels (the Vector API's classes among them)
     * outside any cell, without delaying kernel_info: on JDK 17-19 an interrupt stops the cell's thread, and a class
     * whose initialization it stopped stays unusable for the session (NoClassDefFoundError in every training), so it
     * starts before the first cell; a cell that needs those classes meanwhile waits for this initialization, which no
     * interrupt can stop. On 20+ an interrupt stops only the cell's own code, so it waits for the first cell to end
     * instead of taking a core from it (0.1 s of the first cell's start on a 2-core machine).
     *
     * <p>No snippet is compiled ahead of the first cell: a throw-away method that did so made the kernel report ready
     * 0.2 s later and saved the first cell 0.06 s (a {@code var net = Network.of(...)} cell, medians of five starts),
     * javac's cold start being paid by the imports.
     */
    private static Thread kernelsWarmUp() {
        Thread kernels = new Thread(() -> org.pnn4j.Network.of(org.pnn4j.Pnn.linear(2, 64), org.pnn4j.Pnn.tanh(),
                        org.pnn4j.Pnn.linear(64, 2)).forward(org.pnn4j.tensor.Tensor.randn(new org.pnn4j.tensor.Rng(1L), 1, 64, 2)),
                "pnn4j-kernels-warm-up");
        kernels.setDaemon(true);
        return kernels;
    }

    /** Which classpath entries the compiler has from the start: class folders, pnn4j's jars and its API's libraries. */
    static boolean inCompilerClasspathAtStart(String entry) {
        java.nio.file.Path file = java.nio.file.Path.of(entry).getFileName();
        String name = file == null ? entry : file.toString();
        return !name.endsWith(".jar") || name.startsWith("pnn4j-") || name.startsWith("tablesaw-core-")
                || name.startsWith("xchart-") || name.startsWith("jjava-");
    }

    /** @return whether the compiler has the JVM's whole classpath (else it has the start-up entries so far) */
    boolean compilerHasWholeClasspath() {
        return classpathLeftOut == null;
    }

    /**
     * Gives the compiler the classpath entries it started without; the next compilations open their jars.
     *
     * @return whether there were any
     */
    private boolean addClasspathLeftOut() {
        String rest = classpathLeftOut;
        if (rest == null) return false;
        classpathLeftOut = null;
        if (!rest.isEmpty()) shell.addToClasspath(rest);
        return true;
    }

    /** After the first cell: JShell's indexing and the tensor kernels' warm-up, held until then, go on. */
    private void afterFirstCell() {
        if (indexingHeld) {
            indexingHeld = false;
            JShellInternals.resumeIndexing(analysis);
        }
        Thread kernels = kernelsWarmUp;
        kernelsWarmUp = null;
        if (kernels != null) kernels.start();
    }

    /**
     * @return whether the cell running now was asked to stop (by {@link #interrupt()}); library loops that
     * cannot be stopped otherwise (training) check it
     */
    public static boolean currentCellStopRequested() {
        Evaluator e = current;
        return e != null && e.running && e.control.stopRequested();
    }

    /** @return whether a cell is running in this JVM's current evaluator (training started by a cell) */
    public static boolean cellRunning() {
        Evaluator e = current;
        return e != null && e.running;
    }

    /**
     * Evaluates a cell: its statements, declarations and expressions in order.
     *
     * <p>Line magics at its start ({@link Magics}: {@code %classpath}, {@code %maven}, {@code %time}, {@code %load})
     * run first.
     *
     * @param code the cell's source
     * @return the value of the last snippet when it is an expression, else {@link Result#hasValue()} false
     * @throws CellException when a magic fails, a snippet does not compile, throws, is interrupted, or calls {@code System.exit};
     *                       the snippets before it stay evaluated
     */
    public Result eval(String code) {
        control.resetStop();
        running = true;
        cellsRun++;
        cellName = nextCellName != null ? nextCellName : "In [" + cellsRun + "]";
        nextCellName = null;
        try {
            Magics.Cell cell = Magics.apply(code, this::addToClasspath, control::stopRequested);
            // errors name the cell's own lines: count the magic lines the Java part comes after
            cellLineBase = code.endsWith(cell.code())
                    ? (int) code.substring(0, code.length() - cell.code().length()).chars().filter(c -> c == '\n').count() : 0;
            if (!cell.timed()) return evalJava(cell.code());
            long t0 = System.nanoTime();
            try {
                return evalJava(cell.code());
            } finally {
                System.out.println(Magics.wallTime(System.nanoTime() - t0));
                System.out.flush();
            }
        } finally {
            running = false;
            control.clearValues();
            afterFirstCell();
        }
    }

    /**
     * Names the next cell in error messages ({@code Cell In [7], line 2}); without it the cells are numbered from 1
     * in the order they are evaluated.
     *
     * @param name the label, such as {@code In [7]}
     */
    public void nameNextCell(String name) {
        nextCellName = name;
    }

    /** Adds a jar or class folder to the compiler's and the running cells' classpath ({@code %classpath}). */
    void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    private Result evalJava(String code) {
        Result last = Result.NONE;
        String remaining = code;
        while (!remaining.isBlank()) {
            int consumed = code.length() - remaining.length();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            String source;
            switch (info.completeness()) {
                case EMPTY -> {
                    return last;
                }
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> throw new CellException("CompilationError",
                        "the cell ends in the middle of a statement: " + firstLine(remaining),
                        List.of("the cell ends in the middle of a statement (a missing ';', ')' or '}'?):",
                                remaining.strip()));
                case UNKNOWN -> {
                    source = remaining;
                    remaining = "";
                }
                default -> {
                    source = info.source();
                    remaining = info.remaining();
                }
            }
            String trimmed = withoutLeadingTrivia(source);
            int startLine = cellLineBase + 1 + (int) code.substring(0, Math.min(code.length(), consumed + leadingTrivia(source)))
                    .chars().filter(c -> c == '\n').count();
            if (!trimmed.isEmpty()) last = evalSnippet(trimmed, new ErrorFormatter.Origin(cellName, startLine, trimmed));
        }
        return last;
    }

    /**
     * The snippet without the blank lines and comments before its first token, and without trailing blanks. JShell
     * keys an import by its source text: an import that arrives with a leading newline or comment (any but the
     * first snippet of a cell, or one after a comment) counts as a new import, and the re-evaluation of every
     * snippet that follows re-initialises earlier variables to null (seen on JDK 17 and 25).
     */
    static String withoutLeadingTrivia(String source) {
        return source.substring(leadingTrivia(source)).stripTrailing();
    }

    /** @return the length of the blank lines and comments before the source's first token */
    private static int leadingTrivia(String source) {
        int i = 0, n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                if (end < 0) break;   // an unterminated comment: leave it for the compiler to report
                i = end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    private Result evalSnippet(String source, ErrorFormatter.Origin origin) {
        Result result = Result.NONE;
        List<SnippetEvent> events = shell.eval(source);
        // a name the compiler cannot find may be in a jar it started without: it did not run, so compile it again
        if (classpathLeftOut != null && events.stream().anyMatch(e -> e.causeSnippet() == null && (e.status() == Snippet.Status.REJECTED
                || e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED))
                && addClasspathLeftOut()) {
            events = shell.eval(source);
        }
        for (SnippetEvent e : events) {
            if (e.causeSnippet() == null && e.snippet() != null) origins.put(e.snippet().id(), origin);
        }
        TrainingInterruptedException stopped = InterruptedTraining.take();
        if (stopped != null) { // the run's history outlives the cell, as interruptedHistory
            control.resetStop();
            InterruptedTraining.bind(stopped.history());
            shell.eval("org.pnn4j.train.History " + InterruptedTraining.VARIABLE + " = org.pnn4j.kernel.InterruptedTraining.history();");
            String m = InterruptedTraining.message(stopped);
            throw new CellException("TrainingInterrupted", m, List.of(m));
        }
        if (control.stopRequested()) {
            String m = "the cell was interrupted; its variables and the ones before it are kept" + control.threadsLeftRunning(1000);
            throw new CellException("Interrupted", m, List.of(m));
        }
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) continue;
            Snippet s = e.snippet();
            if (e.status() == Snippet.Status.REJECTED) throw compileError(s, origin);
            if (e.exception() != null) throw fromException(e.exception());
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                List<String> unresolved = shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) s).toList();
                if (e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    throw new CellException("CompilationError", "cannot find " + String.join(", ", unresolved),
                            List.of("cannot find " + String.join(", ", unresolved)));
                }
            }
            boolean expression = s instanceof ExpressionSnippet
                    || s instanceof VarSnippet && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
            if (expression && e.value() != null && !"void".equals(typeOf(s))) {
                Object value = control.take(e.value());
                // printf, append, format return their stream: a cell ending with one shows its output, not the stream
                result = value instanceof java.io.PrintStream ? Result.NONE : new Result(true, value);
            } else {
                result = Result.NONE;
            }
        }
        return result;
    }

    private static String typeOf(Snippet s) {
        if (s instanceof VarSnippet v) return v.typeName();
        if (s instanceof ExpressionSnippet x) return x.typeName();
        return "";
    }

    private CellException fromException(JShellException ex) {
        if (ex instanceof UnresolvedReferenceException u) {
            String what = u.getSnippet().toString();
            {
                jdk.jshell.DeclarationSnippet d = u.getSnippet();
                what = d.name() + " needs " + String.join(", ", shell.unresolvedDependencies(d).toList());
            }
            return new CellException("UnresolvedReference", what + ": define it first", List.of(what + ": define it first"));
        }
        if (ex instanceof EvalException ee) {
            String cls = ee.getExceptionClassName();
            if (cls.equals(ExitGuard.ExitRequested.class.getName())) {
                return new CellException("SystemExit", ee.getMessage(), List.of(ee.getMessage()));
            }
            List<String> tb = new ArrayList<>();
            Throwable t = ee;
            String prefix = "";
            while (t != null) {
                String name = t instanceof EvalException e2 ? e2.getExceptionClassName() : t.getClass().getName();
                tb.add(ErrorFormatter.exceptionHeading(prefix, name, t.getMessage()));
                for (StackTraceElement f : t.getStackTrace()) {
                    String c = f.getClassName();
                    if (c.startsWith("jdk.internal.reflect") || c.startsWith("java.lang.reflect")
                            || c.startsWith(KernelExecutionControl.class.getName())) {
                        break;
                    }
                    // JShell names a cell's frame by its snippet id as the file: #42
                    String file = f.getFileName();
                    ErrorFormatter.Origin o = file != null && file.startsWith("#") ? origins.get(file.substring(1)) : null;
                    tb.addAll(ErrorFormatter.frame(o, f));
                }
                t = t.getCause();
                prefix = "Caused by: ";
            }
            String message = ee.getMessage();
            if (cls.equals(StackOverflowError.class.getName())) {
                message = "the cell recursed too deeply (StackOverflowError); the kernel is fine";
                tb = new ArrayList<>(tb.subList(0, Math.min(tb.size(), 12)));
            } else if (cls.equals(OutOfMemoryError.class.getName())) {
                message = "the cell ran out of memory (" + ee.getMessage() + "); its allocation was abandoned, "
                        + "the kernel lives on (-Xmx through PNN4J_JAVA_OPTS raises the limit)";
                tb.add(0, message);
            }
            return new CellException(cls, message == null ? cls : message, tb);
        }
        return new CellException(ex.getClass().getSimpleName(), String.valueOf(ex.getMessage()), List.of(String.valueOf(ex.getMessage())));
    }

    /** The error of a snippet that does not compile, in the cell's lines, with "did you mean" for unknown names. */
    private CellException compileError(Snippet s, ErrorFormatter.Origin origin) {
        String src = s.source();
        List<String> tb = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (Diag d : shell.diagnostics(s).toList()) {
            if (!d.isError()) continue;
            String message = ErrorFormatter.compilerMessage(d.getMessage(Locale.ROOT));
            int pos = (int) Math.max(0, Math.min(d.getPosition() < 0 ? d.getStartPosition() : d.getPosition(), src.length()));
            int end = (int) Math.max(pos, Math.min(d.getEndPosition(), src.length()));
            String suggestion = null;
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("cannot find symbol: (?:method|variable|class) (\\w+)").matcher(message);
            if (m.find()) {
                String name = m.group(1);
                int at = src.indexOf(name, Math.max(0, (int) d.getStartPosition()));
                if (at < 0) at = src.lastIndexOf(name);
                if (at >= 0) {
                    pos = at;
                    end = at + name.length();
                    suggestion = ErrorFormatter.closest(name, namesLike(src.substring(0, at), name));
                }
            }
            if (!tb.isEmpty()) tb.add("");
            tb.addAll(ErrorFormatter.compileError(origin, pos, end, message, suggestion));
            int line = origin.cellLine((int) src.substring(0, pos).chars().filter(c -> c == '\n').count() + 1);
            messages.add(message + " (cell line " + line + ")" + (suggestion == null ? "" : "; did you mean " + suggestion + "?"));
        }
        if (messages.isEmpty()) return new CellException("CompilationError", "rejected: " + firstLine(src), List.of("rejected: " + src));
        return new CellException("CompilationError", String.join("; ", messages), tb);
    }

    /**
     * The names JShell would complete where {@code name} stands, starting with its first letter in either case:
     * the variables, methods and classes in scope, the imported ones, or the members of what precedes a dot.
     */
    private Set<String> namesLike(String before, String name) {
        Set<String> names = new LinkedHashSet<>();
        String first = name.substring(0, 1);
        for (String start : new LinkedHashSet<>(List.of(first.toLowerCase(Locale.ROOT), first.toUpperCase(Locale.ROOT)))) {
            String text = before + start;
            try {
                for (SourceCodeAnalysis.Suggestion sg : analysis.completionSuggestions(text, text.length(), new int[1])) {
                    String c = sg.continuation();
                    int paren = c.indexOf('(');
                    names.add(paren < 0 ? c : c.substring(0, paren));
                }
            } catch (RuntimeException e) {
                // completion is a nicety here: the error is reported without a suggestion
            }
        }
        return names;
    }

    private String diagnostics(Snippet s) {
        StringBuilder sb = new StringBuilder();
        String src = s.source();
        for (Diag d : shell.diagnostics(s).toList()) {
            if (!d.isError()) continue;
            int pos = (int) Math.max(0, Math.min(d.getStartPosition(), src.length()));
            int lineStart = src.lastIndexOf('\n', pos - 1) + 1;
            int lineEnd = src.indexOf('\n', pos);
            if (lineEnd < 0) lineEnd = src.length();
            int line = (int) src.substring(0, pos).chars().filter(c -> c == '\n').count() + 1;
            if (sb.length() > 0) sb.append('\n');
            sb.append(d.getMessage(Locale.ROOT)).append(" (line ").append(line).append(" of the snippet)\n")
                    .append(src, lineStart, lineEnd).append('\n')
                    .append(" ".repeat(pos - lineStart)).append('^');
        }
        return sb.length() == 0 ? "rejected: " + firstLine(src) : sb.toString();
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " ...";
    }

    /**
     * Completions at a cursor.
     *
     * @param code   the cell
     * @param cursor the cursor's offset in {@code code}
     * @return the replacements and the range {@code [start, cursor)} they replace
     */
    public Completions complete(String code, int cursor) {
        Completions c = completeNow(code, cursor);
        return c.matches().isEmpty() && addClasspathLeftOut() ? completeNow(code, cursor) : c;
    }

    private Completions completeNow(String code, int cursor) {
        int start = lastSnippetStart(code, cursor);
        int[] anchor = new int[1];
        Set<String> names = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion s : analysis.completionSuggestions(code.substring(start, cursor), cursor - start, anchor)) {
            names.add(s.continuation());
        }
        return new Completions(List.copyOf(names), start + anchor[0], cursor);
    }

    /** Replacements for the text in {@code [start, end)}. */
    public record Completions(List<String> matches, int start, int end) {}

    /**
     * The kinds and signatures of completions, as IPython sends them in {@code _jupyter_types_experimental}:
     * {@code function} with its signature (the first overload's, and how many others), {@code class},
     * {@code instance} (a variable of the session), {@code module} (a package).
     *
     * @param code the cell
     * @param c    the completions {@link #complete(String, int)} gave for it
     * @return one map per match: {@code start}, {@code end}, {@code text}, {@code type}, {@code signature}
     */
    public List<Map<String, Object>> completionTypes(String code, Completions c) {
        Set<String> variables = new java.util.HashSet<>();
        shell.variables().forEach(v -> variables.add(v.name()));
        int snippetStart = lastSnippetStart(code, c.start());
        String before = code.substring(snippetStart, c.start());
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < c.matches().size(); i++) {
            String m = c.matches().get(i);
            String name = m.endsWith("()") ? m.substring(0, m.length() - 2) : m.endsWith("(") ? m.substring(0, m.length() - 1) : m;
            String type;
            String signature = "";
            if (!name.equals(m)) {
                type = "function";
                if (i < 40) {
                    String text = before + name + "(";
                    List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(text, text.length(), false);
                    if (!docs.isEmpty()) {
                        signature = docs.get(0).signature() + (docs.size() > 1 ? " (+" + (docs.size() - 1) + " overloads)" : "");
                    }
                }
            } else if (variables.contains(name)) {
                type = "instance";
            } else if (!name.isEmpty() && Character.isUpperCase(name.charAt(0))) {
                type = "class";
            } else {
                type = "module";
            }
            Map<String, Object> entry = new java.util.LinkedHashMap<>();
            entry.put("start", c.start());
            entry.put("end", c.end());
            entry.put("text", m);
            entry.put("type", type);
            entry.put("signature", signature);
            out.add(entry);
        }
        return out;
    }

    /**
     * The signature and javadoc of what is at the cursor.
     *
     * @return the text, or an empty string when there is nothing to say
     */
    public String inspect(String code, int cursor) {
        int start = lastSnippetStart(code, cursor);
        String snippet = code.substring(start);
        int at = cursor - start;
        // documentation() wants the cursor after the name: move it to the end of the identifier it touches
        while (at < snippet.length() && Character.isJavaIdentifierPart(snippet.charAt(at))) at++;
        if (at < snippet.length() && snippet.charAt(at) == '(') at++;
        String upTo = snippet.substring(0, at);
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(upTo, at, true);
        if (docs.isEmpty() && addClasspathLeftOut()) docs = analysis.documentation(upTo, at, true);
        // a bare method name (Math.abs): JShell documents a call's overloads, so ask as if the call were opened
        if (docs.isEmpty() && !upTo.endsWith("(")) docs = analysis.documentation(upTo + "(", at + 1, true);
        StringBuilder sb = new StringBuilder();
        for (SourceCodeAnalysis.Documentation d : docs) {
            if (sb.length() > 0) sb.append("\n\n");
            sb.append(d.signature());
            String doc = d.javadoc() == null || d.javadoc().isBlank() ? javadoc().find(d.signature()) : d.javadoc();
            if (doc != null && !doc.isBlank()) sb.append("\n\n").append(JavadocIndex.plainText(doc));
        }
        return sb.toString();
    }

    private int lastSnippetStart(String code, int cursor) {
        String prefix = code.substring(0, Math.min(cursor, code.length()));
        int start = 0;
        String remaining = prefix;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() != SourceCodeAnalysis.Completeness.COMPLETE || info.remaining().isEmpty()) return start;
            start += remaining.length() - info.remaining().length();
            remaining = info.remaining();
        }
    }

    /**
     * Whether a cell is complete, in Jupyter's words.
     *
     * @return {@code complete}, {@code incomplete} (more lines would make it complete) or {@code invalid}
     */
    public String isComplete(String code) {
        String remaining = Magics.javaPart(code);
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            switch (info.completeness()) {
                case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE:
                    return "incomplete";
                case UNKNOWN:
                    return "invalid";
                case EMPTY:
                    return "complete";
                default:
                    // a whole statement the parser cannot make sense of (int 1x = 3;) will never compile
                    if (analysis.sourceToSnippets(info.source()).stream().anyMatch(sn -> sn.kind() == Snippet.Kind.ERRONEOUS)) {
                        return "invalid";
                    }
                    remaining = info.remaining();
            }
        }
        return "complete";
    }

    /**
     * The indent of the next line of an incomplete cell, as IPython gives it: the last line's, one level (4 spaces)
     * deeper after an opening brace or parenthesis, none inside a text block (its lines are the string's).
     *
     * @param code the cell so far
     * @return the spaces to insert
     */
    public static String nextIndent(String code) {
        if (code.split("\"\"\"", -1).length % 2 == 0) return "";
        List<String> lines = code.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) return "";
        String last = lines.get(lines.size() - 1);
        String indent = last.substring(0, last.length() - last.stripLeading().length());
        String t = last.strip();
        return t.endsWith("{") || t.endsWith("(") || t.endsWith("[") || t.endsWith("->") ? indent + "    " : indent;
    }

    /** Stops the running cell, if any; the session and its variables stay. Any thread may call it. */
    public void interrupt() {
        if (running) shell.stop();
    }

    /** @return whether a cell is running */
    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        if (current == this) current = null;
        shell.close();
    }
}
