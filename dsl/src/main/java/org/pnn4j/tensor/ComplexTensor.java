package org.pnn4j.tensor;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jtransforms.fft.FloatFFT_1D;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * Complex tensor as a pair of real tensors (real and imaginary parts, same shape). Every op is built from
 * real {@link Tensor} ops or from an FFT with its own VJP, so gradients of real losses (e.g. |E|²) flow
 * back to the real inputs such as spectral phases.
 *
 * <p>The FFT runs along the last axis: {@link #fft()} is the unnormalized forward transform
 * X_k = Σ_n x_n e^{-2πi kn/N}, {@link #ifft()} its inverse with the 1/N factor.
 */
public final class ComplexTensor {
    static {
        // our batches are many short rows: JTransforms' own threads cost more than they save
        ConcurrencyUtils.setNumberOfThreads(1);
    }

    private static final Map<Integer, FloatFFT_1D> PLANS = new ConcurrentHashMap<>();

    private final Tensor re;
    private final Tensor im;

    private ComplexTensor(Tensor re, Tensor im) {
        this.re = re;
        this.im = im;
    }

    /**
     * The complex tensor re + i·im.
     *
     * @throws ShapeMismatchException if the two shapes differ
     */
    public static ComplexTensor of(Tensor re, Tensor im) {
        if (!Arrays.equals(re.shape, im.shape))
            throw new ShapeMismatchException("complex parts differ in shape: real " + Arrays.toString(re.shape)
                    + ", imaginary " + Arrays.toString(im.shape));
        return new ComplexTensor(re, im);
    }

    /** A real tensor seen as complex (zero imaginary part). */
    public static ComplexTensor real(Tensor re) {
        return new ComplexTensor(re, Tensor.zeros(re.shape));
    }

    /** amplitude·e^{i·phase} (phase in radians). */
    public static ComplexTensor polar(Tensor amplitude, Tensor phase) {
        return new ComplexTensor(amplitude.mul(phase.cos()), amplitude.mul(phase.sin()));
    }

    /** e^{i·phase} (phase in radians). */
    public static ComplexTensor expi(Tensor phase) {
        return new ComplexTensor(phase.cos(), phase.sin());
    }

    /** Real part. */
    public Tensor re() {
        return re;
    }

    /** Imaginary part. */
    public Tensor im() {
        return im;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return re.shape();
    }

    /** Sum, broadcasting. */
    public ComplexTensor add(ComplexTensor o) {
        return new ComplexTensor(re.add(o.re), im.add(o.im));
    }

    /** Difference, broadcasting. */
    public ComplexTensor sub(ComplexTensor o) {
        return new ComplexTensor(re.sub(o.re), im.sub(o.im));
    }

    /** Complex product, broadcasting. */
    public ComplexTensor mul(ComplexTensor o) {
        return new ComplexTensor(re.mul(o.re).sub(im.mul(o.im)), re.mul(o.im).add(im.mul(o.re)));
    }

    /** Product with a real tensor, broadcasting. */
    public ComplexTensor mul(Tensor real) {
        return new ComplexTensor(re.mul(real), im.mul(real));
    }

    /** Product with a real constant. */
    public ComplexTensor mul(double c) {
        return new ComplexTensor(re.mul(c), im.mul(c));
    }

    /** Complex conjugate. */
    public ComplexTensor conj() {
        return new ComplexTensor(re, im.neg());
    }

    /** |z|², the measured intensity of a field. */
    public Tensor abs2() {
        return re.square().add(im.square());
    }

    /** |z|. Its gradient is undefined at 0; avoid exact zeros or use {@link #abs2()}. */
    public Tensor abs() {
        return abs2().sqrt();
    }

    /** Matrix product over the last two axes (as {@link Tensor#matmul}). */
    public ComplexTensor matmul(ComplexTensor o) {
        return new ComplexTensor(re.matmul(o.re).sub(im.matmul(o.im)), re.matmul(o.im).add(im.matmul(o.re)));
    }

    /** Sum along an axis. */
    public ComplexTensor sum(int axis, boolean keepDim) {
        return new ComplexTensor(re.sum(axis, keepDim), im.sum(axis, keepDim));
    }

    /** Reshape both parts. */
    public ComplexTensor reshape(int... shape) {
        return new ComplexTensor(re.reshape(shape), im.reshape(shape));
    }

    /** Forward DFT along the last axis, unnormalized. */
    public ComplexTensor fft() {
        return transform(true);
    }

    /** Inverse DFT along the last axis, with the 1/N factor (so {@code x.fft().ifft()} is x). */
    public ComplexTensor ifft() {
        return transform(false);
    }

    private static final Function FFT = Function.of("fft",
            in -> new Tensor(fftRows(in[0].data, in[0].shape, true), in[0].shape),
            // y = F x  =>  dL/dx = F^H g, the unnormalized inverse
            (in, out, g) -> new Tensor[] {new Tensor(fftRows(g.data, g.shape, false, 1f), g.shape)});

    private static final Function IFFT = Function.of("ifft",
            in -> new Tensor(fftRows(in[0].data, in[0].shape, false), in[0].shape),
            // y = F^H x / N  =>  dL/dx = F g / N
            (in, out, g) -> new Tensor[] {new Tensor(fftRows(g.data, g.shape, true, 1f / in[0].shape[in[0].shape.length - 2]), g.shape)});

    private ComplexTensor transform(boolean forward) {
        if (re.rank() == 0) throw new ShapeMismatchException("fft needs rank >= 1, got a scalar");
        Tensor interleaved = Tensor.stack(-1, re, im); // [..., n, 2], JTransforms' layout
        Tensor y = (forward ? FFT : IFFT).apply(interleaved);
        int[] s = re.shape;
        return new ComplexTensor(y.slice(-1, 0, 1).reshape(s), y.slice(-1, 1, 2).reshape(s));
    }

    private static float[] fftRows(float[] src, int[] shape, boolean forward) {
        return fftRows(src, shape, forward, forward ? 1f : 1f / shape[shape.length - 2]);
    }

    /** Transforms each row of interleaved complex values [..., n, 2]; multiplies the result by {@code scale}. */
    private static float[] fftRows(float[] src, int[] shape, boolean forward, float scale) {
        int n = shape[shape.length - 2];
        float[] d = src.clone();
        if (n == 0) return d;
        FloatFFT_1D plan = PLANS.computeIfAbsent(n, FloatFFT_1D::new);
        for (int off = 0; off < d.length; off += 2 * n) {
            if (forward) plan.complexForward(d, off);
            else plan.complexInverse(d, off, false);
        }
        if (scale != 1f) for (int i = 0; i < d.length; i++) d[i] *= scale;
        return d;
    }

    /** Shape and, for small tensors, the values. */
    @Override
    public String toString() {
        return "ComplexTensor" + Arrays.toString(re.shape) + (re.size() <= 8 ? " re=" + Arrays.toString(re.data)
                + " im=" + Arrays.toString(im.data) : "");
    }
}
