package org.pnn4j.sweep;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A grid of trials: named axes, each a list of values; the trials are the Cartesian product, in a fixed order (the
 * first axis varies slowest).
 *
 * <p>The file format of {@code ./pnn4j sweep FILE} is a Java properties file, one axis a line, values separated by
 * commas; lines starting with {@code #} are comments:
 * <pre>
 * experiment = vowels
 * method     = pat, insilico
 * seed       = 1, 2, 3, 4
 * epochs     = 5
 * noise      = 0, 0.03
 * </pre>
 * is 1 × 2 × 4 × 1 × 2 = 16 trials. Several files make the union of their grids (a trial in two grids runs once).
 */
public final class Grid {
    private final LinkedHashMap<String, List<String>> axes = new LinkedHashMap<>();

    private Grid() {}

    /** An empty grid (one trial with no settings until axes are added). */
    public static Grid of() {
        return new Grid();
    }

    /**
     * This grid with axis {@code name} taking {@code values} (replacing an axis of that name).
     *
     * @throws IllegalArgumentException if {@code values} is empty, or {@code name} is blank
     */
    public Grid axis(String name, Object... values) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a grid axis needs a name");
        if (values.length == 0) throw new IllegalArgumentException("grid axis '" + name + "' has no values; give at least one");
        List<String> v = new ArrayList<>();
        for (Object o : values) v.add(String.valueOf(o).strip());
        axes.put(name.strip(), v);
        return this;
    }

    /** The axes, in the order they were added (unmodifiable views). */
    public Map<String, List<String>> axes() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        axes.forEach((k, v) -> m.put(k, List.copyOf(v)));
        return m;
    }

    /** The trials: every combination of the axes' values, the first axis varying slowest, duplicates removed. */
    public List<Trial> trials() {
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(new TreeMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> r : rows)
                for (String v : axis.getValue()) {
                    Map<String, String> c = new TreeMap<>(r);
                    c.put(axis.getKey(), v);
                    next.add(c);
                }
            rows = next;
        }
        LinkedHashSet<Trial> trials = new LinkedHashSet<>();
        for (Map<String, String> r : rows) trials.add(Trial.of(r));
        return new ArrayList<>(trials);
    }

    /**
     * The grid of a properties text (see the class comment).
     *
     * @param source names the text in error messages (a file name)
     * @throws IllegalArgumentException if an axis has an empty value (two commas in a row, a trailing comma) or the
     *                                  text has no axis
     */
    public static Grid parse(String text, String source) {
        Properties p = new Properties();
        try (Reader r = new StringReader(text)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": not a properties file (" + e.getMessage() + ")");
        }
        if (p.isEmpty()) throw new IllegalArgumentException(source + ": no axis; write one 'name = value, value, ...' a line");
        Grid g = new Grid();
        // Properties forgets the order of lines: keep the file's order, so that the trials come in a readable order
        for (String name : orderOfKeys(text, p)) {
            String[] values = p.getProperty(name).split(",", -1);
            for (String v : values)
                if (v.isBlank())
                    throw new IllegalArgumentException(source + ": axis '" + name + "' has an empty value in '" + p.getProperty(name)
                            + "'; separate values by single commas");
            g.axis(name, (Object[]) values);
        }
        return g;
    }

    /**
     * The grid of a properties file.
     *
     * @throws IllegalArgumentException if the file is missing or unreadable, or its grid is malformed (see {@link #parse})
     */
    public static Grid read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("grid file " + file.toAbsolutePath() + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read grid file " + file + ": " + e.getMessage());
        }
    }

    private static List<String> orderOfKeys(String text, Properties p) {
        List<String> order = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith("#") || s.startsWith("!")) continue;
            String name = s.split("[=:\\s]", 2)[0].strip();
            if (p.containsKey(name) && !order.contains(name)) order.add(name);
        }
        for (String name : new java.util.TreeSet<>(p.stringPropertyNames())) if (!order.contains(name)) order.add(name);
        return order;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        axes.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(" ∈ ").append(Arrays.toString(v.toArray())));
        return "grid(" + b + ")";
    }
}
