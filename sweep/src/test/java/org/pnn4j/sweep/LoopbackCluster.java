package org.pnn4j.sweep;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on loopback, started from this module's own dependencies (no Spark download): one
 * {@code org.apache.spark.deploy.master.Master} and N {@code org.apache.spark.deploy.worker.Worker} processes, each a
 * JVM of its own, each worker with one core, whose executors are JVMs of their own too. {@link #close()} ends them all.
 */
final class LoopbackCluster implements AutoCloseable {
    private final Path home;
    private final String classpath;
    private final int port;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final List<Path> work = new ArrayList<>();

    LoopbackCluster(Path dir, int workerCount) throws IOException, InterruptedException {
        // Spark's worker builds its executors' classpath from SPARK_HOME/jars (a RELEASE file marks a distribution);
        // an empty jars/ and the test's classpath as spark.executor.extraClassPath stand for one
        home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "pnn4j test cluster\n");
        String cp = System.getProperty("surefire.test.class.path");
        classpath = cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        master = start(dir.resolve("master.log"), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", "0");
        waitForPort(port, 60);
        for (int i = 0; i < workerCount; i++) {
            Path work = dir.resolve("worker-" + i);
            Files.createDirectories(work);
            this.work.add(work);
            workers.add(start(dir.resolve("worker-" + i + ".log"), "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--webui-port", "0", "--work-dir", work.toString(), masterUrl()));
        }
    }

    /** The ids of the executors worker {@code i} has launched so far (its work folder holds one per executor). */
    java.util.Set<String> executorIds(int i) throws IOException {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        try (var apps = Files.list(work.get(i))) {
            for (Path app : apps.toList())
                if (Files.isDirectory(app))
                    try (var execs = Files.list(app)) {
                        execs.filter(Files::isDirectory).forEach(e -> ids.add(e.getFileName().toString()));
                    }
        }
        return ids;
    }

    /** {@code spark://127.0.0.1:PORT}. */
    String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** The test's classpath, for {@code spark.executor.extraClassPath}. */
    String classpath() {
        return classpath;
    }

    /** Kills worker {@code i} and its executors at once (SIGKILL), as a machine lost mid-sweep. */
    void killWorker(int i) {
        Process w = workers.get(i);
        w.descendants().forEach(ProcessHandle::destroyForcibly);
        w.destroyForcibly();
    }

    private Process start(Path log, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        for (String f : System.getProperty("sweep.test.spark.flags", "").split("\\s+")) if (!f.isBlank()) cmd.add(f);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(main);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("SPARK_LOG_DIR", log.getParent().toString());
        return pb.start();
    }

    private static void waitForPort(int port, int seconds) throws InterruptedException, IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IOException("the Spark master did not listen on 127.0.0.1:" + port + " within " + seconds + " s");
    }

    @Override
    public void close() {
        List<Process> all = new ArrayList<>(workers);
        all.add(master);
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : all)
            try {
                p.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
    }

    @Override
    public String toString() {
        return masterUrl() + " with " + workers.size() + " workers (" + File.pathSeparator + "-separated classpath of "
                + classpath.split(File.pathSeparator).length + " entries)";
    }
}
