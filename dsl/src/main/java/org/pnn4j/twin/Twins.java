package org.pnn4j.twin;

import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;

/**
 * The one-line way to a data-driven twin of a device known only from its declaration (a
 * {@link org.pnn4j.backend.DescribedSubstrate} on a lab's backend):
 * <pre>{@code
 * DigitalTwin twin = Twins.fit(device);                        // measures the device, fits a black-box twin
 * System.out.println(twin.diagnostics().print());              // R² on parameter settings it never saw
 * PhysicalLayer layer = new PhysicalLayer(twin.asSubstrate(), device);   // PAT: device forward, twin backward
 * }</pre>
 * For control over the measurements use {@link SamplingPlan} and {@link DigitalTwin#blackBox}; during training
 * {@code org.pnn4j.train.TwinRefit} keeps the twin accurate around the parameters training visits.
 */
public final class Twins {
    private Twins() {}

    /** Inputs measured per setting by {@link #defaultPlan}. */
    public static final int INPUTS_PER_SETTING = 64;

    /**
     * The plan {@link #fit(PhysicalDevice)} uses: uniform, {@value #INPUTS_PER_SETTING} inputs per setting, one repeat,
     * seed 1, and settings = clamp(60 + 3·(number of parameter values), 60, 400): one device call per setting.
     */
    public static SamplingPlan defaultPlan(Substrate substrate) {
        int d = 0;
        for (ParameterSpec p : substrate.parameters()) {
            int k = 1;
            for (int x : p.shape()) k *= x;
            d += p.trainable() ? k : 0;
        }
        return SamplingPlan.uniform(Math.max(60, Math.min(400, 60 + 3 * d)), INPUTS_PER_SETTING, 1, 1);
    }

    /**
     * Measures {@code device} by {@link #defaultPlan} and fits a {@link DigitalTwin#blackBox} twin of its substrate.
     *
     * @throws IllegalArgumentException if the device's substrate has an input range the plan cannot sample
     */
    public static DigitalTwin fit(PhysicalDevice device) {
        return fit(device, defaultPlan(device.substrate()));
    }

    /** Measures {@code device} by {@code plan} ({@link SamplingPlan#calls()} device calls) and fits a {@link DigitalTwin#blackBox} twin. */
    public static DigitalTwin fit(PhysicalDevice device, SamplingPlan plan) {
        return DigitalTwin.blackBox(device.substrate()).fit(plan.sample(device));
    }
}
