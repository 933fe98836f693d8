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
 * The vowel classification task of the physics-aware training paper (Wright et al., Nature 2022), built from
 * Hillenbrand, Getty, Clark &amp; Wheeler (1995), "Acoustic characteristics of American English vowels",
 * J. Acoust. Soc. Am. 97(5):3099-3111, file {@code vowdata.dat} ("(c) 1995 James Hillenbrand"). The file is
 * not bundled: the caller supplies its path.
 *
 * <p><b>Selection</b> ({@link #load(Path)}):
 * <ul>
 *   <li>women talkers only (file names starting with {@code w});</li>
 *   <li>7 vowels, the classes in this order: {@code ae ah aw er ih iy uw} ({@link #VOWELS});</li>
 *   <li>12 features: formants F1, F2, F3 (Hz) at steady state, at 20%, at 50% and at 80% of the vowel's
 *       duration, in that order; the columns are located from the file's header lines ({@code colN: ...});</li>
 *   <li>rows with a 0 ("not measurable") in any of the 12 features are dropped;</li>
 *   <li>the first 37 remaining rows of each vowel in file order are kept: 259 samples, 37 per class;</li>
 *   <li>each feature column is divided by its maximum over the 259 rows (dimensionless, maximum 1).</li>
 * </ul>
 * Samples are ordered by vowel (all {@code ae}, then all {@code ah}, ...), in file order within a vowel. With
 * the Hillenbrand file as distributed, the usable women's rows per vowel are ae 47, ah 47, aw 46, er 37, ih 48,
 * iy 43, uw 48, so {@code er} has exactly the 37 the task needs.
 * {@link #split(Dataset, long)} then gives 210 training and 49 test samples, 7 test samples per class.
 */
public final class Vowels {
    private Vowels() {}

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
     * Loads the 259-sample, 12-feature, 7-class vowel dataset described in the class documentation.
     *
     * @param vowdataDat path of Hillenbrand's {@code vowdata.dat}
     * @return a classification dataset named "vowels", features [259, 12] named {@code F1 steady, F2 steady,
     *         F3 steady, F1 20%, ..., F3 80%}, classes {@link #VOWELS}
     * @throws DatasetMissingException  if the file does not exist (the message names the path)
     * @throws IllegalArgumentException if the header lacks a needed column, a data row is malformed, or a vowel
     *                                  has fewer than 37 usable rows (the message gives the counts)
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static Dataset load(Path vowdataDat) {
        if (!Files.isRegularFile(vowdataDat))
            throw new DatasetMissingException(vowdataDat, "vowel data file not found: " + vowdataDat.toAbsolutePath()
                    + ". Pass the path of Hillenbrand's vowdata.dat (in this project: shared/datasets/vowels/vowdata.dat).");
        List<String> lines;
        try {
            lines = Files.readAllLines(vowdataDat, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vowel data file " + vowdataDat + ": " + e.getMessage(), e);
        }
        int[] cols = featureColumns(vowdataDat, lines);
        List<String> names = new ArrayList<>();
        for (String p : POSITIONS) for (int f = 1; f <= 3; f++) names.add("F" + f + " " + p);

        int k = VOWELS.size(), d = cols.length;
        float[] x = new float[k * PER_CLASS * d];
        int[] kept = new int[k], usable = new int[k];
        // rows are collected per vowel, then laid out vowel by vowel in file order within each vowel
        float[][][] byVowel = new float[k][PER_CLASS][];
        for (int ln = 0; ln < lines.size(); ln++) {
            String[] tok = lines.get(ln).trim().split("\\s+");
            if (tok.length == 0 || !ROW.matcher(tok[0]).matches()) continue;
            String file = tok[0];
            if (file.charAt(0) != 'w') continue;
            int c = VOWELS.indexOf(file.substring(3, 5));
            if (c < 0) continue;
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
            if (!ok) continue;
            usable[c]++;
            if (kept[c] < PER_CLASS) byVowel[c][kept[c]++] = row;
        }
        for (int c = 0; c < k; c++)
            if (kept[c] < PER_CLASS)
                throw new IllegalArgumentException(vowdataDat + ": vowel '" + VOWELS.get(c) + "' has only " + usable[c]
                        + " women's rows with all 12 formants measured, the task needs " + PER_CLASS
                        + " per vowel; usable rows per vowel " + VOWELS + ": " + java.util.Arrays.toString(usable)
                        + ". Is this Hillenbrand's vowdata.dat?");
        int[] y = new int[k * PER_CLASS];
        for (int c = 0; c < k; c++)
            for (int i = 0; i < PER_CLASS; i++) {
                System.arraycopy(byVowel[c][i], 0, x, (c * PER_CLASS + i) * d, d);
                y[c * PER_CLASS + i] = c;
            }
        return Dataset.classification("vowels", Tensor.wrap(x, k * PER_CLASS, d), y, VOWELS, names).normalizeByMax();
    }

    /**
     * The paper's split: 7 test samples per vowel (49), the other 210 for training, chosen at random with
     * {@code seed}; both parts keep the dataset's order.
     *
     * @throws IllegalArgumentException if a class has 7 samples or fewer
     * @throws IllegalStateException    if the dataset is not a classification dataset
     */
    public static Split split(Dataset vowels, long seed) {
        return vowels.splitPerClass(TEST_PER_CLASS, seed);
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
