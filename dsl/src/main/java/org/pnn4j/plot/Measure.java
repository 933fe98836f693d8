package org.pnn4j.plot;

import java.util.Locale;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Tensor;

/** Repeated device calls at one fixed input, as the noise plots need them. */
final class Measure {
    private Measure() {}

    /** {@code calls} successive device calls of a batch of one at {@code x}: [calls][outputSize]. */
    static double[][] repeat(Substrate s, PhysicalDevice device, Params theta, double[] x, int calls) {
        checkInput(s, x);
        float[] xf = new float[x.length];
        for (int i = 0; i < x.length; i++) xf[i] = (float) x[i];
        Tensor xt = Tensor.of(xf, 1, x.length);
        double[][] y = new double[calls][];
        for (int c = 0; c < calls; c++) {
            float[] out = device.forward(xt, theta).array();
            y[c] = new double[out.length];
            for (int j = 0; j < out.length; j++) y[c][j] = out[j];
        }
        return y;
    }

    static double[] column(double[][] y, int j) {
        double[] v = new double[y.length];
        for (int i = 0; i < y.length; i++) v[i] = y[i][j];
        return v;
    }

    static void checkInput(Substrate s, double[] x) {
        if (x.length != s.inputSize())
            throw new IllegalArgumentException("substrate '" + s.name() + "' takes " + s.inputSize() + " inputs, got " + x.length);
        for (int i = 0; i < x.length; i++)
            if (!(x[i] >= s.inputMin() && x[i] <= s.inputMax()))
                throw new IllegalArgumentException(String.format(Locale.ROOT, "input x%d = %s is outside the input range [%s, %s] of '%s'",
                        i, x[i], s.inputMin(), s.inputMax(), s.name()));
    }
}
