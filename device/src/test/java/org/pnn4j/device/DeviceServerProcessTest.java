package org.pnn4j.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.Backends;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class DeviceServerProcessTest {
    /** {@code java ... DeviceServerMain args} with this JVM's java, class path and module flags, as one shell word list. */
    private static String javaServer(String args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (a.startsWith("--add-modules") || a.startsWith("--enable-native-access")) cmd.add(a);
        cmd.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                DeviceServerMain.class.getName()));
        StringBuilder sb = new StringBuilder();
        for (String c : cmd) sb.append('\'').append(c.replace("'", "'\\''")).append("' ");
        return sb + args;
    }

    /**
     * Like the launcher, the shell runs the server's java as a child in a pipeline: close() must stop that child too,
     * not only the shell (SIGTERM to the shell alone would leave the server running).
     */
    @Test
    void servesThroughAShellAndCloseStopsTheServerItStarted() throws Exception {
        DeviceServerProcess server = DeviceServerProcess.start(List.of("bash", "-c",
                javaServer("--substrate oscillators:4 --port 0 --token T") + " 2>&1 | cat"), 120);
        List<ProcessHandle> tree;
        try {
            assertTrue(server.address().startsWith("127.0.0.1:"), server.address());
            assertTrue(server.port() > 0);
            tree = ProcessHandle.of(server.pid()).orElseThrow().descendants().toList();
            assertFalse(tree.isEmpty(), "the shell's children");
            Substrate s = SubstrateSpecs.parse("oscillators:4");
            try (Backend b = Backends.open("remote:" + server.address() + "?token=T")) {
                PhysicalLayer layer = new PhysicalLayer(s, b.device(s)).mode(PhysicalLayer.Mode.PHYSICAL);
                layer.initialize(new Rng(2));
                Tensor y = layer.forward(Tensor.uniform(new Rng(1), -1, 1, 3, 4));
                assertEquals(3, y.dim(0));
            }
            assertTrue(server.output().contains(DeviceServerMain.LISTENING), server.output());
        } finally {
            server.close();
        }
        assertFalse(server.alive());
        for (ProcessHandle h : tree) assertFalse(h.isAlive(), "process " + h.pid() + " " + h.info().command().orElse("") + " outlived close()");
    }

    @Test
    void aServerThatCannotStartGivesItsOutputInTheError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceServerProcess.start(List.of("bash", "-c", javaServer("--substrate nonsense:3 --port 0")), 120));
        assertTrue(e.getMessage().contains("did not print 'listening on") && e.getMessage().contains("nonsense"), e.getMessage());
    }
}
