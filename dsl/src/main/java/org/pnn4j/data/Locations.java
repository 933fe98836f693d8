package org.pnn4j.data;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where the project's files are on this machine, whatever the working directory: the checkout (the folder with the
 * {@code pnn4j} launcher) and the shared datasets read from outside the repository (the Hillenbrand vowels, the
 * measured acoustic-cavity data). A notebook runs with the notebook's folder as working directory under Jupyter and
 * with the caller's under {@code ./pnn4j run}; both find the same folders through this class.
 *
 * <p><b>Search order.</b> The checkout: {@code -Dpnn4j.home} or {@code $PNN4J_HOME} (the launcher sets it), else the
 * first folder holding both a {@code pnn4j} file and a {@code pom.xml} walking up from the working directory, then
 * from where the pnn4j classes were loaded ({@code dsl/target/classes} or {@code kernel/target/lib/pnn4j-dsl-*.jar}
 * inside a checkout). The shared datasets: {@code -Dpnn4j.shared} or {@code $PNN4J_SHARED} (the folder holding
 * {@code datasets/}), else the first {@code shared/datasets} walking up from the checkout, the working directory and
 * the classes' location (a clone beside {@code shared/} has it as {@code ../shared/datasets}).
 */
public final class Locations {
    private Locations() {}

    /**
     * The project's checkout (the folder of the {@code pnn4j} launcher), or empty when this code does not run from
     * one (e.g. the library used as a Maven dependency) and no {@code PNN4J_HOME} names one.
     *
     * @throws IllegalStateException if {@code -Dpnn4j.home}/{@code $PNN4J_HOME} is set but has no {@code pnn4j} launcher
     */
    public static Optional<Path> checkout() {
        String given = setting("pnn4j.home", "PNN4J_HOME");
        if (given != null) {
            Path p = Paths.get(given).toAbsolutePath().normalize();
            if (!isCheckout(p))
                throw new IllegalStateException("PNN4J_HOME / -Dpnn4j.home is " + given + ", but " + p.resolve("pnn4j")
                        + " is not there; set it to the pnn4j checkout (the folder with the pnn4j launcher and pom.xml) or unset it");
            return Optional.of(p);
        }
        for (Path start : starts(false))
            for (Path d = start; d != null; d = d.getParent())
                if (isCheckout(d)) return Optional.of(d);
        return Optional.empty();
    }

    /**
     * The checkout's {@code pnn4j} launcher (see {@link #checkout()}), to start {@code ./pnn4j serve ...} and the
     * like as a process of its own.
     *
     * @throws IllegalStateException if no checkout is found (the message says where it looked and what to set)
     */
    public static Path launcher() {
        return checkout().map(d -> d.resolve("pnn4j")).orElseThrow(() -> new IllegalStateException(
                "no pnn4j checkout (a folder with the pnn4j launcher and pom.xml) found walking up from " + starts(false)
                        + "; set PNN4J_HOME to the checkout"));
    }

    /**
     * The shared datasets folder ({@code shared/datasets}; see the class comment for the search order).
     *
     * @throws DatasetMissingException if none is found, or {@code PNN4J_SHARED} names a folder without {@code datasets/};
     *                                 the message lists where it looked and what to set
     */
    public static Path sharedDatasets() {
        String given = setting("pnn4j.shared", "PNN4J_SHARED");
        if (given != null) {
            Path p = Paths.get(given).toAbsolutePath().normalize().resolve("datasets");
            if (Files.isDirectory(p)) return p;
            throw new DatasetMissingException(p, "PNN4J_SHARED / -Dpnn4j.shared is " + given + ", but " + p
                    + " is not a folder; set it to the shared folder, the one that holds datasets/");
        }
        List<Path> starts = starts(true);
        for (Path start : starts)
            for (Path d = start; d != null; d = d.getParent()) {
                Path p = d.resolve("shared").resolve("datasets");
                if (Files.isDirectory(p)) return p;
            }
        Path first = starts.get(0).resolve("../shared/datasets").normalize();
        throw new DatasetMissingException(first, "no shared/datasets folder found walking up from " + starts
                + "; clone the project beside shared/ (so that ../shared/datasets exists) or set PNN4J_SHARED to the shared folder");
    }

    /**
     * A file or folder of the shared datasets, e.g. {@code sharedDataset("vowels/vowdata.dat")}.
     *
     * @param relative path inside {@code shared/datasets}
     * @throws DatasetMissingException if the shared folder or the entry is missing (the message names the path)
     */
    public static Path sharedDataset(String relative) {
        Path p = sharedDatasets().resolve(relative);
        if (!Files.exists(p))
            throw new DatasetMissingException(p, p + " does not exist: the shared datasets folder " + sharedDatasets()
                    + " has no " + relative);
        return p;
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(env);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static boolean isCheckout(Path d) {
        return Files.isRegularFile(d.resolve("pnn4j")) && Files.isRegularFile(d.resolve("pom.xml"));
    }

    /** Where the upward searches start: (the checkout,) the working directory, the classes' location. */
    private static List<Path> starts(boolean withCheckout) {
        Set<Path> s = new LinkedHashSet<>();
        if (withCheckout) checkout().ifPresent(s::add);
        s.add(Paths.get("").toAbsolutePath().normalize());
        classesLocation().ifPresent(s::add);
        return new ArrayList<>(s);
    }

    /** The folder of the jar or class folder this class was loaded from, when the class loader says. */
    private static Optional<Path> classesLocation() {
        try {
            CodeSource cs = Locations.class.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null || !"file".equals(cs.getLocation().getProtocol())) return Optional.empty();
            Path p = Paths.get(cs.getLocation().toURI()).toAbsolutePath().normalize();
            return Optional.ofNullable(Files.isDirectory(p) ? p : p.getParent());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
