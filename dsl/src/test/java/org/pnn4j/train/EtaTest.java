package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The ETA on a fake clock: nanosecond times handed in by the test. */
class EtaTest {
    private static final long MS = 1_000_000L;

    @Test
    void theFirstBatchesJitWarmUpDoesNotInflateTheEstimate() {
        // the case: a ~6 s run of 300 batches of 20 ms whose first batch took 3 s (JIT, class loading)
        Eta eta = new Eta(300);
        long t = 3000 * MS;
        eta.batchEnded(t, 1);
        for (int b = 2; b <= 10; b++) eta.batchEnded(t += 20 * MS, b);
        double left = 290 * 0.020;
        assertEquals(left, eta.seconds(), 0.01 * left, "20 ms per batch for the 290 left, the 3 s warm-up ignored");
        // elapsed / done × left would have said about 95 s
        assertTrue(eta.seconds() < 10, "not the naive " + (t / 1e9 / 10 * 290) + " s");
    }

    @Test
    void noEstimateUntilEnoughBatchesAreTimed() {
        Eta eta = new Eta(100);
        long t = 0;
        for (int b = 1; b <= Eta.WARMUP_BATCHES + Eta.MIN_INTERVALS - 1; b++) {
            eta.batchEnded(t += 10 * MS, b);
            assertTrue(Double.isNaN(eta.seconds()), "no ETA after batch " + b);
        }
        eta.batchEnded(t + 10 * MS, Eta.WARMUP_BATCHES + Eta.MIN_INTERVALS);
        assertEquals(0.010 * (100 - Eta.WARMUP_BATCHES - Eta.MIN_INTERVALS), eta.seconds(), 1e-9);
    }

    @Test
    void followsAChangeOfSpeed() {
        // an in-silico stage at 10 ms per batch, then a physics-aware one at 50 ms
        Eta eta = new Eta(1000);
        long t = 0;
        int b = 0;
        while (b < 100) eta.batchEnded(t += 10 * MS, ++b);
        assertEquals(0.010 * 900, eta.seconds(), 0.05 * 9);
        while (b < 150) eta.batchEnded(t += 50 * MS, ++b);
        assertEquals(0.050 * 850, eta.seconds(), 0.05 * 0.050 * 850, "within 5% of the new speed 50 batches after the change");
    }

    @Test
    void oneSlowBatchMovesTheEstimateLittle() {
        // the interval after an epoch's last batch includes the validation: a spike, not a new speed
        Eta eta = new Eta(1000);
        long t = 0;
        int b = 0;
        while (b < 100) eta.batchEnded(t += 10 * MS, ++b);
        double before = eta.seconds();
        eta.batchEnded(t + 200 * MS, ++b);
        assertTrue(eta.seconds() < 3 * before, "a 20× slower batch: " + before + " s -> " + eta.seconds() + " s");
    }

    @Test
    void skippedBatchNumbersAreAveragedOver() {
        Eta eta = new Eta(100);
        long t = 0;
        eta.batchEnded(t, 1);
        eta.batchEnded(t += 10 * MS, 2);
        for (int b = 4; b <= 20; b += 2) eta.batchEnded(t += 20 * MS, b); // every other batch reported, 10 ms each
        assertEquals(0.010 * 80, eta.seconds(), 1e-9);
    }

    @Test
    void rejectsTimeOrBatchesGoingBack() {
        Eta eta = new Eta(10);
        eta.batchEnded(100, 1);
        assertThrows(IllegalArgumentException.class, () -> eta.batchEnded(200, 1));
        assertThrows(IllegalArgumentException.class, () -> eta.batchEnded(50, 2));
        assertThrows(IllegalArgumentException.class, () -> new Eta(-1));
    }
}
