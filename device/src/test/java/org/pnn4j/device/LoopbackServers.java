package org.pnn4j.device;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/** Hand-written gRPC servers for tests (a version-1 server, a flaky one, a sloppy one), on loopback only. */
final class LoopbackServers {
    private LoopbackServers() {}

    /** Serves {@code service} on 127.0.0.1:{@code port} (0: a free port); the test stops it with shutdownNow(). */
    static Server start(BindableService service, int port) {
        Server s = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(service).build();
        try {
            return s.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
