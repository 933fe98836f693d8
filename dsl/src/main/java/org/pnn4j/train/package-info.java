/**
 * Training: the fluent {@link org.pnn4j.train.Trainer}, the {@link org.pnn4j.train.Method} contract (how a step
 * gets its updates), {@link org.pnn4j.train.History} as a Tablesaw table, {@link org.pnn4j.train.Evaluation}
 * (accuracy, loss, confusion matrix) and {@link org.pnn4j.train.TrainingListener}s for progress displays.
 */
package org.pnn4j.train;
