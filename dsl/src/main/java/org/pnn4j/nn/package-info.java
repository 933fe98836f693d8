/**
 * Digital layers ({@link org.pnn4j.nn.Linear}, {@link org.pnn4j.nn.Activation}, {@link org.pnn4j.nn.LayerNorm},
 * {@link org.pnn4j.nn.ToRange} that maps activations into a physical layer's input range),
 * the {@link org.pnn4j.nn.Layer} contract that physical layers also implement, {@link org.pnn4j.nn.Parameter}s
 * with physical ranges and {@link org.pnn4j.nn.Constraint}s, {@link org.pnn4j.nn.Loss}es,
 * {@link org.pnn4j.nn.Optimizer}s and {@link org.pnn4j.nn.LrSchedule}s. Depends only on {@code tensor}.
 */
package org.pnn4j.nn;
