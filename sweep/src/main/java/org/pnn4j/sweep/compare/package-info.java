/**
 * The comparison of training methods ({@code ./pnn4j compare}): a {@link org.pnn4j.sweep.compare.Catalog} of methods
 * and substrates (one line each), the trial that trains one method on one substrate within a budget of device calls
 * ({@link org.pnn4j.sweep.compare.CompareTrial}), and the method × substrate table and accuracy-against-calls plot
 * built from a sweep's results ({@link org.pnn4j.sweep.compare.Comparison}). The trials run through the sweep engine
 * ({@link org.pnn4j.sweep.Sweep}) as {@code experiment=compare} of {@link org.pnn4j.sweep.Experiments}.
 */
package org.pnn4j.sweep.compare;
