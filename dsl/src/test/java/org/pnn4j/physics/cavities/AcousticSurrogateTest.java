package org.pnn4j.physics.cavities;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.data.DatasetMissingException;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.Params;
import org.pnn4j.data.TestData;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** The reference code's forward model of its acoustic cavity, fitted from the measured data as the reference fits it. */
class AcousticSurrogateTest {
    static Path folder;

    @BeforeAll
    static void data() {
        folder = TestData.sharedDatasets().resolve("phyll-acoustic");
        TestData.requireOrSkip(folder.resolve("x_data.csv"));
    }

    @Test
    void trainingOnTheMeasurementsBringsTheTestErrorDownAndExplainsMostOfTheVariance() {
        AcousticSurrogate one = AcousticSurrogate.fit(folder, 1, 3), twenty = AcousticSurrogate.fit(folder, 20, 3);
        // measured: 1 epoch test R² below 0 (RMSE 0.19), 10 epochs 0.955, 300 epochs (the reference) see the README
        assertTrue(twenty.testRmse() < one.testRmse() / 3, one + " -> " + twenty);
        assertTrue(twenty.testR2() > 0.9, twenty.toString());
        assertEquals(20, twenty.epochs());
    }

    @Test
    void theSameSeedFitsTheSameNetworkAndItsDeviceIsItsModel() {
        CustomSubstrate a = AcousticSurrogate.fit(folder, 2, 7).substrate(), b = AcousticSurrogate.fit(folder, 2, 7).substrate();
        Tensor x = Tensor.uniform(new Rng(1), 0, 1, 4, 20);
        float[] ya = a.model(x, Params.of(a.name(), java.util.Map.of())).array();
        assertArrayEquals(ya, b.model(x, Params.of(b.name(), java.util.Map.of())).array(), "bit for bit from the same seed");
        assertArrayEquals(ya, a.device(5).forward(x, Params.of(a.name(), java.util.Map.of())).array(), "deterministic, as the reference uses it");
        assertEquals(20, a.inputSize());
        assertEquals(0, a.inputMin());
        assertEquals(1, a.inputMax());
    }

    @Test
    void missingOrMisshapenDataIsRefusedSayingWhat(@TempDir Path dir) throws Exception {
        String m = assertThrows(DatasetMissingException.class, () -> AcousticSurrogate.fit(dir)).getMessage();
        assertTrue(m.contains("x_data.csv"), m);
        Files.writeString(dir.resolve("x_data.csv"), "0,0\n1,2\n");
        Files.writeString(dir.resolve("y_data.csv"), "0,0\n1,2\n");
        m = assertThrows(IllegalArgumentException.class, () -> AcousticSurrogate.fit(dir)).getMessage();
        assertTrue(m.contains("10,000 rows of 20 values") && m.contains("1 x 2"), m);
        Files.writeString(dir.resolve("x_data.csv"), "0,0\n");
        Files.writeString(dir.resolve("y_data.csv"), "0,0\n");
        m = assertThrows(IllegalArgumentException.class, () -> AcousticSurrogate.fit(dir)).getMessage();
        assertTrue(m.contains("got 0 x 0 and 0 x 0"), "a header alone: " + m);
        StringBuilder xs = new StringBuilder("0\n"), ys = new StringBuilder("0\n");
        String row = String.join(",", java.util.Collections.nCopies(20, "0.5")) + "\n";
        for (int i = 0; i < 10000; i++) {
            xs.append(row);
            ys.append(i == 77 ? row.replaceFirst("0.5", "NaN") : row);
        }
        Files.writeString(dir.resolve("x_data.csv"), xs);
        Files.writeString(dir.resolve("y_data.csv"), ys);
        m = assertThrows(IllegalArgumentException.class, () -> AcousticSurrogate.fit(dir)).getMessage();
        assertTrue(m.contains("y_data.csv") && m.contains("data row 78, column 1 is NaN"), m);
        m = assertThrows(IllegalArgumentException.class, () -> AcousticSurrogate.fit(folder, 0, 1)).getMessage();
        assertTrue(m.contains("got 0"), m);
    }
}
