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
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.optics.Shg;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.Table;

class TransferFunctionPlotTest {
    @TempDir
    Path tmp;

    private static PhysicalLayer shg() {
        PhysicalLayer layer = Pnn.physical(Shg.of(32, 4, 4), 3);
        layer.initialize(new Rng(1));
        return layer;
    }

    @Test
    void transferFunctionTabulatesModelAndDeviceAtEveryLevelAndRenders() throws Exception {
        PhysicalLayer layer = shg();
        Figure<XYChart> f = Plots.transferFunction(layer).sweepInput(1).steps(11).repeats(5).outputs(0, 2).size(700, 450).build();
        Table t = f.table();
        assertEquals(2 * 11, t.rowCount(), "one row per output and level");
        assertEquals(0.0, t.doubleColumn("x").min(), 1e-6);
        assertEquals(1.0, t.doubleColumn("x").max(), 1e-6);
        assertTrue(t.doubleColumn("std").min() > 0, "the simulated SHG device is noisy");
        // the model column is the ideal model at that input
        float[] x = {0.5f, 0f, 0.5f, 0.5f};
        double y0 = layer.substrate().model(Tensor.of(x, 1, 4), layer.params()).get(0, 0);
        assertEquals(y0, t.doubleColumn("model").get(0), 1e-6);
        assertEquals(700, f.width());
        PlotFiles.assertRenders(f, tmp, "transfer");
    }

    @Test
    void beforeAndAfterOverlayGivesOneBlockPerParameterSet() throws Exception {
        PhysicalLayer layer = shg();
        Params before = Plots.snapshot(layer);
        float[] phase = layer.parameters().get(0).snapshot();
        for (int i = 0; i < phase.length; i++) phase[i] = 0;
        layer.parameters().get(0).set(phase);
        Figure<XYChart> f = Plots.transferFunction(layer).steps(9).modelOnly()
                .parameters("before", before).parameters("after", layer.params()).build();
        Table t = f.table();
        assertEquals(2 * 4 * 9, t.rowCount());
        Table b = t.where(t.stringColumn("parameters").isEqualTo("before")), a = t.where(t.stringColumn("parameters").isEqualTo("after"));
        double diff = 0;
        for (int i = 0; i < b.rowCount(); i++) diff += Math.abs(b.doubleColumn("model").get(i) - a.doubleColumn("model").get(i));
        assertTrue(diff > 1e-3, "the snapshot kept the old phases, so before and after differ");
        assertTrue(Double.isNaN(t.doubleColumn("mean").getDouble(0)), "model only: no device mean");
        PlotFiles.assertRenders(f, tmp, "before-after");
    }

    @Test
    void transferMapHasOneCellPerLevelPair() throws Exception {
        Figure<HeatMapChart> f = Plots.transferMap(shg()).inputs(0, 2).output(1).steps(7).build();
        assertEquals(49, f.table().rowCount());
        assertEquals(7, f.table().doubleColumn("x0").unique().size());
        PlotFiles.assertRenders(f, tmp, "map");
    }

    @Test
    void wrongColumnsAndOutputsAreRejectedWithTheValidRange() {
        PhysicalLayer layer = shg();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.transferFunction(layer).sweepInput(9));
        assertTrue(e.getMessage().contains("0..3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plots.transferFunction(layer).outputs(4));
        assertTrue(e.getMessage().contains("output 4 does not exist"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.transferMap(layer).inputs(1, 1));
        assertThrows(IllegalArgumentException.class, () -> Plots.transferFunction(layer).size(50, 50));
    }
}
