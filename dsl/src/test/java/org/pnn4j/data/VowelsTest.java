package org.pnn4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VowelsTest {
    static Path file;
    static Dataset vowels;

    @BeforeAll
    static void load() {
        file = TestData.sharedDatasets().resolve("vowels").resolve("vowdata.dat");
        vowels = Vowels.load(file);
    }

    @Test
    void selectionGives259RowsOf12FeaturesAnd37PerVowel() {
        assertArrayEquals(new int[] {259, 12}, vowels.features().shape());
        assertEquals(Vowels.VOWELS, vowels.classNames());
        assertArrayEquals(new int[] {37, 37, 37, 37, 37, 37, 37}, vowels.classCounts());
        assertEquals("F1 steady", vowels.featureNames().get(0));
        assertEquals("F3 80%", vowels.featureNames().get(11));
    }

    @Test
    void everyFeatureColumnIsScaledToMaximumOneAndIsPositive() {
        float[] m = vowels.columnMaxAbs();
        for (int j = 0; j < 12; j++) assertEquals(1f, m[j], 1e-6, "column " + j);
        for (float v : vowels.features().array()) assertTrue(v > 0 && v <= 1, "value " + v);
    }

    @Test
    void referenceSelectionIsTheListedRowsInListOrder() throws Exception {
        List<String> names = Vowels.rowNames(file, Vowels.Selection.REFERENCE);
        assertEquals(259, names.size());
        assertEquals(Files.readAllLines(file.resolveSibling(Vowels.REFERENCE_ROWS)).stream().map(String::trim)
                .filter(l -> !l.isEmpty()).toList(), names);
        assertEquals("w01ae", names.get(0));
        assertTrue(names.contains("w49uw"));
        // w04ae is usable but not a reference row; the former selection takes it
        assertFalse(names.contains("w04ae"));
        assertTrue(Vowels.rowNames(file, Vowels.Selection.FIRST_37).contains("w04ae"));
        // 216 rows are shared with the former selection
        var first = new java.util.HashSet<>(Vowels.rowNames(file, Vowels.Selection.FIRST_37));
        assertEquals(216, names.stream().filter(first::contains).count());
    }

    @Test
    void patSplitIsTheListed210Over49() throws Exception {
        Split s = Vowels.patSplit(file);
        assertEquals(210, s.train().size());
        assertEquals(49, s.test().size());
        List<String> names = Vowels.rowNames(file, Vowels.Selection.REFERENCE);
        List<String[]> lines = Files.readAllLines(file.resolveSibling(Vowels.PAT_SPLIT)).stream()
                .map(l -> l.trim().split("\\s+")).toList();
        String firstTest = lines.stream().filter(t -> t[1].equals("test")).findFirst().orElseThrow()[0];
        // same scaling as the full dataset: the first test sample is that row of load(file)
        int i = names.indexOf(firstTest);
        for (int j = 0; j < 12; j++) assertEquals(vowels.features().get(i, j), s.test().features().get(0, j), 0f);
        assertEquals(Vowels.VOWELS.indexOf(firstTest.substring(3, 5)), s.test().label(0));
    }

    @Test
    void missingReferenceListSaysWhereItIsExpectedAndTheFormerSelectionStillLoads(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("vowdata.dat");
        Files.copy(file, p);
        var e = assertThrows(DatasetMissingException.class, () -> Vowels.load(p));
        assertTrue(e.getMessage().contains(dir.resolve(Vowels.REFERENCE_ROWS).toString()), e.getMessage());
        assertTrue(e.getMessage().contains("FIRST_37"), e.getMessage());
        assertEquals(259, Vowels.load(p, Vowels.Selection.FIRST_37).size());
        assertThrows(DatasetMissingException.class, () -> Vowels.patSplit(p));
    }

    @Test
    void referenceListNamingAnUnknownRowIsRejected(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("vowdata.dat");
        Files.copy(file, p);
        Files.writeString(dir.resolve(Vowels.REFERENCE_ROWS), "w01ae\nw99zz\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Vowels.load(p));
        assertTrue(e.getMessage().contains("w99zz"), e.getMessage());
    }

    @Test
    void firstSamplesAreTheFirstUsableWomensAeRowsInFileOrder() throws Exception {
        Dataset vowels = Vowels.load(file, Vowels.Selection.FIRST_37);
        // the 12 feature tokens: F1-F3 steady (3..5), then F1-F3 at 20%, 50%, 80% (7..15); F4 (6) is not used
        int[] tok = {3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15};
        float[][] raw = Files.readAllLines(file).stream().filter(l -> l.matches("^w\\d\\dae\\s.*"))
                .map(l -> l.trim().split("\\s+"))
                .map(t -> { float[] r = new float[12]; for (int j = 0; j < 12; j++) r[j] = Float.parseFloat(t[tok[j]]); return r; })
                .filter(r -> { for (float v : r) if (v == 0) return false; return true; })
                .limit(2).toArray(float[][]::new);
        // same column, same divisor: the ratio of two samples' values is the ratio of the raw formants
        for (int j = 0; j < 12; j++)
            assertEquals(raw[0][j] / raw[1][j], vowels.features().get(0, j) / vowels.features().get(1, j), 1e-5,
                    "column " + j);
    }

    @Test
    void paperSplitHas210TrainAnd49TestWith7PerVowelDeterministically() {
        Split s = Vowels.split(vowels, 11);
        assertEquals(210, s.train().size());
        assertEquals(49, s.test().size());
        assertArrayEquals(new int[] {7, 7, 7, 7, 7, 7, 7}, s.test().classCounts());
        assertArrayEquals(new int[] {30, 30, 30, 30, 30, 30, 30}, s.train().classCounts());
        assertArrayEquals(s.test().features().toArray(), Vowels.split(vowels, 11).test().features().toArray());
        assertFalse(Arrays.equals(s.test().features().toArray(), Vowels.split(vowels, 12).test().features().toArray()));
        // the fraction-based split agrees on the counts
        assertArrayEquals(new int[] {7, 7, 7, 7, 7, 7, 7}, vowels.split(49.0 / 259, 11).test().classCounts());
    }

    @Test
    void missingFileErrorNamesThePath(@TempDir Path dir) {
        Path p = dir.resolve("nowhere").resolve("vowdata.dat");
        var e = assertThrows(DatasetMissingException.class, () -> Vowels.load(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void fileWithoutTheColumnHeaderIsRejected(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("vowdata.dat");
        Files.writeString(p, "w01ae 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n");
        var e = assertThrows(IllegalArgumentException.class, () -> Vowels.load(p));
        assertTrue(e.getMessage().contains("F1 at \"steady state\""), e.getMessage());
    }
}
