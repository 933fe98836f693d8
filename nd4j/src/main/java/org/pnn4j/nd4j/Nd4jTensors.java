package org.pnn4j.nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.pnn4j.tensor.Tensor;

/**
 * Conversions between ND4J's {@link INDArray} and pnn4j's {@link Tensor}.
 *
 * <h2>Copies</h2>
 * A {@code Tensor} holds its values in a Java {@code float[]} on the heap (row-major, offset 0); ND4J's CPU backend
 * holds every array in native memory outside the heap. No Java array can alias native memory, so no layout allows a
 * zero-copy conversion in either direction: every conversion copies the values once, straight from one memory into
 * the other, with no intermediate array:
 * <ul>
 *   <li>a float32 {@code INDArray} whose elements lie in C (row-major) order without gaps (a whole array, a row, a
 *       block of whole rows): one bulk copy of its elements (and only its elements, whatever the buffer behind a
 *       view holds around them);</li>
 *   <li>any other view (a transpose, an {@code 'f'}-ordered array, a column block, a stepped interval): one strided
 *       gather into row-major order;</li>
 *   <li>float64, int8/16/32/64 and uint8 arrays: the same single pass, converting each element to float (float64
 *       values are rounded to the nearest float; integers above 2^24 in magnitude lose their low bits);</li>
 *   <li>float16, bfloat16 and uint16/32/64: ND4J casts them to float32 first (its own copy), then one bulk copy.</li>
 * </ul>
 * {@link #toINDArray} copies a tensor's values once into a new C-ordered float32 array. The tensor's gradient and
 * autograd history do not travel: the result is values only.
 */
public final class Nd4jTensors {
    private Nd4jTensors() {}

    /**
     * The values of {@code array} as a new tensor of the same shape (rank 0 gives a rank-0 tensor), converted to float32.
     *
     * @throws NullPointerException     if {@code array} is null
     * @throws IllegalArgumentException if its data type is not numeric (bool, utf8, compressed), it is empty (a
     *                                  dimension of 0), a dimension exceeds 2^31 − 1 or it holds more than 2^31 − 1
     *                                  elements (the message names the shape and the data type)
     */
    public static Tensor toTensor(INDArray array) {
        if (array == null) throw new NullPointerException("toTensor: the INDArray is null");
        int[] shape = tensorShape(array.shape(), array.dataType());
        DataType type = array.dataType();
        float[] out = new float[Math.toIntExact(array.length())];
        switch (type) {
            case FLOAT, DOUBLE, INT, LONG, SHORT, BYTE, UBYTE -> copy(array, type, out);
            case HALF, BFLOAT16, UINT16, UINT32, UINT64 -> copy(array.castTo(DataType.FLOAT), DataType.FLOAT, out);
            default -> throw new IllegalArgumentException("toTensor: an INDArray of data type " + type + " and shape "
                    + Arrays.toString(array.shape()) + " has no numeric values; cast it first, e.g. array.castTo(DataType.FLOAT)");
        }
        return Tensor.wrap(out, shape);
    }

    /**
     * The values of {@code tensor} as a new C-ordered float32 {@code INDArray} of the same shape (one copy; values only,
     * no gradient).
     *
     * @throws NullPointerException     if {@code tensor} is null
     * @throws IllegalArgumentException if the tensor is empty (ND4J's empty arrays hold no buffer to copy into)
     */
    public static INDArray toINDArray(Tensor tensor) {
        if (tensor == null) throw new NullPointerException("toINDArray: the tensor is null");
        int[] shape = tensor.shape();
        if (tensor.size() == 0)
            throw new IllegalArgumentException("toINDArray: the tensor of shape " + Arrays.toString(shape)
                    + " is empty; ND4J's empty arrays hold no values to convert");
        if (shape.length == 0) return Nd4j.scalar(tensor.item());
        long[] dims = new long[shape.length];
        for (int i = 0; i < dims.length; i++) dims[i] = shape[i];
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, dims, 'c');
        nio(out).asFloatBuffer().put(tensor.array());
        return out;
    }

    /** The tensor shape for an INDArray shape, or an error naming the shape and what is wrong with it. */
    static int[] tensorShape(long[] shape, DataType type) {
        long n = 1;
        int[] s = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0)
                throw new IllegalArgumentException("toTensor: the INDArray of shape " + Arrays.toString(shape) + " (" + type
                        + ") is empty; pnn4j tensors, datasets and layers need at least one element per dimension");
            if (shape[i] > Integer.MAX_VALUE)
                throw new IllegalArgumentException("toTensor: dimension " + i + " of the INDArray of shape "
                        + Arrays.toString(shape) + " is " + shape[i] + ", above a Tensor's limit of 2^31 - 1; split it");
            s[i] = (int) shape[i];
            n *= shape[i];
            if (n > Integer.MAX_VALUE)
                throw new IllegalArgumentException("toTensor: the INDArray of shape " + Arrays.toString(shape) + " holds more"
                        + " than 2^31 - 1 elements, a Tensor's limit; convert it in slices (array.get(interval(...)))");
        }
        return s;
    }

    /** The whole native buffer behind {@code array} (a view's buffer from its origin), little-endian as ND4J writes it. */
    private static ByteBuffer nio(INDArray array) {
        return array.data().asNio().order(ByteOrder.nativeOrder());
    }

    /** Whether the elements lie in C order without gaps from {@code array.offset()} on. */
    static boolean isCContiguous(long[] shape, long[] stride) {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** Reads element {@code i} of a buffer as float. */
    private interface Reader {
        float at(long i);
    }

    private static void copy(INDArray array, DataType type, float[] out) {
        ByteBuffer bytes = nio(array);
        long offset = array.offset();
        long[] shape = array.shape(), stride = array.stride();
        if (type == DataType.FLOAT && isCContiguous(shape, stride)) {
            bytes.asFloatBuffer().get(Math.toIntExact(offset), out);
            return;
        }
        if (type == DataType.FLOAT && shape.length > 0) {
            gatherFloats(bytes.asFloatBuffer(), offset, shape, stride, out);
            return;
        }
        Reader r = switch (type) {
            case FLOAT -> {
                var b = bytes.asFloatBuffer();
                yield i -> b.get((int) i);
            }
            case DOUBLE -> {
                var b = bytes.asDoubleBuffer();
                yield i -> (float) b.get((int) i);
            }
            case INT -> {
                var b = bytes.asIntBuffer();
                yield i -> b.get((int) i);
            }
            case LONG -> {
                var b = bytes.asLongBuffer();
                yield i -> b.get((int) i);
            }
            case SHORT -> {
                var b = bytes.asShortBuffer();
                yield i -> b.get((int) i);
            }
            case BYTE -> i -> bytes.get((int) i);
            case UBYTE -> i -> bytes.get((int) i) & 0xff;
            default -> throw new IllegalStateException("no reader for " + type);
        };
        gather(r, offset, shape, stride, out);
    }

    /** {@link #gather} for float32 without the per-element indirection (the common case: views of float arrays). */
    private static void gatherFloats(java.nio.FloatBuffer b, long offset, long[] shape, long[] stride, float[] out) {
        int rank = shape.length;
        long[] index = new long[rank - 1];
        int inner = (int) shape[rank - 1], innerStride = (int) stride[rank - 1];
        int o = 0;
        while (true) {
            long base = offset;
            for (int k = 0; k < rank - 1; k++) base += index[k] * stride[k];
            int at = (int) base;
            for (int j = 0; j < inner; j++, at += innerStride) out[o++] = b.get(at);
            int k = rank - 2;
            while (k >= 0 && ++index[k] == shape[k]) index[k--] = 0;
            if (k < 0) return;
        }
    }

    /** Row-major gather of every element at offset + Σ index_k·stride_k. */
    private static void gather(Reader r, long offset, long[] shape, long[] stride, float[] out) {
        int rank = shape.length;
        if (rank == 0) {
            out[0] = r.at(offset);
            return;
        }
        long[] index = new long[rank - 1];
        long inner = shape[rank - 1], innerStride = stride[rank - 1];
        int o = 0;
        while (true) {
            long base = offset;
            for (int k = 0; k < rank - 1; k++) base += index[k] * stride[k];
            for (long j = 0; j < inner; j++) out[o++] = r.at(base + j * innerStride);
            int k = rank - 2;
            while (k >= 0 && ++index[k] == shape[k]) index[k--] = 0;
            if (k < 0) return;
        }
    }
}
