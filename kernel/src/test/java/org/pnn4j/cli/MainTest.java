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
    void theKernelsOwnPathReportsAnUnreadableConnectionFileAsRunDoes() {
        // main runs `kernel FILE` without the command table (runKernel): the same message and exit code as run's
        String missing = "/nonexistent/pnn4j-kernel-connection.json";
        Result viaRun = run(unreachable(), "kernel", missing);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int code;
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(e);
            code = Main.runKernel(missing, false);
        } finally {
            System.setErr(saved);
        }
        assertEquals(1, viaRun.code());
        assertEquals(viaRun.code(), code);
        assertEquals(viaRun.err(), err.toString(StandardCharsets.UTF_8));
        assertTrue(viaRun.err().startsWith("pnn4j kernel: cannot read the connection file " + missing), viaRun.err());
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
            for (String command : new String[] {"demo", "datasets", "version", "serve", "conformance", "bench", "reproduce", "help"}) {
                assertTrue(r.out().contains("\n  " + command + " "), help + " lists " + command + ":\n" + r.out());
            }
            assertEquals("", r.err());
        }
    }

    @Test
    void eachCommandHasItsOwnHelpWithoutRunningIt() {
        for (String command : new String[] {"demo", "datasets", "version", "serve", "conformance", "bench", "reproduce", "help"}) {
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
        assertTrue(r.err().startsWith("pnn4j help: no command 'frobnicate'; commands: demo, datasets, install, kernel, run, version, serve, conformance, train-device, reliability, bench, reproduce, help"),
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
    void reproduceWithSweepSaysItRunsInTheSweepModule() {
        // the kernel carries no Spark: the launcher starts the sweep module for `reproduce ... --sweep`
        Result sweep = run(unreachable(), "reproduce", "vowels", "--sweep");
        assertEquals(2, sweep.code());
        assertTrue(sweep.err().contains("--sweep runs in the sweep module"), sweep.err());
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

    @Test
    void runWithAParameterThatIsNotOfItsDeclaredTypeExits2NamingIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path nb = dir.resolve("p.ipynb");
        java.nio.file.Files.writeString(nb, """
                {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
                 {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "outputs": [], "execution_count": null,
                  "source": "int epochs = 30;"}
                ]}
                """);
        Result r = run(unreachable(), "run", nb.toString(), "-p", "epochs", "abc");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("-p epochs abc: epochs is declared int in the parameters cell; 'abc' is not a whole number"), r.err());
        Result missing = run(unreachable(), "run", nb.toString(), "-p", "epoch", "3");
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("epoch is not declared in the parameters cell"), missing.err());
        assertFalse(java.nio.file.Files.exists(dir.resolve("p.out.ipynb")), "nothing ran");
    }

    @Test
    void conformanceChecksADeviceServerAndExitsByItsResult() {
        Result usage = run(unreachable(), "conformance");
        assertEquals(Main.USAGE, usage.code());
        assertTrue(usage.err().startsWith("pnn4j conformance: give the server, e.g. remote:127.0.0.1:50051?token=T"), usage.err());
        Result badOption = run(unreachable(), "conformance", "remote:127.0.0.1:1?token=s3cr3t&retries=3");
        assertEquals(Main.USAGE, badOption.code());
        assertTrue(badOption.err().contains("unknown option 'retries'") && !badOption.err().contains("s3cr3t"), badOption.err());

        org.pnn4j.device.DeviceServerMain.Options o = org.pnn4j.device.DeviceServerMain.parse(
                new String[] {"--substrate", "oscillators:4", "--input-noise", "0", "--max-batch", "32"});
        try (org.pnn4j.device.DeviceServer server = org.pnn4j.device.DeviceServerMain.start(
                new org.pnn4j.device.DeviceServerMain.Options(o.substrate(), "127.0.0.1", 0, "t0k", o.seed(), o.maxBatch(), o.maxRepeats(), o.inputNoise()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            Result ok = run(unreachable(), "conformance", "remote:127.0.0.1:" + server.port() + "?token=t0k");
            assertEquals(0, ok.code(), ok.out() + ok.err());
            assertTrue(ok.out().endsWith("conformance: 18 passed, 0 failed\n"), ok.out());
            Result wrong = run(unreachable(), "conformance", "remote:127.0.0.1:" + server.port() + "?token=nope");
            assertEquals(1, wrong.code(), wrong.out());
            assertTrue(wrong.out().contains("FAIL describe") && wrong.out().contains("UNAUTHENTICATED"), wrong.out());
        }
    }
}
