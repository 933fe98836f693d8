package org.pnn4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * An immutable set of samples: features {@code [n, ...]} (any per-sample shape, e.g. [n, 784] or [n, 12])
 * with either integer class labels (classification) or a target tensor {@code [n, ...]} (regression).
 *
 * <pre>{@code
 * Dataset iris = Datasets.iris();
 * Split s = iris.split(0.2, 42);                  // stratified: 30 test samples, 10 per class
 * for (Batch b : s.train().batches(16, new Rng(1))) {
 *     Tensor logits = model.forward(b.x());
 *     ...
 * }
 * }</pre>
 *
 * <p>The features tensor is shared, not copied (MNIST's 188 MB would otherwise exist twice): a dataset
 * holds a {@linkplain Tensor#detach() detached} view of the tensor it was given, and whoever built it must not
 * change the tensor's array afterwards. Label arrays are copied in and out.
 *
 * <p>Every method that makes a new dataset ({@link #subset}, {@link #split}, {@link #scaleFeatures}, ...)
 * leaves this one unchanged.
 */
public final class Dataset {
    private final String name;
    private final Tensor features;
    private final int[] labels;          // null for regression
    private final List<String> classNames; // empty for regression
    private final Tensor targets;        // null for classification
    private final List<String> featureNames;
    private final int n;
    private final int width;             // values per sample

    private Dataset(String name, Tensor features, int[] labels, List<String> classNames, Tensor targets,
                    List<String> featureNames, boolean validateValues) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(features, "features");
        if (features.rank() < 1)
            throw new IllegalArgumentException("dataset '" + name + "': features must have shape [n, ...] with one row"
                    + " per sample; got a scalar. Reshape it, e.g. features.reshape(n, 1).");
        this.features = features.detach();
        this.n = features.dim(0);
        this.width = n == 0 ? sizeAfterFirst(features.shape()) : features.size() / n;
        this.labels = labels;
        this.classNames = classNames;
        this.targets = targets == null ? null : targets.detach();
        if (labels != null) {
            if (classNames.isEmpty())
                throw new IllegalArgumentException("dataset '" + name + "': classNames is empty; give one name per class");
            if (labels.length != n)
                throw new IllegalArgumentException("dataset '" + name + "': " + n + " feature rows but " + labels.length
                        + " labels; give exactly one label per row of features");
            int k = classNames.size();
            for (int i = 0; i < labels.length; i++)
                if (labels[i] < 0 || labels[i] >= k)
                    throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " in row " + i
                            + " is outside [0, " + k + "); labels must index classNames " + classNames
                            + ". Remap the labels to 0.." + (k - 1) + " or add class names.");
        }
        if (targets != null) {
            if (targets.rank() < 1 || targets.dim(0) != n)
                throw new IllegalArgumentException("dataset '" + name + "': " + n + " feature rows but targets of shape "
                        + Arrays.toString(targets.shape()) + "; targets must have shape [" + n + ", ...]");
        }
        if (featureNames == null) {
            List<String> gen = new ArrayList<>(width);
            for (int j = 0; j < width; j++) gen.add("x" + j);
            this.featureNames = Collections.unmodifiableList(gen);
        } else {
            if (featureNames.size() != width)
                throw new IllegalArgumentException("dataset '" + name + "': " + featureNames.size()
                        + " feature names for " + width + " values per sample (features shape "
                        + Arrays.toString(features.shape()) + "); give one name per value");
            Set<String> seen = new HashSet<>();
            for (String f : featureNames)
                if (!seen.add(Objects.requireNonNull(f, "feature name")))
                    throw new IllegalArgumentException("dataset '" + name + "': feature name '" + f
                            + "' appears twice; names must be distinct");
            this.featureNames = List.copyOf(featureNames);
        }
        if (validateValues) {
            checkFinite(this.features.array(), width, "feature");
            if (this.targets != null) checkFinite(this.targets.array(), n == 0 ? 1 : this.targets.size() / n, "target");
        }
    }

    private void checkFinite(float[] a, int w, String what) {
        for (int i = 0; i < a.length; i++)
            if (!Float.isFinite(a[i]))
                throw new IllegalArgumentException("dataset '" + name + "': " + what + " value " + a[i] + " in row "
                        + (i / w) + ", column " + (i % w)
                        + (what.equals("feature") && i % w < (featureNames == null ? 0 : featureNames.size())
                                ? " ('" + featureNames.get(i % w) + "')" : "")
                        + "; drop or impute non-finite values before building a dataset");
    }

    private static int sizeAfterFirst(int[] shape) {
        int s = 1;
        for (int i = 1; i < shape.length; i++) s *= shape[i];
        return s;
    }

    // ---------------------------------------------------------------- factories

    /**
     * A classification dataset.
     *
     * @param name       a short name shown in tables and errors
     * @param features   [n, ...], finite values; shared, not copied
     * @param labels     n class indices in [0, classNames.size()); copied
     * @param classNames one name per class, index = label
     * @throws IllegalArgumentException if the label count differs from n, a label is outside [0, numClasses)
     *                                  (the message names the row and value), or a feature is NaN or infinite
     *                                  (the message names row and column)
     */
    public static Dataset classification(String name, Tensor features, int[] labels, List<String> classNames) {
        return classification(name, features, labels, classNames, null);
    }

    /**
     * A classification dataset with feature names (one per value of a sample, row-major within the sample).
     *
     * @param featureNames distinct names, or null for the defaults {@code x0, x1, ...}
     * @throws IllegalArgumentException as {@link #classification(String, Tensor, int[], List)}, or if the number of
     *                                  feature names differs from the values per sample or a name repeats
     */
    public static Dataset classification(String name, Tensor features, int[] labels, List<String> classNames,
                                         List<String> featureNames) {
        Objects.requireNonNull(labels, "labels");
        return new Dataset(name, features, labels.clone(), List.copyOf(Objects.requireNonNull(classNames, "classNames")),
                null, featureNames, true);
    }

    /**
     * A regression dataset.
     *
     * @param features [n, ...], finite values; shared, not copied
     * @param targets  [n, ...], finite values; shared, not copied
     * @throws IllegalArgumentException if targets do not have n rows or a value is NaN or infinite
     */
    public static Dataset regression(String name, Tensor features, Tensor targets) {
        return regression(name, features, targets, null);
    }

    /**
     * A regression dataset with feature names.
     *
     * @param featureNames distinct names, one per value of a sample, or null for {@code x0, x1, ...}
     * @throws IllegalArgumentException as {@link #regression(String, Tensor, Tensor)}, or for wrong feature names
     */
    public static Dataset regression(String name, Tensor features, Tensor targets, List<String> featureNames) {
        return new Dataset(name, features, null, List.of(), Objects.requireNonNull(targets, "targets"), featureNames, true);
    }

    private Dataset derive(String newName, Tensor f, int[] l, Tensor t, boolean validate) {
        return new Dataset(newName, f, l, classNames, t, featureNames, validate);
    }

    // ---------------------------------------------------------------- accessors

    /** This dataset's name (derived datasets append a suffix, e.g. {@code iris/train}). */
    public String name() {
        return name;
    }

    /** Number of samples n. */
    public int size() {
        return n;
    }

    /** The features, shape [n, ...]. Do not change its array: it is shared with this dataset. */
    public Tensor features() {
        return features;
    }

    /** Shape of one sample (the features' shape without the first axis), e.g. [784] or [12]. */
    public int[] sampleShape() {
        int[] s = features.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    /** Number of values per sample (product of {@link #sampleShape()}). */
    public int numFeatures() {
        return width;
    }

    /** Whether this dataset has class labels (true) or regression targets (false). */
    public boolean isClassification() {
        return labels != null;
    }

    /**
     * A copy of the class labels, one per sample, in [0, numClasses).
     *
     * @throws IllegalStateException for a regression dataset (use {@link #targets()})
     */
    public int[] labels() {
        requireClassification("labels()");
        return labels.clone();
    }

    /**
     * The label of one sample.
     *
     * @throws IllegalStateException for a regression dataset
     * @throws IndexOutOfBoundsException if {@code row} is outside [0, size())
     */
    public int label(int row) {
        requireClassification("label(row)");
        Objects.checkIndex(row, n);
        return labels[row];
    }

    /**
     * The regression targets [n, ...].
     *
     * @throws IllegalStateException for a classification dataset (use {@link #labels()})
     */
    public Tensor targets() {
        if (targets == null)
            throw new IllegalStateException("dataset '" + name + "' is a classification dataset: it has labels(), not targets()");
        return targets;
    }

    /** Number of classes (0 for a regression dataset). */
    public int numClasses() {
        return classNames.size();
    }

    /** Class names, index = label (empty for a regression dataset). */
    public List<String> classNames() {
        return classNames;
    }

    /** One name per value of a sample; {@code x0, x1, ...} when none were given. */
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * Number of samples in each class, index = label.
     *
     * @throws IllegalStateException for a regression dataset
     */
    public int[] classCounts() {
        requireClassification("classCounts()");
        int[] c = new int[classNames.size()];
        for (int l : labels) c[l]++;
        return c;
    }

    private void requireClassification(String what) {
        if (labels == null)
            throw new IllegalStateException("dataset '" + name + "' is a regression dataset: " + what
                    + " needs class labels; use targets()");
    }

    // ---------------------------------------------------------------- derived datasets

    /** The same samples under another name. */
    public Dataset withName(String newName) {
        return derive(newName, features, labels, targets, false);
    }

    /**
     * The same samples with feature names.
     *
     * @throws IllegalArgumentException if the count differs from {@link #numFeatures()} or a name repeats
     */
    public Dataset withFeatureNames(List<String> names) {
        return new Dataset(name, features, labels, classNames, targets, Objects.requireNonNull(names, "names"), false);
    }

    /**
     * The samples at {@code indices}, in that order (repeats allowed), named {@code name + "/subset"}.
     *
     * @throws IndexOutOfBoundsException naming the first index outside [0, size())
     */
    public Dataset subset(int[] indices) {
        return subset(indices, name + "/subset");
    }

    private Dataset subset(int[] indices, String newName) {
        int[] l = null;
        if (labels != null) {
            l = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                if (indices[i] < 0 || indices[i] >= n)
                    throw new IndexOutOfBoundsException("subset of dataset '" + name + "': index " + indices[i]
                            + " at position " + i + " is outside [0, " + n + ")");
                l[i] = labels[indices[i]];
            }
        }
        return derive(newName, features.rows(indices), l, targets == null ? null : targets.rows(indices), false);
    }

    /**
     * Divides this dataset into train and test parts, seeded. For a classification dataset the split is
     * stratified: each class contributes {@code testFraction} of its samples to the test part (rounded so that
     * the test part has {@code round(n * testFraction)} samples, remainders going to the classes with the
     * largest fractional share). Both parts keep the original sample order. The same seed gives the same split.
     *
     * @param testFraction fraction of samples in the test part, in (0, 1)
     * @param seed         seed of the random choice
     * @throws IllegalArgumentException if {@code testFraction} is outside (0, 1) or either part would be empty
     */
    public Split split(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1))
            throw new IllegalArgumentException("test fraction must be in (0, 1), e.g. 0.2 for 20% test samples; got "
                    + testFraction);
        int nTest = (int) Math.round(n * testFraction);
        if (nTest == 0 || nTest == n)
            throw new IllegalArgumentException("dataset '" + name + "' has " + n + " samples: a test fraction of "
                    + testFraction + " leaves " + (nTest == 0 ? "no test" : "no training") + " sample; choose a fraction"
                    + " between " + (1.0 / n) + " and " + (1 - 1.0 / n));
        Rng rng = new Rng(seed);
        boolean[] isTest = new boolean[n];
        if (labels == null) {
            int[] p = rng.permutation(n);
            for (int i = 0; i < nTest; i++) isTest[p[i]] = true;
        } else {
            int[][] byClass = indicesByClass();
            int k = byClass.length;
            int[] take = new int[k];
            double[] frac = new double[k];
            int assigned = 0;
            for (int c = 0; c < k; c++) {
                double ideal = byClass[c].length * testFraction;
                // a small epsilon keeps 37 * (49/259) = 6.9999... from rounding down
                take[c] = (int) Math.floor(ideal + 1e-9);
                frac[c] = ideal - take[c];
                assigned += take[c];
            }
            while (assigned < nTest) {
                int best = -1;
                for (int c = 0; c < k; c++)
                    if (take[c] < byClass[c].length && (best < 0 || frac[c] > frac[best])) best = c;
                take[best]++;
                frac[best] = -1;
                assigned++;
            }
            while (assigned > nTest) { // only when epsilon rounding overshot
                int best = -1;
                for (int c = 0; c < k; c++)
                    if (take[c] > 0 && (best < 0 || frac[c] < frac[best])) best = c;
                take[best]--;
                frac[best] = 2;
                assigned--;
            }
            markTest(byClass, take, rng, isTest);
        }
        return partition(isTest);
    }

    /**
     * Stratified split with exactly {@code testPerClass} samples of every class in the test part, chosen at
     * random (seeded); both parts keep the original sample order.
     *
     * @throws IllegalStateException    for a regression dataset
     * @throws IllegalArgumentException if {@code testPerClass} is not positive or a class has no more than
     *                                  {@code testPerClass} samples (the message names the class)
     */
    public Split splitPerClass(int testPerClass, long seed) {
        requireClassification("splitPerClass");
        if (testPerClass <= 0)
            throw new IllegalArgumentException("test samples per class must be positive, got " + testPerClass);
        int[][] byClass = indicesByClass();
        int[] take = new int[byClass.length];
        for (int c = 0; c < byClass.length; c++) {
            if (byClass[c].length <= testPerClass)
                throw new IllegalArgumentException("dataset '" + name + "': class '" + classNames.get(c) + "' has "
                        + byClass[c].length + " samples, too few to hold out " + testPerClass + " and still train on it");
            take[c] = testPerClass;
        }
        boolean[] isTest = new boolean[n];
        markTest(byClass, take, new Rng(seed), isTest);
        return partition(isTest);
    }

    private int[][] indicesByClass() {
        int[] counts = classCounts();
        int[][] by = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) by[c] = new int[counts[c]];
        int[] fill = new int[counts.length];
        for (int i = 0; i < n; i++) by[labels[i]][fill[labels[i]]++] = i;
        return by;
    }

    private static void markTest(int[][] byClass, int[] take, Rng rng, boolean[] isTest) {
        for (int c = 0; c < byClass.length; c++) {
            int[] idx = byClass[c].clone();
            rng.shuffle(idx);
            for (int i = 0; i < take[c]; i++) isTest[idx[i]] = true;
        }
    }

    private Split partition(boolean[] isTest) {
        int nTest = 0;
        for (boolean b : isTest) if (b) nTest++;
        int[] train = new int[n - nTest], test = new int[nTest];
        int a = 0, b = 0;
        for (int i = 0; i < n; i++) {
            if (isTest[i]) test[b++] = i;
            else train[a++] = i;
        }
        return new Split(subset(train, name + "/train"), subset(test, name + "/test"));
    }

    /**
     * Mini-batches covering every sample exactly once per pass. Each call of {@code iterator()} is one epoch:
     * with an {@code Rng} it draws a fresh permutation from it (so successive epochs differ, reproducibly for a
     * seeded Rng); with null the samples come in dataset order. The last batch holds the remainder when
     * {@code batchSize} does not divide {@link #size()}.
     *
     * @param batchSize samples per batch, positive
     * @param rng       shuffling source, or null for no shuffling
     * @throws IllegalArgumentException if {@code batchSize <= 0}
     */
    public Iterable<Batch> batches(int batchSize, Rng rng) {
        if (batchSize <= 0)
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize + "; e.g. batches(32, rng)");
        return () -> new Iterator<>() {
            private final int[] order = order(rng);
            private int pos = 0;

            @Override
            public boolean hasNext() {
                return pos < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException("epoch of dataset '" + name + "' is over");
                int end = Math.min(order.length, pos + batchSize);
                int[] idx = Arrays.copyOfRange(order, pos, end);
                pos = end;
                int[] l = null;
                if (labels != null) {
                    l = new int[idx.length];
                    for (int i = 0; i < idx.length; i++) l[i] = labels[idx[i]];
                }
                return new Batch(features.rows(idx), l, targets == null ? null : targets.rows(idx), idx);
            }
        };
    }

    /**
     * Mini-batches of the samples at {@code order}, in that order: batch k holds {@code order[k·batchSize ..]}. With
     * {@code order} drawn as {@link #batches(int, Rng)} draws it ({@code rng.permutation(size())}) the batches are the
     * same; a training run keeps its epoch's order this way to resume within the epoch.
     *
     * @param batchSize samples per batch, positive
     * @param order     sample indices, each in [0, size())
     * @throws IllegalArgumentException if {@code batchSize <= 0} or an index is out of range
     */
    public Iterable<Batch> batchesInOrder(int batchSize, int[] order) {
        if (batchSize <= 0)
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize + "; e.g. batchesInOrder(32, order)");
        int[] o = order.clone();
        for (int i : o)
            if (i < 0 || i >= n)
                throw new IllegalArgumentException("sample index " + i + " is outside dataset '" + name + "' of " + n + " samples");
        return () -> new Iterator<>() {
            private int pos = 0;

            @Override
            public boolean hasNext() {
                return pos < o.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException("the batches of dataset '" + name + "' are over");
                int end = Math.min(o.length, pos + batchSize);
                int[] idx = Arrays.copyOfRange(o, pos, end);
                pos = end;
                return batchOf(idx);
            }
        };
    }

    private Batch batchOf(int[] idx) {
        int[] l = null;
        if (labels != null) {
            l = new int[idx.length];
            for (int i = 0; i < idx.length; i++) l[i] = labels[idx[i]];
        }
        return new Batch(features.rows(idx), l, targets == null ? null : targets.rows(idx), idx);
    }

    private int[] order(Rng rng) {
        if (rng != null) return rng.permutation(n);
        int[] o = new int[n];
        for (int i = 0; i < n; i++) o[i] = i;
        return o;
    }

    /** Number of batches {@link #batches(int, Rng)} yields per epoch: ceil(size / batchSize). */
    public int numBatches(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        return (n + batchSize - 1) / batchSize;
    }

    /**
     * This dataset with every feature value divided by {@code divisor} (e.g. 16 for {@link Datasets#digits()},
     * giving values in [0, 1]).
     *
     * @throws IllegalArgumentException if {@code divisor} is zero or not finite
     */
    public Dataset scaleFeatures(double divisor) {
        if (divisor == 0 || !Double.isFinite(divisor))
            throw new IllegalArgumentException("feature divisor must be finite and non-zero, got " + divisor);
        float[] src = features.array();
        float[] d = new float[src.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) (src[i] / divisor);
        return derive(name, Tensor.wrap(d, features.shape()), labels, targets, true);
    }

    /**
     * This dataset with {@code k} zero features before the others in every sample (named {@code pad 0 .. pad k-1}),
     * e.g. the K label slots of {@code LocalNetwork}'s label embedding, which overwrites the first K features.
     *
     * @throws IllegalArgumentException if {@code k < 0}, or the samples are not vectors ([n, features])
     */
    public Dataset padFeatures(int k) {
        if (k < 0) throw new IllegalArgumentException("padFeatures needs k >= 0 leading zeros, got " + k);
        if (features.shape().length != 2)
            throw new IllegalArgumentException("padFeatures works on vector samples [n, features]; dataset '" + name + "' has samples of shape "
                    + java.util.Arrays.toString(sampleShape()) + " (flatten them first)");
        int w = width + k;
        float[] src = features.array(), d = new float[n * w];
        for (int i = 0; i < n; i++) System.arraycopy(src, i * width, d, i * w + k, width);
        List<String> names = new java.util.ArrayList<>(w);
        for (int j = 0; j < k; j++) names.add("pad " + j);
        names.addAll(featureNames);
        return new Dataset(name, Tensor.wrap(d, n, w), labels, classNames, targets, names, false);
    }

    /**
     * This dataset with each feature column (each value position of a sample) divided by its largest absolute
     * value over all samples, so that every column's maximum magnitude is 1. Columns that are all zero are left
     * as they are. Note that the divisors come from this dataset: to scale a test part consistently, normalize
     * before splitting, or use {@link #columnMaxAbs()} and {@link #scaleColumns(float[])}.
     */
    public Dataset normalizeByMax() {
        float[] m = columnMaxAbs();
        for (int j = 0; j < m.length; j++) if (m[j] == 0) m[j] = 1;
        return scaleColumns(m);
    }

    /** The largest absolute value of each feature column over all samples (length {@link #numFeatures()}). */
    public float[] columnMaxAbs() {
        float[] src = features.array();
        float[] m = new float[width];
        for (int i = 0; i < src.length; i++) m[i % width] = Math.max(m[i % width], Math.abs(src[i]));
        return m;
    }

    /**
     * This dataset with feature column j divided by {@code divisors[j]}.
     *
     * @throws IllegalArgumentException if the length differs from {@link #numFeatures()} or a divisor is zero
     *                                  or not finite (the message names the column)
     */
    public Dataset scaleColumns(float[] divisors) {
        if (divisors.length != width)
            throw new IllegalArgumentException("dataset '" + name + "' has " + width + " feature columns, got "
                    + divisors.length + " divisors");
        for (int j = 0; j < width; j++)
            if (divisors[j] == 0 || !Float.isFinite(divisors[j]))
                throw new IllegalArgumentException("divisor " + divisors[j] + " for column " + j + " ('"
                        + featureNames.get(j) + "') must be finite and non-zero");
        float[] src = features.array();
        float[] d = new float[src.length];
        for (int i = 0; i < d.length; i++) d[i] = src[i] / divisors[i % width];
        return derive(name, Tensor.wrap(d, features.shape()), labels, targets, true);
    }

    /**
     * A Tablesaw table with one double column per feature (named by {@link #featureNames()}) and then, for
     * classification, a string column {@code label} holding class names, or for regression one double column
     * per target value ({@code target}, or {@code target0, target1, ...}).
     */
    public Table toTable() {
        List<Column<?>> cols = new ArrayList<>();
        float[] f = features.array();
        for (int j = 0; j < width; j++) {
            double[] c = new double[n];
            for (int i = 0; i < n; i++) c[i] = f[i * width + j];
            cols.add(DoubleColumn.create(featureNames.get(j), c));
        }
        if (labels != null) {
            String[] s = new String[n];
            for (int i = 0; i < n; i++) s[i] = classNames.get(labels[i]);
            cols.add(StringColumn.create("label", s));
        } else {
            float[] t = targets.array();
            int tw = n == 0 ? sizeAfterFirst(targets.shape()) : t.length / n;
            for (int j = 0; j < tw; j++) {
                double[] c = new double[n];
                for (int i = 0; i < n; i++) c[i] = t[i * tw + j];
                cols.add(DoubleColumn.create(tw == 1 ? "target" : "target" + j, c));
            }
        }
        return Table.create(name, cols.toArray(new Column<?>[0]));
    }

    /** Name, size, sample shape and classes, e.g. {@code Dataset[iris: 150 × [4], 3 classes [50, 50, 50]]}. */
    @Override
    public String toString() {
        return "Dataset[" + name + ": " + n + " × " + Arrays.toString(sampleShape())
                + (labels != null ? ", " + classNames.size() + " classes " + Arrays.toString(classCounts())
                        : ", targets " + Arrays.toString(targets.shape())) + "]";
    }
}
