package org.pnn4j.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class Nd4jTensorsTest {
    /** 0, 1, 2, ... in a C-ordered float array of this shape: element (i, j) of [r, c] is c·i + j. */
    private static INDArray counting(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return Nd4j.arange(n).castTo(DataType.FLOAT).reshape('c', shape);
    }

    @Test
    void tensorRoundTripsThroughAnIndArrayBitForBit() {
        Tensor t = Tensor.randn(new Rng(5), 1.0, 3, 4, 5);
        INDArray a = Nd4jTensors.toINDArray(t);
        assertArrayEquals(new long[] {3, 4, 5}, a.shape());
        assertEquals(DataType.FLOAT, a.dataType());
        assertEquals('c', a.ordering());
        assertEquals(t.get(2, 1, 3), a.getFloat(2, 1, 3));
        Tensor back = Nd4jTensors.toTensor(a);
        assertArrayEquals(t.shape(), back.shape());
        assertArrayEquals(t.array(), back.array());
    }

    @Test
    void indArrayRoundTripsThroughATensor() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5);
        INDArray back = Nd4jTensors.toINDArray(Nd4jTensors.toTensor(a));
        assertEquals(a, back);
    }

    @Test
    void ranksZeroAndOneKeepTheirShape() {
        Tensor s = Nd4jTensors.toTensor(Nd4j.scalar(2.5f));
        assertEquals(0, s.rank());
        assertEquals(2.5f, s.item());
        INDArray back = Nd4jTensors.toINDArray(Tensor.scalar(-1.5));
        assertEquals(0, back.rank());
        assertEquals(-1.5f, back.getFloat(0));
        Tensor v = Nd4jTensors.toTensor(Nd4j.createFromArray(1f, 2f, 3f));
        assertArrayEquals(new int[] {3}, v.shape());
        assertArrayEquals(new float[] {1, 2, 3}, v.array());
    }

    @Test
    void theConversionCopiesSoLaterChangesDoNotLeakAcross() {
        INDArray a = counting(2, 3);
        Tensor t = Nd4jTensors.toTensor(a);
        a.putScalar(0, 0, 99f);
        assertEquals(0f, t.get(0, 0));
        Tensor u = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        INDArray b = Nd4jTensors.toINDArray(u);
        b.putScalar(1, 1, 42f);
        assertEquals(4f, u.get(1, 1));
    }

    @Test
    void aBlockOfWholeRowsIsReadFromItsOffset() {
        INDArray rows = counting(5, 4).get(NDArrayIndex.interval(2, 4), NDArrayIndex.all());
        assertTrue(Nd4jTensors.isCContiguous(rows.shape(), rows.stride()));
        assertArrayEquals(new float[] {8, 9, 10, 11, 12, 13, 14, 15}, Nd4jTensors.toTensor(rows).array());
        assertArrayEquals(new float[] {12, 13, 14, 15}, Nd4jTensors.toTensor(counting(5, 4).getRow(3)).array());
    }

    @Test
    void nonContiguousViewsAreGatheredInRowMajorOrder() {
        INDArray x = counting(4, 6);
        INDArray block = x.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(2, 5));
        assertFalse(Nd4jTensors.isCContiguous(block.shape(), block.stride()));
        assertArrayEquals(new float[] {8, 9, 10, 14, 15, 16}, Nd4jTensors.toTensor(block).array());

        Tensor transposed = Nd4jTensors.toTensor(x.transpose());
        assertArrayEquals(new int[] {6, 4}, transposed.shape());
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 4; j++) assertEquals(6f * j + i, transposed.get(i, j), "(" + i + ", " + j + ")");

        INDArray stepped = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2, 6));
        Tensor s = Nd4jTensors.toTensor(stepped);
        assertArrayEquals(new int[] {4, 3}, s.shape());
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 3; j++) assertEquals(6f * i + 2 * j, s.get(i, j), "(" + i + ", " + j + ")");

        INDArray column = x.getColumn(4);
        assertArrayEquals(new float[] {4, 10, 16, 22}, Nd4jTensors.toTensor(column).array());
    }

    @Test
    void fortranOrderedArraysAreReadInRowMajorOrder() {
        INDArray f = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'f'); // columns (1,2) (3,4) (5,6)
        assertEquals('f', f.ordering());
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, Nd4jTensors.toTensor(f).array());
    }

    @Test
    void otherNumericTypesConvertToFloat() {
        INDArray d = Nd4j.createFromArray(new double[][] {{0.1, -2.5}, {1e-3, 7}});
        assertArrayEquals(new float[] {0.1f, -2.5f, 1e-3f, 7f}, Nd4jTensors.toTensor(d).array());
        assertArrayEquals(new float[] {3, -4, 5}, Nd4jTensors.toTensor(Nd4j.createFromArray(3, -4, 5)).array());
        assertArrayEquals(new float[] {3, -4}, Nd4jTensors.toTensor(Nd4j.createFromArray(3L, -4L)).array());
        assertArrayEquals(new float[] {0, 1, 200}, Nd4jTensors.toTensor(Nd4j.createFromArray(0, 1, 200).castTo(DataType.UBYTE)).array());
        assertArrayEquals(new float[] {-7, 8}, Nd4jTensors.toTensor(Nd4j.createFromArray(-7, 8).castTo(DataType.BYTE)).array());
        assertArrayEquals(new float[] {-7, 8}, Nd4jTensors.toTensor(Nd4j.createFromArray(-7, 8).castTo(DataType.SHORT)).array());
        assertArrayEquals(new float[] {0.5f, -2}, Nd4jTensors.toTensor(Nd4j.createFromArray(0.5f, -2f).castTo(DataType.BFLOAT16)).array());
        // a strided view of doubles: the conversion and the gather in one pass
        INDArray dv = Nd4j.arange(12).castTo(DataType.DOUBLE).reshape(3, 4).transpose();
        Tensor t = Nd4jTensors.toTensor(dv);
        assertEquals(9f, t.get(1, 2));
    }

    @Test
    void nonNumericEmptyAndNullInputsAreRefusedNamingWhatIsWrong() {
        IllegalArgumentException bool = assertThrows(IllegalArgumentException.class,
                () -> Nd4jTensors.toTensor(Nd4j.createFromArray(true, false)));
        assertTrue(bool.getMessage().contains("BOOL") && bool.getMessage().contains("castTo"), bool.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> Nd4jTensors.toTensor(Nd4j.create(DataType.FLOAT, 0, 3)));
        assertTrue(empty.getMessage().contains("[0, 3]") && empty.getMessage().contains("empty"), empty.getMessage());
        IllegalArgumentException emptyTensor = assertThrows(IllegalArgumentException.class,
                () -> Nd4jTensors.toINDArray(Tensor.zeros(2, 0)));
        assertTrue(emptyTensor.getMessage().contains("[2, 0]"), emptyTensor.getMessage());
        NullPointerException nul = assertThrows(NullPointerException.class, () -> Nd4jTensors.toTensor(null));
        assertTrue(nul.getMessage().contains("INDArray is null"), nul.getMessage());
        assertThrows(NullPointerException.class, () -> Nd4jTensors.toINDArray(null));
    }

    @Test
    void shapesBeyondATensorsLimitsAreRefusedNamingTheShape() {
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                () -> Nd4jTensors.tensorShape(new long[] {2, 3_000_000_000L}, DataType.FLOAT));
        assertTrue(dim.getMessage().contains("dimension 1") && dim.getMessage().contains("3000000000"), dim.getMessage());
        IllegalArgumentException total = assertThrows(IllegalArgumentException.class,
                () -> Nd4jTensors.tensorShape(new long[] {100_000, 100_000}, DataType.FLOAT));
        assertTrue(total.getMessage().contains("[100000, 100000]") && total.getMessage().contains("slices"), total.getMessage());
    }
}
