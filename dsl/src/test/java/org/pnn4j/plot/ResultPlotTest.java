package org.pnn4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Training curves, confusion matrices and accuracy vs noise: plots of tables and counts. */
class ResultPlotTest {
    @TempDir
    Path tmp;

    /** A table shaped like History.table(): loss decaying, accuracy rising. */
    static Table history(String name, int epochs, double rate) {
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn trL = DoubleColumn.create("train_loss"), trA = DoubleColumn.create("train_accuracy");
        DoubleColumn teL = DoubleColumn.create("test_loss"), teA = DoubleColumn.create("test_accuracy");
        LongColumn samples = LongColumn.create("samples");
        for (int e = 1; e <= epochs; e++) {
            epoch.append(e);
            trL.append(2.3 * Math.exp(-rate * e));
            teL.append(2.3 * Math.exp(-rate * e) + 0.05);
            trA.append(1 - 0.9 * Math.exp(-rate * e));
            teA.append(1 - 0.9 * Math.exp(-rate * e) - 0.02);
            samples.append(1437L * e);
        }
        return Table.create(name, epoch, trL, trA, teL, teA, samples);
    }

    @Test
    void trainingCurvesOverlayRunsSideBySidePanels() throws Exception {
        Figure<XYChart> f = Plots.training().run("PAT", history("pat", 10, 0.4)).run("in silico", history("silico", 8, 0.2)).size(500, 380).build();
        assertEquals(2, f.charts().size(), "loss and accuracy panels");
        assertEquals(1000, f.width());
        assertEquals(18, f.table().rowCount());
        assertEquals(2, f.table().stringColumn("run").unique().size());
        assertEquals(4, f.chart().getSeriesCollection().size(), "train and test loss per run");
        PlotFiles.assertRenders(f, tmp, "training");
    }

    @Test
    void samplesOnTheXAxisAndMissingColumnsAreNamed() throws Exception {
        Figure<XYChart> f = Plots.training().run("PAT", history("pat", 5, 0.4)).xAxis("samples").panels(TrainingPlot.Panels.ACCURACY).build();
        assertEquals(1, f.charts().size());
        assertEquals(1437 * 5, f.table().doubleColumn("samples").max(), 1e-9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.training().run("PAT", history("pat", 5, 0.4)).xAxis("physical_calls").build());
        assertTrue(e.getMessage().contains("physical_calls") && e.getMessage().contains("samples"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Plots.training().build());
        assertThrows(IllegalArgumentException.class, () -> Plots.training().run("a", history("a", 2, 1)).run("a", history("b", 2, 1)));
    }

    @Test
    void confusionTableHoldsEveryCountAndTheTitleTheAccuracy() throws Exception {
        int[][] counts = {{8, 2, 0}, {1, 9, 0}, {0, 0, 10}};
        Figure<HeatMapChart> f = Plots.confusion(counts, List.of("cat", "dog", "fox")).build();
        Table t = f.table();
        assertEquals(9, t.rowCount());
        assertEquals(30, t.intColumn("count").sum());
        Table cell = t.where(t.stringColumn("true").isEqualTo("cat").and(t.stringColumn("predicted").isEqualTo("dog")));
        assertEquals(2, cell.intColumn("count").get(0));
        assertTrue(f.chart().getTitle().contains("90.0%"), f.chart().getTitle());
        PlotFiles.assertRenders(f, tmp, "confusion");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.confusion(counts, List.of("a", "b")));
        assertTrue(e.getMessage().contains("3 rows but 2 class names"), e.getMessage());
    }

    @Test
    void accuracyVsNoiseDrawsOneLinePerMethod() throws Exception {
        Table r = Table.create("robustness", DoubleColumn.create("noise", 0.1, 0.0, 0.2, 0.0, 0.1, 0.2),
                StringColumn.create("method", "PAT", "PAT", "PAT", "in silico", "in silico", "in silico"),
                DoubleColumn.create("accuracy", 0.9, 0.95, 0.85, 0.96, 0.7, 0.4));
        Figure<XYChart> f = Plots.accuracyVsNoise(r).noiseLabel("output noise std", "-").build();
        assertEquals(2, f.chart().getSeriesCollection().size());
        assertEquals(0.0, f.table().doubleColumn("noise").get(0), 0, "sorted by method, then noise");
        assertEquals("output noise std", f.chart().getXAxisTitle());
        PlotFiles.assertRenders(f, tmp, "accuracy-vs-noise");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.accuracyVsNoise(r.removeColumns("method")).build());
        assertTrue(e.getMessage().contains("'method'"), e.getMessage());
    }
}
