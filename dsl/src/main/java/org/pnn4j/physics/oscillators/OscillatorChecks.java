package org.pnn4j.physics.oscillators;

import java.util.Arrays;
import java.util.Locale;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/** Checks on the ideal-model path (devices get theirs from {@code SimulatedDevice}). */
final class OscillatorChecks {
    private OscillatorChecks() {}

    /** x must be [batch, inputSize] and every parameter of its declared shape; ranges are not enforced here. */
    static void checkShape(Substrate s, Tensor x, Params theta) {
        int[] shape = x.shape();
        if (shape.length != 2 || shape[1] != s.inputSize())
            throw new ShapeMismatchException("substrate '" + s.name() + "' expects inputs [batch, " + s.inputSize()
                    + "], got shape " + Arrays.toString(shape));
        for (ParameterSpec p : s.parameters()) {
            Tensor t = theta.get(p.name());
            if (!Arrays.equals(t.shape(), p.shape()))
                throw new ShapeMismatchException("substrate '" + s.name() + "': parameter '" + p.name() + "' must have shape "
                        + Arrays.toString(p.shape()) + ", got " + Arrays.toString(t.shape()));
        }
    }

    /** Throws when the integration blew up, naming the substrate, the value, where, and the step used. */
    static void checkFinite(Substrate s, Tensor y, int steps, double h, String hint) {
        float[] d = y.array();
        int w = Math.max(1, y.dim(1));
        for (int i = 0; i < d.length; i++)
            if (!Float.isFinite(d[i]))
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "substrate '%s': the ideal model produced %s at sample %d, output %d after %d RK4 steps of %g: "
                                + "the integration is unstable for these inputs and parameters; use more steps (steps(n))%s",
                        s.name(), d[i], i / w, i % w, steps, h, hint));
    }
}
