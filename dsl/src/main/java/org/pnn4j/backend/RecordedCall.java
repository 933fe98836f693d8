package org.pnn4j.backend;

import java.util.Map;

/**
 * One recorded forward call.
 *
 * @param startMillis    when the call started, milliseconds since the epoch (UTC)
 * @param durationNanos  how long the backend took, in nanoseconds
 * @param backend        the backend's {@link Backend#name()}
 * @param substrate      the substrate's name
 * @param repeats        measurements averaged
 * @param inputs         [batch, inputSize]
 * @param params         parameter values by name, in call order
 * @param outputs        [batch, outputSize], as the backend returned them
 */
public record RecordedCall(long startMillis, long durationNanos, String backend, String substrate, int repeats,
                           org.pnn4j.tensor.Tensor inputs, Map<String, org.pnn4j.tensor.Tensor> params,
                           org.pnn4j.tensor.Tensor outputs) {
    /** Copies the parameter map (keeping its order). */
    public RecordedCall {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
}
