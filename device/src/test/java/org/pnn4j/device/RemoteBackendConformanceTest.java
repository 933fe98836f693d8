package org.pnn4j.device;

import org.pnn4j.backend.Backend;
import org.pnn4j.backend.BackendConformance;
import org.pnn4j.backend.ForwardingBackend;
import org.pnn4j.backend.SimulatedBackend;
import org.pnn4j.backend.SubstrateSpecs;

/**
 * The remote backend passes the conformance kit against a device server on loopback (a server in this JVM,
 * on its own gRPC threads; a fresh one per check so that the seed fixes the device and the outputs are exact).
 */
class RemoteBackendConformanceTest extends BackendConformance {
    @Override
    protected Backend open() {
        DeviceServer server = DeviceServer.start(new SimulatedBackend(5, 64).serve(SubstrateSpecs.parse("oscillators:4")), "127.0.0.1", 0, "t0ken",
                DeviceServer.DEFAULT_MAX_MESSAGE_BYTES);
        return new ForwardingBackend(RemoteBackend.builder("127.0.0.1", server.port()).token("t0ken").connect()) {
            @Override
            public void close() {
                super.close();
                server.close();
            }
        };
    }
}
