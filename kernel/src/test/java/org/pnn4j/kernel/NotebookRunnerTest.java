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

    private static String typed(String cell, String name, String value) {
        return NotebookRunner.declarations(cell, Map.of(name, value)).get(0);
    }

    @Test
    void parametersAreTypedByTheirDeclarationInTheParametersCell() {
        String cell = """
                int epochs = 30;     // training epochs
                long seed = 1;       /* initialization */
                double lr = 0.01, momentum = 0.9;
                float gain = 2f;
                boolean fast = false;
                final String label = "run; one"; // a ; in a literal
                char sep = ',';
                Integer boxed = 3;
                var n = 10;
                var big = 10_000_000_000L;
                var rate = 1e-3;
                var scale = 2.5f;
                var name = "a";
                var on = true;
                """;
        assertEquals("int epochs = 815;", typed(cell, "epochs", "0815"), "decimal, never octal");
        assertEquals("int epochs = -3;", typed(cell, "epochs", "-3"));
        assertEquals("long seed = 12345678901L;", typed(cell, "seed", "12345678901"));
        assertEquals("long seed = 7L;", typed(cell, "seed", "007"));
        assertEquals("double lr = 1000.0;", typed(cell, "lr", "1e3"));
        assertEquals("double momentum = 0.5;", typed(cell, "momentum", ".5"), "the second declarator of a statement");
        assertEquals("double lr = 3.0;", typed(cell, "lr", "3"));
        assertEquals("double lr = Double.NaN;", typed(cell, "lr", "NaN"));
        assertEquals("float gain = 0.25f;", typed(cell, "gain", "0.25"));
        assertEquals("boolean fast = true;", typed(cell, "fast", "true"));
        assertEquals("String label = \"1e3\";", typed(cell, "label", "1e3"), "a String stays the text typed");
        assertEquals("String label = \"0815\";", typed(cell, "label", "0815"));
        assertEquals("String label = \"say \\\"hi\\\"\\n\\\\\";", typed(cell, "label", "say \"hi\"\n\\"));
        assertEquals("char sep = ';';", typed(cell, "sep", ";"));
        assertEquals("int boxed = 4;", typed(cell, "boxed", "4"));
        assertEquals("int n = 12;", typed(cell, "n", "012"), "var with an int literal");
        assertEquals("long big = 5L;", typed(cell, "big", "5"));
        assertEquals("double rate = 1000.0;", typed(cell, "rate", "1e3"));
        assertEquals("float scale = 1.5f;", typed(cell, "scale", "1.5"));
        assertEquals("String name = \"12\";", typed(cell, "name", "12"));
        assertEquals("boolean on = false;", typed(cell, "on", "false"));
    }

    @Test
    void aValueThatDoesNotParseAsItsDeclaredTypeNamesParameterTypeAndValue() {
        String cell = "int epochs = 30;\nboolean fast = false;\ndouble lr = 0.01;\nbyte b = 1;\nList<String> names = List.of();\nvar f = compute();";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> typed(cell, "epochs", "abc"));
        assertEquals("-p epochs abc: epochs is declared int in the parameters cell; 'abc' is not a whole number", e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> typed(cell, "epochs", "2.5")).getMessage().contains("not a whole number"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> typed(cell, "epochs", "3000000000")).getMessage()
                .contains("outside int's range"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> typed(cell, "b", "200")).getMessage().contains("outside byte's range"));
        IllegalArgumentException bool = assertThrows(IllegalArgumentException.class, () -> typed(cell, "fast", "yes"));
        assertTrue(bool.getMessage().contains("fast is declared boolean") && bool.getMessage().contains("'yes' is not true or false"),
                bool.getMessage());
        assertThrows(IllegalArgumentException.class, () -> typed(cell, "fast", "TRUE"), "true/false only");
        IllegalArgumentException num = assertThrows(IllegalArgumentException.class, () -> typed(cell, "lr", "0x10"));
        assertTrue(num.getMessage().contains("lr is declared double") && num.getMessage().contains("'0x10' is not a number"), num.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> typed(cell, "epoch", "3"));
        assertTrue(missing.getMessage().contains("epoch is not declared in the parameters cell")
                && missing.getMessage().contains("epochs, fast, lr"), missing.getMessage());
        IllegalArgumentException list = assertThrows(IllegalArgumentException.class, () -> typed(cell, "names", "a"));
        assertTrue(list.getMessage().contains("names is declared List<String>"), list.getMessage());
        IllegalArgumentException var = assertThrows(IllegalArgumentException.class, () -> typed(cell, "f", "1"));
        assertTrue(var.getMessage().contains("declare it with its type"), var.getMessage());
    }

    @Test
    void anOctalLookingIntRunsAsDecimalInTheNotebook() throws Exception {
        Path out = dir.resolve("out.ipynb");
        assertEquals(4, NotebookRunner.run(notebook(), out, Map.of("width", "0815", "label", "1e3")));
        JsonArray cells = cells(out);
        assertEquals("1630", output(cells, 3, "execute_result").getAsJsonObject("data").get("text/plain").getAsString());
        assertEquals("label=1e3\n", output(cells, 3, "stream").get("text").getAsString());
    }

    @Test
    void aParameterThatDoesNotFitItsDeclarationStopsTheRunBeforeAnyCell() {
        Path out = dir.resolve("out.ipynb");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NotebookRunner.run(notebook(), out, Map.of("width", "zero")));
        assertEquals("-p width zero: width is declared int in the parameters cell; 'zero' is not a whole number", e.getMessage());
        assertTrue(!Files.exists(out), "nothing ran, nothing was written");
    }

    @Test
    void aNotebookWithoutAParametersCellRefusesParameters() throws Exception {
        Path nb = dir.resolve("plain.ipynb");
        Files.writeString(nb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, "source": "1 + 1"}
                ]}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NotebookRunner.run(nb, dir.resolve("out.ipynb"), Map.of("n", "3")));
        assertTrue(e.getMessage().contains("no code cell tagged 'parameters'"), e.getMessage());
    }

    @Test
    void aTrainingRunStoppedInACellNamesInterruptedHistory() throws Exception {
        Path nb = dir.resolve("stopped.ipynb");
        Files.writeString(nb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
                  "source": "var moons = org.pnn4j.data.Synthetic.moons(64, 0.1, 1L);\\nvar net = Network.of(linear(2, 4), tanh(), linear(4, 2));"},
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
                  "source": "Trainer.of(net).epochs(5).batchSize(16).listener(new org.pnn4j.train.TrainingListener() { public void onBatchEnd(org.pnn4j.train.TrainingListener.BatchProgress p) { if (p.epoch() == 3 && p.batch() == 2) throw new org.pnn4j.train.TrainingListener.StopRequest(\\"enough\\"); } }).fit(moons);"}
                ]}
                """);
        Path out = dir.resolve("out.ipynb");
        NotebookRunner.CellFailed e = assertThrows(NotebookRunner.CellFailed.class, () -> NotebookRunner.run(nb, out, Map.of()));
        assertEquals(1, e.index());
        JsonObject err = output(cells(out), 1, "error");
        assertEquals("TrainingInterrupted", err.get("ename").getAsString());
        assertEquals("training interrupted at epoch 3, batch 2; the 2 finished epochs and the partial one are in `interruptedHistory` "
                + "(a History; the parameters are those after step 10)", err.get("evalue").getAsString());
        assertTrue(e.getMessage().contains("interruptedHistory"), e.getMessage());
    }

    @Test
    void aFailingCellIsNamedAndItsErrorWritten() throws Exception {
        Path nb = dir.resolve("failing.ipynb");
        Files.writeString(nb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                 {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [], "execution_count": null,
                  "source": "String width = \\"8\\";"},
                 {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
                  "source": "System.out.println(\\"x\\");\\nwidth * 2"}
                ]}
                """);
        Path out = dir.resolve("out.ipynb");
        NotebookRunner.CellFailed e = assertThrows(NotebookRunner.CellFailed.class, () -> NotebookRunner.run(nb, out, Map.of("width", "zero")));
        // width is declared a String: width * 2 does not compile in cell 2 (after the injected cell)
        assertEquals(2, e.index());
        assertTrue(e.getMessage().startsWith("cell 2 failed (System.out.println(\"x\");)"), e.getMessage());
        assertEquals("CompilationError", output(cells(out), 2, "error").get("ename").getAsString());
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

    @Test
    void aCellThatHaltsTheJvmIsAFailedCellAndTheNotebookIsWritten() throws Exception {
        // Runtime.halt skips shutdown hooks: only the exit agent (the JVM flags the launcher passes) catches it
        Path nb = dir.resolve("halts.ipynb");
        Files.writeString(nb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                 "cells": [
                  {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["System.out.println(\\"about to halt\\");\\n", "Runtime.getRuntime().halt(0);"]},
                  {"cell_type": "code", "metadata": {}, "outputs": [], "source": ["1 + 1"]}
                 ]}
                """);
        Path out = dir.resolve("halts-out.ipynb");
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(javaBin));
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-modules") || a.startsWith("-Djdk.attach") || a.startsWith("-XX:+EnableDynamic")).toList());
        cmd.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), "org.pnn4j.cli.Main", "run", nb.toString(), "-o", out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), log);
        assertEquals(1, p.exitValue(), "a run whose cell halted the JVM must fail: " + log);
        JsonArray cells = cells(out);
        JsonObject err = output(cells, 0, "error");
        assertEquals("SystemExit", err.get("ename").getAsString());
        assertTrue(err.get("evalue").getAsString().contains("Runtime.halt(0)"), err.toString());
        assertTrue(output(cells, 0, "stream").get("text").toString().contains("about to halt"), cells.get(0).toString());
    }
}
