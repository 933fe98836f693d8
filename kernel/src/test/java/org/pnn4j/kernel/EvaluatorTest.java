package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(e.getMessage().contains("^"), e.getMessage());
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
        assertTrue(seconds < 1.3, "took " + seconds + " s");
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
        assertTrue(seconds < 1.5, "took " + seconds + " s");
        // the run's history outlives the cell: every finished epoch, then the interrupted one
        int rows = (Integer) ev.eval("interruptedHistory.size()").value();
        assertTrue(rows >= 1, "rows " + rows);
        assertEquals(false, ev.eval("interruptedHistory.last().complete()").value());
        assertEquals(rows - 1, ev.eval("interruptedHistory.completeEpochs().size()").value());
        assertTrue(e.getMessage().contains("the " + (rows - 1) + " finished epoch"), e.getMessage());
        assertEquals(16L * 2 + 16 + 16 * 2 + 2, ev.eval("net.parameterCount()").value());
        assertEquals(256, ev.eval("moons.size()").value());
        assertEquals(3, ev.eval("1 + 2").value());
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
