package org.pnn4j.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.pnn4j.data.Dataset;

class Nd4jDatasetsTest {
    private static final INDArray FEATURES = Nd4j.arange(15).castTo(DataType.FLOAT).reshape(5, 3);

    @Test
    void classIndicesBecomeLabels() {
        Dataset d = Nd4jDatasets.classification("toy", FEATURES, Nd4j.createFromArray(2, 0, 1, 2, 0), List.of("a", "b", "c"));
        assertEquals(5, d.size());
        assertArrayEquals(new int[] {3}, d.sampleShape());
        assertArrayEquals(new int[] {2, 0, 1, 2, 0}, d.labels());
        assertEquals(List.of("a", "b", "c"), d.classNames());
        assertEquals(7f, d.features().get(2, 1));
    }

    @Test
    void oneHotRowsAndAnNd4jDataSetBecomeLabels() {
        INDArray oneHot = Nd4j.createFromArray(new float[][] {{0, 0, 1, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}, {1, 0, 0, 0}});
        Dataset d = Nd4jDatasets.classification("toy", new DataSet(FEATURES, oneHot));
        assertArrayEquals(new int[] {2, 0, 1, 3, 0}, d.labels());
        assertEquals(4, d.numClasses());
        assertEquals(List.of("0", "1", "2", "3"), d.classNames());
        // indices given as a double column [n, 1]
        Dataset e = Nd4jDatasets.classification("toy", FEATURES, Nd4j.createFromArray(new double[][] {{1}, {0}, {1}, {1}, {0}}));
        assertArrayEquals(new int[] {1, 0, 1, 1, 0}, e.labels());
    }

    @Test
    void imageFeaturesKeepTheirSampleShape() {
        INDArray images = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
        Dataset d = Nd4jDatasets.classification("images", images, Nd4j.createFromArray(0, 1, 0, 1));
        assertArrayEquals(new int[] {1, 28, 28}, d.sampleShape());
        assertEquals(images.getFloat(3, 0, 27, 5), d.features().get(3, 0, 27, 5));
    }

    @Test
    void regressionTargetsKeepTheirShape() {
        INDArray targets = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 10}});
        Dataset d = Nd4jDatasets.regression("fit", FEATURES, targets);
        assertFalse(d.isClassification());
        assertArrayEquals(new int[] {5, 2}, d.targets().shape());
        assertEquals(8f, d.targets().get(3, 1));
    }

    @Test
    void badLabelsAreRefusedNamingTheRowAndValue() {
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> Nd4jDatasets.classification("toy", FEATURES, Nd4j.createFromArray(0, 1, 0)));
        assertTrue(rows.getMessage().contains("5 rows") && rows.getMessage().contains("[3]"), rows.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class,
                () -> Nd4jDatasets.classification("toy", FEATURES, Nd4j.createFromArray(0f, 1f, 0.5f, 1f, 0f)));
        assertTrue(fraction.getMessage().contains("label 2 is 0.5"), fraction.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Nd4jDatasets.classification("toy", FEATURES, Nd4j.createFromArray(0, 1, -1, 1, 0)));
        assertTrue(negative.getMessage().contains("label 2 is -1.0"), negative.getMessage());
        INDArray twoHot = Nd4j.createFromArray(new float[][] {{0, 1}, {1, 0}, {1, 1}, {0, 1}, {1, 0}});
        IllegalArgumentException hot = assertThrows(IllegalArgumentException.class,
                () -> Nd4jDatasets.classification("toy", FEATURES, twoHot));
        assertTrue(hot.getMessage().contains("row 2 is [1.0, 1.0]"), hot.getMessage());
        IllegalArgumentException names = assertThrows(IllegalArgumentException.class,
                () -> Nd4jDatasets.classification("toy", FEATURES, Nd4j.createFromArray(0, 1, 2, 1, 0), List.of("a", "b")));
        assertTrue(names.getMessage().contains("2"), names.getMessage());
        assertThrows(NullPointerException.class, () -> Nd4jDatasets.classification("toy", null, Nd4j.createFromArray(0)));
        IllegalArgumentException targets = assertThrows(IllegalArgumentException.class,
                () -> Nd4jDatasets.regression("fit", FEATURES, Nd4j.rand(DataType.FLOAT, 4, 2)));
        assertTrue(targets.getMessage().contains("[5, 3]") && targets.getMessage().contains("[4, 2]"), targets.getMessage());
    }

    @Test
    void nonFiniteFeaturesAreRefusedByTheDataset() {
        INDArray f = FEATURES.dup();
        f.putScalar(1, 2, Float.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Nd4jDatasets.classification("toy", f, Nd4j.createFromArray(0, 1, 0, 1, 0)));
        assertTrue(e.getMessage().toLowerCase().contains("nan") || e.getMessage().contains("finite"), e.getMessage());
    }
}
