/**
 * Remote physical devices over gRPC (protocol: {@code src/main/proto/pnn4j_device.proto}):
 * {@link org.pnn4j.device.RemoteBackend}, the client (deadlines, retries with backoff, reconnect, token), and
 * {@link org.pnn4j.device.DeviceServer}, which serves any {@link org.pnn4j.backend.Backend} (the
 * {@code ./pnn4j serve} command serves a simulated substrate), and {@link org.pnn4j.device.ServerConformance}, which
 * checks anyone's server against the protocol ({@code ./pnn4j conformance}). A separate module so that notebooks that never
 * talk to hardware do not carry gRPC and netty; see the module's README.
 */
package org.pnn4j.device;
