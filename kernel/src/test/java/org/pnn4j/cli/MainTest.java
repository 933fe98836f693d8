package org.pnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MainTest {

    /** One run's exit code and what it printed. */
    private record Result(int code, String out, String err) {}

    private static Result run(Main main, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = main.run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A Main whose demo and datasets commands must not be reached. */
    private static Main unreachable() {
        Main.Action fail = (args, out) -> {
            throw new AssertionError("must not run");
        };
        return new Main(fail, fail, false);
    }

    @Test
    void noCommandPrintsUsageOnStderrAndExits2() {
        Result r = run(unreachable());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("usage: pnn4j <command>"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownCommandNamesItAndPrintsUsageOnStderrAndExits2() {
        Result r = run(unreachable(), "frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("pnn4j: unknown command 'frobnicate'\nusage: pnn4j <command>"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void helpListsEveryCommandOnStdout() {
        for (String help : new String[] {"help", "--help", "-h"}) {
            Result r = run(unreachable(), help);
            assertEquals(0, r.code(), help);
            for (String command : new String[] {"demo", "datasets", "version", "serve", "bench", "reproduce", "help"}) {
                assertTrue(r.out().contains("\n  " + command + " "), help + " lists " + command + ":\n" + r.out());
            }
            assertEquals("", r.err());
        }
    }

    @Test
    void eachCommandHasItsOwnHelpWithoutRunningIt() {
        for (String command : new String[] {"demo", "datasets", "version", "serve", "bench", "reproduce", "help"}) {
            Result r = run(unreachable(), command, "--help");
            assertEquals(0, r.code(), command);
            assertTrue(r.out().startsWith("usage: pnn4j " + command), r.out());
            assertEquals(r.out(), run(unreachable(), "help", command).out(), "help " + command);
        }
    }

    @Test
    void helpOfAnUnknownCommandIsAUsageError() {
        Result r = run(unreachable(), "help", "frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("pnn4j help: no command 'frobnicate'; commands: demo, datasets, install, kernel, run, version, serve, bench, reproduce, help"),
                r.err());
    }

    @Test
    void benchRejectsAnUnknownOptionBeforeRunningAnything() {
        Result r = run(unreachable(), "bench", "--fast");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("pnn4j bench: unexpected argument '--fast'\nusage: pnn4j bench"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void reproduceRunsTheToyAndPrintsItsTable() {
        Result r = run(unreachable(), "reproduce", "toy", "--trials", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("physicsAware()") && r.out().contains("inSilico()") && r.out().contains("mean_gradient_error_%"), r.out());
        assertTrue(r.out().contains("./pnn4j reproduce toy --trials 3: "), r.out());
    }

    @Test
    void reproduceTwinsNamesTheSubstratesItKnowsAndTheRefitSwitch() {
        Result unknown = run(unreachable(), "reproduce", "twins", "--substrates", "diode,laser");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown substrate 'laser'") && unknown.err().contains("acoustic"), unknown.err());
        Result refit = run(unreachable(), "reproduce", "twins", "--refit", "sometimes");
        assertEquals(2, refit.code());
        assertTrue(refit.err().contains("--refit takes on or off"), refit.err());
    }

    @Test
    void reproduceRejectsUnknownExperimentsAndOptions() {
        Result none = run(unreachable(), "reproduce");
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("pnn4j reproduce: name an experiment"), none.err());
        Result unknown = run(unreachable(), "reproduce", "mnist");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown experiment 'mnist'"), unknown.err());
        Result option = run(unreachable(), "reproduce", "toy", "--trials", "many");
        assertEquals(2, option.code());
        assertTrue(option.err().contains("--trials takes a number"), option.err());
        Result zero = run(unreachable(), "reproduce", "vowels", "--epochs", "0");
        assertEquals(2, zero.code());
        assertTrue(zero.err().contains("--epochs must be at least 1"), zero.err());
    }

    @Test
    void unexpectedArgumentIsAUsageError() {
        Result r = run(unreachable(), "datasets", "--all");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("pnn4j datasets: unexpected argument '--all'\nusage: pnn4j datasets"), r.err());
    }

    @Test
    void demoGetsItsArgumentsAndItsExitCodeIsReturned() {
        AtomicReference<String[]> seen = new AtomicReference<>();
        Main main = new Main((args, out) -> {
            seen.set(args);
            out.println("accuracy 0.97");
            return 3;
        }, null, false);
        Result r = run(main, "demo", "--epochs", "2");
        assertEquals(3, r.code());
        assertArrayEquals(new String[] {"--epochs", "2"}, seen.get());
        assertEquals("accuracy 0.97\n", r.out());
    }

    @Test
    void datasetsReturnsTheFetchersExitCode() {
        Main main = new Main(null, (args, out) -> {
            out.println("mnist: ok");
            return 4;
        }, false);
        Result r = run(main, "datasets");
        assertEquals(4, r.code());
        assertEquals("mnist: ok\n", r.out());
    }

    @Test
    void failureIsOneLineWithTheCommandAndMessageAndExits1() {
        Main main = new Main((args, out) -> {
            throw new IllegalStateException("no digits dataset on the classpath");
        }, null, false);
        Result r = run(main, "demo");
        assertEquals(1, r.code());
        assertEquals("pnn4j demo: no digits dataset on the classpath\n", r.err());
    }

    @Test
    void errorWithoutMessageIsNamedByItsType() {
        Main main = new Main(null, (args, out) -> {
            throw new OutOfMemoryError();
        }, false);
        Result r = run(main, "datasets");
        assertEquals(1, r.code());
        assertEquals("pnn4j datasets: OutOfMemoryError\n", r.err());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Main main = new Main((args, out) -> {
            throw new IllegalStateException("boom");
        }, null, true);
        Result r = run(main, "demo");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("pnn4j demo: boom\njava.lang.IllegalStateException: boom\n\tat "), r.err());
    }

    @Test
    void versionPrintsTheProjectVersionTheJdkAndTheBlas() {
        Result r = run(unreachable(), "version");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].matches("pnn4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), lines[0]);
        assertTrue(lines[1].startsWith("java " + Runtime.version() + " ("), lines[1]);
        assertTrue(lines[2].matches("blas \\w+BLAS"), lines[2]);
        assertFalse(r.out().contains("${"), "the version resource was filtered");
    }

    @Test
    void serveWithoutASubstrateOrWithABadOneIsAClearError() {
        Result r = run(unreachable(), "serve", "--port", "0");
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().startsWith("pnn4j serve: --substrate is required"), r.err());
        Result bad = run(unreachable(), "serve", "--substrate", "laser:3", "--port", "0", "--token", "t");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("unknown substrate kind 'laser'"), bad.err());
    }
}
