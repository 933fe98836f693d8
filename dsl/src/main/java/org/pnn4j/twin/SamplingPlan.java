package org.pnn4j.twin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * How a device is measured for a twin: {@code settings} parameter settings drawn uniformly over every parameter's
 * physical range, and for each setting {@code inputsPerSetting} inputs drawn uniformly over the substrate's input
 * range ([−1, 1] where the range is unbounded), each measured {@code repeats} times and averaged (averaging lowers
 * the noise the twin would otherwise learn). Costs settings × repeats physical forward calls.
 */
public final class SamplingPlan {
    private final int settings, inputsPerSetting, repeats;
    private final long seed;

    private SamplingPlan(int settings, int inputsPerSetting, int repeats, long seed) {
        if (settings < 1 || inputsPerSetting < 1 || repeats < 1)
            throw new IllegalArgumentException("a sampling plan needs at least 1 setting, input and repeat, got settings = " + settings
                    + ", inputsPerSetting = " + inputsPerSetting + ", repeats = " + repeats);
        this.settings = settings;
        this.inputsPerSetting = inputsPerSetting;
        this.repeats = repeats;
        this.seed = seed;
    }

    /**
     * Uniform random sampling over inputs and parameters.
     *
     * @throws IllegalArgumentException if a count is below 1
     */
    public static SamplingPlan uniform(int settings, int inputsPerSetting, int repeats, long seed) {
        return new SamplingPlan(settings, inputsPerSetting, repeats, seed);
    }

    /** One parameter setting and the averaged measurements at it. */
    public record Measurement(Params theta, Tensor x, Tensor y) {}

    /**
     * Measures {@code device} according to this plan.
     *
     * @return one measurement per setting, inputs [inputsPerSetting, inputSize], outputs averaged over the repeats
     */
    public List<Measurement> sample(PhysicalDevice device) {
        Substrate s = device.substrate();
        Rng rng = new Rng(seed);
        double lo = Double.isFinite(s.inputMin()) ? s.inputMin() : -1, hi = Double.isFinite(s.inputMax()) ? s.inputMax() : 1;
        List<Measurement> out = new ArrayList<>();
        for (int k = 0; k < settings; k++) {
            Map<String, Tensor> m = new LinkedHashMap<>();
            for (ParameterSpec p : s.parameters()) m.put(p.name(), Tensor.uniform(rng, p.lo(), p.hi(), p.shape()));
            Params theta = Params.of(s.name(), m);
            Tensor x = Tensor.uniform(rng, lo, hi, inputsPerSetting, s.inputSize());
            float[] sum = new float[inputsPerSetting * s.outputSize()];
            for (int r = 0; r < repeats; r++) {
                float[] y = device.forward(x, theta).toArray();
                for (int i = 0; i < sum.length; i++) sum[i] += y[i] / repeats;
            }
            out.add(new Measurement(theta, x, Tensor.wrap(sum, inputsPerSetting, s.outputSize())));
        }
        return out;
    }
}
