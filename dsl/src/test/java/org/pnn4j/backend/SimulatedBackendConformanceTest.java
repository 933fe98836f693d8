package org.pnn4j.backend;

/** The in-process simulated backend passes the conformance kit, deterministically under seed. */
class SimulatedBackendConformanceTest extends BackendConformance {
    @Override
    protected Backend open() {
        return new SimulatedBackend(5, 64);
    }
}
