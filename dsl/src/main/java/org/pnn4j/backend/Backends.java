package org.pnn4j.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Backends by spec, through the {@link BackendProvider}s found by {@link ServiceLoader}. */
public final class Backends {
    private Backends() {}

    /** The providers on the class path (built in: {@code simulated}, {@code replay}; with pnn4j-device: {@code remote}). */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(list::add);
        return list;
    }

    /**
     * The backend a spec names: {@code scheme[:argument]}, e.g. {@code simulated:seed=7},
     * {@code replay:run.pnnrec}, {@code remote:127.0.0.1:50051?token=T}.
     *
     * @throws IllegalArgumentException for an unknown scheme (listing the known ones and their forms) or a bad argument
     */
    public static Backend open(String spec) {
        int colon = spec.indexOf(':');
        String scheme = colon < 0 ? spec : spec.substring(0, colon);
        String argument = colon < 0 ? "" : spec.substring(colon + 1);
        List<BackendProvider> providers = providers();
        for (BackendProvider p : providers) if (p.scheme().equals(scheme)) return p.open(argument);
        StringBuilder known = new StringBuilder();
        for (BackendProvider p : providers) known.append("\n  ").append(p.scheme()).append(':').append(p.usage());
        throw new IllegalArgumentException("no backend provider for '" + scheme + "' (spec '" + redactTokens(spec) + "'); known:" + known
                + (scheme.equals("remote") ? "\nthe remote backend is in the pnn4j-device module: add it to the class path" : ""));
    }

    /**
     * {@code text} with the value of every {@code token=} parameter replaced by {@code <token>}: error messages quote
     * specs, and a token must never reach a log or a notebook's output.
     */
    public static String redactTokens(String text) {
        return text == null ? null : text.replaceAll("(?i)(token=)[^&\\s'\"]*", "$1<token>");
    }

    /** {@code simulated[:seed=N]}: a {@link SimulatedBackend} (seed 0 by default). */
    public static final class SimulatedProvider implements BackendProvider {
        /** Found by {@link ServiceLoader}. */
        public SimulatedProvider() {}

        @Override
        public String scheme() {
            return "simulated";
        }

        @Override
        public String usage() {
            return "seed=N (default 0)";
        }

        @Override
        public Backend open(String argument) {
            long seed = 0;
            for (String kv : argument.split("[&,]")) {
                if (kv.isBlank()) continue;
                int eq = kv.indexOf('=');
                String key = (eq < 0 ? kv : kv.substring(0, eq)).trim(), value = eq < 0 ? "" : kv.substring(eq + 1).trim();
                if (!key.equals("seed"))
                    throw new IllegalArgumentException("simulated backend: unknown option '" + key + "' in '" + redactTokens(argument)
                            + "'; the options are [seed], e.g. simulated:seed=7");
                try {
                    seed = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("simulated backend: seed '" + value + "' is not a whole number");
                }
            }
            return new SimulatedBackend(seed);
        }
    }

    /** {@code replay:PATH}: a {@link ReplayBackend} over the recording at PATH. */
    public static final class ReplayProvider implements BackendProvider {
        /** Found by {@link ServiceLoader}. */
        public ReplayProvider() {}

        @Override
        public String scheme() {
            return "replay";
        }

        @Override
        public String usage() {
            return "PATH (a recording made by RecordingBackend)";
        }

        @Override
        public Backend open(String argument) {
            if (argument.isBlank()) throw new IllegalArgumentException("replay backend: give the recording's path, e.g. replay:run.pnnrec");
            try {
                return ReplayBackend.open(java.nio.file.Path.of(argument));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("replay backend: cannot read " + argument + ": " + e.getMessage(), e);
            }
        }
    }
}
