package org.pnn4j.data;

import java.util.Arrays;
import java.util.Objects;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * A random transformation of the training batches (data augmentation), applied by the trainer to every training
 * batch before the step, never to validation or test data. The randomness comes from the {@link Rng} passed in:
 * the trainer passes its own seeded stream, which its checkpoints save, so an augmented run is reproducible and
 * resumes bit for bit.
 *
 * <pre>{@code
 * Trainer.of(net).augmentation(Augmentation.horizontalFlip(28, 28)).seed(1).fit(train);
 * }</pre>
 */
public interface Augmentation {
    /**
     * The augmented features of a batch, of the same shape as {@code x}.
     *
     * @param x   the batch's features [batch, ...]
     * @param rng the source of randomness (draw from it only, so that runs reproduce)
     */
    Tensor apply(Tensor x, Rng rng);

    /** How the augmentation reads as a factory call. */
    String describe();

    /**
     * Mirrors each image left-right with probability 1/2 (one draw per sample). Images are [batch, height·width]
     * row-major pixels or [batch, height, width].
     *
     * @throws IllegalArgumentException if a size is not positive
     */
    static Augmentation horizontalFlip(int height, int width) {
        if (height <= 0 || width <= 0)
            throw new IllegalArgumentException("horizontalFlip(" + height + ", " + width + "): image sizes must be positive");
        return new Augmentation() {
            @Override
            public Tensor apply(Tensor x, Rng rng) {
                Objects.requireNonNull(rng, "rng");
                int[] s = x.shape();
                boolean ok = (s.length == 2 && s[1] == height * width) || (s.length == 3 && s[1] == height && s[2] == width);
                if (!ok)
                    throw new IllegalArgumentException(describe() + " expects a batch of images [batch, " + height * width
                            + "] or [batch, " + height + ", " + width + "], got " + Arrays.toString(s));
                float[] src = x.array(), d = src.clone();
                int n = height * width;
                for (int b = 0; b < s[0]; b++) {
                    if (rng.nextDouble() >= 0.5) continue;
                    for (int r = 0; r < height; r++) {
                        int row = b * n + r * width;
                        for (int c = 0; c < width; c++) d[row + c] = src[row + width - 1 - c];
                    }
                }
                return Tensor.wrap(d, s);
            }

            @Override
            public String describe() {
                return "horizontalFlip(" + height + ", " + width + ")";
            }

            @Override
            public String toString() {
                return describe();
            }
        };
    }
}
