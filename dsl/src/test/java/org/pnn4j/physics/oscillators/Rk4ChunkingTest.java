package org.pnn4j.physics.oscillators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * The fused integrators split the batch into chunks of rows that run on several threads: every row's output and
 * input gradient must be bit for bit what integrating that row alone gives, and parameter gradients must be the
 * same from run to run.
 */
class Rk4ChunkingTest {
    private static Tensor leaf(Tensor t) {
        return Tensor.wrap(t.toArray(), t.shape()).requiresGrad(true);
    }

    /** Output and the three gradients of sum(w ⊙ f(x, a, b)). */
    private interface Op {
        Tensor apply(Tensor x, Tensor a, Tensor b);
    }

    private static float[][] run(Op op, Tensor x0, Tensor a0, Tensor b0, Tensor w) {
        Tensor x = leaf(x0), a = leaf(a0), b = leaf(b0);
        Tensor y = op.apply(x, a, b);
        y.mul(w).sum().backward();
        return new float[][] {y.toArray(), x.grad().toArray(), a.grad().toArray(), b.grad().toArray()};
    }

    private static void check(Op op, Tensor x, Tensor a, Tensor b, Tensor w, int outWidth) {
        int batch = x.dim(0), n = x.dim(1);
        float[][] all = run(op, x, a, b, w), again = run(op, x, a, b, w);
        for (int i = 0; i < 4; i++) assertArrayEquals(all[i], again[i], "run-to-run, result " + i);
        double[] gradA = new double[a.size()];
        for (int r = 0; r < batch; r++) {
            float[][] one = run(op, x.slice(0, r, r + 1), a, b, w.slice(0, r, r + 1));
            for (int j = 0; j < outWidth; j++)
                assertEquals(Float.floatToRawIntBits(one[0][j]), Float.floatToRawIntBits(all[0][r * outWidth + j]),
                        "output row " + r + " col " + j);
            for (int j = 0; j < n; j++)
                assertEquals(Float.floatToRawIntBits(one[1][j]), Float.floatToRawIntBits(all[1][r * n + j]),
                        "d/dx row " + r + " col " + j);
            for (int j = 0; j < gradA.length; j++) gradA[j] += one[2][j];
        }
        double scale = 1e-12;
        for (double g : gradA) scale = Math.max(scale, Math.abs(g));
        for (int j = 0; j < gradA.length; j++)
            assertEquals(gradA[j], all[2][j], 1e-5 * scale, "parameter gradient " + j + " = sum of the rows' gradients");
    }

    @Test
    void coupledOscillatorsChunksMatchRowByRowIntegration() {
        int batch = 37, n = 12;
        assertTrue(OscillatorRk4.chunkRows(batch, n) < batch, "the batch is split into several chunks");
        Rng rng = new Rng(3);
        Tensor x = Tensor.uniform(rng, -2, 2, batch, n), w = Tensor.uniform(rng, -1, 1, batch, n);
        Tensor c = Tensor.uniform(rng, -0.3, 0.3, n, n), e = Tensor.uniform(rng, -0.1, 0.1, n);
        Tensor q = CoupledOscillators.couplingMatrix(c);
        OscillatorRk4 rk4 = new OscillatorRk4(7, 0.7, 1.1, true);
        check(rk4::apply, x, q, e, w, n);
    }

    @Test
    void pendulaRingChunksMatchRowByRowIntegration() {
        int batch = 21, n = 9;
        assertTrue(PendulaRk4.chunkRows(batch) < batch, "the batch is split into several chunks");
        Rng rng = new Rng(4);
        Tensor x = Tensor.uniform(rng, -1, 1, batch, n), w = Tensor.uniform(rng, -1, 1, batch, 3);
        Tensor omega = Tensor.uniform(rng, 1, 2, n), c = Tensor.uniform(rng, 0.1, 0.5, n);
        PendulaRk4 rk4 = new PendulaRk4(40, 2.0, 0.8, 0.1, 0.3, 1.7, new int[] {8, 0, 4});
        check(rk4::apply, x, omega, c, w, 3);
    }
}
