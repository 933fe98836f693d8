package org.pnn4j.sweep.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.pnn4j.plot.Figure;
import org.pnn4j.sweep.Trial;
import org.pnn4j.sweep.TrialOutcome;
import org.pnn4j.sweep.TrialResult;
import tech.tablesaw.api.Table;

/** The comparison's table and curve from known, synthetic trial outcomes (no training, no Spark). */
class CompareResultTest {
    private static Trial trial(String method, String substrate, long budget, long seed) {
        return Trial.of(Map.of("experiment", "compare", "method", method, "substrate", substrate, "budget", Long.toString(budget), "seed",
                Long.toString(seed)));
    }

    /** A finished trial with device accuracy {@code acc}, {@code calls} device calls, device and training seconds. */
    private static TrialResult ok(String method, String substrate, long budget, long seed, double acc, long calls, double deviceSec, double trainSec,
                                  double wallSec) {
        return new TrialResult(trial(method, substrate, budget, seed), true, "",
                new TrialOutcome("m()", 3, acc, acc + 0.01, calls, deviceSec, trainSec, 100, List.of()), wallSec, 0, "driver@test");
    }

    private static TrialResult na(String method, String substrate, long budget, long seed, String reason) {
        return new TrialResult(trial(method, substrate, budget, seed), true, "", CompareTrial.notApplicable(reason), 0.1, 0, "driver@test");
    }

    private static List<TrialResult> synthetic() {
        List<TrialResult> r = new ArrayList<>();
        double[] pat100 = {0.5, 0.6, 0.7}, pat400 = {0.8, 0.9, 0.85};
        for (int s = 0; s < 3; s++) {
            r.add(ok("pat", "pendula", 100, s + 1, pat100[s], 100, 1.0 + s, 3.0 + s, 4.0 + s));
            r.add(ok("pat", "pendula", 400, s + 1, pat400[s], 400, 2.0, 6.0, 7.0));
            r.add(ok("insilico", "pendula", 100, s + 1, 0.4, 0, 0, 2.0, 2.5));
            r.add(ok("insilico", "pendula", 400, s + 1, 0.75, 0, 0, 5.0, 5.5));
            r.add(na("local", "pendula", 100, s + 1, "pendula(16) takes 16 inputs"));
            r.add(na("local", "pendula", 400, s + 1, "pendula(16) takes 16 inputs"));
            r.add(na("fd", "pendula", 100, s + 1, "one step costs 719 device calls, more than the budget of 100"));
            r.add(ok("fd", "pendula", 400, s + 1, 0.2, 0, 0.5, 0.6, 0.7));
        }
        return r;
    }

    @Test
    void meanAndSampleStandardDeviationOverSeedsPerMethodSubstrateAndBudget() {
        CompareResult c = CompareResult.of(synthetic(), List.of("insilico", "pat", "fd", "local"), List.of("pendula"), 400, null);
        Table curve = c.curve();
        int row = -1;
        for (int i = 0; i < curve.rowCount(); i++)
            if (curve.stringColumn("method").get(i).equals("PAT") && curve.longColumn("calls").get(i) == 100) row = i;
        assertTrue(row >= 0, curve.print());
        assertEquals(3, curve.intColumn("seeds").get(row));
        assertEquals(0.6, curve.doubleColumn("accuracy_mean").getDouble(row), 1e-12);
        assertEquals(0.1, curve.doubleColumn("accuracy_sd").getDouble(row), 1e-12); // sqrt(((-.1)² + 0 + .1²) / 2)
        assertEquals(2.0, curve.doubleColumn("device_s_mean").getDouble(row), 1e-12);
        assertEquals(2.0, curve.doubleColumn("digital_s_mean").getDouble(row), 1e-12); // training 4.0 less device 2.0, on average
        assertEquals(5.0, curve.doubleColumn("wall_s_mean").getDouble(row), 1e-12);
        assertEquals(100.0, curve.doubleColumn("physical_calls_mean").getDouble(row), 1e-12);
        assertEquals("ok", curve.stringColumn("status").get(row));
        // the table: one row per method and substrate, at the main budget 400, and the accuracy at each budget
        Table t = c.table();
        assertEquals(4, t.rowCount(), t.print());
        assertEquals(List.of("in silico", "PAT", "finite differences", "local learning"), t.stringColumn("method").asList());
        assertEquals("85.0 ± 5.0", t.stringColumn(2).get(1));
        assertEquals("60.0 ± 10.0", t.stringColumn("acc % @ 100").get(1));
        assertEquals("85.0 ± 5.0", t.stringColumn("acc % @ 400").get(1));
        assertEquals("0", t.stringColumn("device calls").get(0), "in silico makes no device call");
        assertTrue(c.markdown().contains("| PAT | pendula(16) | 85.0 ± 5.0 | 3 |"), c.markdown());
    }

    @Test
    void inapplicablePairsAreRowsWithTheirReasonNotDropped() {
        CompareResult c = CompareResult.of(synthetic(), List.of("insilico", "pat", "fd", "local"), List.of("pendula"), 400, null);
        Table t = c.table();
        assertEquals("n/a: pendula(16) takes 16 inputs", t.stringColumn(2).get(3));
        assertEquals("n/a", t.stringColumn("acc % @ 100").get(3));
        assertEquals(0, t.intColumn("seeds").get(3));
        // finite differences: applies at 400 calls, not at 100 (one step costs more than the budget)
        assertEquals("20.0 ± 0.0", t.stringColumn(2).get(2));
        assertEquals("n/a", t.stringColumn("acc % @ 100").get(2));
        Table curve = c.curve();
        for (int i = 0; i < curve.rowCount(); i++)
            if (curve.stringColumn("method").get(i).equals("finite differences") && curve.longColumn("calls").get(i) == 100)
                assertEquals("n/a: one step costs 719 device calls, more than the budget of 100", curve.stringColumn("status").get(i));
    }

    @Test
    void aFailedTrialMarksItsCellFailedWithItsError() {
        List<TrialResult> r = new ArrayList<>(synthetic());
        r.add(new TrialResult(trial("pat", "diode", 400, 1), false, "IllegalStateException: boom", null, 0.1, 0, "driver@test"));
        CompareResult c = CompareResult.of(r, List.of("pat"), List.of("pendula", "diode"), 400, null);
        assertEquals("failed: IllegalStateException: boom", c.table().stringColumn(2).get(1));
    }

    @Test
    void theFigureHasOnePanelPerSubstrateAndIsWritten(@TempDir Path dir) throws Exception {
        List<TrialResult> r = new ArrayList<>(synthetic());
        for (int s = 1; s <= 2; s++) {
            r.add(ok("pat", "diode", 100, s, 0.3, 100, 1, 2, 3));
            r.add(ok("pat", "diode", 400, s, 0.6, 400, 1, 2, 3));
        }
        CompareResult c = CompareResult.of(r, List.of("insilico", "pat", "fd", "local"), List.of("pendula", "diode"), 400, null);
        Figure<XYChart> f = c.figure();
        assertEquals(2, f.charts().size());
        // the panel with the most methods (pendula) carries the one legend, last, at the figure's right edge
        XYChart legend = f.charts().get(1);
        assertEquals("pendula(16)", legend.getTitle());
        List<String> names = legend.getSeriesCollection().stream().map(org.knowm.xchart.XYSeries::getName).toList();
        assertTrue(names.contains("in silico (0 device calls)"), names.toString());
        assertTrue(legend.getStyler().isLegendVisible() && !f.charts().get(0).getStyler().isLegendVisible());
        c.write(dir);
        for (String name : List.of(CompareResult.TABLE_CSV, CompareResult.CURVE_CSV, CompareResult.TABLE_MD, CompareResult.PLOT_PNG))
            assertTrue(Files.size(dir.resolve(name)) > 0, name);
        // kept for a look: target/compare-test-figure.png
        Files.copy(dir.resolve(CompareResult.PLOT_PNG), Path.of("target/compare-test-figure.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
