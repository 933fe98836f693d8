/**
 * Plots of physical neural networks on XChart: every plot is a small builder from {@link org.pnn4j.plot.Plots}
 * whose {@code build()} gives a {@link org.pnn4j.plot.Figure}: the XChart chart(s), to render inline or
 * restyle, and the Tablesaw table of the data behind them, savable as PNG or SVG.
 *
 * <p>This package reads results (layers, devices, tensors, tables) and never drives training: training
 * histories come in as {@code History.table()} tables, confusion matrices as counts and class names.
 */
package org.pnn4j.plot;
