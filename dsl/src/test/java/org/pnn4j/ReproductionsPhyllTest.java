package org.pnn4j;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Locations;
import org.pnn4j.data.Vowels;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.train.LocalNetwork;

/** PhyLL on the vowels as the reference code runs it ({@link Reproductions#phyllVowels}). */
class ReproductionsPhyllTest {
    private static Dataset vowels() {
        return Vowels.load(Locations.sharedDataset("vowels/vowdata.dat"));
    }

    @Test
    void zscoreShiftedGivesUnitSdColumnsWithGlobalMinimumZero() {
        Dataset z = Reproductions.zscoreShifted(vowels());
        int n = z.size(), w = z.numFeatures();
        float[] x = z.features().toArray();
        float min = Float.POSITIVE_INFINITY;
        for (float v : x) min = Math.min(min, v);
        assertEquals(0f, min, 1e-6);
        for (int j = 0; j < w; j++) {
            double m = 0, sq = 0;
            for (int i = 0; i < n; i++) m += x[i * w + j];
            m /= n;
            for (int i = 0; i < n; i++) sq += (x[i * w + j] - m) * (x[i * w + j] - m);
            assertEquals(1, Math.sqrt(sq / n), 1e-4, "column " + j);
        }
        assertArrayEquals(vowels().labels(), z.labels());
    }

    @Test
    void referenceProtocolLearnsTheVowelsOnTheSimulatedCavity() {
        // seed 1, 200 full-batch epochs: measured 100% (52 test samples); chance is 14%, the former batch-max wiring
        // with the former schedule about 86-90%
        Reproductions.Run r = Reproductions.phyllVowels(vowels(), Cavity.acoustic(19, 4, 16), "simulated",
                Reproductions.PhyllProtocol.REFERENCE, 1);
        assertTrue(r.physicalAccuracy() > 0.9, "accuracy " + r.physicalAccuracy());
        assertEquals(200, r.epochs());
        // one full batch per epoch, two device calls (positive, negative) per block
        assertEquals(200 * 2 * 2, r.physicalCalls());
    }

    @Test
    void protocolRejectsBadValuesAndKeepsTheLegacyReachable() {
        assertThrows(IllegalArgumentException.class, () -> Reproductions.PhyllProtocol.REFERENCE.withBatch(-1));
        assertThrows(IllegalArgumentException.class, () -> Reproductions.PhyllProtocol.REFERENCE.withLr(0));
        assertThrows(IllegalArgumentException.class, () -> Reproductions.PhyllProtocol.REFERENCE.withEpochs(0));
        assertEquals(LocalNetwork.Wiring.BATCH_MAX, Reproductions.PhyllProtocol.LEGACY.wiring());
        assertEquals(32, Reproductions.PhyllProtocol.LEGACY.batch());
        assertEquals(0, Reproductions.PhyllProtocol.REFERENCE.batch());
        assertEquals(5e-4, Reproductions.PhyllProtocol.REFERENCE.lr());
    }

    @Test
    void aCavityTooNarrowForTheLabelsAndFormantsIsRejected() {
        var e = assertThrows(IllegalArgumentException.class, () -> Reproductions.phyllVowels(vowels(), Cavity.acoustic(12, 4, 16),
                "narrow", Reproductions.PhyllProtocol.REFERENCE, 1));
        assertTrue(e.getMessage().contains("19"), e.getMessage());
    }
}
