package org.pnn4j.physics;

import java.util.Arrays;
import java.util.Locale;
import org.pnn4j.tensor.kernels.Kernels;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/** Checks shared by every substrate and device: errors name the substrate, the value and what to do. */
public final class Substrates {
    private Substrates() {}

    /**
     * Checks that {@code x} is [batch, inputSize], finite, and inside the input range (as float32 sees it: see
     * {@link #inside}).
     *
     * @throws ShapeMismatchException for a wrong width
     * @throws IllegalArgumentException for NaN or out-of-range values, naming sample and column
     */
    public static void checkInput(Substrate s, Tensor x) {
        int[] shape = x.shape();
        if (shape.length != 2 || shape[1] != s.inputSize())
            throw new ShapeMismatchException("substrate '" + s.name() + "' expects inputs [batch, " + s.inputSize()
                    + "], got shape " + Arrays.toString(shape));
        float[] d = x.array();
        double lo = s.inputMin(), hi = s.inputMax();
        if (Kernels.allWithin(d, lo, hi)) return;
        int w = shape[1];
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            if (!inside(v, lo, hi))
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "substrate '%s': input %s at sample %d, column %d is outside its input range [%g, %g]; scale or clamp the inputs",
                        s.name(), v, i / w, i % w, lo, hi));
        }
    }

    /**
     * Whether a float32 value lies in [lo, hi] as float32 sees that range: the bounds rounded to the nearest float32 are
     * inside (a sigmoid that rounds to 1.0f, times π, gives 3.1415927f, which is above {@link Math#PI} in double but is
     * π in float32). NaN is outside. The rule of every range check on inputs and parameters
     * ({@link #checkInput}, {@link #checkParams} and a backend's preflight).
     *
     * @param lo lowest accepted value (may be infinite)
     * @param hi highest accepted value (may be infinite)
     */
    public static boolean inside(float v, double lo, double hi) {
        return v >= (float) lo && v <= (float) hi;
    }

    /**
     * Checks that every declared parameter is present, of the declared shape, finite and inside its range (as float32
     * sees it: see {@link #inside}).
     *
     * @throws IllegalArgumentException naming the parameter, the element and the value
     */
    public static void checkParams(Substrate s, Params theta) {
        for (ParameterSpec p : s.parameters()) {
            Tensor t = theta.get(p.name());
            if (!Arrays.equals(t.shape(), p.shape()))
                throw new ShapeMismatchException("substrate '" + s.name() + "': parameter '" + p.name() + "' must have shape "
                        + Arrays.toString(p.shape()) + ", got " + Arrays.toString(t.shape()));
            float[] d = t.array();
            if (Kernels.allWithin(d, p.lo(), p.hi())) continue;
            for (int i = 0; i < d.length; i++)
                if (!inside(d[i], p.lo(), p.hi()))
                    throw new IllegalArgumentException(String.format(Locale.ROOT,
                            "substrate '%s': parameter '%s' element %d = %s is outside its physical range [%g, %g]%s; "
                                    + "constrain it (Constraint.clampToRange()) or widen the range",
                            s.name(), p.name(), i, d[i], p.lo(), p.hi(), p.unit().isEmpty() ? "" : " " + p.unit()));
        }
    }

    /**
     * Checks an output for the declared shape and for NaN or infinity (an unstable integration).
     *
     * @throws IllegalStateException naming the sample and output, and suggesting what to change
     */
    public static void checkOutput(Substrate s, Tensor y, int batch, String what) {
        int[] shape = y.shape();
        if (shape.length != 2 || shape[0] != batch || shape[1] != s.outputSize())
            throw new IllegalStateException("substrate '" + s.name() + "': " + what + " returned shape " + Arrays.toString(shape)
                    + ", declared [" + batch + ", " + s.outputSize() + "]");
        float[] d = y.array();
        int w = Math.max(1, shape[1]);
        for (int i = 0; i < d.length; i++)
            if (!Float.isFinite(d[i]))
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "substrate '%s': %s produced %s at sample %d, output %d: the simulation is unstable for these inputs "
                                + "and parameters; reduce the time step, the drive amplitude or the parameter ranges",
                        s.name(), what, d[i], i / w, i % w));
    }
}
