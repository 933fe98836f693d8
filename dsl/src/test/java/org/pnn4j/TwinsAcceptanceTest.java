package org.pnn4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bounded form of {@code ./pnn4j reproduce twins}: the diode circuit as a black box (a {@code DescribedSubstrate} on
 * a simulated backend), a twin fitted to 100 measured settings, and 3 epochs of physics-aware training through the
 * true model and through the twin. Measured when written (seed 1): fresh-settings R² 0.977, PAT 80.8% through the
 * model and 82.2% through the twin; the thresholds leave a margin.
 */
class TwinsAcceptanceTest {
    @Test
    void patThroughABlackBoxTwinOfTheDiodeCircuitIsAsGoodAsThroughItsTrueModel() {
        List<Reproductions.TwinRun> runs = Reproductions.twins(List.of("diode"), 3, 100, true, new long[] {1}, System.out);
        System.out.println(Reproductions.twinsTable(runs).print());
        Reproductions.TwinRun r = runs.get(0);
        assertTrue(r.twinFreshR2() > 0.9, "twin R² on fresh settings " + r.twinFreshR2());
        assertTrue(r.trueAccuracy() > 0.7, "PAT through the true model " + r.trueAccuracy());
        assertTrue(r.gapPoints() < 5, "PAT through the twin is " + r.gapPoints() + " points below PAT through the true model");
        assertTrue(r.twinCalls() == 120, "the twin's data cost 100 settings + 20 fresh checks, got " + r.twinCalls());
    }
}
