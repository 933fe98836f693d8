package org.pnn4j.device;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pnn4j.data.Locations;

/**
 * A device server running as a process of its own, as a lab's server would: {@link #serve(String...)} starts
 * {@code ./pnn4j serve ARGS} with the launcher of the checkout this code runs from ({@link Locations#launcher()}, found
 * whatever the working directory), waits until it prints its {@code listening on HOST:PORT} line, and gives the
 * address to connect to ({@code Backends.open("remote:" + server.address() + "?token=...")}).
 *
 * <p>{@link #close()} stops it (SIGTERM to the server and every process it started, SIGKILL after 10 s); a shutdown
 * hook does the same should this JVM exit first (a notebook whose cell failed before its last cell, a kernel shut
 * down), so that no server outlives the notebook that started it. Only a SIGKILL of this JVM leaves it running.
 */
public final class DeviceServerProcess implements AutoCloseable {
    /** Seconds {@link #serve} waits for the listening line (the launcher may first rebuild the project). */
    public static final int START_SECONDS = 300;

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread hook;
    private final String host;
    private final int port;

    private DeviceServerProcess(List<String> command, java.util.Map<String, String> environment, long startSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(environment);
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the device server " + redact(command, command, environment) + ": " + e.getMessage(), e);
        }
        hook = new Thread(this::stop, "stop-device-server-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
        CompletableFuture<String> listening = new CompletableFuture<>();
        // drains the server's output for as long as it runs, so that it never blocks on a full pipe
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.append(line).append('\n');
                    if (line.startsWith(DeviceServerMain.LISTENING)) listening.complete(line.substring(DeviceServerMain.LISTENING.length()).trim());
                }
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IllegalStateException("the server exited before listening"));
        }, "device-server-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        String address;
        try {
            address = listening.get(startSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            close();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new IllegalStateException(redact("the device server " + command + " did not print '" + DeviceServerMain.LISTENING
                    + "HOST:PORT' within " + startSeconds + " s (" + (e.getCause() != null ? e.getCause().getMessage() : e)
                    + "); its output:\n" + output, command, environment), e);
        }
        int colon = address.lastIndexOf(':');
        host = address.substring(0, colon);
        port = Integer.parseInt(address.substring(colon + 1));
    }

    /**
     * Starts {@code ./pnn4j serve ARGS} (e.g. {@code "--substrate", "oscillators:8", "--port", "0", "--token", "T"};
     * {@code --port 0} picks a free port) from this checkout's launcher and waits until it listens. A {@code --token T}
     * among the arguments is passed in the server's environment ({@code PNN4J_DEVICE_TOKEN}), not on its command line,
     * so that the process list never shows it.
     *
     * @throws IllegalStateException if no checkout is found ({@link Locations#launcher()}), or the server does not
     *                               listen within {@link #START_SECONDS} (the message carries its output, e.g. a usage error)
     */
    public static DeviceServerProcess serve(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Locations.launcher().toString());
        cmd.add("serve");
        java.util.Map<String, String> env = new java.util.HashMap<>();
        cmd.addAll(tokenToEnvironment(args, env));
        return start(cmd, env, START_SECONDS);
    }

    /**
     * {@code args} without {@code --token T}, whose value goes into {@code env} as {@code PNN4J_DEVICE_TOKEN} instead:
     * on a command line every user of the machine could read it.
     */
    static List<String> tokenToEnvironment(String[] args, java.util.Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--token") && i + 1 < args.length) {
                env.put("PNN4J_DEVICE_TOKEN", args[++i]);
            } else {
                out.add(args[i]);
            }
        }
        return out;
    }

    /**
     * Starts any command that runs a device server and prints {@code listening on HOST:PORT} on its standard output
     * (e.g. {@code java -cp ... org.pnn4j.device.DeviceServerMain ...}), and waits up to {@code startSeconds}.
     *
     * @throws IllegalStateException if it does not listen in time (the message carries its output)
     */
    public static DeviceServerProcess start(List<String> command, long startSeconds) {
        return start(command, java.util.Map.of(), startSeconds);
    }

    /**
     * As {@link #start(List, long)}, with {@code environment} added to the server's environment: how a secret such as
     * the token ({@code PNN4J_DEVICE_TOKEN}) reaches a lab's server without appearing in the process list. A lab's
     * Python server: {@code start(List.of("/usr/bin/python3", "python/examples/photonic_chip.py", "--port", "0"),
     * Map.of("PNN4J_DEVICE_TOKEN", token), 60)}.
     *
     * @throws IllegalStateException if it does not listen in time (the message carries its output)
     */
    public static DeviceServerProcess start(List<String> command, java.util.Map<String, String> environment, long startSeconds) {
        if (command.isEmpty()) throw new IllegalArgumentException("the device server command is empty");
        return new DeviceServerProcess(List.copyOf(command), java.util.Map.copyOf(environment), startSeconds);
    }

    /**
     * {@code text} with every secret of the start replaced by {@code <token>}: the value after a {@code --token} argument,
     * the values of environment variables whose name says TOKEN, and {@code token=} values.
     */
    static String redact(Object text, List<String> command, java.util.Map<String, String> environment) {
        String s = org.pnn4j.backend.Backends.redactTokens(String.valueOf(text));
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i + 1 < command.size(); i++) if (command.get(i).equals("--token")) secrets.add(command.get(i + 1));
        environment.forEach((k, v) -> {
            if (k.toUpperCase(java.util.Locale.ROOT).contains("TOKEN") && !k.endsWith("_FILE")) secrets.add(v);
        });
        for (String secret : secrets) if (secret != null && !secret.isEmpty()) s = s.replace(secret, "<token>");
        return s;
    }

    /** The address it listens on, {@code HOST:PORT}, as {@code remote:} backend specs take it. */
    public String address() {
        return host + ":" + port;
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** The process id of the started command (the launcher's shell for {@link #serve}). */
    public long pid() {
        return process.pid();
    }

    /** Whether the server still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** What it printed so far (standard output and error together). */
    public String output() {
        return output.toString();
    }

    /** Stops the server and the processes it started (the launcher runs java as a child), waiting up to 10 s each. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    private void stop() {
        // the children first: SIGTERM to the launcher's shell would leave its java running
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        for (ProcessHandle h : all) h.destroy();
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                h.destroyForcibly();
            } catch (InterruptedException e) {
                h.destroyForcibly();
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // onExit does not fail; nothing to do
            }
        }
    }

    @Override
    public String toString() {
        return "device server at " + address() + " (pid " + pid() + (alive() ? "" : ", stopped") + ")";
    }
}
