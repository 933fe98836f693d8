package org.pnn4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    private static float max(float[] a) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : a) m = Math.max(m, v);
        return m;
    }

    private static float min(float[] a) {
        float m = Float.POSITIVE_INFINITY;
        for (float v : a) m = Math.min(m, v);
        return m;
    }

    @Test
    void irisHas150SamplesOf4FeaturesIn3ClassesOf50() {
        Dataset d = Datasets.iris();
        assertArrayEquals(new int[] {150, 4}, d.features().shape());
        assertEquals(java.util.List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new int[] {50, 50, 50}, d.classCounts());
        assertEquals(5.1f, d.features().get(0, 0));
        assertEquals(0.2f, d.features().get(0, 3));
    }

    @Test
    void wineHas178SamplesOf13FeaturesIn3Classes() {
        Dataset d = Datasets.wine();
        assertArrayEquals(new int[] {178, 13}, d.features().shape());
        assertArrayEquals(new int[] {59, 71, 48}, d.classCounts());
        assertEquals("proline", d.featureNames().get(12));
        assertEquals(1065f, d.features().get(0, 12));
    }

    @Test
    void breastCancerHas569SamplesOf30FeaturesIn2Classes() {
        Dataset d = Datasets.breastCancer();
        assertArrayEquals(new int[] {569, 30}, d.features().shape());
        assertEquals(java.util.List.of("malignant", "benign"), d.classNames());
        assertArrayEquals(new int[] {212, 357}, d.classCounts());
        assertEquals("mean radius", d.featureNames().get(0));
        assertEquals("radius error", d.featureNames().get(10));
        assertEquals("worst fractal dimension", d.featureNames().get(29));
    }

    @Test
    void digitsHas1797SamplesOf64RawFeaturesFrom0To16() {
        Dataset d = Datasets.digits();
        assertArrayEquals(new int[] {1797, 64}, d.features().shape());
        assertEquals(10, d.numClasses());
        int total = 0;
        for (int c : d.classCounts()) { assertTrue(c >= 170 && c <= 190, "class count " + c); total += c; }
        assertEquals(1797, total);
        assertEquals(0f, min(d.features().array()));
        assertEquals(16f, max(d.features().array()));
        assertEquals(1f, max(d.scaleFeatures(16).features().array()));
        assertEquals(0, d.label(0));
    }

    @Test
    void missingMnistFilesErrorNamesThePathAndTheDatasetsCommand(@TempDir Path empty) {
        var e = assertThrows(DatasetMissingException.class, () -> Datasets.mnist(empty, true));
        assertTrue(e.getMessage().contains("./pnn4j datasets"), e.getMessage());
        assertTrue(e.getMessage().contains(empty.resolve("train-images-idx3-ubyte").toString()), e.getMessage());
        assertEquals(empty.resolve("train-images-idx3-ubyte"), e.path());
        var f = assertThrows(DatasetMissingException.class, () -> Datasets.fashionMnist(empty, false));
        assertTrue(f.getMessage().contains("./pnn4j datasets"), f.getMessage());
    }

    @Test
    void imagesAndLabelsOfDifferentCountsAreADimensionMismatch(@TempDir Path dir) throws Exception {
        IdxTest.write(dir.resolve("t10k-images-idx3-ubyte"), IdxTest.ubyteIdx(3, 28, 28), false);
        IdxTest.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), IdxTest.ubyteIdx(4), true);
        var e = assertThrows(IdxFormatException.class, () -> Datasets.mnist(dir, false));
        assertTrue(e.getMessage().contains("dimension mismatch") && e.getMessage().contains("3 images"), e.getMessage());
    }

    @Test
    void smallIdxPairLoadsAsScaledFlattenedImages(@TempDir Path dir) throws Exception {
        IdxTest.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxTest.ubyteIdx(2, 28, 28), true);
        byte[] labels = IdxTest.ubyteIdx(2); // values 0 and 37
        labels[labels.length - 1] = 9;
        IdxTest.write(dir.resolve("t10k-labels-idx1-ubyte"), labels, false);
        Dataset d = Datasets.fashionMnist(dir, false);
        assertArrayEquals(new int[] {2, 784}, d.features().shape());
        assertArrayEquals(new int[] {0, 9}, d.labels());
        assertEquals("Ankle boot", d.classNames().get(d.label(1)));
        assertEquals(37 / 255f, d.features().get(0, 1), 1e-7);
    }

    private static void checkMnistLike(Dataset d, int n) {
        assertArrayEquals(new int[] {n, 784}, d.features().shape());
        assertEquals(10, d.numClasses());
        int total = 0;
        for (int c : d.classCounts()) { assertTrue(c > n / 20, "class count " + c); total += c; }
        assertEquals(n, total);
        float[] a = d.features().array();
        assertEquals(0f, min(a));
        assertEquals(1f, max(a));
    }

    @Test
    void mnistFromCacheHas60000TrainAnd10000TestImagesIn0To1() {
        Path dir = DatasetCache.root().resolve("mnist");
        TestData.requireOrSkip(dir.resolve("train-images-idx3-ubyte"));
        Dataset test = Datasets.mnist(false);
        checkMnistLike(test, 10000);
        assertEquals(7, test.label(0)); // the first MNIST test digit is a 7
        Dataset train = Datasets.mnist(true);
        checkMnistLike(train, 60000);
        assertEquals(5, train.label(0)); // and the first training digit a 5
        // fits in the 1 GB test heap with room to spare: 188 MB of floats, no second copy kept
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        assertTrue(used < 600L << 20, "heap in use after loading MNIST: " + (used >> 20) + " MB");
    }

    @Test
    void fashionMnistFromCacheHasTenNamedClasses() {
        Path dir = DatasetCache.root().resolve("fashion-mnist");
        TestData.requireOrSkip(dir.resolve("train-images-idx3-ubyte"));
        Dataset test = Datasets.fashionMnist(false);
        checkMnistLike(test, 10000);
        assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, test.classCounts());
        assertEquals("Ankle boot", test.classNames().get(test.label(0)));
        Dataset train = Datasets.fashionMnist(true);
        checkMnistLike(train, 60000);
        assertEquals("Ankle boot", train.classNames().get(train.label(0)));
    }
}
