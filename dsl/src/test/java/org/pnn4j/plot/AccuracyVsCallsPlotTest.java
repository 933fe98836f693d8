package org.pnn4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** A comparison of many methods on many substrates: every method looks different, and the panels wrap into rows. */
class AccuracyVsCallsPlotTest {
    @TempDir
    Path tmp;

    static Table comparison(int methods, int substrates) {
        StringColumn s = StringColumn.create("substrate"), m = StringColumn.create("method");
        LongColumn calls = LongColumn.create("calls");
        DoubleColumn mean = DoubleColumn.create("accuracy_mean"), sd = DoubleColumn.create("accuracy_sd");
        for (int j = 0; j < substrates; j++)
            for (int i = 0; i < methods; i++)
                for (long b : new long[] {140, 420, 1400}) {
                    s.append("substrate " + j);
                    m.append("method " + i);
                    calls.append(b);
                    mean.append(Math.min(1, 0.14 + (i + 1) * 0.05 * Math.log10(b)));
                    sd.append(0.02 * (j + 1));
                }
        return Table.create("compare", s, m, calls, mean, sd);
    }

    @Test
    void fourteenMethodsEachHaveTheirOwnColourMarkerAndLineAcrossFivePanelsInTwoRows() throws Exception {
        Figure<XYChart> f = Plots.accuracyVsCalls(comparison(14, 5)).chance(1.0 / 7).build();
        assertEquals(5, f.charts().size());
        XYChart first = f.charts().get(0);
        assertEquals(2 * first.getHeight(), f.height(), "two rows of panels");
        assertEquals(3 * first.getWidth(), f.width(), "three panels to a row (the legend's panel is in the second row)");
        Set<String> looks = new HashSet<>();
        for (XYSeries s : f.charts().get(4).getSeriesCollection()) {
            if (s.getName().equals("chance")) continue;
            looks.add(s.getLineColor() + "/" + s.getMarker().getClass().getSimpleName() + "/" + java.util.Arrays.toString(s.getLineStyle().getDashArray()));
        }
        assertEquals(14, looks.size(), "no two methods look alike: " + looks);
        PlotFiles.assertRenders(f, tmp, "accuracy-vs-calls-14");
    }

    @Test
    void theLegendNamesAMethodThatHasNoPointInTheLegendsPanelAndDrawsNothingOfIt() throws Exception {
        Table t = comparison(3, 2);
        // "method 2" applies only to substrate 0 (as in-situ adjoint only to the mesh): drop its rows elsewhere
        t = t.dropWhere(t.stringColumn("method").isEqualTo("method 2").and(t.stringColumn("substrate").isEqualTo("substrate 1")));
        // and a method that only substrate 1 has: both panels have three methods, the legend goes with the last
        Table all = comparison(4, 2);
        Table extra = all.where(all.stringColumn("method").isEqualTo("method 3").and(all.stringColumn("substrate").isEqualTo("substrate 1")));
        t.append(extra);
        Figure<XYChart> f = Plots.accuracyVsCalls(t).chance(1.0 / 7).build();
        XYChart legendPanel = f.charts().get(f.charts().size() - 1);
        assertTrue(legendPanel.getStyler().isLegendVisible());
        List<String> names = legendPanel.getSeriesCollection().stream().map(XYSeries::getName).toList();
        assertEquals(List.of("method 0", "method 1", "method 2", "method 3", "chance"), names, "in the table's order");
        XYSeries placeholder = legendPanel.getSeriesCollection().stream().filter(x -> x.getName().equals("method 2")).findFirst().orElseThrow();
        for (double y : placeholder.getYData()) assertTrue(y < legendPanel.getStyler().getYAxisMin(), "drawn below the axis, outside the plot");
        PlotFiles.assertRenders(f, tmp, "accuracy-vs-calls-partial");
    }

    @Test
    void threePanelsStayInOneRow() {
        Figure<XYChart> f = Plots.accuracyVsCalls(comparison(3, 3)).build();
        assertEquals(f.charts().get(0).getHeight(), f.height());
        assertTrue(f.width() > 3 * f.charts().get(0).getWidth(), "the last panel carries the legend");
        assertEquals(List.of("substrate 0", "substrate 1", "substrate 2"), f.charts().stream().map(c -> c.getTitle()).toList());
    }
}
