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
import org.dflib.jjava.jupyter.messages.reply.CommInfoReply;
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
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.reply.HistoryReply;
import org.dflib.jjava.jupyter.messages.reply.KernelInfoReply;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
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
    private final IO kernelIo;

    private PnnKernel(History history, IO io) {
        super("pnn4j", version(), new LanguageInfo("java", Runtime.version().toString(), "text/x-java", ".jshell",
                        "java", Kernelspec.CODEMIRROR_MODE, "java"), List.of(), history, io, new CommManager(), Display.renderer(),
                new MagicParser("(?<=(?:^|=))\\s*%", "%%", new MagicTranspiler()), new MagicsRegistry(), false,
                new StringStyler.Builder().build());
        this.history = history;
        this.kernelIo = io;
        CompletableFuture<Evaluator> started;
        synchronized (PnnKernel.class) {
            started = prestarted;
            prestarted = null;
        }
        this.evaluator = started != null ? started : CompletableFuture.supplyAsync(Evaluator::new);
    }

    private static CompletableFuture<Evaluator> prestarted;

    /**
     * Starts the next kernel's evaluator now, on a background thread: the {@code kernel} command calls it first thing,
     * so that JShell and javac start while the JVM loads the command line, the protocol library and the sockets. The
     * next {@link #create()} takes it.
     */
    public static synchronized void prestart() {
        if (prestarted == null) prestarted = CompletableFuture.supplyAsync(Evaluator::new);
    }

    /** @return a kernel whose evaluator is starting in the background */
    public static PnnKernel create() {
        return new PnnKernel(new History(), new IO());
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
        DisplayData d = Display.render(v);
        Object text = d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
        if (text != null) history.setLastOutput(text.toString());
        return d;
    }

    private volatile ShellReplyEnvironment currentEnv;

    @Override
    protected void replaceOutputStreams(ShellReplyEnvironment env) {
        // called at the start of every execute_request: the environment clear_output is published on
        currentEnv = env;
        super.replaceOutputStreams(env);
        if (env instanceof OrderedReplyEnvironment ordered) ordered.batchOutput();
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

    /**
     * complete_reply with IPython's {@code _jupyter_types_experimental} metadata (each match's kind and signature),
     * which JupyterLab and Notebook 7 show beside the matches.
     */
    @Override
    protected void handleCompleteRequest(ShellReplyEnvironment env,
                                         Message<org.dflib.jjava.jupyter.messages.request.CompleteRequest> message) {
        env.setBusyDeferIdle();
        org.dflib.jjava.jupyter.messages.request.CompleteRequest request = message.getContent();
        String code = request.getCode();
        int cursor = Math.max(0, Math.min(request.getCursorPos(), code.length()));
        List<String> matches = List.of();
        int start = cursor, end = cursor;
        java.util.Map<String, Object> metadata = new java.util.HashMap<>();
        try {
            Evaluator ev = evaluator();
            Evaluator.Completions c = ev.complete(code, cursor);
            matches = c.matches();
            start = c.start();
            end = c.end();
            metadata.put("_jupyter_types_experimental", ev.completionTypes(code, c));
        } catch (RuntimeException e) {
            // a completion that fails is no completion; the cell and the kernel are unaffected
        }
        env.reply(new org.dflib.jjava.jupyter.messages.reply.CompleteReply(matches, start, end, metadata));
    }

    @Override
    public String isComplete(String code) {
        return switch (evaluator().isComplete(code)) {
            // any other string is jjava's "incomplete, with this indent"
            case "incomplete" -> Evaluator.nextIndent(code);
            case "invalid" -> IS_COMPLETE_BAD;
            default -> IS_COMPLETE_YES;
        };
    }

    /**
     * As jjava's, except for errors: jjava names them after the Java exception's class ({@code CellException}) and
     * sends the kernel's own stack as the traceback; here a cell's error keeps its name ({@code CompilationError},
     * {@code Interrupted}, {@code SystemExit}, {@code java.lang.ArithmeticException}) and the cell's traceback.
     */
    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        int count = executionCount.getAndIncrement();
        StartTrace.mark("execute_request " + count);
        env.setBusyDeferIdle();
        env.publish(new PublishExecuteInput(request.getCode(), count));
        replaceOutputStreams(env);
        kernelIo.attach(env);
        env.defer(() -> kernelIo.detach(env));
        kernelIo.stdinEnabled(request.isStdinEnabled());
        String help = helpTarget(request.getCode());
        if (help != null) {
            // IPython's "name?": the documentation in the pager, the cell itself runs nothing
            String text = evaluator().inspect(help, help.length());
            if (text.isEmpty()) text = "no documentation found for " + help;
            env.defer().reply(new PagedReply(count, text));
            return;
        }
        try {
            evaluator().nameNextCell("In [" + count + "]");
            DisplayData out = eval(request.getCode());
            if (out != null) env.publish(new PublishExecuteResult(count, out));
            env.defer().reply(new ExecuteReply(count, java.util.Collections.emptyMap()));
            StartTrace.mark("execute_reply " + count);
        } catch (Exception | Error e) {
            // an Error too (a StackOverflowError, an OutOfMemoryError outside a cell): the front end must get a reply
            String name = e instanceof CellException c ? c.name() : e.getClass().getName();
            String text = e.getMessage() == null ? name : e.getMessage();
            List<String> traceback = formatError(e);
            ErrorReply error = new ErrorReply(name, text, traceback);
            error.setExecutionCount(count);
            env.publish(new PublishError(name, text, traceback));
            env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
        }
    }

    private static final java.util.regex.Pattern HELP = java.util.regex.Pattern.compile("^\\s*([\\w$.]+)\\?{1,2}\\s*$");

    /** @return {@code Optimizer.adam} for a cell {@code Optimizer.adam?} (IPython's help syntax), else {@code null} */
    static String helpTarget(String code) {
        java.util.regex.Matcher m = HELP.matcher(code);
        return m.matches() ? m.group(1) : null;
    }

    /** execute_reply with a {@code page} payload, which front ends show in their pager (gson writes the field). */
    private static final class PagedReply extends ExecuteReply {
        @SuppressWarnings("unused")
        private final List<java.util.Map<String, Object>> payload;

        PagedReply(int count, String text) {
            super(count, java.util.Collections.emptyMap());
            payload = List.of(java.util.Map.of("source", "page", "data", java.util.Map.of("text/plain", text), "start", 0));
        }
    }

    /** jjava's IO with the hooks {@link #handleExecuteRequest} needs (protected in jjava's package). */
    private static final class IO extends JupyterIO {
        IO() {
            super(StandardCharsets.UTF_8);
        }

        void attach(ShellReplyEnvironment env) {
            setEnv(env);
        }

        void detach(ShellReplyEnvironment env) {
            retractEnv(env);
        }

        void stdinEnabled(boolean enabled) {
            setJupyterInEnabled(enabled);
        }
    }

    /** kernel_info_reply with the {@code status} the message spec requires (jjava 1.0-a6 leaves it out). */
    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        StartTrace.mark("kernel_info_request");
        env.setBusyDeferIdle();
        // the front end shows the kernel as starting until this reply, then idle: a first cell run after that must
        // not sit at In [*] waiting for the DSL, so the reply waits for the evaluator (JShell and the imports)
        evaluator();
        env.reply(new KernelInfoOk(getName(), getVersion(), getLanguageInfo(), getBanner(), getHelpLinks()));
        StartTrace.mark("kernel_info_reply");
    }

    /** history_reply with {@code status}, as jjava builds it otherwise. */
    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = java.util.EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        if (!request.useRaw()) flags.add(HistoryManager.ResultFlag.TRANSFORMED_INPUT);
        List<HistoryEntry> entries;
        if (request instanceof HistoryRequest.Tail t) {
            entries = history.lookupTail(t.getMaxReturnLength(), flags);
        } else if (request instanceof HistoryRequest.Range r) {
            entries = history.lookupRange(r.getSessionIndex(), r.getStart(), r.getStop(), flags);
        } else if (request instanceof HistoryRequest.Search s) {
            if (s.filterUnique()) flags.add(HistoryManager.ResultFlag.UNIQUE);
            entries = history.search(s.getPattern(), s.getMaxReturnLength(), flags);
        } else {
            entries = List.of();
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Message<?> reply = new Message(message, (org.dflib.jjava.jupyter.messages.MessageType) HistoryReply.MESSAGE_TYPE,
                historyContent(entries));
        env.reply(reply);
    }

    /**
     * The reply's content in the spec's shape: {@code status} and {@code history} as {@code [session, line, input]}
     * or, with output, {@code [session, line, [input, output]]} (jjava's adapter appends the input a second time).
     */
    private static com.google.gson.JsonObject historyContent(List<HistoryEntry> entries) {
        com.google.gson.JsonObject content = new com.google.gson.JsonObject();
        content.addProperty("status", "ok");
        com.google.gson.JsonArray list = new com.google.gson.JsonArray();
        for (HistoryEntry e : entries) {
            com.google.gson.JsonArray row = new com.google.gson.JsonArray();
            row.add(e.getSession());
            row.add(e.getCellNumber());
            if (e.hasOutput()) {
                com.google.gson.JsonArray pair = new com.google.gson.JsonArray();
                pair.add(e.getInput());
                pair.add(e.getOutput());
                row.add(pair);
            } else {
                row.add(e.getInput());
            }
            list.add(row);
        }
        content.add("history", list);
        return content;
    }

    /**
     * comm_info and shutdown replies with the {@code status} the message spec requires in every reply (jjava 1.0-a6
     * leaves it out); otherwise as jjava answers them.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void replyWithStatus(JupyterConnection connection) {
        connection.setHandler(org.dflib.jjava.jupyter.messages.MessageType.COMM_INFO_REQUEST, (env, message) -> {
            String target = ((org.dflib.jjava.jupyter.messages.request.CommInfoRequest) message.getContent()).getTargetName();
            com.google.gson.JsonObject comms = new com.google.gson.JsonObject();
            for (org.dflib.jjava.jupyter.kernel.comm.Comm c : getCommManager()) {
                if (target != null && !target.equals(c.getTargetName())) continue;
                com.google.gson.JsonObject info = new com.google.gson.JsonObject();
                info.addProperty("target_name", c.getTargetName());
                comms.add(c.getID(), info);
            }
            com.google.gson.JsonObject content = new com.google.gson.JsonObject();
            content.addProperty("status", "ok");
            content.add("comms", comms);
            env.reply(new Message(message, (org.dflib.jjava.jupyter.messages.MessageType) CommInfoReply.MESSAGE_TYPE, content));
        });
        connection.setHandler(org.dflib.jjava.jupyter.messages.MessageType.SHUTDOWN_REQUEST, (env, message) -> {
            boolean restart = ((org.dflib.jjava.jupyter.messages.request.ShutdownRequest) message.getContent()).isRestart();
            env.setBusyDeferIdle();
            com.google.gson.JsonObject content = new com.google.gson.JsonObject();
            content.addProperty("status", "ok");
            content.addProperty("restart", restart);
            env.defer().reply(new Message(message, (org.dflib.jjava.jupyter.messages.MessageType) org.dflib.jjava.jupyter.messages.reply.ShutdownReply.MESSAGE_TYPE, content));
            onShutdown(restart);
            env.resolveDeferrals();
            env.markForShutdown();
        });
    }

    /** jjava's reply plus {@code "status": "ok"} (gson writes the runtime class's fields). */
    private static final class KernelInfoOk extends KernelInfoReply {
        @SuppressWarnings("unused")
        private final String status = "ok";

        KernelInfoOk(String name, String version, LanguageInfo info, String banner, List<org.dflib.jjava.jupyter.kernel.HelpLink> links) {
            super("5.3", name, version, info, banner, links);
        }
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
        serve(create(), connectionFile);
    }

    /** Runs {@code kernel} on a connection file until a shutdown request ({@link #run}; {@link ClassArchive}). */
    static void serve(PnnKernel kernel, Path connectionFile) throws Exception {
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(connectionFile));
        JupyterConnection connection = new VerifiedConnection(props);
        kernel.becomeHandlerForConnection(connection);
        kernel.replyWithStatus(connection);
        connection.connect();
        StartTrace.mark("sockets connected");
        connection.waitUntilClose();
    }

    /**
     * The session's inputs and the text of their values, for {@code history_request}: tail, range (stop exclusive,
     * as IPython's) and glob search. Line numbers start at 1; the session is always 1.
     */
    static final class History implements HistoryManager {
        private final List<String> inputs = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();

        synchronized void add(String code) {
            inputs.add(code);
            outputs.add(null);
        }

        synchronized void setLastOutput(String text) {
            if (!outputs.isEmpty()) outputs.set(outputs.size() - 1, text);
        }

        private HistoryEntry entry(int i, Set<ResultFlag> flags) {
            String out = flags.contains(ResultFlag.INCLUDE_OUTPUT) ? (outputs.get(i) == null ? "" : outputs.get(i)) : null;
            return new HistoryEntry(1, i + 1, inputs.get(i), out);
        }

        @Override
        public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
            List<HistoryEntry> out = new ArrayList<>();
            for (int i = Math.max(0, inputs.size() - length); i < inputs.size(); i++) out.add(entry(i, flags));
            return out;
        }

        @Override
        public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
            List<HistoryEntry> out = new ArrayList<>();
            int end = stop <= 0 ? inputs.size() : Math.min(stop - 1, inputs.size());
            for (int i = Math.max(1, start); i <= end; i++) out.add(entry(i - 1, flags));
            return out;
        }

        @Override
        public synchronized List<HistoryEntry> search(String glob, int length, Set<ResultFlag> flags) {
            String regex = ("\\Q" + glob + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.DOTALL);
            List<HistoryEntry> out = new ArrayList<>();
            Set<String> seen = new java.util.HashSet<>();
            for (int i = inputs.size() - 1; i >= 0; i--) {
                if (!p.matcher(inputs.get(i)).matches()) continue;
                if (flags.contains(ResultFlag.UNIQUE) && !seen.add(inputs.get(i))) continue;
                out.add(0, entry(i, flags));
                if (length > 0 && out.size() == length) break;
            }
            return out;
        }
    }
}
