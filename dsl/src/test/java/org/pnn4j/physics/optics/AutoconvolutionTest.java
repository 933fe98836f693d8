package org.pnn4j.physics.optics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.ComplexTensor;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class AutoconvolutionTest {
    @Test
    void fftAndDirectAutoconvolutionsMatchTheDefiningSum() {
        Rng rng = new Rng(1);
        int n = 13;
        ComplexTensor a = ComplexTensor.of(Tensor.randn(rng, 1, 2, n), Tensor.randn(rng, 1, 2, n));
        ComplexTensor f = Autoconvolution.fft(a), d = Autoconvolution.direct(a);
        for (int r = 0; r < 2; r++)
            for (int s = 0; s < 2 * n - 1; s++) {
                double re = 0, im = 0;
                for (int k = Math.max(0, s - n + 1); k <= Math.min(n - 1, s); k++) {
                    double ar = a.re().get(r, k), ai = a.im().get(r, k), br = a.re().get(r, s - k), bi = a.im().get(r, s - k);
                    re += ar * br - ai * bi;
                    im += ar * bi + ai * br;
                }
                assertEquals(re, f.re().get(r, s), 1e-4);
                assertEquals(im, f.im().get(r, s), 1e-4);
                assertEquals(re, d.re().get(r, s), 1e-4);
                assertEquals(im, d.im().get(r, s), 1e-4);
            }
    }

    @Test
    void directAutoconvolutionGradientMatchesFiniteDifferences() {
        Rng rng = new Rng(2);
        Tensor re = Tensor.randn(rng, 1, 2, 5), im = Tensor.randn(rng, 1, 2, 5);
        GradCheck.Result r = GradCheck.check(in -> {
            ComplexTensor y = Autoconvolution.direct(ComplexTensor.of(in[0], in[1]));
            return y.re().add(y.im().mul(0.7));
        }, re, im);
        assertTrue(r.passed(), r.toString());
    }
}
