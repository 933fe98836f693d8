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
     * The plan for a twin that training will start from {@code start}: half of {@code settings} uniform over the
     * parameter ranges (seed {@code seed + 100}: the whole device), half {@link SamplingPlan#around} {@code start} with
     * spread 0.05 (seed {@code seed + 101}: where training begins and the twin must be right first), each setting
     * {@value #INPUTS_PER_SETTING} uniform inputs and one device call.
     *
     * @throws IllegalArgumentException if settings &lt; 2
     */
    public static SamplingPlan startPlan(org.pnn4j.physics.Params start, int settings, long seed) {
        if (settings < 2) throw new IllegalArgumentException("a start plan needs at least 2 settings, got " + settings);
        return SamplingPlan.mix(SamplingPlan.uniform(settings - settings / 2, INPUTS_PER_SETTING, 1, seed + 100),
                SamplingPlan.around(start, 0.05, settings / 2, INPUTS_PER_SETTING, 1, seed + 101));
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
