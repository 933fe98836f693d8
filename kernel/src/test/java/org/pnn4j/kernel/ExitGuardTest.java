package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route to ending the JVM from a cell is a SystemExit error and the JVM (the test's own) lives on. Before the
 * agent, each of these cells ended the test JVM ("the forked VM terminated without saying goodbye").
 */
class ExitGuardTest {
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
    void theAgentIsInstalledWithTheProjectsJvmFlags() {
        assertNull(ExitGuard.agentProblem(), "the exit agent did not install: " + ExitGuard.agentProblem());
    }

    private static CellException exits(String cell) {
        CellException e = assertThrows(CellException.class, () -> ev.eval(cell), cell);
        assertEquals("SystemExit", e.name(), cell + ": " + e.getMessage());
        return e;
    }

    @Test
    void everyRouteToEndingTheJvmIsASystemExitErrorAndTheKernelLives() {
        ev.eval("int keptAcrossExits = 42;");
        assertTrue(exits("Runtime.getRuntime().exit(5);").getMessage().contains("Runtime.exit(5)"));
        assertTrue(exits("Runtime.getRuntime().halt(6);").getMessage().contains("Runtime.halt(6)"));
        assertTrue(exits("System.class.getMethod(\"exit\", int.class).invoke(null, 7);").getMessage().contains("System.exit(7)"));
        exits("Runtime.class.getMethod(\"halt\", int.class).invoke(Runtime.getRuntime(), 8);");
        exits("java.lang.invoke.MethodHandles.lookup().findStatic(System.class, \"exit\", java.lang.invoke.MethodType.methodType(void.class, int.class)).invoke(9);");
        // library code: the device server's main exits 2 on a usage error
        CellException lib = exits("org.pnn4j.device.DeviceServerMain.main(new String[0]);");
        assertTrue(lib.getMessage().contains("System.exit(2)") && lib.getMessage().contains("DeviceServerMain.main"), lib.getMessage());
        assertEquals(42, ev.eval("keptAcrossExits").value());
    }

    @Test
    void aThreadStartedByACellCannotEndTheJvmEither() {
        Object message = ev.eval("""
                String[] seen = new String[1];
                Thread t = new Thread(() -> {
                    try { Runtime.getRuntime().exit(3); } catch (Throwable e) { seen[0] = e.getClass().getSimpleName() + ": " + e.getMessage(); }
                }, "exiting-worker");
                t.start(); t.join();
                seen[0]""").value();
        assertTrue(String.valueOf(message).startsWith("ExitRequested: Runtime.exit(3)"), String.valueOf(message));
    }

    @Test
    void theKernelsOwnThreadsMayStillEndTheJvm() {
        // the guard returns (lets the exit proceed) on a thread that is not a cell's: here the test's own thread
        ExitGuard.refuse("Runtime.exit", 0);
        assertTrue(!ExitGuard.isCellThread(Thread.currentThread()));
    }
}
