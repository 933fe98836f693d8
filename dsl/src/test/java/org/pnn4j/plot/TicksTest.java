package org.pnn4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

class TicksTest {
    @Test
    void labelsKeepTheLeadingZeroAndHideBinaryNoise() {
        assertEquals("0.021", Ticks.label(0.021));
        assertEquals("0.3", Ticks.label(0.1 + 0.2));
        assertEquals("-0.055", Ticks.label(-0.055000000000000007));
        assertEquals("12", Ticks.label(12.0));
        assertEquals("2.5", Ticks.label(2.5));
        assertEquals("0", Ticks.label(-0.0));
        assertEquals("0", Ticks.label(1e-17)); // a grid of -0.1, 0, 0.1 summed in floating point
        assertEquals("100000", Ticks.label(1e5));
        assertEquals("1e-05", Ticks.label(1e-5));
        assertEquals("2.5e+06", Ticks.label(2.5e6));
    }

    @Test
    void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(5, Ticks.niceStep(29, 8));      // 30 epochs: 0, 5, 10, ...
        assertEquals(20, Ticks.niceStep(99, 8));     // 100 rows: 0, 20, 40, ...
        assertEquals(0.2, Ticks.niceStep(1, 8), 1e-12);
        assertEquals(10, Ticks.niceStep(100, 10));
        assertEquals(0.5, Ticks.niceStep(3, 8), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Ticks.niceStep(0, 8));
        assertThrows(IllegalArgumentException.class, () -> Ticks.niceStep(10, 0));
    }

    @Test
    void equallySpacedValuesAreRecognised() {
        assertTrue(Ticks.equallySpaced(new double[] {3, 1, 2, 2, 4}));
        double[] sweep = new double[25];
        for (int i = 0; i < 25; i++) sweep[i] = i / 24.0;
        assertTrue(Ticks.equallySpaced(sweep));
        assertFalse(Ticks.equallySpaced(new double[] {0.5, 1, 2, 3}));
        assertFalse(Ticks.equallySpaced(new double[] {1, 2}));
    }

    @Test
    void anEquallySpacedXAxisGetsLimitsHalfAStepOutside() {
        XYChart c = Style.xy(640, 440, "t", "epoch", "loss");
        double[] epochs = new double[30], loss = new double[30];
        for (int i = 0; i < 30; i++) { epochs[i] = i + 1; loss[i] = 1.0 / (i + 1); }
        c.addSeries("a", epochs, loss);
        Ticks.roundXTicks(c);
        assertEquals(0.5, c.getStyler().getXAxisMin());
        assertEquals(30.5, c.getStyler().getXAxisMax());

        XYChart uneven = Style.xy(640, 440, "t", "x", "y");
        uneven.addSeries("a", new double[] {1, 2, 4}, new double[] {1, 2, 3});
        Ticks.roundXTicks(uneven);
        assertNull(uneven.getStyler().getXAxisMin(), "XChart's own ticks are round there already");
    }

    @Test
    void heatMapRowLabelsNameOnlyMultiplesOfTheStep() {
        var f = Ticks.multiplesOf(20);
        assertEquals("40", f.apply(40.0));
        assertEquals("", f.apply(41.0));
        assertEquals("0", f.apply(0.0));
    }

    @Test
    void heatMapColumnLabelCountsPickRoundIndices() {
        assertEquals(6, Ticks.categoryLabelCount(100, 10));  // 0, 20, 40, 60, 80 and 99
        assertEquals(9, Ticks.categoryLabelCount(1600, 10)); // 0, 200, ..., 1400 and 1599
        assertEquals(7, Ticks.categoryLabelCount(30, 10));   // 0, 5, ..., 25 and 29
        assertEquals(9, Ticks.categoryLabelCount(8, 10));    // every column: 0, 1, ..., 7
        assertEquals(10, Ticks.categoryLabelCount(37, 10));  // no round step divides 37: XChart's every k-th
        assertEquals(4, Ticks.categoryLabelCount(3, 10));    // more than the cells: XChart labels each
    }

    @Test
    void aLegendGoesBelowWhenItFitsElseBeside() {
        XYChart few = Style.xy(640, 440, "t", "x", "y");
        few.addSeries("in silico", new double[] {1, 2}, new double[] {1, 2});
        few.addSeries("physics-aware", new double[] {1, 2}, new double[] {2, 1});
        Style.fitLegend(few);
        assertEquals(Styler.LegendPosition.OutsideS, few.getStyler().getLegendPosition());

        XYChart many = Style.xy(640, 440, "a title long enough to be cut off when a legend sits beside the plot", "x", "y");
        for (String s : new String[] {"y_0 in silico device", "y_0 physics-aware device", "y_3 in silico device", "y_3 physics-aware device"})
            many.addSeries(s, new double[] {1, 2}, new double[] {1, 2});
        Style.fitLegend(many);
        assertEquals(Styler.LegendPosition.OutsideE, many.getStyler().getLegendPosition());
        assertTrue(many.getStyler().getChartTitleFont().getSize() < 16, "the title's font shrinks to fit beside the legend");
    }
}
