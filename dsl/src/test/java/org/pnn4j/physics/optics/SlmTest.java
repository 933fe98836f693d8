package org.pnn4j.physics.optics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Rng;

class SlmTest {
    @Test
    void eightBitQuantizationErrorIsAtMostPiOver256() {
        Rng rng = new Rng(1);
        double worst = 0;
        for (int i = 0; i < 100_000; i++) {
            double phase = rng.uniform(-4 * Math.PI, 4 * Math.PI);
            double q = Slm.quantize(phase, 8);
            assertTrue(q >= 0 && q < 2 * Math.PI, "applied phase " + q + " outside [0, 2π)");
            double err = Math.IEEEremainder(q - phase, 2 * Math.PI);
            worst = Math.max(worst, Math.abs(err));
        }
        assertTrue(worst <= Math.PI / 256 + 1e-9, "worst error " + worst);
        assertTrue(worst > 0.9 * Math.PI / 256, "the error bound should be nearly reached: " + worst);
    }

    @Test
    void quantizedPhasesAreMultiplesOfTheLevelStep() {
        double q = Slm.quantize(1.0, 2);
        assertEquals(0, Math.IEEEremainder(q, Math.PI / 2), 1e-12);
        assertEquals(0, Slm.quantize(2 * Math.PI - 1e-6, 8), 1e-12, "just below 2π wraps to level 0");
    }

    @Test
    void bitDepthOutsideOneToSixteenIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Slm.quantize(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Slm.quantize(0, 17));
    }
}
