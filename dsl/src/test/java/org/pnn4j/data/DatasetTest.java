package org.pnn4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.Table;

class DatasetTest {

    /** 10 samples × 2 features, labels 0 (6 samples) and 1 (4 samples); feature row i = (i, 10 i). */
    private static Dataset small() {
        float[] x = new float[20];
        for (int i = 0; i < 10; i++) { x[2 * i] = i; x[2 * i + 1] = 10 * i; }
        return Dataset.classification("small", Tensor.wrap(x, 10, 2), new int[] {0, 0, 1, 0, 1, 0, 0, 1, 0, 1},
                List.of("a", "b"), List.of("u", "v"));
    }

    @Test
    void padFeaturesPrependsZerosAndKeepsLabelsAndNames() {
        Dataset d = Dataset.classification("t", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2), new int[] {0, 1}, List.of("a", "b"),
                List.of("x", "y"));
        Dataset p = d.padFeatures(3);
        assertArrayEquals(new int[] {2, 5}, p.features().shape());
        assertArrayEquals(new float[] {0, 0, 0, 1, 2, 0, 0, 0, 3, 4}, p.features().toArray());
        assertArrayEquals(new int[] {0, 1}, p.labels());
        assertEquals(List.of("pad 0", "pad 1", "pad 2", "x", "y"), p.featureNames());
        assertThrows(IllegalArgumentException.class, () -> d.padFeatures(-1));
        Dataset images = Dataset.classification("img", Tensor.zeros(2, 2, 2), new int[] {0, 1}, List.of("a", "b"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> images.padFeatures(1));
        assertTrue(e.getMessage().contains("flatten"), e.getMessage());
    }

    @Test
    void labelOutsideClassRangeIsRejectedNamingRowAndValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.classification("d",
                Tensor.zeros(3, 2), new int[] {0, 1, 7}, List.of("a", "b")));
        assertTrue(e.getMessage().contains("label 7 in row 2"), e.getMessage());
        assertTrue(e.getMessage().contains("[0, 2)"), e.getMessage());
        var neg = assertThrows(IllegalArgumentException.class, () -> Dataset.classification("d",
                Tensor.zeros(2, 2), new int[] {-1, 0}, List.of("a", "b")));
        assertTrue(neg.getMessage().contains("label -1 in row 0"), neg.getMessage());
    }

    @Test
    void featureAndLabelCountMismatchIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.classification("d",
                Tensor.zeros(3, 2), new int[] {0, 1}, List.of("a", "b")));
        assertTrue(e.getMessage().contains("3 feature rows but 2 labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.regression("r", Tensor.zeros(3, 2), Tensor.zeros(4, 1)));
    }

    @Test
    void nanFeatureIsRejectedNamingRowAndColumn() {
        float[] x = new float[6];
        x[5] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.classification("d",
                Tensor.wrap(x, 3, 2), new int[] {0, 1, 0}, List.of("a", "b"), List.of("p", "q")));
        assertTrue(e.getMessage().contains("row 2, column 1 ('q')"), e.getMessage());
    }

    @Test
    void nonPositiveBatchSizeAndBadTestFractionAreRejected() {
        Dataset d = small();
        var b = assertThrows(IllegalArgumentException.class, () -> d.batches(0, null));
        assertTrue(b.getMessage().contains("got 0"), b.getMessage());
        for (double f : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class, () -> d.split(f, 1));
            assertTrue(e.getMessage().contains("(0, 1)"), e.getMessage());
        }
    }

    @Test
    void accessorsReportShapeClassesAndCounts() {
        Dataset d = small();
        assertEquals(10, d.size());
        assertEquals(2, d.numFeatures());
        assertArrayEquals(new int[] {2}, d.sampleShape());
        assertTrue(d.isClassification());
        assertEquals(2, d.numClasses());
        assertArrayEquals(new int[] {6, 4}, d.classCounts());
        assertEquals(List.of("u", "v"), d.featureNames());
        assertThrows(IllegalStateException.class, d::targets);
        int[] l = d.labels();
        l[0] = 1; // a copy: the dataset is unchanged
        assertEquals(0, d.label(0));
    }

    @Test
    void defaultFeatureNamesAreIndexedPerValueOfASample() {
        Dataset d = Dataset.classification("img", Tensor.zeros(4, 2, 3), new int[4], List.of("only"));
        assertEquals(6, d.numFeatures());
        assertEquals(List.of("x0", "x1", "x2", "x3", "x4", "x5"), d.featureNames());
    }

    @Test
    void subsetGathersRowsAndLabelsInGivenOrder() {
        Dataset s = small().subset(new int[] {4, 2, 4});
        assertEquals(3, s.size());
        assertArrayEquals(new int[] {1, 1, 1}, s.labels());
        assertArrayEquals(new float[] {4, 40, 2, 20, 4, 40}, s.features().toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> small().subset(new int[] {10}));
    }

    @Test
    void stratifiedSplitKeepsClassProportions() {
        Dataset iris = Datasets.iris();
        Split s = iris.split(0.2, 7);
        assertEquals(120, s.train().size());
        assertEquals(30, s.test().size());
        assertArrayEquals(new int[] {10, 10, 10}, s.test().classCounts());
        assertArrayEquals(new int[] {40, 40, 40}, s.train().classCounts());
        // wine is unbalanced (59, 71, 48): each class contributes about 25%
        Split w = Datasets.wine().split(0.25, 3);
        int[] t = w.test().classCounts();
        assertEquals(45, w.test().size()); // round(178 * 0.25) = 44.5 -> 45
        assertTrue(Math.abs(t[0] - 59 * 0.25) < 1 && Math.abs(t[1] - 71 * 0.25) < 1 && Math.abs(t[2] - 48 * 0.25) < 1,
                Arrays.toString(t));
    }

    @Test
    void splitIsDeterministicPerSeedAndDisjoint() {
        Dataset d = Synthetic.moons(200, 0.1, 1);
        Split a = d.split(0.3, 42), b = d.split(0.3, 42), c = d.split(0.3, 43);
        assertArrayEquals(a.test().features().toArray(), b.test().features().toArray());
        assertArrayEquals(a.train().labels(), b.train().labels());
        assertFalse(Arrays.equals(a.test().features().toArray(), c.test().features().toArray()));
        // the parts together are the whole dataset: every x value appears once
        float[] all = d.features().toArray(), parts = concat(a.train().features().toArray(), a.test().features().toArray());
        Arrays.sort(all);
        Arrays.sort(parts);
        assertArrayEquals(all, parts);
    }

    @Test
    void regressionSplitIsRandomAndDeterministic() {
        Dataset r = Dataset.regression("r", Tensor.arange(50).reshape(50, 1), Tensor.arange(50).mul(2).reshape(50, 1));
        Split s = r.split(0.2, 5);
        assertEquals(10, s.test().size());
        float[] x = s.test().features().toArray(), y = s.test().targets().toArray();
        for (int i = 0; i < x.length; i++) assertEquals(2 * x[i], y[i]);
        assertArrayEquals(x, r.split(0.2, 5).test().features().toArray());
        assertThrows(IllegalStateException.class, r::labels);
    }

    @Test
    void splitPerClassHoldsOutExactlyKOfEachClass() {
        Split s = Datasets.iris().splitPerClass(5, 9);
        assertArrayEquals(new int[] {5, 5, 5}, s.test().classCounts());
        assertArrayEquals(new int[] {45, 45, 45}, s.train().classCounts());
        var e = assertThrows(IllegalArgumentException.class, () -> small().splitPerClass(4, 1));
        assertTrue(e.getMessage().contains("class 'b' has 4 samples"), e.getMessage());
    }

    @Test
    void batchesCoverEverySampleExactlyOncePerEpoch() {
        Dataset d = small();
        Rng rng = new Rng(3);
        Iterable<Batch> epochs = d.batches(4, rng);
        int[][] orders = new int[2][];
        for (int e = 0; e < 2; e++) {
            int[] seen = new int[d.size()];
            int[] order = new int[d.size()];
            int pos = 0, count = 0;
            for (Batch b : epochs) {
                count++;
                assertTrue(b.size() == 4 || (count == 3 && b.size() == 2), "batch size " + b.size());
                for (int i = 0; i < b.size(); i++) {
                    int row = b.indices()[i];
                    seen[row]++;
                    order[pos++] = row;
                    assertEquals(d.label(row), b.labels()[i]);
                    assertEquals(row, b.x().get(i, 0));
                }
                assertNull(b.targets());
            }
            assertEquals(3, count);
            assertEquals(d.numBatches(4), count);
            for (int s : seen) assertEquals(1, s);
            orders[e] = order;
        }
        assertFalse(Arrays.equals(orders[0], orders[1]), "each epoch draws a new permutation");
    }

    @Test
    void batchesWithoutRngComeInDatasetOrder() {
        int next = 0;
        for (Batch b : small().batches(3, null))
            for (int row : b.indices()) assertEquals(next++, row);
        assertEquals(10, next);
    }

    @Test
    void toTableHasFeatureColumnsAndClassNameLabels() {
        Table t = Datasets.iris().toTable();
        assertEquals(150, t.rowCount());
        assertEquals(List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)", "label"),
                t.columnNames());
        assertEquals("setosa", t.stringColumn("label").get(0));
        assertEquals("virginica", t.stringColumn("label").get(149));
        assertEquals(5.1, t.doubleColumn(0).get(0), 1e-6);
        Table r = Dataset.regression("r", Tensor.zeros(3, 2), Tensor.ones(3, 1)).toTable();
        assertEquals(List.of("x0", "x1", "target"), r.columnNames());
    }

    @Test
    void scalingDividesFeaturesAndNormalizeByMaxGivesUnitColumnMaxima() {
        Dataset d = small();
        assertArrayEquals(new float[] {0.5f, 5}, Arrays.copyOfRange(d.scaleFeatures(2).features().toArray(), 2, 4));
        Dataset n = d.normalizeByMax();
        float[] m = n.columnMaxAbs();
        assertEquals(1f, m[0], 1e-6);
        assertEquals(1f, m[1], 1e-6);
        assertEquals(5f / 9f, n.features().get(5, 0), 1e-6);
        assertEquals(10 * 9f, d.features().get(9, 1), "original unchanged");
        assertThrows(IllegalArgumentException.class, () -> d.scaleFeatures(0));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
