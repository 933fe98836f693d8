/**
 * Sweeps of training runs on Apache Spark: a grid (or list) of {@link org.pnn4j.sweep.Trial} configurations, each
 * trained and evaluated with pnn4j in a Spark task, gathered into one results table (Tablesaw in a notebook,
 * Parquet on disk). {@code local[*]} is embedded by default; a {@code spark://HOST:PORT} master spreads the trials over
 * a standalone cluster. Finished trials are written one file each as they finish (temp + rename), so a re-run
 * with the same output folder skips them; a trial is keyed by a hash of its configuration, so it appears once
 * however often Spark retried it.
 */
package org.pnn4j.sweep;
