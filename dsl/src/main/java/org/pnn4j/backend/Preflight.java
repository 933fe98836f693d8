package org.pnn4j.backend;

import java.util.Arrays;
import java.util.Locale;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.Substrates;
import org.pnn4j.tensor.Tensor;

/** Checks a call against a backend's declared {@link Capabilities} before any hardware time is spent. */
public final class Preflight {
    private Preflight() {}

    /**
     * Rejects a call the backend cannot serve: repeats or batch outside the limits, a substrate not served,
     * inputs of the wrong width or outside the declared input range, a declared parameter missing, of the wrong
     * shape, NaN or outside its declared range. Ranges are compared as float32 sees them: a value equal to a bound
     * rounded to float32 is inside ({@link Substrates#inside}).
     *
     * @throws PreflightException naming the value, the limit and what to do
     */
    public static void check(Capabilities caps, String substrate, Tensor inputs, Params params, int repeats) {
        String who = "substrate '" + substrate + "'";
        if (repeats < 1 || repeats > caps.maxRepeats())
            throw new PreflightException(who + ": repeats " + repeats + " is outside [1, " + caps.maxRepeats()
                    + "] that this backend accepts; use fewer repeats per call");
        int[] shape = inputs.shape();
        if (shape.length != 2)
            throw new PreflightException(who + ": inputs must be [batch, inputSize], got shape " + Arrays.toString(shape));
        int batch = shape[0];
        if (batch < 1)
            throw new PreflightException(who + ": the batch is empty; send at least one sample");
        if (batch > caps.maxBatch())
            throw new PreflightException(who + ": batch " + batch + " exceeds this backend's maximum batch " + caps.maxBatch()
                    + "; split the batch into calls of at most " + caps.maxBatch() + " samples");
        if (!caps.declared()) return;
        Capabilities.SubstrateInfo info = caps.substrate(substrate).orElseThrow(() -> new PreflightException(
                who + " is not served by this backend; it serves " + caps.substrateNames()
                        + " (check the name, or start the device server with this substrate)"));
        if (shape[1] != info.inputSize())
            throw new PreflightException(who + " expects inputs [batch, " + info.inputSize() + "], got shape " + Arrays.toString(shape));
        float[] d = inputs.array();
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            if (!Substrates.inside(v, info.inputMin(), info.inputMax()))
                throw new PreflightException(String.format(Locale.ROOT,
                        "%s: input %s at sample %d, column %d is outside the backend's input range [%g, %g]; scale or clamp the inputs",
                        who, v, i / shape[1], i % shape[1], info.inputMin(), info.inputMax()));
        }
        for (Capabilities.ParameterRange p : info.parameters()) {
            if (!params.names().contains(p.name()))
                throw new PreflightException(who + ": parameter '" + p.name() + "' is missing; the call has " + params.names());
            Tensor t = params.get(p.name());
            if (!Arrays.equals(t.shape(), p.shape()))
                throw new PreflightException(who + ": parameter '" + p.name() + "' must have shape " + Arrays.toString(p.shape())
                        + ", got " + Arrays.toString(t.shape()));
            float[] v = t.array();
            for (int i = 0; i < v.length; i++)
                if (!Substrates.inside(v[i], p.lo(), p.hi()))
                    throw new PreflightException(String.format(Locale.ROOT,
                            "%s: parameter '%s' element %d = %s is outside the backend's accepted range [%g, %g]%s; "
                                    + "constrain it (Constraint.clampToRange()) before running on this backend",
                            who, p.name(), i, v[i], p.lo(), p.hi(), p.unit().isEmpty() ? "" : " " + p.unit()));
        }
    }
}
