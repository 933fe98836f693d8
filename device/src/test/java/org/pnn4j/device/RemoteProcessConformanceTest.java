package org.pnn4j.device;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.BackendConformance;
import org.pnn4j.backend.Backends;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.oscillators.CoupledOscillators;

/**
 * The conformance kit through {@code Backends.open("remote:...")} against a device server in a separate process
 * ({@link DeviceServerMain} in a child JVM, started once for the class and killed after it, also on failure).
 * The server's device is noiseless ({@code --input-noise 0}), so the determinism check holds exactly although
 * every check shares one server.
 */
@Timeout(120)
class RemoteProcessConformanceTest extends BackendConformance {
    private static final String TOKEN = "pr0cess";
    private static ServerProcess server;

    @BeforeAll
    static void startServer() {
        server = ServerProcess.start("--substrate", "oscillators:4", "--port", "0", "--token", TOKEN, "--seed", "5",
                "--max-batch", "64", "--input-noise", "0");
    }

    @AfterAll
    static void killServer() {
        if (server == null) return;
        server.close();
        org.junit.jupiter.api.Assertions.assertFalse(server.alive(), "the server process is gone after the class");
    }

    @Override
    protected Substrate substrate() {
        return ((CoupledOscillators) SubstrateSpecs.parse("oscillators:4")).inputNoise(0);
    }

    @Override
    protected Backend open() {
        return Backends.open("remote:127.0.0.1:" + server.port() + "?token=" + TOKEN);
    }
}
