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

    @org.junit.jupiter.api.Test
    void callsWithoutTheTokenOrWithAWrongOneAreRefused() {
        for (String query : new String[] {"", "?token=wrong"}) {
            try (Backend b = Backends.open("remote:127.0.0.1:" + server.port() + query)) {
                org.pnn4j.backend.BackendException e = org.junit.jupiter.api.Assertions.assertThrows(org.pnn4j.backend.BackendException.class,
                        () -> b.forward(substrate().name(), inputs(2, 11), params(12), 1));
                String why = query.isEmpty() ? "(no token: send the server's token)" : "(wrong token)";
                org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("refused the token " + why), e.getMessage());
            }
        }
        try (Backend b = open()) {
            org.junit.jupiter.api.Assertions.assertEquals(2, b.forward(substrate().name(), inputs(2, 11), params(12), 1).dim(0),
                    "the server still serves a client with the token");
        }
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
