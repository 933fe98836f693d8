package org.pnn4j.sweep.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** A bounded comparison end to end through the sweep engine on an embedded local[2] Spark. */
class ComparisonTest {
    @Test
    void aBoundedComparisonOnLocal2GivesACompleteTableAndResumes(@TempDir Path out) throws Exception {
        Comparison c = Comparison.of().methods("insilico", "pat", "local").substrates("acoustic", "pendula").seeds(1, 2).budgets(16, 32)
                .master("local[2]").out(out).progress(new PrintStream(new ByteArrayOutputStream()), 60);
        assertEquals(3 * 2 * 2 * 2, c.trials().size());
        CompareResult r = c.run();
        assertEquals(0, r.sweep().failed());
        Table t = r.table();
        assertEquals(6, t.rowCount(), t.print());
        for (int i = 0; i < t.rowCount(); i++) {
            String main = t.stringColumn(2).get(i);
            boolean na = t.stringColumn("method").get(i).equals("local learning") && t.stringColumn("substrate").get(i).equals("pendula(16)");
            assertTrue(na ? main.startsWith("n/a: ") : main.matches("\\d+\\.\\d ± \\d+\\.\\d"), i + ": " + main + "\n" + t.print());
            for (String col : List.of("acc % @ 16", "acc % @ 32"))
                assertTrue(na ? t.stringColumn(col).get(i).equals("n/a") : t.stringColumn(col).get(i).contains("±"), col + " row " + i);
            if (!na) assertEquals(2, t.intColumn("seeds").get(i));
        }
        assertEquals("0", t.stringColumn("device calls").get(0), "in silico on the cavity");
        assertEquals("32", t.stringColumn("device calls").get(2), "PAT on the cavity at the main budget, 32");
        for (String name : List.of(CompareResult.TABLE_CSV, CompareResult.CURVE_CSV, CompareResult.TABLE_MD, CompareResult.PLOT_PNG, "results.csv"))
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        // resumable as a sweep: a re-run with the same output runs nothing and gives the same table
        CompareResult again = Comparison.of().methods("insilico", "pat", "local").substrates("acoustic", "pendula").seeds(1, 2).budgets(16, 32)
                .master("local[2]").out(out).progress(null, 60).run();
        assertEquals(0, again.sweep().ran());
        assertEquals(t.stringColumn(2).asList(), again.table().stringColumn(2).asList());
    }
}
