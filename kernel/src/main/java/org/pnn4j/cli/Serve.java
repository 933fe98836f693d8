package org.pnn4j.cli;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.pnn4j.backend.SimulatedBackend;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.device.DeviceServer;
import org.pnn4j.physics.Substrate;

/** {@code pnn4j serve}: a gRPC device server of one simulated substrate, until the process is stopped. */
final class Serve {
    private Serve() {}

    static final String HELP = "Serves a simulated substrate as a gRPC device server (protocol: device/src/main/proto/pnn4j_device.proto)\n"
            + "until stopped (Ctrl-C). Clients: Backends.open(\"remote:HOST:PORT?token=T\") or RemoteBackend.builder(...).\n\n"
            + "Options:\n"
            + "  --substrate SPEC  the substrate (required): " + SubstrateSpecs.FORMS + "\n"
            + "  --port P          port (default 50051; 0 picks a free one)\n"
            + "  --host H          address to bind (default 127.0.0.1: this machine only)\n"
            + "  --token T         token clients must send (default: $PNN4J_DEVICE_TOKEN, else a random one, printed)\n"
            + "  --seed S          seed of the simulated device (default 1)\n"
            + "  --max-batch N     largest batch accepted per call (default 4096)";

    /** Parses the options, starts the server, prints where it listens, and blocks until it stops. */
    static int run(String[] args, PrintStream out) throws InterruptedException {
        String spec = null, host = "127.0.0.1", token = System.getenv("PNN4J_DEVICE_TOKEN");
        int port = 50051, maxBatch = 4096;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new Main.UsageException("option '" + a + "' needs a value");
            String v = args[++i];
            try {
                switch (a) {
                    case "--substrate" -> spec = v;
                    case "--port" -> port = Integer.parseInt(v);
                    case "--host" -> host = v;
                    case "--token" -> token = v;
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--max-batch" -> maxBatch = Integer.parseInt(v);
                    default -> throw new Main.UsageException("unknown option '" + a + "'");
                }
            } catch (NumberFormatException e) {
                throw new Main.UsageException("option " + a + ": '" + v + "' is not a whole number");
            }
        }
        if (spec == null) throw new Main.UsageException("--substrate is required, e.g. --substrate oscillators:16");
        Substrate substrate = SubstrateSpecs.parse(spec);
        boolean generated = token == null || token.isBlank();
        if (generated) {
            byte[] b = new byte[16];
            new SecureRandom().nextBytes(b);
            token = HexFormat.of().formatHex(b);
        }
        DeviceServer server = DeviceServer.start(new SimulatedBackend(seed, maxBatch).serve(substrate), host, port, token,
                DeviceServer.DEFAULT_MAX_MESSAGE_BYTES);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        out.println("serving " + substrate.name() + " (simulated, seed " + seed + ") on " + host + ":" + server.port());
        out.println("token " + (generated ? token + " (generated; set --token or PNN4J_DEVICE_TOKEN to fix it)" : "as given"));
        out.println("client: Backends.open(\"remote:" + host + ":" + server.port() + "?token=...\")");
        out.flush();
        server.awaitTermination();
        return 0;
    }
}
