/**
 * Where a substrate's physical forward runs: the {@link org.pnn4j.backend.Backend} SPI (found through
 * {@link java.util.ServiceLoader} by {@link org.pnn4j.backend.Backends#open}), declared
 * {@link org.pnn4j.backend.Capabilities} checked by {@link org.pnn4j.backend.Preflight} before any hardware
 * time is spent, the in-process {@link org.pnn4j.backend.SimulatedBackend}, record and replay
 * ({@link org.pnn4j.backend.RecordingBackend}, {@link org.pnn4j.backend.ReplayBackend}, file format in
 * {@link org.pnn4j.backend.RecordingFormat}), a client-side {@link org.pnn4j.backend.SafetyEnvelope}, a
 * {@link org.pnn4j.backend.Tracker} of calls, samples, time and cost, and {@link org.pnn4j.backend.SubstrateSpecs}
 * (substrates by name, e.g. {@code oscillators:16}). The remote gRPC backend lives in the {@code pnn4j-device}
 * module. Depends on {@code physics} and below; knows nothing of training, plots or twins.
 */
package org.pnn4j.backend;
