package org.pnn4j.kernel;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run that fills the kernel's class-data archive at install time ({@link Kernelspec#install}): started with the
 * kernel's own command line, it loads what a kernel loads up to its first cell (the protocol's sockets on loopback
 * ports nobody else knows, the evaluator with JShell, javac, the DSL's imports and the renderers, then one cell) and
 * exits normally, when the JVM writes the archive.
 */
final class ClassArchive {
    private ClassArchive() {}

    /**
     * @param args none
     * @throws Exception when the sockets cannot be bound or the cell fails (exit status 1 either way)
     */
    public static void main(String[] args) throws Exception {
        Class.forName("org.pnn4j.cli.Main"); // the kernel's main class, archived too
        PnnKernel kernel = PnnKernel.create();
        Path connection = Files.createTempFile("pnn4j-class-archive", ".json");
        boolean ok;
        try {
            StringBuilder ports = new StringBuilder();
            for (String name : new String[] {"shell", "iopub", "stdin", "control", "hb"}) {
                try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    ports.append('"').append(name).append("_port\": ").append(s.getLocalPort()).append(", ");
                }
            }
            Files.writeString(connection, "{" + ports + "\"ip\": \"127.0.0.1\", \"transport\": \"tcp\", \"key\": \""
                    + java.util.UUID.randomUUID() + "\", \"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"pnn4j\"}");
            Thread sockets = new Thread(() -> {
                try {
                    PnnKernel.serve(kernel, connection);
                } catch (Exception e) {
                    System.err.println("pnn4j class archive: the kernel's sockets failed: " + e);
                }
            }, "pnn4j-class-archive-kernel");
            sockets.setDaemon(true);
            sockets.start();
            ok = kernel.eval("1+1") != null;
        } finally {
            Files.deleteIfExists(connection);
        }
        System.exit(ok ? 0 : 1); // a normal exit: the JVM writes the archive now
    }
}
