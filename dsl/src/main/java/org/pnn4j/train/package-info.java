/**
 * Training: the fluent {@link org.pnn4j.train.Trainer} (single method or stages, physical-call bookkeeping,
 * {@link org.pnn4j.train.Checkpoint}s after epochs or every n batches, with exact resume), the {@link org.pnn4j.train.Method} contract and its
 * factories (back-propagation, in silico, physics-aware with per-layer overrides via
 * {@link org.pnn4j.train.ModeMethod}, SPSA, finite differences, physical local learning on a
 * {@link org.pnn4j.train.LocalNetwork}, forward-forward on a {@link org.pnn4j.train.ForwardForwardNetwork}, readout
 * only, CMA-ES, whose state a {@link org.pnn4j.train.StatefulMethod} checkpoints), {@link org.pnn4j.train.History} as a Tablesaw table,
 * {@link org.pnn4j.train.Evaluation} (accuracy, loss, confusion matrix; {@code physical}/{@code ideal} switch the
 * physical layers' modes for the evaluation) and {@link org.pnn4j.train.TrainingListener}s for progress displays.
 */
package org.pnn4j.train;
