package org.pnn4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pnn4j.tensor.Tensor;

/**
 * The vowel classification task of the physics-aware training paper (Wright et al., Nature 2022) and of the
 * physical local learning paper (Momeni et al., Science 2023), built from Hillenbrand, Getty, Clark &amp; Wheeler
 * (1995), "Acoustic characteristics of American English vowels", J. Acoust. Soc. Am. 97(5):3099-3111, file
 * {@code vowdata.dat} ("(c) 1995 James Hillenbrand"). The file is not bundled: the caller supplies its path.
 *
 * <p><b>Task</b>: women talkers only, 7 vowels, the classes in this order: {@code ae ah aw er ih iy uw}
 * ({@link #VOWELS}); 12 features: formants F1, F2, F3 (Hz) at steady state, at 20%, at 50% and at 80% of the
 * vowel's duration, in that order (the columns are located from the file's header lines {@code colN: ...});
 * 37 samples per vowel, 259 in all; each feature column divided by its maximum over the 259 rows
 * (dimensionless, maximum 1).
 *
 * <p><b>Which 259 rows</b> ({@link Selection}):
 * <ul>
 *   <li>{@link Selection#REFERENCE} (the default of {@link #load(Path)}): the rows both papers' reference code
 *       used, listed by filename in {@value #REFERENCE_ROWS} beside {@code vowdata.dat}, in that file's order
 *       (grouped by vowel). Published vowel accuracies compare only on these rows.</li>
 *   <li>{@link Selection#FIRST_37}: pnn4j's former selection, the first 37 women's rows of each vowel in file
 *       order that have all 12 formants measured (non-zero). It shares only 216 rows with the reference set
 *       and is harder (logistic regression 95.2% against 98.5%).</li>
 * </ul>
 * Samples are ordered by vowel (all {@code ae}, then all {@code ah}, ...).
 * {@link #split(Dataset, long)} gives a random 210/49 split (7 test samples per class);
 * {@link #patSplit(Path)} gives the PAT example's own fixed 210/49 split, listed in {@value #PAT_SPLIT}.
 */
public final class Vowels {
    private Vowels() {}

    /** Which 259 women's rows of {@code vowdata.dat} make up the task. */
    public enum Selection {
        /** The reference code's rows, listed by filename in {@value Vowels#REFERENCE_ROWS} beside vowdata.dat. */
        REFERENCE,
        /** The first 37 usable (all 12 formants non-zero) women's rows per vowel, in file order. */
        FIRST_37
    }

    /** File name, beside {@code vowdata.dat}, of the reference rows: one filename (e.g. {@code w01ae}) a line. */
    public static final String REFERENCE_ROWS = "reference-rows.txt";

    /**
     * File name, beside {@code vowdata.dat}, of the PAT example's split: {@code filename train|test} a line, in
     * the example's order.
     */
    public static final String PAT_SPLIT = "reference-split-pat.txt";

    /** The vowel codes used as classes, index = label. */
    public static final List<String> VOWELS = List.of("ae", "ah", "aw", "er", "ih", "iy", "uw");

    /** Samples kept per vowel. */
    public static final int PER_CLASS = 37;

    /** Test samples per vowel in {@link #split(Dataset, long)}. */
    public static final int TEST_PER_CLASS = 7;

    private static final String[] POSITIONS = {"steady", "20%", "50%", "80%"};
    private static final Pattern COL = Pattern.compile("^\\s*col(\\d+):\\s*(.+?)\\s*$");
    private static final Pattern ROW = Pattern.compile("^[mwbg]\\d{2}[a-z]{2}$");

    /**
     * Loads the 259-sample, 12-feature, 7-class vowel dataset on the reference rows ({@link Selection#REFERENCE}).
     *
     * @param vowdataDat path of Hillenbrand's {@code vowdata.dat}; {@value #REFERENCE_ROWS} must lie beside it
     * @return a classification dataset named "vowels", features [259, 12] named {@code F1 steady, F2 steady,
     *         F3 steady, F1 20%, ..., F3 80%}, classes {@link #VOWELS}
     * @throws DatasetMissingException  if vowdata.dat or the reference list does not exist (the message names
     *                                  the path where it is expected)
     * @throws IllegalArgumentException if the header lacks a needed column, a data row is malformed, or a listed
     *                                  row is absent or not usable
     * @throws UncheckedIOException     if a file cannot be read
     */
    public static Dataset load(Path vowdataDat) {
        return load(vowdataDat, Selection.REFERENCE);
    }

    /**
     * Loads the vowel dataset with the given row selection (see the class documentation).
     *
     * @param vowdataDat path of Hillenbrand's {@code vowdata.dat}
     * @param selection  which 259 rows
     * @return a classification dataset named "vowels", features [259, 12], classes {@link #VOWELS}
     * @throws DatasetMissingException  if vowdata.dat, or for {@link Selection#REFERENCE} the list
     *                                  {@value #REFERENCE_ROWS} beside it, does not exist
     * @throws IllegalArgumentException if the header lacks a needed column, a data row is malformed, a vowel has
     *                                  fewer than 37 usable rows ({@code FIRST_37}), or a listed row is absent,
     *                                  repeated or not usable ({@code REFERENCE})
     * @throws UncheckedIOException     if a file cannot be read
     */
    public static Dataset load(Path vowdataDat, Selection selection) {
        Map<String, float[]> usable = usableRows(vowdataDat);
        return dataset(vowdataDat, usable, rowNames(vowdataDat, selection, usable));
    }

    /**
     * The filenames (e.g. {@code w01ae}) of the 259 rows of a selection, in sample order: sample {@code i} of
     * {@link #load(Path, Selection)} is row {@code rowNames(...).get(i)} of vowdata.dat.
     *
     * @throws DatasetMissingException  if a needed file does not exist
     * @throws IllegalArgumentException as {@link #load(Path, Selection)}
     */
    public static List<String> rowNames(Path vowdataDat, Selection selection) {
        return rowNames(vowdataDat, selection, usableRows(vowdataDat));
    }

    private static List<String> rowNames(Path vowdataDat, Selection selection, Map<String, float[]> usable) {
        if (selection == Selection.FIRST_37) {
            int k = VOWELS.size();
            int[] kept = new int[k], count = new int[k];
            List<List<String>> byVowel = new ArrayList<>();
            for (int c = 0; c < k; c++) byVowel.add(new ArrayList<>());
            for (String name : usable.keySet()) {
                int c = VOWELS.indexOf(name.substring(3, 5));
                count[c]++;
                if (kept[c] < PER_CLASS) { byVowel.get(c).add(name); kept[c]++; }
            }
            for (int c = 0; c < k; c++)
                if (kept[c] < PER_CLASS)
                    throw new IllegalArgumentException(vowdataDat + ": vowel '" + VOWELS.get(c) + "' has only " + count[c]
                            + " women's rows with all 12 formants measured, the task needs " + PER_CLASS
                            + " per vowel; usable rows per vowel " + VOWELS + ": " + java.util.Arrays.toString(count)
                            + ". Is this Hillenbrand's vowdata.dat?");
            List<String> out = new ArrayList<>();
            byVowel.forEach(out::addAll);
            return out;
        }
        Path list = listFile(vowdataDat, REFERENCE_ROWS, "the reference rows (one filename a line)");
        List<String> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> lines = readLines(list);
        for (int ln = 0; ln < lines.size(); ln++) {
            String name = lines.get(ln).trim();
            if (name.isEmpty()) continue;
            checkListed(list, ln, name, usable, seen);
            out.add(name);
        }
        int[] counts = new int[VOWELS.size()];
        for (String n : out) counts[VOWELS.indexOf(n.substring(3, 5))]++;
        for (int c = 0; c < counts.length; c++)
            if (counts[c] != PER_CLASS)
                throw new IllegalArgumentException(list + " lists " + counts[c] + " rows of vowel '" + VOWELS.get(c)
                        + "', the task has " + PER_CLASS + " per vowel (rows per vowel " + VOWELS + ": "
                        + java.util.Arrays.toString(counts) + ")");
        return out;
    }

    /**
     * The PAT example's fixed split of the reference rows: 210 training and 49 test samples as listed in
     * {@value #PAT_SPLIT} beside vowdata.dat, each part in that file's order, features scaled by the maxima over
     * all 259 reference rows (as {@link #load(Path)}).
     *
     * @param vowdataDat path of Hillenbrand's {@code vowdata.dat}; {@value #REFERENCE_ROWS} and {@value #PAT_SPLIT}
     *                   must lie beside it
     * @throws DatasetMissingException  if a needed file does not exist (the message names where it is expected)
     * @throws IllegalArgumentException if a line is malformed or the split does not cover the reference rows
     *                                  exactly once each
     */
    public static Split patSplit(Path vowdataDat) {
        Map<String, float[]> usable = usableRows(vowdataDat);
        List<String> names = rowNames(vowdataDat, Selection.REFERENCE, usable);
        Dataset all = dataset(vowdataDat, usable, names);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) index.put(names.get(i), i);
        Path list = listFile(vowdataDat, PAT_SPLIT, "the PAT example's split (filename train|test a line)");
        List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<String> lines = readLines(list);
        for (int ln = 0; ln < lines.size(); ln++) {
            String line = lines.get(ln).trim();
            if (line.isEmpty()) continue;
            String[] t = line.split("\\s+");
            if (t.length != 2 || !(t[1].equals("train") || t[1].equals("test")))
                throw new IllegalArgumentException(list + " line " + (ln + 1) + " is '" + line
                        + "'; expected 'filename train' or 'filename test'");
            Integer i = index.get(t[0]);
            if (i == null)
                throw new IllegalArgumentException(list + " line " + (ln + 1) + ": row '" + t[0] + "' is not one of the "
                        + REFERENCE_ROWS + " rows");
            if (!seen.add(t[0]))
                throw new IllegalArgumentException(list + " line " + (ln + 1) + ": row '" + t[0] + "' is listed twice");
            (t[1].equals("train") ? train : test).add(i);
        }
        if (seen.size() != names.size())
            throw new IllegalArgumentException(list + " assigns " + seen.size() + " rows, the reference has "
                    + names.size() + "; every reference row must be listed once");
        return new Split(all.subset(train.stream().mapToInt(Integer::intValue).toArray()).withName("vowels/train"),
                all.subset(test.stream().mapToInt(Integer::intValue).toArray()).withName("vowels/test"));
    }

    /**
     * A random split: 7 test samples per vowel (49), the other 210 for training, chosen at random with
     * {@code seed}; both parts keep the dataset's order.
     *
     * @throws IllegalArgumentException if a class has 7 samples or fewer
     * @throws IllegalStateException    if the dataset is not a classification dataset
     */
    public static Split split(Dataset vowels, long seed) {
        return vowels.splitPerClass(TEST_PER_CLASS, seed);
    }

    private static void checkListed(Path list, int ln, String name, Map<String, float[]> usable, java.util.Set<String> seen) {
        if (!ROW.matcher(name).matches() || name.charAt(0) != 'w' || !VOWELS.contains(name.substring(3, 5)))
            throw new IllegalArgumentException(list + " line " + (ln + 1) + " is '" + name
                    + "'; expected a women's row filename of one of the vowels " + VOWELS + ", e.g. w01ae");
        if (!usable.containsKey(name))
            throw new IllegalArgumentException(list + " line " + (ln + 1) + ": row '" + name
                    + "' is not in vowdata.dat or lacks one of the 12 formants; is this Hillenbrand's vowdata.dat?");
        if (!seen.add(name))
            throw new IllegalArgumentException(list + " line " + (ln + 1) + ": row '" + name + "' is listed twice");
    }

    private static Path listFile(Path vowdataDat, String fileName, String what) {
        Path dir = vowdataDat.toAbsolutePath().getParent();
        Path list = dir == null ? Path.of(fileName) : dir.resolve(fileName);
        if (!Files.isRegularFile(list))
            throw new DatasetMissingException(list, "vowel row list not found: " + list + " (" + what + ") is expected"
                    + " beside vowdata.dat (in this project: shared/datasets/vowels/" + fileName + "). Supply it, or load"
                    + " pnn4j's former selection by name: Vowels.load(path, Vowels.Selection.FIRST_37).");
        return list;
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** The 12 raw features of every women's row of the 7 vowels with all 12 measured, in file order. */
    private static Map<String, float[]> usableRows(Path vowdataDat) {
        if (!Files.isRegularFile(vowdataDat))
            throw new DatasetMissingException(vowdataDat, "vowel data file not found: " + vowdataDat.toAbsolutePath()
                    + ". Pass the path of Hillenbrand's vowdata.dat (in this project: shared/datasets/vowels/vowdata.dat).");
        List<String> lines = readLines(vowdataDat);
        int[] cols = featureColumns(vowdataDat, lines);
        int d = cols.length;
        Map<String, float[]> out = new java.util.LinkedHashMap<>();
        for (int ln = 0; ln < lines.size(); ln++) {
            String[] tok = lines.get(ln).trim().split("\\s+");
            if (tok.length == 0 || !ROW.matcher(tok[0]).matches()) continue;
            String file = tok[0];
            if (file.charAt(0) != 'w') continue;
            if (VOWELS.indexOf(file.substring(3, 5)) < 0) continue;
            float[] row = new float[d];
            boolean ok = true;
            for (int j = 0; j < d; j++) {
                if (cols[j] >= tok.length)
                    throw new IllegalArgumentException(vowdataDat + " line " + (ln + 1) + " (" + file + ") has "
                            + tok.length + " columns, needs at least " + (cols[j] + 1));
                try {
                    row[j] = Float.parseFloat(tok[cols[j]]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(vowdataDat + " line " + (ln + 1) + " (" + file + "): column "
                            + (cols[j] + 1) + " is '" + tok[cols[j]] + "', not a number");
                }
                if (row[j] == 0) ok = false;
            }
            if (ok) out.putIfAbsent(file, row);
        }
        return out;
    }

    private static Dataset dataset(Path vowdataDat, Map<String, float[]> usable, List<String> rows) {
        List<String> names = new ArrayList<>();
        for (String p : POSITIONS) for (int f = 1; f <= 3; f++) names.add("F" + f + " " + p);
        int n = rows.size(), d = names.size();
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(usable.get(rows.get(i)), 0, x, i * d, d);
            y[i] = VOWELS.indexOf(rows.get(i).substring(3, 5));
        }
        return Dataset.classification("vowels", Tensor.wrap(x, n, d), y, VOWELS, names).normalizeByMax();
    }

    /** Token index (0-based) of each of the 12 features, found from the header's "colN: description" lines. */
    private static int[] featureColumns(Path file, List<String> lines) {
        Map<String, Integer> byDescription = new HashMap<>();
        for (String line : lines) {
            Matcher m = COL.matcher(line);
            if (m.matches()) byDescription.put(normalize(m.group(2)), Integer.parseInt(m.group(1)) - 1);
        }
        int[] cols = new int[12];
        int j = 0;
        for (String p : POSITIONS)
            for (int f = 1; f <= 3; f++) {
                String want = p.equals("steady") ? "F" + f + " at \"steady state\"" : "F" + f + " at " + p + " of vowel duration";
                Integer c = byDescription.get(normalize(want));
                if (c == null)
                    throw new IllegalArgumentException(file + ": the header has no line 'colN: " + want
                            + "'; expected Hillenbrand's vowdata.dat, whose header lists its columns (found "
                            + byDescription.size() + " column descriptions)");
                cols[j++] = c;
            }
        return cols;
    }

    private static String normalize(String s) {
        return s.replaceAll("\\s+", " ").trim().toLowerCase(java.util.Locale.ROOT);
    }
}
