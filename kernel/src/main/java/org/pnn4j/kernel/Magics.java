package org.pnn4j.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Line magics at the start of a cell, run before JShell sees the rest; the kernel and the headless runner both get
 * them through {@link Evaluator#eval(String)}. Blank lines before and between the magics are skipped; the first
 * line that does not start with {@code %} starts the Java code.
 *
 * <ul>
 *   <li>{@code %classpath PATH...}: adds jars or class folders (relative to the working directory) to the
 *       compiler's and the running cells' classpath;</li>
 *   <li>{@code %maven GROUP:ARTIFACT:VERSION...}: resolves the artifacts and their runtime dependencies with the
 *       machine's {@code mvn} ({@code dependency:copy-dependencies} on a generated pom) into a cache folder and adds
 *       the jars as {@code %classpath} does;</li>
 *   <li>{@code %time [CODE]}: runs the rest of the cell (the rest of its line, then the following lines) and prints
 *       its wall time;</li>
 *   <li>{@code %load FILE}: runs the file's contents (then the rest of the cell) as the cell.</li>
 * </ul>
 *
 * <p>{@code %maven} settings, each a system property or else an environment variable: the {@code mvn} to run
 * ({@code pnn4j.mvn} / {@code PNN4J_MVN}, default {@code mvn} on the {@code PATH}), extra arguments for it such as
 * {@code -o} ({@code pnn4j.maven.args} / {@code PNN4J_MAVEN_ARGS}, split on spaces) and the cache folder
 * ({@code pnn4j.maven.cache} / {@code PNN4J_MAVEN_CACHE}, default {@code ~/.cache/pnn4j/maven}). A set of
 * coordinates resolved once is taken from the cache afterwards without running Maven.
 */
final class Magics {
    /** The magics there are, as a user types them. */
    static final List<String> KNOWN = List.of("%classpath", "%maven", "%time", "%load");

    /** The version of maven-dependency-plugin {@code %maven} runs (the build's, so it is in {@code ~/.m2}). */
    static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies";

    private static final Pattern COORDINATES = Pattern.compile("[A-Za-z0-9_.\\-]+:[A-Za-z0-9_.\\-]+:[A-Za-z0-9_.\\-]+");

    private Magics() {}

    /** A cell once its magics ran: the Java code left, and whether {@code %time} asked to time it. */
    record Cell(String code, boolean timed) {}

    /**
     * Runs the magics at the start of a cell.
     *
     * @param code           the cell
     * @param addToClasspath adds one absolute path to the session's classpath
     * @param stop           whether the cell was interrupted (a running {@code mvn} is then ended)
     * @return the code left to evaluate
     * @throws CellException for an unknown magic, a missing path or file, or a failed resolution
     */
    static Cell apply(String code, Consumer<String> addToClasspath, BooleanSupplier stop) {
        String rest = code;
        boolean timed = false;
        while (true) {
            String s = rest.stripLeading();
            if (!s.startsWith("%")) return new Cell(rest, timed);
            int nl = s.indexOf('\n');
            String line = (nl < 0 ? s : s.substring(0, nl)).strip();
            String after = nl < 0 ? "" : s.substring(nl + 1);
            String[] parts = line.substring(1).split("\\s+", 2);
            String name = parts[0];
            String arg = parts.length > 1 ? parts[1].strip() : "";
            switch (name) {
                case "classpath" -> {
                    for (String p : words(arg, "%classpath PATH...")) addToClasspath.accept(existing(p, "%classpath").toString());
                    rest = after;
                }
                case "maven" -> {
                    for (Path jar : resolve(words(arg, "%maven GROUP:ARTIFACT:VERSION..."), stop)) {
                        addToClasspath.accept(jar.toString());
                    }
                    rest = after;
                }
                case "time" -> {
                    timed = true;
                    rest = arg.isEmpty() ? after : arg + "\n" + after;
                }
                case "load" -> {
                    if (arg.isEmpty()) throw error("%load needs a file: %load FILE");
                    Path file = existing(arg, "%load");
                    if (Files.isDirectory(file)) throw error("%load: " + file + " is a folder, not a file");
                    try {
                        rest = Files.readString(file, StandardCharsets.UTF_8) + "\n" + after;
                    } catch (IOException e) {
                        throw error("%load: cannot read " + file + ": " + e.getMessage());
                    }
                }
                default -> throw error("unknown magic %" + name + "; the magics are " + String.join(", ", KNOWN));
            }
        }
    }

    /** @return the Java code after a cell's magics, without running them (for is_complete and completion) */
    static String javaPart(String code) {
        String rest = code;
        while (true) {
            String s = rest.stripLeading();
            if (!s.startsWith("%")) return rest;
            int nl = s.indexOf('\n');
            if (nl < 0) {
                String line = s.strip();
                return line.startsWith("%time ") ? line.substring(6) : "";
            }
            String line = s.substring(0, nl).strip();
            rest = (line.startsWith("%time ") ? line.substring(6) + "\n" : "") + s.substring(nl + 1);
        }
    }

    private static List<String> words(String arg, String usage) {
        if (arg.isBlank()) throw error("nothing to do: " + usage);
        return Arrays.asList(arg.split("\\s+"));
    }

    private static Path existing(String p, String magic) {
        Path path = Path.of(System.getProperty("user.dir")).resolve(p).toAbsolutePath().normalize();
        if (!Files.exists(path)) throw error(magic + ": " + p + " does not exist (looked for " + path + ")");
        return path;
    }

    private static CellException error(String message) {
        return new CellException("MagicError", message, List.of(message));
    }

    /**
     * Resolves artifacts and their runtime dependencies into the cache, running {@code mvn} unless done before.
     *
     * @return the jars, sorted by name
     */
    static List<Path> resolve(List<String> coordinates, BooleanSupplier stop) {
        for (String c : coordinates) {
            if (!COORDINATES.matcher(c).matches()) {
                throw error("%maven: '" + c + "' is not GROUP:ARTIFACT:VERSION (e.g. org.apiguardian:apiguardian-api:1.1.2)");
            }
        }
        String key = String.join("+", coordinates).replace(':', '_');
        if (key.length() > 120) key = key.substring(0, 80) + "-" + Integer.toHexString(key.hashCode());
        Path dir = cacheDir().resolve(key);
        Path lib = dir.resolve("lib");
        Path done = dir.resolve("resolved");
        if (!Files.exists(done)) {
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("pom.xml"), pom(coordinates), StandardCharsets.UTF_8);
                List<String> cmd = new ArrayList<>();
                cmd.add(setting("pnn4j.mvn", "PNN4J_MVN", "mvn"));
                cmd.addAll(List.of("-B", "-q", "-f", dir.resolve("pom.xml").toString()));
                String extra = setting("pnn4j.maven.args", "PNN4J_MAVEN_ARGS", "").strip();
                if (!extra.isEmpty()) cmd.addAll(Arrays.asList(extra.split("\\s+")));
                cmd.addAll(List.of(DEPENDENCY_PLUGIN, "-DincludeScope=runtime", "-DoutputDirectory=" + lib));
                run(cmd, dir.resolve("mvn.log"), coordinates, stop);
                Files.writeString(done, String.join("\n", coordinates) + "\n");
            } catch (IOException e) {
                throw error("%maven: cannot write the cache folder " + dir + ": " + e.getMessage());
            }
        }
        try (Stream<Path> jars = Files.exists(lib) ? Files.list(lib) : Stream.empty()) {
            return jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw error("%maven: cannot list " + lib + ": " + e.getMessage());
        }
    }

    private static void run(List<String> cmd, Path log, List<String> coordinates, BooleanSupplier stop) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw error("%maven needs Maven: cannot run '" + cmd.get(0) + "' (" + e.getMessage()
                    + "); install Maven or name its mvn with -Dpnn4j.mvn=... or PNN4J_MVN");
        }
        p.getOutputStream().close();
        try {
            while (!p.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (stop.getAsBoolean()) {
                    p.destroyForcibly();
                    String m = "%maven was interrupted; nothing was added to the classpath";
                    throw new CellException("Interrupted", m, List.of(m));
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw error("%maven was interrupted");
        }
        if (p.exitValue() != 0) {
            List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tb = new ArrayList<>();
            String m = "%maven could not resolve " + String.join(" ", coordinates) + " (mvn exited with "
                    + p.exitValue() + "; full log: " + log + ")";
            tb.add(m);
            tb.addAll(out.subList(Math.max(0, out.size() - 20), out.size()));
            throw new CellException("MagicError", m, tb);
        }
    }

    private static String pom(List<String> coordinates) {
        StringBuilder sb = new StringBuilder("""
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.pnn4j.magic</groupId>
                  <artifactId>maven-magic</artifactId>
                  <version>0</version>
                  <packaging>pom</packaging>
                  <dependencies>
                """);
        for (String c : coordinates) {
            String[] g = c.split(":");
            sb.append("    <dependency><groupId>").append(g[0]).append("</groupId><artifactId>").append(g[1])
                    .append("</artifactId><version>").append(g[2]).append("</version></dependency>\n");
        }
        return sb.append("  </dependencies>\n</project>\n").toString();
    }

    private static Path cacheDir() {
        String d = setting("pnn4j.maven.cache", "PNN4J_MAVEN_CACHE", "");
        return d.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache", "pnn4j", "maven") : Path.of(d);
    }

    private static String setting(String property, String env, String fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** @return a wall time as a person reads it */
    static String wallTime(long nanos) {
        double ms = nanos / 1e6;
        return ms < 1000 ? String.format(Locale.ROOT, "Wall time: %.1f ms", ms)
                : String.format(Locale.ROOT, "Wall time: %.2f s", ms / 1000);
    }
}
