package org.pnn4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.pnn4j.Pnn;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.physics.Characterization;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.optics.Shg;
import org.pnn4j.tensor.Rng;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class NoisePlotTest {
    @TempDir
    Path tmp;

    private static PhysicalLayer layer(Shg shg) {
        PhysicalLayer l = Pnn.physical(shg, 5);
        l.initialize(new Rng(2));
        return l;
    }

    /** SHG with only shot noise: std = shotNoise·√y. */
    private static Shg shotNoiseOnly() {
        return Shg.of(32, 4, 4).pumpEnergyJitter(0).readNoise(0).shotNoise(0.01);
    }

    @Test
    void histogramCountsSumToTheRepeatsAndTheFitMatchesTheirSpread() throws Exception {
        Figure<XYChart> f = Plots.noiseHistogram(layer(Shg.of(32, 4, 4))).output(1).repeats(400).bins(20).build();
        Table t = f.table();
        assertEquals(20, t.rowCount());
        assertEquals(400, t.doubleColumn("count").sum(), 1e-9);
        assertEquals(400, t.doubleColumn("normal").sum(), 40, "the fitted normal holds about every call within the range");
        PlotFiles.assertRenders(f, tmp, "histogram");
    }

    @Test
    void shotNoiseOnShgGivesSlopeOneHalf() throws Exception {
        Figure<XYChart> f = Plots.noiseVsSignal(layer(shotNoiseOnly())).points(40).repeats(30).build();
        Table t = f.table();
        assertTrue(t.rowCount() >= 40, "one point per operating point and output");
        double s0 = t.doubleColumn("signal").get(0), s1 = t.doubleColumn("signal").get(1);
        double f0 = t.doubleColumn("fit_std").get(0), f1 = t.doubleColumn("fit_std").get(1);
        double slope = Math.log(f1 / f0) / Math.log(s1 / s0);
        assertEquals(0.5, slope, 0.05, "std ∝ √signal for shot noise");
        assertTrue(f.chart().getTitle().contains("0.5"), f.chart().getTitle());
        PlotFiles.assertRenders(f, tmp, "noise-vs-signal");
    }

    @Test
    void pumpJitterAloneGivesSlopeOne() {
        Shg jitter = Shg.of(32, 4, 4).pumpEnergyJitter(0.01).readNoise(0).shotNoise(0);
        Table t = Plots.noiseVsSignal(layer(jitter)).points(30).repeats(20).build().table();
        double slope = Math.log(t.doubleColumn("fit_std").get(1) / t.doubleColumn("fit_std").get(0))
                / Math.log(t.doubleColumn("signal").get(1) / t.doubleColumn("signal").get(0));
        assertEquals(1.0, slope, 0.05, "multiplicative noise: std ∝ signal");
    }

    @Test
    void noiselessDeviceCannotBeFittedAndSaysWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Plots.noiseVsSignal(layer(Shg.of(32, 4, 4).flawless())).points(5).build());
        assertTrue(e.getMessage().contains("noiseless"), e.getMessage());
    }

    @Test
    void snrBarsAreMeanOverStdPerOutput() throws Exception {
        Table c = Table.create("c", DoubleColumn.create("mean_0", 1.0, 3.0), DoubleColumn.create("std_0", 0.1, 0.1),
                DoubleColumn.create("mean_1", 0.5, 0.5), DoubleColumn.create("std_1", 0.5, 0.5));
        Figure<CategoryChart> f = Plots.snr(c).build();
        assertEquals(20.0, f.table().doubleColumn("snr").get(0), 1e-9);
        assertEquals(1.0, f.table().doubleColumn("snr").get(1), 1e-9);
        assertEquals(20 * Math.log10(20), Plots.snr(c).decibels().build().table().doubleColumn("snr").get(0), 1e-9);
        PlotFiles.assertRenders(f, tmp, "snr");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.snr(Table.create("x")).build());
        assertTrue(e.getMessage().contains("Characterization"), e.getMessage());
    }

    @Test
    void snrFromARealCharacterizationRenders() throws Exception {
        Shg shg = Shg.of(32, 4, 4);
        Table c = Characterization.of(shg).repeats(20).run();
        Figure<CategoryChart> f = Plots.snr(c).build();
        assertEquals(4, f.table().rowCount());
        assertEquals(c.doubleColumn("snr_2").get(0), f.table().doubleColumn("snr").get(2), 1e-6 * Math.abs(c.doubleColumn("snr_2").get(0)));
    }

    @Test
    void driftTraceAndSpectrumOfARandomWalk() throws Exception {
        Shg walk = Shg.of(32, 4, 4).flawless().outputNoise(NoiseModel.randomWalkDrift(0.002));
        DriftPlot d = Plots.drift(layer(walk)).calls(512).output(0);
        Figure<XYChart> trace = d.build();
        assertEquals(512, trace.table().rowCount());
        PlotFiles.assertRenders(trace, tmp, "drift");
        Figure<XYChart> spec = Plots.drift(layer(walk)).calls(512).spectrum();
        Table t = spec.table();
        assertEquals(256, t.rowCount());
        double slope = -Math.log(t.doubleColumn("fit").get(255) / t.doubleColumn("fit").get(0)) / Math.log(t.doubleColumn("frequency").get(255) / t.doubleColumn("frequency").get(0));
        assertEquals(2.0, slope, 0.4, "a random walk has a 1/f² spectrum");
        PlotFiles.assertRenders(spec, tmp, "spectrum");
    }
}
