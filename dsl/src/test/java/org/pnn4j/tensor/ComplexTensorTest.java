package org.pnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComplexTensorTest {
    @Test
    void fftMatchesNaiveDftForEveryRow() {
        Rng rng = new Rng(11);
        int rows = 3, n = 12;
        Tensor re = Tensor.randn(rng, 1, rows, n), im = Tensor.randn(rng, 1, rows, n);
        ComplexTensor y = ComplexTensor.of(re, im).fft();
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < n; k++) {
                double sr = 0, si = 0;
                for (int t = 0; t < n; t++) {
                    double a = -2 * Math.PI * k * t / n;
                    sr += re.get(r, t) * Math.cos(a) - im.get(r, t) * Math.sin(a);
                    si += re.get(r, t) * Math.sin(a) + im.get(r, t) * Math.cos(a);
                }
                assertEquals(sr, y.re().get(r, k), 1e-4);
                assertEquals(si, y.im().get(r, k), 1e-4);
            }
    }

    @Test
    void ifftInvertsFft() {
        Rng rng = new Rng(12);
        ComplexTensor x = ComplexTensor.of(Tensor.randn(rng, 1, 2, 16), Tensor.randn(rng, 1, 2, 16));
        ComplexTensor back = x.fft().ifft();
        assertTrue(back.re().allClose(x.re(), 1e-5) && back.im().allClose(x.im(), 1e-5));
    }

    @Test
    void parsevalHolds() {
        Rng rng = new Rng(13);
        ComplexTensor x = ComplexTensor.real(Tensor.randn(rng, 1, 32));
        assertEquals(x.abs2().sum().item() * 32, x.fft().abs2().sum().item(), 1e-2);
    }

    @Test
    void partsMustHaveOneShape() {
        assertThrows(ShapeMismatchException.class, () -> ComplexTensor.of(Tensor.zeros(3), Tensor.zeros(4)));
    }
}
