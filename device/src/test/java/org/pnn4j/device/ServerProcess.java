package org.pnn4j.device;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A device server in a child JVM ({@link DeviceServerMain} on this test's class path), for tests that must cross
 * a process boundary: started and waited for until it prints its {@link DeviceServerMain#LISTENING} line, killed
 * (SIGKILL, as a crash) by {@link #kill()} or {@link #close()}, and by a shutdown hook should the test JVM exit
 * first, so that no server outlives its test.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread hook;
    private final int port;

    private ServerProcess(List<String> command, long startSeconds) {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        hook = new Thread(process::destroyForcibly, "kill-device-server-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        // drains the child's output for as long as it runs, so that it never blocks on a full pipe
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.startsWith(DeviceServerMain.LISTENING))
                        listening.complete(Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim()));
                }
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("the server exited before listening"));
        }, "device-server-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            port = listening.get(startSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            kill();
            throw new IllegalStateException("the device server process did not print '" + DeviceServerMain.LISTENING + "...' within "
                    + startSeconds + " s (" + e + "); its output:\n" + output, e);
        }
    }

    /**
     * Starts {@code java ... DeviceServerMain args} with this JVM's java, class path and module flags, and waits
     * (up to 60 s) until it listens.
     */
    static ServerProcess start(String... args) {
        return start(List.of(), args);
    }

    /** As {@link #start(String...)}, with {@code extraClassPath} (jars or folders) after this JVM's class path. */
    static ServerProcess start(List<String> extraClassPath, String... args) {
        List<String> cmd = new ArrayList<>();
        String classPath = System.getProperty("java.class.path");
        for (String e : extraClassPath) classPath += java.io.File.pathSeparator + e;
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (a.startsWith("--add-modules") || a.startsWith("--enable-native-access")) cmd.add(a);
        // a small server: the tests share two cores with other builds
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                DeviceServerMain.class.getName()));
        cmd.addAll(List.of(args));
        return new ServerProcess(cmd, 60);
    }

    /** The port it listens on. */
    int port() {
        return port;
    }

    /** Its process id. */
    long pid() {
        return process.pid();
    }

    /** Whether it still runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** What it printed so far (standard output and error). */
    String output() {
        return output.toString();
    }

    /** Kills it with SIGKILL (no shutdown hook runs in the child: a crash) and waits until it is gone (up to 10 s). */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) throw new IllegalStateException("device server " + process.pid() + " survived SIGKILL for 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills it (see {@link #kill()}). */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }
}
