package org.pnn4j.backend;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.pnn4j.physics.Params;
import org.pnn4j.tensor.Tensor;

/**
 * Client-side limits that protect hardware, enforced before anything is sent: bounds per parameter (tighter
 * than the substrate's physical range, e.g. a safe laser power) and a maximum slew per call (how far any element
 * may move from the value sent in the previous call on the same substrate). Immutable; {@link #wrap} makes a
 * backend that enforces it.
 *
 * <pre>{@code
 * Backend safe = SafetyEnvelope.builder().bounds("C", -0.5, 0.5).maxSlew("C", 0.05).build().wrap(remote);
 * }</pre>
 *
 * <p>The first call on a substrate sets the reference for the slew; the reference is updated when a call is
 * sent (the device may have applied the parameters even if the call then failed).
 */
public final class SafetyEnvelope {
    private final Map<String, double[]> bounds;
    private final Map<String, Double> slews;

    private SafetyEnvelope(Map<String, double[]> bounds, Map<String, Double> slews) {
        this.bounds = Map.copyOf(bounds);
        this.slews = Map.copyOf(slews);
    }

    /** An empty envelope to add limits to. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an envelope; limits are keyed by parameter name and apply on every substrate having that parameter. */
    public static final class Builder {
        private final Map<String, double[]> bounds = new LinkedHashMap<>();
        private final Map<String, Double> slews = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Every element of parameter {@code name} must lie in [lo, hi] (its physical unit).
         *
         * @throws IllegalArgumentException for an empty or NaN range
         */
        public Builder bounds(String name, double lo, double hi) {
            if (!(lo <= hi)) throw new IllegalArgumentException("safety bounds for '" + name + "': [" + lo + ", " + hi + "] is empty");
            bounds.put(name, new double[] {lo, hi});
            return this;
        }

        /**
         * No element of parameter {@code name} may move by more than {@code maxStep} (its physical unit) between calls.
         *
         * @throws IllegalArgumentException if maxStep is negative or NaN
         */
        public Builder maxSlew(String name, double maxStep) {
            if (!(maxStep >= 0)) throw new IllegalArgumentException("max slew for '" + name + "' must be >= 0, got " + maxStep);
            slews.put(name, maxStep);
            return this;
        }

        /** The envelope. */
        public SafetyEnvelope build() {
            return new SafetyEnvelope(bounds, slews);
        }
    }

    /** A backend that rejects (with {@link PreflightException}) any call outside this envelope before passing it to {@code backend}. */
    public Backend wrap(Backend backend) {
        return new ForwardingBackend(backend) {
            private final Map<String, Map<String, float[]>> last = new HashMap<>();

            @Override
            public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
                synchronized (last) {
                    Map<String, float[]> previous = last.computeIfAbsent(substrate, k -> new HashMap<>());
                    check(substrate, params, previous);
                    for (String n : params.names()) if (slews.containsKey(n)) previous.put(n, params.get(n).toArray());
                }
                return super.forward(substrate, inputs, params, repeats);
            }
        };
    }

    private void check(String substrate, Params params, Map<String, float[]> previous) {
        for (String n : params.names()) {
            float[] v = params.get(n).array();
            double[] b = bounds.get(n);
            if (b != null)
                for (int i = 0; i < v.length; i++)
                    if (Float.isNaN(v[i]) || v[i] < b[0] || v[i] > b[1])
                        throw new PreflightException(String.format(Locale.ROOT,
                                "safety envelope: substrate '%s', parameter '%s' element %d = %s is outside the safe bounds [%g, %g]; "
                                        + "nothing was sent. Clamp the parameter to the envelope or widen it deliberately",
                                substrate, n, i, v[i], b[0], b[1]));
            Double slew = slews.get(n);
            float[] before = previous.get(n);
            if (slew != null && before != null && before.length == v.length)
                for (int i = 0; i < v.length; i++)
                    if (!(Math.abs(v[i] - before[i]) <= slew))
                        throw new PreflightException(String.format(Locale.ROOT,
                                "safety envelope: substrate '%s', parameter '%s' element %d would move from %s to %s, a step of %.4g "
                                        + "over the maximum slew %.4g per call; nothing was sent. Lower the learning rate or ramp it in smaller steps",
                                substrate, n, i, before[i], v[i], Math.abs(v[i] - before[i]), slew));
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SafetyEnvelope[");
        bounds.forEach((k, b) -> s.append(k).append(" in [").append(b[0]).append(", ").append(b[1]).append("] "));
        slews.forEach((k, v) -> s.append(k).append(" slew <= ").append(v).append(' '));
        return s.toString().trim() + "]";
    }
}
