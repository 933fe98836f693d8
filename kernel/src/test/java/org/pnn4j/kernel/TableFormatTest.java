package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

class TableFormatTest {
    @Test
    void decimalsGiveTheSignificantDigitsOfTheLargestValue() {
        assertEquals(4, TableFormat.decimals(0.8372123, 4));
        assertEquals(2, TableFormat.decimals(12.3456, 4));
        assertEquals(0, TableFormat.decimals(123456, 4));
        assertEquals(3, TableFormat.decimals(0.001, 1));
    }

    @Test
    void floatingColumnsAreRoundedPerKindAndIntegersKept() {
        Table t = Table.create("run", IntColumn.create("epoch", 1, 2),
                DoubleColumn.create("train_loss", 0.6931471805599453, 0.12345678901234),
                DoubleColumn.create("seconds", 1.23456789, 10.987654321),
                LongColumn.create("physical_samples", 123456789L, 5L));
        assertEquals(List.of("0.6931", "0.1235"), TableFormat.cells(t.column("train_loss"), 2));
        assertEquals(List.of("1.2", "11.0"), TableFormat.cells(t.column("seconds"), 2));
        assertEquals(List.of("123456789", "5"), TableFormat.cells(t.column("physical_samples"), 2));
        String text = TableFormat.text(t);
        assertTrue(text.contains("physical_samples"), "whole column names: " + text);
        assertFalse(text.contains("0.6931471805599453"), text);
        String html = TableFormat.html(t);
        assertTrue(html.contains("physical_<wbr>samples"), "headers wrap at underscores: " + html);
        assertTrue(html.contains("overflow-x:auto"), html);
    }

    @Test
    void tinyAndHugeValuesAreScientific() {
        Table t = Table.create("t", DoubleColumn.create("learning_rate", 1e-6, 2e-6));
        assertEquals(List.of("1.00e-06", "2.00e-06"), TableFormat.cells(t.column("learning_rate"), 2));
    }

    @Test
    void missingAndNonFiniteValuesAreNamed() {
        Table t = Table.create("t", DoubleColumn.create("test_loss", Double.NaN, 0.5));
        assertEquals(List.of("", "0.5000"), TableFormat.cells(t.column("test_loss"), 2));
    }

    @Test
    void sparklineDrawsBothSeries() {
        String svg = TableFormat.sparkline("loss", new double[] {1, 0.5, 0.25}, new double[] {1.1, 0.6, 0.4});
        assertTrue(svg.startsWith("<svg"), svg);
        assertEquals(2, svg.split("<polyline").length - 1, svg);
        assertEquals("", TableFormat.sparkline("loss", new double[] {Double.NaN}, new double[] {Double.NaN}));
    }

    @Test
    void aHistoryShowsACompactTableAndAMiniChart() {
        org.pnn4j.Network net = org.pnn4j.Network.of(org.pnn4j.Pnn.linear(2, 8), org.pnn4j.Pnn.tanh(), org.pnn4j.Pnn.linear(8, 2));
        org.pnn4j.train.History h = org.pnn4j.train.Trainer.of(net).epochs(3).batchSize(32).seed(1)
                .fit(org.pnn4j.data.Synthetic.moons(128, 0.1, 1L));
        var d = Display.render(h);
        String html = (String) d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_HTML);
        assertTrue(html.contains("3 epochs"), html);
        assertTrue(html.contains("<svg"), "a mini-chart: " + html);
        assertTrue(html.contains("train_<wbr>loss"), html);
        assertFalse(html.contains("physical_<wbr>calls"), "no physical columns for a digital network: " + html);
        String text = (String) d.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN);
        assertTrue(text.startsWith("History "), text);
        assertEquals(3 + 3, text.lines().count(), "heading, table name, column names, 3 rows: " + text);
    }
}
