package org.pnn4j.nn;

import java.util.Arrays;
import java.util.Locale;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * Cuts each image of a batch into non-overlapping square patches and lays every patch out as one zero-padded
 * feature vector, so that one layer of width {@code width} (for instance a shared {@code oscillators(100)}) can
 * process all patches of all images at once. A batch [batch, height·width] (row-major pixels) or
 * [batch, height, width] becomes [batch, patches, width]: patch k is the k-th cell of the patch grid in row-major
 * order, its pixels row-major, followed by zeros up to {@code width}. A physical layer applied next runs every patch
 * as its own sample (one device call for the whole batch); {@code flatten()} then concatenates each image's
 * patch outputs into one vector.
 *
 * <p>This is the input stage of the Fashion-MNIST network of the physics-aware-training reference example (Wright
 * et al., Nature 601, 549 (2022); mcmahon-lab/Physics-Aware-Training, "Example 2 Fashion MNIST classification with
 * PNN and PAT"): 28×28 images, 7×7 patches, each padded to 100 features.
 */
public final class Patches implements Layer {
    private final int height, imageWidth, patch, width;

    /**
     * Patches of {@code patch}×{@code patch} pixels of {@code height}×{@code imageWidth} images, each padded with
     * zeros to {@code width} features.
     *
     * @throws IllegalArgumentException if a size is not positive, the patch does not tile the image, or a patch
     *                                  holds more pixels than {@code width}
     */
    public Patches(int height, int imageWidth, int patch, int width) {
        if (height <= 0 || imageWidth <= 0 || patch <= 0 || width <= 0)
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "patches(%d, %d, %d, %d): image sizes, patch size and width must be positive", height, imageWidth, patch, width));
        if (height % patch != 0 || imageWidth % patch != 0)
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "patches: %d×%d patches do not tile a %d×%d image; choose a patch size that divides both sides",
                    patch, patch, height, imageWidth));
        if (patch * patch > width)
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "patches: a %d×%d patch holds %d pixels, more than the width %d it is padded to; use a width >= %d",
                    patch, patch, patch * patch, width, patch * patch));
        this.height = height;
        this.imageWidth = imageWidth;
        this.patch = patch;
        this.width = width;
    }

    /** Number of patches per image. */
    public int count() {
        return (height / patch) * (imageWidth / patch);
    }

    /** Features per patch after padding. */
    public int width() {
        return width;
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        boolean flat = s.length == 2 && s[1] == height * imageWidth;
        boolean image = s.length == 3 && s[1] == height && s[2] == imageWidth;
        if (!flat && !image)
            throw new ShapeMismatchException(describe() + " expects a batch of images [batch, " + height * imageWidth + "] or [batch, "
                    + height + ", " + imageWidth + "], got " + Arrays.toString(s));
        int b = s[0], rows = height / patch, cols = imageWidth / patch;
        // [b, rows, patch, cols, patch] -> [b, rows, cols, patch, patch] -> [b, rows·cols, patch²]
        Tensor p = x.reshape(b, rows, patch, cols, patch).permute(0, 1, 3, 2, 4).reshape(b, rows * cols, patch * patch);
        int pad = width - patch * patch;
        return pad == 0 ? p : Tensor.concat(2, p, Tensor.zeros(b, rows * cols, pad));
    }

    @Override
    public int[] outputShape(int[] in) {
        boolean flat = in.length == 1 && in[0] == height * imageWidth;
        boolean image = in.length == 2 && in[0] == height && in[1] == imageWidth;
        if (!flat && !image)
            throw new ShapeMismatchException("expects " + height * imageWidth + " pixels (a " + height + "×" + imageWidth
                    + " image), got shape " + Arrays.toString(in));
        return new int[] {count(), width};
    }

    @Override
    public int[] inputShape() {
        return new int[] {height * imageWidth};
    }

    @Override
    public String describe() {
        return "patches(" + height + ", " + imageWidth + ", " + patch + ", " + width + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
