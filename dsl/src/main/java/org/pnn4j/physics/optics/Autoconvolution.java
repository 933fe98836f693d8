package org.pnn4j.physics.optics;

import org.pnn4j.tensor.ComplexTensor;
import org.pnn4j.tensor.Function;
import org.pnn4j.tensor.Tensor;

/**
 * The autoconvolution y_s = Σ_k a_k a_{s-k} of complex rows [batch, n] into [batch, 2n-1], differentiable,
 * computed either by a zero-padded FFT or directly (O(n²) per row with a hand-written VJP).
 */
final class Autoconvolution {
    private Autoconvolution() {}

    /** By FFT: pad to a power of two ≥ 2n-1, transform, square, transform back. */
    static ComplexTensor fft(ComplexTensor a) {
        int[] s = a.shape();
        int n = s[s.length - 1], out = 2 * n - 1;
        int p = Integer.highestOneBit(Math.max(1, out - 1)) << 1;
        if (p < out) p <<= 1;
        int[] padShape = s.clone();
        padShape[s.length - 1] = p - n;
        Tensor zeros = Tensor.zeros(padShape);
        ComplexTensor padded = ComplexTensor.of(Tensor.concat(-1, a.re(), zeros), Tensor.concat(-1, a.im(), zeros));
        ComplexTensor f = padded.fft();
        ComplexTensor y = f.mul(f).ifft();
        return ComplexTensor.of(y.re().slice(-1, 0, out), y.im().slice(-1, 0, out));
    }

    /** Directly, as one recorded op whose VJP is the correlation g_k = Σ_s 2·conj(a_{s-k})·ḡ_s. */
    static ComplexTensor direct(ComplexTensor a) {
        int[] s = a.shape();
        int n = s[s.length - 1];
        Tensor packed = Tensor.stack(-1, a.re(), a.im()); // [..., n, 2]
        Tensor y = DIRECT.apply(packed);                   // [..., 2n-1, 2]
        int[] outShape = s.clone();
        outShape[s.length - 1] = 2 * n - 1;
        return ComplexTensor.of(y.slice(-1, 0, 1).reshape(outShape), y.slice(-1, 1, 2).reshape(outShape));
    }

    private static final Function DIRECT = Function.of("autoconvolution", in -> {
        int[] s = in[0].shape();
        int n = s[s.length - 2], m = 2 * n - 1, rows = in[0].size() / (2 * n);
        float[] a = in[0].array(), y = new float[rows * m * 2];
        for (int r = 0; r < rows; r++) {
            int ao = r * 2 * n, yo = r * 2 * m;
            for (int k = 0; k < n; k++) {
                float ar = a[ao + 2 * k], ai = a[ao + 2 * k + 1];
                for (int j = 0; j < n; j++) {
                    float br = a[ao + 2 * j], bi = a[ao + 2 * j + 1];
                    int q = yo + 2 * (k + j);
                    y[q] += ar * br - ai * bi;
                    y[q + 1] += ar * bi + ai * br;
                }
            }
        }
        int[] os = s.clone();
        os[s.length - 2] = m;
        return Tensor.wrap(y, os);
    }, (in, out, g) -> {
        int[] s = in[0].shape();
        int n = s[s.length - 2], m = 2 * n - 1, rows = in[0].size() / (2 * n);
        float[] a = in[0].array(), gy = g.array(), ga = new float[a.length];
        for (int r = 0; r < rows; r++) {
            int ao = r * 2 * n, go = r * 2 * m;
            for (int k = 0; k < n; k++) {
                float sr = 0, si = 0;
                for (int j = 0; j < n; j++) {
                    // conj(a_j) · g_{k+j}
                    float cr = a[ao + 2 * j], ci = -a[ao + 2 * j + 1];
                    float gr = gy[go + 2 * (k + j)], gi = gy[go + 2 * (k + j) + 1];
                    sr += cr * gr - ci * gi;
                    si += cr * gi + ci * gr;
                }
                ga[ao + 2 * k] = 2 * sr;
                ga[ao + 2 * k + 1] = 2 * si;
            }
        }
        return new Tensor[] {Tensor.wrap(ga, s)};
    });
}
