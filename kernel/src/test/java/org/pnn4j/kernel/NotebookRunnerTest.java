package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookRunnerTest {
    @TempDir
    Path dir;

    private Path notebook() throws Exception {
        Path nb = dir.resolve("small.ipynb");
        try (var in = NotebookRunnerTest.class.getResourceAsStream("/runner/small.ipynb")) {
            Files.copy(in, nb);
        }
        return nb;
    }

    private static JsonArray cells(Path p) throws Exception {
        return JsonParser.parseString(Files.readString(p)).getAsJsonObject().getAsJsonArray("cells");
    }

    private static JsonObject output(JsonArray cells, int cell, String type) {
        for (var o : cells.get(cell).getAsJsonObject().getAsJsonArray("outputs")) {
            if (o.getAsJsonObject().get("output_type").getAsString().equals(type)) return o.getAsJsonObject();
        }
        throw new AssertionError("no " + type + " output in cell " + cell + ": " + cells.get(cell));
    }

    @Test
    void magicsRunInTheRunnerToo() throws Exception {
        Path jsh = dir.resolve("part.jsh");
        Files.writeString(jsh, "int fromFile = 5;\n");
        Path nb = dir.resolve("magics.ipynb");
        Files.writeString(nb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": "%load FILE"},
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": "%time fromFile * 3"}
                ]}
                """.replace("FILE", jsh.toString().replace("\\", "\\\\")));
        Path out = dir.resolve("out.ipynb");
        assertEquals(2, NotebookRunner.run(nb, out, Map.of()));
        JsonArray cells = cells(out);
        assertEquals("15", output(cells, 1, "execute_result").getAsJsonObject("data").get("text/plain").getAsString());
        assertTrue(output(cells, 1, "stream").get("text").getAsString().startsWith("Wall time: "));
    }

    @Test
    void runsTheCellsAndWritesTheirOutputs() throws Exception {
        Path out = dir.resolve("out.ipynb");
        assertEquals(3, NotebookRunner.run(notebook(), out, Map.of()));
        JsonArray cells = cells(out);
        JsonObject result = output(cells, 2, "execute_result");
        assertEquals("16", result.getAsJsonObject("data").get("text/plain").getAsString());
        assertEquals(2, result.get("execution_count").getAsInt());
        assertEquals("label=default\n", output(cells, 2, "stream").get("text").getAsString());
        assertTrue(output(cells, 3, "display_data").getAsJsonObject("data").has("text/html"));
        assertEquals(3, cells.get(3).getAsJsonObject().get("execution_count").getAsInt());
    }

    @Test
    void parametersGoInACellAfterTheParametersCell() throws Exception {
        Path out = dir.resolve("out.ipynb");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("width", "21");
        p.put("label", "say \"hi\"");
        assertEquals(4, NotebookRunner.run(notebook(), out, p));
        JsonArray cells = cells(out);
        JsonObject injected = cells.get(2).getAsJsonObject();
        assertEquals("injected-parameters", injected.getAsJsonObject("metadata").getAsJsonArray("tags").get(0).getAsString());
        assertEquals("42", output(cells, 3, "execute_result").getAsJsonObject("data").get("text/plain").getAsString());
        assertEquals("label=say \"hi\"\n", output(cells, 3, "stream").get("text").getAsString());
    }

    /**
     * A cell ending in a plot builder's {@code build()} shows the whole Figure as a PNG (every panel, not the first
     * chart only), and the plot, twin, backend and java.nio.file packages need no import.
     */
    @Test
    void aFigureIsShownAsAPngOfAllItsPanels() throws Exception {
        Path nb = dir.resolve("figure.ipynb");
        Files.writeString(nb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
                  "source": "Tensor m = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);\\nPlots.coupling(m, m.mul(2)).build()"},
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
                  "source": "List.of(DigitalTwin.class, Backends.class, Figure.class, Path.of(\\"x\\")).size()"}
                ]}
                """);
        Path out = dir.resolve("out.ipynb");
        assertEquals(2, NotebookRunner.run(nb, out, Map.of()));
        JsonArray cells = cells(out);
        JsonObject data = output(cells, 0, "execute_result").getAsJsonObject("data");
        byte[] png = java.util.Base64.getDecoder().decode(data.get("image/png").getAsString());
        var img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        var m = org.pnn4j.tensor.Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        var fig = org.pnn4j.plot.Plots.coupling(m, m.mul(2)).build();
        assertTrue(fig.charts().size() > 1, "before and after are two panels");
        assertEquals(fig.width(), img.getWidth());
        assertEquals(fig.height(), img.getHeight());
        assertTrue(data.get("text/plain").getAsString().startsWith("Figure["));
        assertEquals("4", output(cells, 1, "execute_result").getAsJsonObject("data").get("text/plain").getAsString());
    }

    @Test
    void parameterTypes() {
        assertEquals("int n = 3;", NotebookRunner.declaration("n", "3"));
        assertEquals("double lr = 0.01;", NotebookRunner.declaration("lr", "0.01"));
        assertEquals("boolean on = true;", NotebookRunner.declaration("on", "true"));
        assertEquals("String s = \"a\\\\b\";", NotebookRunner.declaration("s", "a\\b"));
    }

    @Test
    void aFailingCellIsNamedAndItsErrorWritten() throws Exception {
        Path out = dir.resolve("out.ipynb");
        NotebookRunner.CellFailed e = assertThrows(NotebookRunner.CellFailed.class,
                () -> NotebookRunner.run(notebook(), out, Map.of("width", "zero")));
        // "zero" is a String: width * 2 does not compile in cell 3 (after the injected cell)
        assertEquals(3, e.index());
        assertTrue(e.getMessage().startsWith("cell 3 failed (System.out.println(\"label=\" + label);)"), e.getMessage());
        assertEquals("CompilationError", output(cells(out), 3, "error").get("ename").getAsString());
    }
    @Test
    void aCellThatEndsTheJvmFailsTheRunAndTheNotebookIsWritten() throws Exception {
        // a library's or a cell's Runtime.exit(0) (not the rewritten System.exit) ends the JVM: the run must fail
        Path nb = dir.resolve("exits.ipynb");
        Files.writeString(nb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                 "cells": [
                  {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["int before = 6 * 7;"]},
                  {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["System.out.println(\\"about to exit\\");\\n", "Runtime.getRuntime().exit(0);"]},
                  {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["before"]}
                 ]}
                """);
        Path out = dir.resolve("exits-out.ipynb");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "org.pnn4j.cli.Main", "run", nb.toString(), "-o", out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), log);
        assertEquals(1, p.exitValue(), "a run whose cell ended the JVM must fail: " + log);
        assertTrue(Files.exists(out), "the notebook must be written: " + log);
        JsonArray cells = cells(out);
        JsonObject err = output(cells, 1, "error");
        assertEquals("SystemExit", err.get("ename").getAsString());
        assertTrue(output(cells, 1, "stream").get("text").toString().contains("about to exit"), cells.get(1).toString());
        assertEquals(0, cells.get(2).getAsJsonObject().getAsJsonArray("outputs").size(), "the cell after it never ran");
    }
}
