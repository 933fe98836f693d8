package org.pnn4j.plot;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A confusion matrix as a heat map: true class on the vertical axis (first class at the top), predicted
 * class on the horizontal, the count written in every cell; the title gives the accuracy.
 *
 * <p>Table columns: {@code true}, {@code predicted} (class names), {@code count}; one row per cell.
 */
public final class ConfusionPlot extends PlotBuilder<ConfusionPlot, HeatMapChart> {
    private final int[][] counts;
    private final List<String> names;
    private boolean showCounts = true;

    ConfusionPlot(int[][] counts, List<String> classNames) {
        if (counts.length != classNames.size())
            throw new IllegalArgumentException("the confusion matrix has " + counts.length + " rows but " + classNames.size()
                    + " class names are given; pass Evaluation.confusion() with Evaluation.classNames()");
        for (int i = 0; i < counts.length; i++)
            if (counts[i].length != counts.length)
                throw new IllegalArgumentException("the confusion matrix must be square: row " + i + " has " + counts[i].length + " columns, expected " + counts.length);
        this.counts = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) this.counts[i] = counts[i].clone();
        this.names = List.copyOf(classNames);
        size(560, 500);
    }

    /** Writes the counts in the cells (default on; turn off for many classes). */
    public ConfusionPlot showCounts(boolean show) {
        this.showCounts = show;
        return this;
    }

    @Override
    public Figure<HeatMapChart> build() {
        int n = counts.length;
        long total = 0, correct = 0;
        int max = 0;
        StringColumn tCol = StringColumn.create("true"), pCol = StringColumn.create("predicted");
        IntColumn cCol = IntColumn.create("count");
        List<Number[]> cells = new ArrayList<>();
        List<String> ys = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) ys.add(names.get(i));
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                tCol.append(names.get(i));
                pCol.append(names.get(j));
                cCol.append(counts[i][j]);
                total += counts[i][j];
                if (i == j) correct += counts[i][j];
                max = Math.max(max, counts[i][j]);
                cells.add(new Number[] {j, n - 1 - i, counts[i][j]});
            }
        String acc = total == 0 ? "no samples" : Style.fmt("accuracy %.1f%% (%d of %d)", 100.0 * correct / total, correct, total);
        HeatMapChart c = Style.heat(width(), height(), titleOr("confusion matrix: " + acc), "predicted class", "true class", Style.SEQUENTIAL);
        c.getStyler().setShowValue(showCounts).setHeatMapValueDecimalPattern("#")
                .setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, n > 12 ? 9 : 12)).setValueFontColor(Color.BLACK);
        c.getStyler().setMin(0).setMax(Math.max(1, max));
        c.getStyler().setLegendVisible(true);
        c.getStyler().setDecimalPattern("0");
        // every class named on both axes (XChart otherwise thins category labels)
        c.getStyler().setXAxisMaxLabelCount(n).setYAxisTickMarkSpacingHint(10);
        // long class names (Fashion-MNIST's "T-shirt/top", "Ankle boot") would run into each other under the columns
        int longest = names.stream().mapToInt(String::length).max().orElse(0);
        if (longest * 7 * n > width() - 200) c.getStyler().setXAxisLabelRotation(45);
        c.addSeries("count", new ArrayList<>(names), ys, cells);
        return Style.figure(c, Table.create("confusion matrix", tCol, pCol, cCol));
    }
}
