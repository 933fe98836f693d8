package org.pnn4j.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicTranspiler;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * The pnn4j Jupyter kernel: jjava-jupyter speaks the protocol (ZeroMQ sockets, HMAC signatures, message types),
 * an {@link Evaluator} runs the cells, {@link Display#renderer()} renders their values.
 *
 * <p>The evaluator starts on a background thread when the kernel starts, so that {@code kernel_info} is answered
 * at once; the first {@code execute_request} waits for it.
 */
public final class PnnKernel extends BaseKernel {
    private final CompletableFuture<Evaluator> evaluator;
    private final History history;

    private PnnKernel(History history, JupyterIO io) {
        super("pnn4j", version(), new LanguageInfo("java", Runtime.version().toString(), "text/x-java", ".jshell",
                        "java", "java", "java"), List.of(), history, io, new CommManager(), Display.renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), new MagicsRegistry(), false,
                new StringStyler.Builder().build());
        this.history = history;
        this.evaluator = CompletableFuture.supplyAsync(Evaluator::new);
    }

    /** @return a kernel whose evaluator is starting in the background */
    public static PnnKernel create() {
        return new PnnKernel(new History(), new JupyterIO(StandardCharsets.UTF_8));
    }

    private static String version() {
        Package p = PnnKernel.class.getPackage();
        return p.getImplementationVersion() == null ? "0.1.0-SNAPSHOT" : p.getImplementationVersion();
    }

    private Evaluator evaluator() {
        return evaluator.join();
    }

    @Override
    public String getBanner() {
        return "pnn4j kernel on Java " + Runtime.version() + "; the DSL is imported (Network.of(linear(4, 8), tanh()))";
    }

    @Override
    public Object evalRaw(String code) {
        Evaluator ev = evaluator();
        history.add(code);
        Display.setSink(new Display.Sink() {
            @Override
            public void display(DisplayData data) {
                io.display.display(data);
            }

            @Override
            public void update(String id, DisplayData data) {
                io.display.updateDisplay(id, data);
            }

            @Override
            public void clear(boolean wait) {
                ShellReplyEnvironment env = currentEnv;
                if (env != null) env.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
            }
        });
        Evaluator.Result r = ev.eval(code);
        return r.hasValue() ? new Value(r.value()) : null;
    }

    /** A cell's value, boxed so that a cell whose value is {@code null} still shows "null". */
    private record Value(Object value) {}

    @Override
    public DisplayData eval(String code) {
        Object raw = evalRaw(code);
        if (raw == null) return null;
        Object v = ((Value) raw).value();
        return v == null ? new DisplayData("null") : renderer.render(v);
    }

    private volatile ShellReplyEnvironment currentEnv;

    @Override
    protected void replaceOutputStreams(ShellReplyEnvironment env) {
        // called at the start of every execute_request: the environment clear_output is published on
        currentEnv = env;
        super.replaceOutputStreams(env);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        String text = evaluator().inspect(code, at);
        return text.isEmpty() ? null : new DisplayData(text);
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        Evaluator.Completions c = evaluator().complete(code, at);
        return c.matches().isEmpty() ? null : new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        return switch (evaluator().isComplete(code)) {
            case "incomplete" -> IS_COMPLETE_MAYBE;
            case "invalid" -> IS_COMPLETE_BAD;
            default -> IS_COMPLETE_YES;
        };
    }

    @Override
    public void interrupt() {
        if (evaluator.isDone()) evaluator().interrupt();
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellException c) return c.traceback();
        return super.formatError(e);
    }

    @Override
    public void onShutdown(boolean restart) {
        if (evaluator.isDone()) evaluator().close();
    }

    /**
     * Runs the kernel on a connection file until a shutdown request.
     *
     * @param connectionFile the JSON file Jupyter wrote (ports, key, signature scheme)
     * @throws Exception when the file cannot be read or the sockets cannot be bound
     */
    public static void run(Path connectionFile) throws Exception {
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        JupyterConnection connection = new JupyterConnection(props);
        PnnKernel kernel = create();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
    }

    /** The session's inputs, for {@code history_request}: tail, range and glob search. */
    static final class History implements HistoryManager {
        private final List<String> inputs = new ArrayList<>();

        synchronized void add(String code) {
            inputs.add(code);
        }

        @Override
        public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
            List<HistoryEntry> out = new ArrayList<>();
            for (int i = Math.max(0, inputs.size() - length); i < inputs.size(); i++) out.add(new HistoryEntry(1, i + 1, inputs.get(i), null));
            return out;
        }

        @Override
        public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
            List<HistoryEntry> out = new ArrayList<>();
            for (int i = Math.max(1, start); i <= Math.min(stop, inputs.size()); i++) out.add(new HistoryEntry(1, i, inputs.get(i - 1), null));
            return out;
        }

        @Override
        public synchronized List<HistoryEntry> search(String glob, int length, Set<ResultFlag> flags) {
            String regex = ("\\Q" + glob + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.DOTALL);
            List<HistoryEntry> out = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                if (p.matcher(inputs.get(i)).matches()) out.add(new HistoryEntry(1, i + 1, inputs.get(i), null));
            }
            return length > 0 && out.size() > length ? out.subList(out.size() - length, out.size()) : out;
        }
    }
}
