package org.pnn4j.physics;

import java.util.ArrayList;
import java.util.List;
import org.pnn4j.tensor.Tensor;

/**
 * How a time-multiplexed substrate (the plate, the circuits) lays its sample's inputs and its trainable parameter
 * segments out in time along one drive. Kept in one place so the substrates agree.
 */
public final class DriveLayout {
    private DriveLayout() {}

    /**
     * The drive segments [batch, inputs + P] from inputs x [batch, inputs] and parameter segments d [P]: the inputs
     * followed by the parameters, or, {@code interleaved}, parameter j followed by the inputs
     * [j·b, (j+1)·b) with b = ⌈inputs/P⌉, so that the first segment is a parameter and every later output of a causal
     * system can depend on the parameters. Differentiable (slices and a concatenation).
     */
    public static Tensor segments(Tensor x, Tensor d, boolean interleaved) {
        int batch = x.dim(0), n = x.dim(1), p = d.size();
        Tensor params = d.reshape(1, p).broadcastTo(batch, p);
        if (!interleaved || p == 0) return Tensor.concat(1, x, params);
        int block = (n + p - 1) / p;
        List<Tensor> parts = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            parts.add(params.slice(1, j, j + 1));
            int from = Math.min(n, j * block), to = Math.min(n, (j + 1) * block);
            if (to > from) parts.add(x.slice(1, from, to));
        }
        return Tensor.concat(1, parts.toArray(new Tensor[0]));
    }

    /**
     * The integration steps after which the {@code outputs} outputs are read, spread evenly over the drive's
     * {@code totalSteps}: output k after step max(1, round((k+1)·totalSteps/outputs)), so the last is read at the end.
     */
    public static int[] sampleSteps(int totalSteps, int outputs) {
        int[] s = new int[outputs];
        for (int k = 0; k < outputs; k++) s[k] = Math.max(1, (int) Math.round((k + 1) * (double) totalSteps / outputs));
        return s;
    }
}
