package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Threads a cell started are interrupted with it, and those that outlive the interrupt are named in its error. */
class CellThreadsTest {
    private static Evaluator ev;

    @BeforeAll
    static void start() {
        ev = new Evaluator();
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    /** Runs {@code cell}, interrupting it once it set the property {@code cellthreads.looping} (its last loop runs). */
    private static CellException interruptedInLoop(String cell) throws InterruptedException {
        System.clearProperty("cellthreads.looping");
        Thread stopper = new Thread(() -> {
            try {
                while (System.getProperty("cellthreads.looping") == null) Thread.sleep(20);
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            ev.interrupt();
        });
        stopper.start();
        CellException e = assertThrows(CellException.class, () -> ev.eval(cell));
        stopper.join();
        assertEquals("Interrupted", e.name(), e.getMessage());
        return e;
    }

    @Test
    void aThreadStartedEarlierInTheCellIsInterruptedWithIt() throws Exception {
        // JShell stops only the snippet that runs (the loop): before, the waiter of the first snippets waited forever
        interruptedInLoop("""
                java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
                Thread waiter = new Thread(() -> { try { never.await(); } catch (InterruptedException e) { } }, "waiter");
                waiter.start();
                System.setProperty("cellthreads.looping", "1");
                while (true) { Thread.onSpinWait(); }
                """);
        assertEquals(false, ev.eval("waiter.join(5000);\nwaiter.isAlive()").value());
    }

    @Test
    void threadsThatOutliveTheInterruptAreNamed() throws Exception {
        // an executor's worker survives interrupts by design (it waits for the next task)
        CellException e = interruptedInLoop("""
                java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "cell-pool"));
                pool.submit(() -> 1).get();
                System.setProperty("cellthreads.looping", "1");
                while (true) { Thread.onSpinWait(); }
                """);
        assertTrue(e.getMessage().contains("'cell-pool'"), e.getMessage());
        assertTrue(e.getMessage().contains("restart the kernel"), e.getMessage());
        ev.eval("pool.shutdownNow();");
        CellException quiet = interruptedInLoop("System.setProperty(\"cellthreads.looping\", \"1\");\nwhile (true) { Thread.onSpinWait(); }");
        assertFalse(quiet.getMessage().contains("thread(s) the cell started"), quiet.getMessage());
    }
}
