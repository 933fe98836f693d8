package org.pnn4j.cli;

import java.io.PrintStream;
import org.pnn4j.device.RemoteBackend;
import org.pnn4j.device.ServerConformance;

/**
 * {@code pnn4j conformance remote:HOST:PORT?token=T}: checks a device server (a lab's, in any language) against the
 * protocol; the work is {@link ServerConformance}'s.
 */
final class Conformance {
    private Conformance() {}

    static final String HELP = "Checks a device server against the protocol (device/src/main/proto/pnn4j_device.proto): sends it valid and\n"
            + "invalid requests, raw (no client-side checks), and prints one line per check, PASS, FAIL or SKIP, with what\n"
            + "was expected and what came, then 'conformance: N passed, M failed'. Exits 1 when a check failed.\n"
            + "It measures on the instrument: a few calls of a few samples each.\n\n"
            + "usage: pnn4j conformance remote:HOST:PORT?token=T[&deadline=30s]\n"
            + "  (the token may also come from $PNN4J_DEVICE_TOKEN)";

    /** Parses the spec, runs the checks, prints them; 0 when none failed, 1 otherwise. */
    static int run(String[] args, PrintStream out) {
        if (args.length != 1) throw new Main.UsageException(args.length == 0 ? "give the server, e.g. remote:127.0.0.1:50051?token=T"
                : "expected one argument, the server (remote:HOST:PORT?token=T), got " + args.length);
        String a = args[0].startsWith("remote:") ? args[0].substring("remote:".length()) : args[0];
        RemoteBackend.Spec spec;
        try {
            spec = RemoteBackend.Spec.parse(a);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        String env = System.getenv("PNN4J_DEVICE_TOKEN");
        if (spec.token().isEmpty() && env != null && !env.isBlank())
            spec = new RemoteBackend.Spec(spec.host(), spec.port(), env, spec.deadline(), spec.reconnectWindow());
        out.println("checking the device server at " + spec.address());
        return ServerConformance.run(spec, out).ok() ? 0 : 1;
    }
}
