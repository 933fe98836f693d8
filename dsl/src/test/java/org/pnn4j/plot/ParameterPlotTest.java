package org.pnn4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.pnn4j.Pnn;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.optics.Shg;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.Table;

/** Coupling matrices, parameter ranges and twin diagnostics. */
class ParameterPlotTest {
    @TempDir
    Path tmp;

    @Test
    void couplingBeforeAndAfterShareOneSymmetricColourScale() throws Exception {
        PhysicalLayer osc = Pnn.oscillators(6);
        osc.initialize(new Rng(3));
        Tensor before = osc.params().get("C");
        float[] a = before.array().clone();
        a[7] = 0.9f * (float) osc.parameters().get(0).hi();
        Tensor after = Tensor.of(a, before.shape());
        Figure<HeatMapChart> f = Plots.coupling(before, after).parameter("C", "-").build();
        assertEquals(2, f.charts().size());
        HeatMapChart l = f.charts().get(0), r = f.charts().get(1);
        assertEquals(l.getStyler().getMax(), r.getStyler().getMax());
        assertEquals(-l.getStyler().getMax(), l.getStyler().getMin());
        Table t = f.table();
        assertEquals(before.size(), t.rowCount());
        assertEquals(a[7] - before.array()[7], t.doubleColumn("change").get(7), 1e-6);
        PlotFiles.assertRenders(f, tmp, "coupling");
        assertThrows(IllegalArgumentException.class, () -> Plots.coupling(before, Tensor.zeros(3, 3)));
    }

    @Test
    void parameterRangesGivePositionsInsideZeroToOne() throws Exception {
        PhysicalLayer layer = Pnn.optical(Shg.of(32, 4, 4).trainableAmplitude());
        layer.initialize(new Rng(4));
        Figure<XYChart> f = Plots.parameterRanges(layer).build();
        Table t = f.table();
        assertEquals(28 + 32, t.rowCount(), "phase on the 28 non-input bins, amplitude on all 32");
        assertTrue(t.doubleColumn("position").min() >= 0 && t.doubleColumn("position").max() <= 1);
        PlotFiles.assertRenders(f, tmp, "parameters");
        Figure<XYChart> one = Plots.parameterRanges(layer).parameter("phase").build();
        assertEquals("phase (rad)", one.chart().getYAxisTitle());
        PlotFiles.assertRenders(one, tmp, "parameter-phase");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.parameterRanges(layer).parameter("gain"));
        assertTrue(e.getMessage().contains("[phase, amplitude]"), e.getMessage());
    }

    @Test
    void twinScatterHasRSquaredOneForAPerfectTwinAndResidualCountsSumToSamples() throws Exception {
        Rng rng = new Rng(5);
        Tensor measured = Tensor.uniform(rng, 0, 1, 200, 3);
        Tensor noise = Tensor.randn(rng, 0.05, 200, 3);
        Tensor predicted = measured.add(noise);
        assertTrue(Plots.predictedVsMeasured(measured, measured).build().chart().getTitle().contains("R² = 1.0000"));
        Figure<XYChart> f = Plots.predictedVsMeasured(predicted, measured).build();
        assertEquals(600, f.table().rowCount());
        assertTrue(f.chart().getTitle().contains("R² = 0.9"), f.chart().getTitle());
        PlotFiles.assertRenders(f, tmp, "twin");
        Figure<XYChart> res = Plots.residuals(predicted, measured).bins(15).build();
        Table t = res.table();
        for (int j = 0; j < 3; j++) assertEquals(200, t.where(t.intColumn("output").isEqualTo(j)).doubleColumn("count").sum(), 1e-9);
        PlotFiles.assertRenders(res, tmp, "residuals");
        assertThrows(IllegalArgumentException.class, () -> Plots.residuals(predicted, Tensor.zeros(200, 2)));
    }
}
