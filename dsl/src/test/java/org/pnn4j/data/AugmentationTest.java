package org.pnn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class AugmentationTest {
    @Test
    void horizontalFlipMirrorsRowsOfAboutHalfTheImages() {
        int n = 400;
        float[] px = new float[n * 6];
        for (int b = 0; b < n; b++) for (int i = 0; i < 6; i++) px[b * 6 + i] = i; // 2x3 images: rows 0 1 2 / 3 4 5
        Tensor out = Augmentation.horizontalFlip(2, 3).apply(Tensor.of(px, n, 6), new Rng(3));
        int flipped = 0;
        float[] d = out.array();
        for (int b = 0; b < n; b++) {
            float[] img = java.util.Arrays.copyOfRange(d, b * 6, b * 6 + 6);
            if (img[0] == 2) {
                assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3}, img);
                flipped++;
            } else assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, img);
        }
        assertTrue(flipped > 160 && flipped < 240, "flipped " + flipped + " of " + n);
    }

    @Test
    void horizontalFlipIsReproducibleFromTheSeedAndLeavesItsInputAlone() {
        Tensor x = Tensor.uniform(new Rng(1), 0, 1, 8, 784);
        float[] before = x.toArray();
        Tensor a = Augmentation.horizontalFlip(28, 28).apply(x, new Rng(9));
        Tensor b = Augmentation.horizontalFlip(28, 28).apply(x, new Rng(9));
        assertArrayEquals(a.toArray(), b.toArray());
        assertArrayEquals(before, x.toArray());
        assertArrayEquals(new int[] {8, 784}, a.shape());
    }

    @Test
    void horizontalFlipRejectsOtherShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Augmentation.horizontalFlip(28, 28).apply(Tensor.zeros(2, 100), new Rng(1)));
        assertTrue(e.getMessage().contains("[batch, 784]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augmentation.horizontalFlip(0, 28));
        assertEquals("horizontalFlip(28, 28)", Augmentation.horizontalFlip(28, 28).describe());
    }
}
