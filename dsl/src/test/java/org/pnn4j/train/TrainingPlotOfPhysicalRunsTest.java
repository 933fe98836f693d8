package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.substrate;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.Network;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.plot.Figure;
import org.pnn4j.plot.Plots;
import tech.tablesaw.api.Table;

/** Training curves of physical runs can be read against the scarce resource: physical calls. */
class TrainingPlotOfPhysicalRunsTest {
    private static History run(Method method) {
        Split s = Synthetic.moons(200, 0.1, 3).split(0.25, 3);
        Network net = Network.of(linear(2, 4),
                physical(substrate("gain", (x, t) -> x.mul(t.get("g")).tanh()).io(4, 4).param("g", 0.1, 5, 4)
                        .realization((x, t) -> x.mul(t.get("g").mul(1.1)).tanh())),
                linear(4, 2)).initialize(1);
        return Trainer.of(net).optimizer(Optimizer.adam(0.02)).epochs(3).batchSize(25).seed(1).method(method)
                .validation(s.test()).fit(s.train());
    }

    @Test
    void physicalCallsAxisPlotsEachRunAgainstItsDeviceCalls(@TempDir Path tmp) throws Exception {
        History pat = run(Method.physicsAware()), inSilico = run(Method.inSilico());
        Figure<?> f = Plots.training().run("PAT", pat.table()).run("in silico", inSilico.table())
                .xAxis("physical_calls").build();
        Path png = f.savePng(tmp.resolve("calls.png"));
        assertTrue(Files.size(png) > 1000);
        Table t = f.table();
        // every device call counts, evaluation included: PAT makes one per batch (150 samples / 25 = 6 per epoch)
        // plus one per epoch for the 50 validation samples; in-silico training makes none, only the validation's
        assertEquals(3 * (6 + 1), pat.table().longColumn("physical_calls").get(2).longValue());
        assertEquals(3, inSilico.table().longColumn("physical_calls").get(2).longValue());
        assertTrue(t.rowCount() >= 6, "the table behind the figure holds both runs' epochs: " + t.rowCount());
    }
}
