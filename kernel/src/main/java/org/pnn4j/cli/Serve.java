package org.pnn4j.cli;

import java.io.PrintStream;
import org.pnn4j.device.DeviceServerMain;

/**
 * {@code pnn4j serve}: a gRPC device server of one simulated substrate, until the process is stopped. The work is
 * {@link DeviceServerMain}'s, which the device module's tests also start as a process of its own.
 */
final class Serve {
    private Serve() {}

    static final String HELP = "Serves a simulated substrate as a gRPC device server (protocol: device/src/main/proto/pnn4j_device.proto)\n"
            + "until stopped (Ctrl-C). Clients: Backends.open(\"remote:HOST:PORT?token=T\") or RemoteBackend.builder(...).\n"
            + "A substrate of your own: a SubstrateProvider in a jar (listed in META-INF/services/org.pnn4j.physics.SubstrateProvider),\n"
            + "on the class path through PNN4J_CLASSPATH=your.jar ./pnn4j serve --substrate yourkind:N\n\n"
            + "Options:\n" + DeviceServerMain.OPTIONS;

    /** Parses the options, starts the server, prints where it listens, and blocks until it stops. */
    static int run(String[] args, PrintStream out) throws InterruptedException {
        DeviceServerMain.Options o;
        try {
            o = DeviceServerMain.parse(args);
        } catch (DeviceServerMain.UsageError e) {
            throw new Main.UsageException(e.getMessage());
        }
        DeviceServerMain.serve(o, out);
        return 0;
    }
}
