package org.pnn4j.kernel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Runs a notebook (nbformat 4) headless, in this JVM, with the kernel's {@link Evaluator} and renderers: no Jupyter,
 * no Python. Outputs are written back as Jupyter would (stream, display_data, execute_result, error, execution
 * counts). Parameters go into a new cell tagged {@code injected-parameters} after the cell tagged
 * {@code parameters}, as papermill does, each typed by its declaration in that cell ({@code -p epochs 0815} against
 * {@code int epochs = 30;} is {@code int epochs = 815;}; against {@code String tag = "";} it is {@code "0815"}).
 */
public final class NotebookRunner {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

    /** Thrown when a cell fails; the notebook, with the error as that cell's output, is written first. */
    public static final class CellFailed extends Exception {
        private final int index;

        CellFailed(int index, String firstLine, String error) {
            super("cell " + index + " failed (" + firstLine + "): " + error);
            this.index = index;
        }

        /** @return the failing cell's index among all the notebook's cells (0-based) */
        public int index() {
            return index;
        }
    }

    private NotebookRunner() {}

    /**
     * Runs {@code in} and writes the executed notebook to {@code out}.
     *
     * @param parameters name to value (as typed on the command line), in order; each is typed by its declaration in
     *                   the cell tagged {@code parameters}
     * @return the number of code cells run
     * @throws CellFailed when a cell fails (the output notebook is written up to and with that cell's error)
     * @throws IllegalArgumentException when a parameter is not declared in the parameters cell, or its value does not
     *                                  parse as the declared type (nothing runs; the message names both)
     */
    public static int run(Path in, Path out, Map<String, String> parameters) throws IOException, CellFailed {
        JsonObject nb = JsonParser.parseString(Files.readString(in)).getAsJsonObject();
        if (!nb.has("nbformat") || nb.get("nbformat").getAsInt() != 4) {
            throw new IOException(in + " is not an nbformat 4 notebook");
        }
        JsonArray cells = nb.getAsJsonArray("cells");
        if (!parameters.isEmpty()) injectParameters(cells, parameters);
        int count = 0;
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ExitWatch watch = new ExitWatch(nb, out, stderr);
        Runtime.getRuntime().addShutdownHook(watch);
        try (Evaluator ev = new Evaluator()) {
            for (int i = 0; i < cells.size(); i++) {
                JsonObject cell = cells.get(i).getAsJsonObject();
                if (!"code".equals(cell.get("cell_type").getAsString())) continue;
                String source = source(cell);
                count++;
                Outputs outputs = new Outputs();
                watch.running(cell, outputs, count);
                Display.setSink(outputs);
                System.setOut(new PrintStream(outputs.stream("stdout"), true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(outputs.stream("stderr"), true, StandardCharsets.UTF_8));
                CellException failure = null;
                try {
                    Evaluator.Result r = ev.eval(source);
                    System.out.flush();
                    System.err.flush();
                    if (r.hasValue()) {
                        DisplayData d = Display.render(r.value());
                        JsonObject o = mimeBundle(d);
                        o.addProperty("output_type", "execute_result");
                        o.addProperty("execution_count", count);
                        outputs.add(o);
                    }
                } catch (CellException e) {
                    failure = e;
                    JsonObject o = new JsonObject();
                    o.addProperty("output_type", "error");
                    o.addProperty("ename", e.name());
                    o.addProperty("evalue", e.getMessage());
                    JsonArray tb = new JsonArray();
                    e.traceback().forEach(tb::add);
                    o.add("traceback", tb);
                    outputs.add(o);
                } finally {
                    System.setOut(stdout);
                    System.setErr(stderr);
                    Display.setSink(null);
                }
                watch.running(null, null, 0);
                cell.addProperty("execution_count", count);
                cell.add("outputs", outputs.toJson());
                if (failure != null) {
                    write(nb, out);
                    String first = source.strip().lines().findFirst().orElse("");
                    throw new CellFailed(i, first, failure.name() + ": " + failure.getMessage());
                }
            }
        }
        finally {
            watch.running(null, null, 0);
            try {
                Runtime.getRuntime().removeShutdownHook(watch);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook decides
            }
        }
        write(nb, out);
        return count;
    }

    /**
     * Runs when the JVM exits while a cell runs (System.exit or Runtime.exit from the cell or from a library it calls,
     * by any route): writes the notebook with that cell's outputs and an error saying the cell ended the run, then
     * halts with status 1, so that a notebook that stopped halfway is a failed run (CI sees it), never a silent 0.
     */
    private static final class ExitWatch extends Thread {
        private final JsonObject nb;
        private final Path out;
        private final PrintStream stderr;
        private volatile JsonObject cell;
        private volatile Outputs outputs;
        private volatile int count;

        ExitWatch(JsonObject nb, Path out, PrintStream stderr) {
            super("pnn4j-run-exit-watch");
            this.nb = nb;
            this.out = out;
            this.stderr = stderr;
        }

        void running(JsonObject cell, Outputs outputs, int count) {
            this.outputs = outputs;
            this.count = count;
            this.cell = cell;
        }

        @Override
        public void run() {
            JsonObject c = cell;
            Outputs o = outputs;
            if (c == null || o == null) return;
            String message = "the cell ended the JVM (System.exit or Runtime.exit, from the cell or a library it called) "
                    + "before it finished; the notebook stopped here";
            JsonObject err = new JsonObject();
            err.addProperty("output_type", "error");
            err.addProperty("ename", "SystemExit");
            err.addProperty("evalue", message);
            JsonArray tb = new JsonArray();
            tb.add(message);
            err.add("traceback", tb);
            try {
                o.add(err);
                c.addProperty("execution_count", count);
                c.add("outputs", o.toJson());
                write(nb, out);
                stderr.println("pnn4j run: cell " + count + " " + message + "; wrote " + out);
            } catch (IOException | RuntimeException e) {
                stderr.println("pnn4j run: cell " + count + " " + message + "; writing " + out + " failed: " + e);
            }
            stderr.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void write(JsonObject nb, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(out, GSON.toJson(nb) + "\n");
    }

    private static String source(JsonObject cell) {
        JsonElement s = cell.get("source");
        if (s == null) return "";
        if (s.isJsonPrimitive()) return s.getAsString();
        StringBuilder sb = new StringBuilder();
        for (JsonElement line : s.getAsJsonArray()) sb.append(line.getAsString());
        return sb.toString();
    }

    private static boolean tagged(JsonObject cell, String tag) {
        JsonObject meta = cell.getAsJsonObject("metadata");
        if (meta == null || !meta.has("tags")) return false;
        for (JsonElement t : meta.getAsJsonArray("tags")) if (tag.equals(t.getAsString())) return true;
        return false;
    }

    /**
     * Java declarations setting {@code parameters}, each typed by its declaration in the notebook's cells tagged
     * {@code parameters} (see {@link NotebookParameters}): {@code -p epochs 0815} against {@code int epochs = 30;} is
     * {@code int epochs = 815;}.
     *
     * @param parametersCells the Java source of the cells tagged parameters, in order
     * @throws IllegalArgumentException for a name not declared there, or a value that does not parse as its declared
     *                                  type, naming the parameter, the type and the value
     */
    static List<String> declarations(String parametersCells, Map<String, String> parameters) {
        NotebookParameters declared = NotebookParameters.parse(parametersCells);
        List<String> lines = new ArrayList<>();
        parameters.forEach((k, v) -> lines.add(declared.declaration(k, v)));
        return lines;
    }

    /**
     * Replaces an earlier injected-parameters cell; goes after the last cell tagged parameters, whose declarations type
     * the values.
     *
     * @throws IllegalArgumentException when the notebook has no cell tagged parameters, or a value does not fit its
     *                                  declaration
     */
    private static void injectParameters(JsonArray cells, Map<String, String> parameters) {
        for (int i = cells.size() - 1; i >= 0; i--) {
            if (tagged(cells.get(i).getAsJsonObject(), "injected-parameters")) cells.remove(i);
        }
        int at = -1;
        StringBuilder declaredIn = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            JsonObject c = cells.get(i).getAsJsonObject();
            if (tagged(c, "parameters") && "code".equals(c.get("cell_type").getAsString())) {
                at = i + 1;
                declaredIn.append(source(c)).append('\n');
            }
        }
        if (at < 0)
            throw new IllegalArgumentException("-p " + String.join(", ", parameters.keySet()) + ": the notebook has no code cell tagged "
                    + "'parameters', so there is no declaration to type the values by; tag the cell that declares them "
                    + "(Jupyter: View > Cell Toolbar > Tags), as papermill expects");
        List<String> lines = declarations(declaredIn.toString(), parameters);
        JsonArray source = new JsonArray();
        source.add("// Parameters\n");
        for (int i = 0; i < lines.size(); i++) source.add(lines.get(i) + (i + 1 < lines.size() ? "\n" : ""));
        JsonObject cell = new JsonObject();
        cell.addProperty("cell_type", "code");
        cell.addProperty("id", UUID.randomUUID().toString().substring(0, 8));
        cell.add("execution_count", com.google.gson.JsonNull.INSTANCE);
        JsonObject meta = new JsonObject();
        JsonArray tags = new JsonArray();
        tags.add("injected-parameters");
        meta.add("tags", tags);
        cell.add("metadata", meta);
        cell.add("outputs", new JsonArray());
        cell.add("source", source);
        List<JsonElement> all = new ArrayList<>();
        cells.forEach(all::add);
        all.add(at, cell);
        while (cells.size() > 0) cells.remove(0);
        all.forEach(cells::add);
    }

    /** {"data": {...}, "metadata": {...}} of a rendered value. */
    private static JsonObject mimeBundle(DisplayData d) {
        JsonObject tree = new Gson().toJsonTree(d).getAsJsonObject();
        JsonObject o = new JsonObject();
        o.add("data", tree.has("data") ? tree.get("data") : new JsonObject());
        o.add("metadata", tree.has("metadata") && tree.get("metadata").isJsonObject() ? tree.get("metadata") : new JsonObject());
        return o;
    }

    /** A cell's outputs in order; consecutive text on one stream is one output, as Jupyter merges it. */
    private static final class Outputs implements Display.Sink {
        private final List<Object> items = new ArrayList<>();
        private final Map<String, JsonObject> displays = new LinkedHashMap<>();

        synchronized void add(JsonObject o) {
            items.add(o);
        }

        java.io.OutputStream stream(String name) {
            return new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    synchronized (Outputs.this) {
                        Object last = items.isEmpty() ? null : items.get(items.size() - 1);
                        if (last instanceof Text t && t.name.equals(name)) {
                            t.bytes.write(b, off, len);
                        } else {
                            Text t = new Text(name);
                            t.bytes.write(b, off, len);
                            items.add(t);
                        }
                    }
                }
            };
        }

        @Override
        public void display(DisplayData data) {
            JsonObject o = mimeBundle(data);
            o.addProperty("output_type", "display_data");
            if (data.hasDisplayId()) displays.put(data.getDisplayId(), o);
            add(o);
        }

        @Override
        public synchronized void update(String id, DisplayData data) {
            JsonObject o = displays.get(id);
            if (o == null) return;
            JsonObject b = mimeBundle(data);
            o.add("data", b.get("data"));
            o.add("metadata", b.get("metadata"));
        }

        @Override
        public synchronized void clear(boolean wait) {
            items.clear();
            displays.clear();
        }

        synchronized JsonArray toJson() {
            JsonArray a = new JsonArray();
            for (Object item : items) {
                if (item instanceof Text t) {
                    JsonObject o = new JsonObject();
                    o.addProperty("output_type", "stream");
                    o.addProperty("name", t.name);
                    o.addProperty("text", t.bytes.toString(StandardCharsets.UTF_8));
                    a.add(o);
                } else {
                    a.add((JsonObject) item);
                }
            }
            return a;
        }

        private record Text(String name, ByteArrayOutputStream bytes) {
            Text(String name) {
                this(name, new ByteArrayOutputStream());
            }
        }
    }
}
