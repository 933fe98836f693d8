package org.pnn4j.device;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.Capabilities;
import org.pnn4j.backend.ForwardingBackend;
import org.pnn4j.backend.SimulatedBackend;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.oscillators.CoupledOscillators;

/**
 * A device server of one simulated substrate as a process of its own: {@code ./pnn4j serve} runs it, and so can
 * {@code java -cp ... org.pnn4j.device.DeviceServerMain --substrate oscillators:16} where the CLI is not at hand
 * (the device module's tests start it as a child JVM). Once bound it prints, on standard output,
 *
 * <pre>
 * serving oscillators(16) (simulated, seed 1)
 * listening on 127.0.0.1:50051
 * token as given
 * client: Backends.open("remote:127.0.0.1:50051?token=...")
 * </pre>
 *
 * and serves until the process is stopped (a shutdown hook lets calls in flight finish for up to 5 s).
 */
public final class DeviceServerMain {
    private DeviceServerMain() {}

    /** The first words of the line printed once the port is bound, followed by {@code HOST:PORT}. */
    public static final String LISTENING = "listening on ";

    /** The options, one a line, for help texts. */
    public static final String OPTIONS = "  --substrate SPEC    the substrate (required): " + SubstrateSpecs.FORMS + "\n"
            + "  --port P            port (default 50051; 0 picks a free one)\n"
            + "  --host H            address to bind (default 127.0.0.1: this machine only)\n"
            + "  --token-file PATH   file holding the token clients must send (default: $PNN4J_DEVICE_TOKEN, else the file\n"
            + "                      $PNN4J_DEVICE_TOKEN_FILE names, else a random token, printed)\n"
            + "  --token T           the token itself: visible to every user in the process list (ps, /proc/PID/cmdline),\n"
            + "                      so the server warns; prefer PNN4J_DEVICE_TOKEN or --token-file\n"
            + "  --seed S            seed of the simulated device (default 1)\n"
            + "  --max-batch N       largest batch accepted per call (default 4096)\n"
            + "  --max-repeats N     largest repeats accepted per call (default 1024)\n"
            + "  --input-noise STD   oscillators only: per-call input noise in radians (default 0.02; 0 makes the device\n"
            + "                      deterministic: the same call always measures the same, across restarts too)";

    /** A wrong command line: the message says which option and why. */
    public static final class UsageError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /**
     * The parsed command line.
     *
     * @param inputNoise         per-call input noise std in radians, or NaN for the substrate's default
     * @param tokenOnCommandLine whether the token came from {@code --token} (the server warns: process listings show it)
     */
    public record Options(String substrate, String host, int port, String token, long seed, int maxBatch, int maxRepeats, double inputNoise,
                          boolean tokenOnCommandLine) {
        /** Options whose token did not come from the command line. */
        public Options(String substrate, String host, int port, String token, long seed, int maxBatch, int maxRepeats, double inputNoise) {
            this(substrate, host, port, token, seed, maxBatch, maxRepeats, inputNoise, false);
        }
    }

    /** What the server prints when its token was given as {@code --token VALUE}. */
    public static final String TOKEN_WARNING = "warning: --token puts the token in the process list, where every user of this "
            + "machine can read it (ps, /proc/PID/cmdline); give it in the environment (PNN4J_DEVICE_TOKEN) or in a file "
            + "(--token-file PATH, or PNN4J_DEVICE_TOKEN_FILE)";

    /**
     * Parses {@code args} (see {@link #OPTIONS}); the token defaults to {@code $PNN4J_DEVICE_TOKEN}, else the content of
     * the file {@code $PNN4J_DEVICE_TOKEN_FILE} names (null when neither is set).
     *
     * @throws UsageError for an unknown option, a missing value, a value that is not a number, no --substrate, or a
     *                    token file that cannot be read or is empty
     */
    public static Options parse(String[] args) {
        String spec = null, host = "127.0.0.1", token = null, tokenFile = null;
        boolean onCommandLine = false;
        int port = 50051, maxBatch = 4096, maxRepeats = 1024;
        long seed = 1;
        double noise = Double.NaN;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) throw new UsageError("option '" + a + "' needs a value");
            String v = args[++i];
            try {
                switch (a) {
                    case "--substrate" -> spec = v;
                    case "--port" -> port = Integer.parseInt(v);
                    case "--host" -> host = v;
                    case "--token" -> {
                        token = v;
                        onCommandLine = true;
                    }
                    case "--token-file" -> tokenFile = v;
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--max-batch" -> maxBatch = Integer.parseInt(v);
                    case "--max-repeats" -> maxRepeats = Integer.parseInt(v);
                    case "--input-noise" -> noise = Double.parseDouble(v);
                    default -> throw new UsageError("unknown option '" + a + "'");
                }
            } catch (NumberFormatException e) {
                throw new UsageError("option " + a + ": '" + v + "' is not a " + (a.equals("--input-noise") ? "number" : "whole number"));
            }
        }
        if (spec == null) throw new UsageError("--substrate is required, e.g. --substrate oscillators:16");
        if (maxBatch < 1) throw new UsageError("--max-batch must be at least 1, got " + maxBatch);
        if (maxRepeats < 1) throw new UsageError("--max-repeats must be at least 1, got " + maxRepeats);
        if (token != null && tokenFile != null) throw new UsageError("give the token once: --token or --token-file, not both");
        if (tokenFile != null) {
            token = readTokenFile("--token-file", tokenFile);
        } else if (token == null) {
            String env = System.getenv("PNN4J_DEVICE_TOKEN");
            String file = System.getenv("PNN4J_DEVICE_TOKEN_FILE");
            if (env != null && !env.isBlank()) token = env.strip();
            else if (file != null && !file.isBlank()) token = readTokenFile("PNN4J_DEVICE_TOKEN_FILE", file);
        }
        return new Options(spec, host, port, token, seed, maxBatch, maxRepeats, noise, onCommandLine);
    }

    private static String readTokenFile(String from, String path) {
        String t;
        try {
            t = java.nio.file.Files.readString(java.nio.file.Path.of(path)).strip();
        } catch (java.io.IOException | RuntimeException e) {
            throw new UsageError(from + " " + path + ": cannot read the token file (" + e.getMessage() + ")");
        }
        if (t.isEmpty()) throw new UsageError(from + " " + path + ": the token file is empty");
        return t;
    }

    /**
     * The substrate {@code o} serves: the spec's, with the input noise given.
     *
     * @throws IllegalArgumentException for a bad spec, or --input-noise on a substrate other than oscillators
     */
    public static Substrate substrate(Options o) {
        Substrate s = SubstrateSpecs.parse(o.substrate());
        if (Double.isNaN(o.inputNoise())) return s;
        if (!(s instanceof CoupledOscillators osc))
            throw new IllegalArgumentException("--input-noise applies to oscillators:N only, not " + o.substrate());
        return osc.inputNoise(o.inputNoise());
    }

    /**
     * The backend served: {@code substrate} simulated from the seed, declaring the batch and repeats limits of {@code o},
     * and declared deterministic when {@code --input-noise 0} made it so (the oscillators' only per-call randomness).
     */
    static Backend backend(Options o, Substrate substrate) {
        SimulatedBackend sim = new SimulatedBackend(o.seed(), o.maxBatch()).serve(substrate);
        boolean deterministic = o.inputNoise() == 0;
        return new ForwardingBackend(sim) {
            @Override
            public Capabilities capabilities() {
                Capabilities c = super.capabilities();
                List<Capabilities.SubstrateInfo> infos = new ArrayList<>();
                for (Capabilities.SubstrateInfo s : c.substrates())
                    infos.add(new Capabilities.SubstrateInfo(s.name(), s.inputSize(), s.outputSize(), s.inputMin(), s.inputMax(), s.parameters(),
                            s.inputUnit(), s.outputUnit(), s.outputMin(), s.outputMax(), s.outputNoiseStd(), s.inputPeriodic(),
                            s.deterministic() || deterministic, s.description()));
                return new Capabilities(c.maxBatch(), Math.min(c.maxRepeats(), o.maxRepeats()), infos, c.declared(), c.repeatsAveragedOnDevice(),
                        c.nativeGradients(), c.maxMessageBytes(), c.maxSamplesPerCall());
            }
        };
    }

    /**
     * Starts the server of {@code o} and prints where it listens (see the class comment) on {@code out}.
     * Without a token one is generated and printed.
     *
     * @throws IllegalArgumentException for a bad substrate spec or port
     * @throws java.io.UncheckedIOException when the port cannot be bound
     */
    public static DeviceServer start(Options o, PrintStream out) {
        Substrate substrate = substrate(o);
        String token = o.token();
        boolean generated = token == null || token.isBlank();
        if (generated) {
            byte[] b = new byte[16];
            new SecureRandom().nextBytes(b);
            token = HexFormat.of().formatHex(b);
        }
        if (o.tokenOnCommandLine()) System.err.println("pnn4j device server: " + TOKEN_WARNING);
        DeviceServer server = DeviceServer.start(backend(o, substrate), o.host(), o.port(), token, DeviceServer.DEFAULT_MAX_MESSAGE_BYTES);
        out.println("serving " + substrate.name() + " (simulated, seed " + o.seed()
                + (Double.isNaN(o.inputNoise()) ? "" : ", input noise " + o.inputNoise()) + ")");
        out.println(LISTENING + o.host() + ":" + server.port());
        out.println("token " + (generated ? token + " (generated; set PNN4J_DEVICE_TOKEN or --token-file to fix it)" : "as given"));
        out.println("client: Backends.open(\"remote:" + o.host() + ":" + server.port() + "?token=...\")");
        out.flush();
        return server;
    }

    /** Starts the server, closes it on shutdown, and blocks until it stops. */
    public static void serve(Options o, PrintStream out) throws InterruptedException {
        DeviceServer server = start(o, out);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pnn4j-device-server-shutdown"));
        server.awaitTermination();
    }

    /**
     * Entry point: {@code DeviceServerMain --substrate SPEC [options]}. Exits 2 on a usage error, 1 when the
     * server cannot start.
     */
    public static void main(String[] args) throws InterruptedException {
        Options o;
        try {
            o = parse(args);
        } catch (UsageError e) {
            System.err.println("pnn4j device server: " + e.getMessage() + "\n\noptions:\n" + OPTIONS);
            System.exit(2);
            return;
        }
        try {
            serve(o, System.out);
        } catch (RuntimeException e) {
            System.err.println("pnn4j device server: " + e.getMessage());
            System.exit(1);
        }
    }
}
