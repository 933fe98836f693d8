package org.pnn4j.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Signal-to-noise ratio per output channel as bars, from a {@link org.pnn4j.physics.Characterization} table
 * (columns {@code mean_j}, {@code std_j}): the SNR of channel j is the mean over rows of |mean_j| divided by
 * the root-mean-square of std_j over rows (dimensionless; a single row gives |mean_j|/std_j).
 *
 * <p>Table columns: {@code output} ("y_j"), {@code mean}, {@code std} (output units), {@code snr}.
 */
public final class SnrPlot extends PlotBuilder<SnrPlot, CategoryChart> {
    private final Table source;
    private boolean logY, decibels;

    SnrPlot(Table characterization) {
        this.source = Objects.requireNonNull(characterization, "characterization");
    }

    /** A logarithmic SNR axis. */
    public SnrPlot logY() {
        this.logY = true;
        return this;
    }

    /** The SNR in decibels, 20·log10(SNR) (amplitude ratio). */
    public SnrPlot decibels() {
        this.decibels = true;
        return this;
    }

    /**
     * @throws IllegalArgumentException if the table has no {@code mean_0}/{@code std_0} columns (not a characterization)
     */
    @Override
    public Figure<CategoryChart> build() {
        if (!source.columnNames().contains("mean_0") || !source.columnNames().contains("std_0"))
            throw new IllegalArgumentException("table '" + source.name() + "' has no mean_0 and std_0 columns (it has " + source.columnNames()
                    + "); pass a table from Characterization.run()");
        List<String> names = new ArrayList<>();
        List<Double> means = new ArrayList<>(), stds = new ArrayList<>(), snrs = new ArrayList<>();
        for (int j = 0; source.columnNames().contains("mean_" + j); j++) {
            double[] m = source.doubleColumn("mean_" + j).asDoubleArray(), s = source.doubleColumn("std_" + j).asDoubleArray();
            double am = 0, ms = 0;
            for (int i = 0; i < m.length; i++) {
                am += Math.abs(m[i]);
                ms += s[i] * s[i];
            }
            am /= m.length;
            double rms = Math.sqrt(ms / m.length);
            double snr = am / rms;
            names.add("y_" + j);
            means.add(am);
            stds.add(rms);
            snrs.add(decibels ? 20 * Math.log10(snr) : snr);
        }
        CategoryChart c = Style.category(width(), height(), titleOr("signal-to-noise ratio per output (" + source.rowCount() + " operating point"
                + (source.rowCount() == 1 ? ")" : "s)")), "output channel", decibels ? "SNR (dB)" : "SNR = |mean| / std (dimensionless)");
        c.getStyler().setYAxisLogarithmic(logY);
        c.getStyler().setXAxisLabelRotation(names.size() > 12 ? 90 : 0);
        CategorySeries s = c.addSeries("SNR", names, snrs);
        s.setFillColor(Style.color(0));
        Table t = Table.create("SNR per output", StringColumn.create("output", names), DoubleColumn.create("mean", means),
                DoubleColumn.create("std", stds), DoubleColumn.create("snr", snrs));
        return Style.figure(c, t);
    }
}
