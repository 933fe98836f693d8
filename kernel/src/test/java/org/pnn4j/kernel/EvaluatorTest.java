package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pnn4j.Network;

class EvaluatorTest {
    private static Evaluator ev;

    @BeforeAll
    static void start() {
        ev = new Evaluator();
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    @Test
    void dslIsPreloadedSoAFirstCellBuildsANetwork() {
        Evaluator.Result r = ev.eval("Network.of(linear(4, 8), tanh())");
        assertTrue(r.hasValue());
        Network n = assertInstanceOf(Network.class, r.value());
        assertEquals(4 * 8 + 8, n.parameterCount());
    }

    @Test
    void lastExpressionIsTheValueAndStatementsHaveNone() {
        assertEquals(2, ev.eval("int a = 1;\nint b = a + 1;\nb").value());
        assertFalse(ev.eval("int c = 3;").hasValue());
        assertFalse(ev.eval("System.out.print(\"\")").hasValue());
        assertFalse(ev.eval("display(\"x\")").hasValue());
    }

    @Test
    void importsCommentsAndBlankLinesInAnyOrderKeepEarlierVariables() {
        ev.eval("String keptText = \"abc\"; Network keptNet = Network.of(linear(2, 3)); int[] keptArray = {7};");
        String[] cells = {
            "import java.util.concurrent.*;\nimport java.time.*;",
            "// a comment first\nimport java.util.function.*;",
            "\n\n  import java.util.*;\n/* block */ import java.util.stream.*;\nint afterImports = 1;",
            "import static java.lang.Math.*;\n\n// trailing comment",
            "/** javadoc */\nimport org.pnn4j.*;\nimport java.util.concurrent.*;",
        };
        for (String cell : cells) {
            ev.eval(cell);
            assertEquals("abc", ev.eval("keptText").value(), "after cell: " + cell);
            assertInstanceOf(Network.class, ev.eval("keptNet").value(), "after cell: " + cell);
            assertEquals(7, ev.eval("keptArray[0]").value(), "after cell: " + cell);
        }
    }

    @Test
    void compileErrorSaysWhatAndWhere() {
        CellException e = assertThrows(CellException.class, () -> ev.eval("int x = \"text\";"));
        assertEquals("CompilationError", e.name());
        assertTrue(e.getMessage().contains("incompatible types"), e.getMessage());
        assertTrue(String.join("\n", e.traceback()).contains("^"), e.traceback().toString());
    }

    @Test
    void exceptionGivesItsClassMessageAndCellLine() {
        CellException e = assertThrows(CellException.class, () -> ev.eval("int z = 0;\nint q = 1 / z;"));
        assertEquals("java.lang.ArithmeticException", e.name());
        assertTrue(e.traceback().get(0).contains("/ by zero"), e.traceback().toString());
    }

    @Test
    void systemExitInACellLeavesTheKernelAndItsVariables() {
        ev.eval("int kept = 42;");
        CellException e = assertThrows(CellException.class, () -> ev.eval("System.exit(3);"));
        assertEquals("SystemExit", e.name());
        assertTrue(e.getMessage().contains("System.exit(3)"), e.getMessage());
        Runnable r = assertInstanceOf(Runnable.class, ev.eval("Runnable r = () -> System.exit(4); r").value());
        assertThrows(ExitGuard.ExitRequested.class, r::run);
        assertEquals(42, ev.eval("kept").value());
    }

    @Test
    void stackOverflowAndOutOfMemoryAreCellErrors() {
        ev.eval("int down(int n) { return down(n + 1) + 1; }");
        CellException so = assertThrows(CellException.class, () -> ev.eval("down(0)"));
        assertEquals("java.lang.StackOverflowError", so.name());
        CellException oom = assertThrows(CellException.class, () -> ev.eval("long[][] big = new long[64][]; for (int i = 0; i < 64; i++) big[i] = new long[Integer.MAX_VALUE - 8];"));
        assertEquals("java.lang.OutOfMemoryError", oom.name());
        assertEquals(2, ev.eval("1 + 1").value());
    }

    @Test
    void interruptStopsABusyLoopWithinASecondAndKeepsVariables() throws Exception {
        ev.eval("String before = \"still here\";");
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            ev.interrupt();
        });
        stopper.start();
        long t0 = System.nanoTime();
        CellException e = assertThrows(CellException.class, () -> ev.eval("long n = 0; while (true) { n++; }"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        stopper.join();
        assertEquals("Interrupted", e.name(), e.getMessage());
        // an endless loop: any bound proves the interrupt ended it; a generous one, since tests never assert speed
        assertTrue(seconds < 30, "took " + seconds + " s");
        assertEquals("still here", ev.eval("before").value());
    }

    @Test
    void interruptStopsATrainingRunPromptlyAndKeepsVariables() throws Exception {
        ev.eval("Dataset moons = org.pnn4j.data.Synthetic.moons(256, 0.1, 1L);\n"
                + "Network net = Network.of(linear(2, 16), tanh(), linear(16, 2));");
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            ev.interrupt();
        });
        stopper.start();
        long t0 = System.nanoTime();
        CellException e = assertThrows(CellException.class,
                () -> ev.eval("History h = Trainer.of(net).epochs(1_000_000).batchSize(16).fit(moons);"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        stopper.join();
        assertEquals("TrainingInterrupted", e.name(), e.getMessage());
        assertTrue(e.getMessage().startsWith("training interrupted at epoch ") && e.getMessage().contains("`interruptedHistory`"), e.getMessage());
        // a million epochs: any bound proves the interrupt ended the run; a generous one (tests never assert speed)
        assertTrue(seconds < 30, "took " + seconds + " s");
        // the run's history outlives the cell: every finished epoch, then the interrupted one
        int rows = (Integer) ev.eval("interruptedHistory.size()").value();
        assertTrue(rows >= 1, "rows " + rows);
        // the stop lands after some batch: within an epoch (its row marked incomplete) or, one time in 16, after an
        // epoch's last batch (every row complete)
        boolean lastComplete = (Boolean) ev.eval("interruptedHistory.last().complete()").value();
        int finished = lastComplete ? rows : rows - 1;
        assertEquals(finished, ev.eval("interruptedHistory.completeEpochs().size()").value());
        assertTrue(e.getMessage().contains("the " + finished + " finished epoch"), e.getMessage());
        assertEquals(!lastComplete, e.getMessage().contains("and the partial one"), e.getMessage());
        assertEquals(16L * 2 + 16 + 16 * 2 + 2, ev.eval("net.parameterCount()").value());
        assertEquals(256, ev.eval("moons.size()").value());
        assertEquals(3, ev.eval("1 + 2").value());
    }

    @Test
    void compileErrorsNameTheCellLineTheSourceAndASuggestion() {
        ev.nameNextCell("In [12]");
        CellException e = assertThrows(CellException.class, () -> ev.eval("// a comment\nint a = 1;\ndouble y = tanhh(a);"));
        assertEquals("CompilationError", e.name());
        assertEquals("cannot find symbol: method tanhh(int) (cell line 3); did you mean tanh?", e.getMessage());
        List<String> tb = e.traceback().stream().map(ErrorFormatter::plain).toList();
        assertEquals("Cell In [12], line 3", tb.get(0), tb.toString());
        assertTrue(tb.contains("----> 3 double y = tanhh(a);"), tb.toString());
        assertTrue(e.traceback().get(0).contains("\u001b["), "coloured");
    }

    @Test
    void runtimeErrorsPointAtTheCellsLinesNotSnippetIds() {
        ev.nameNextCell("In [20]");
        ev.eval("%time\ndouble ratio20(int a, int b) {\n    int c = b - b;\n    return a / c;\n}");
        ev.nameNextCell("In [21]");
        CellException e = assertThrows(CellException.class, () -> ev.eval("int x20 = 4;\n\nratio20(x20, 2)"));
        List<String> tb = e.traceback().stream().map(ErrorFormatter::plain).toList();
        assertEquals("java.lang.ArithmeticException: / by zero", tb.get(0));
        assertTrue(tb.contains("Cell In [20], line 4, in ratio20"), tb.toString());
        assertTrue(tb.contains("----> 4     return a / c;"), tb.toString());
        assertTrue(tb.contains("Cell In [21], line 3"), tb.toString());
        assertFalse(String.join("\n", tb).contains("#"), tb.toString());
    }

    @Test
    void aCellEndingInPrintfHasNoValue() {
        assertFalse(ev.eval("System.out.printf(\"%d%n\", 3)").hasValue());
    }

    @Test
    void nextIndentFollowsOpenBlocksAndTextBlocks() {
        assertEquals("    ", Evaluator.nextIndent("for (int i = 0; i < 2; i++) {"));
        assertEquals("        ", Evaluator.nextIndent("if (a) {\n    while (b) {"));
        assertEquals("    ", Evaluator.nextIndent("if (a) {\n    int x = 1;"));
        assertEquals("", Evaluator.nextIndent("String s = \"\"\"\n  abc"));
    }

    @Test
    void codeThatCannotParseIsInvalidNotComplete() {
        assertEquals("invalid", ev.isComplete("int 1x = 3;"));
        assertEquals("complete", ev.isComplete("int x1 = 3;"));
        assertEquals("incomplete", ev.isComplete("String s = \"\"\"\n  abc"));
    }

    @Test
    void inspectShowsPnn4jsJavadocWhenTheSourcesAreThere() {
        // the kernel reads target/doc/*-api-sources.jar after mvn package; tests point it at the tree
        String text = ev.inspect("Optimizer.adam", 14);
        assertTrue(text.startsWith("Optimizer Optimizer.adam(double learningRate)"), text);
        assertTrue(text.contains("Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8."), text);
        // the JDK's javadoc comes from JShell, which reads the JDK's lib/src.zip (Temurin ships it; Debian's
        // openjdk-17 only with openjdk-17-source installed)
        String abs = ev.inspect("Math.abs", 8);
        assertTrue(abs.startsWith("int Math.abs(int a)"), abs);
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of(System.getProperty("java.home"), "lib", "src.zip"))) {
            assertTrue(abs.contains("absolute value"), abs);
        }
    }

    @Test
    void completionTypesGiveKindsAndSignatures() {
        Evaluator.Completions c = ev.complete("Optimizer.ad", 12);
        var types = ev.completionTypes("Optimizer.ad", c);
        assertEquals(c.matches().size(), types.size());
        var adam = types.stream().filter(t -> t.get("text").toString().startsWith("adam")).findFirst().orElseThrow();
        assertEquals("function", adam.get("type"));
        assertTrue(adam.get("signature").toString().startsWith("Optimizer Optimizer.adam("), adam.toString());
    }

    @Test
    void isCompleteTellsCompleteIncompleteAndInvalid() {
        assertEquals("complete", ev.isComplete("int a = 1;"));
        assertEquals("complete", ev.isComplete("1 + 1"));
        assertEquals("incomplete", ev.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("incomplete", ev.isComplete("Network.of(linear(4, 8),"));
        assertEquals("invalid", ev.isComplete("int 1x = ;)"));
    }

    @Test
    void completesDslNames() {
        Evaluator.Completions c = ev.complete("Network.o", 9);
        assertTrue(c.matches().contains("of("), c.matches().toString());
        assertEquals(8, c.start());
    }

    @Test
    void inspectGivesTheSignatureOfABareMethodName() {
        String text = ev.inspect("Math.abs", 8);
        assertTrue(text.contains("abs("), text);
    }
}
