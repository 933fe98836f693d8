package org.pnn4j.physics;

import java.util.List;

/**
 * A user's substrate provider as a fixture: kind {@code gain:N}, N saturable-gain channels tanh(g·x) whose device
 * has a 5% larger gain and no noise (so a remote device's outputs can be compared bit for bit). Not listed in this
 * module's {@code META-INF/services}: tests register it through a class loader or a jar of their own, as a user's jar
 * would.
 */
public final class GainSubstrates implements SubstrateProvider {
    /** Found by {@link java.util.ServiceLoader}. */
    public GainSubstrates() {}

    /** The substrate of {@code gain:N}. */
    public static Substrate gain(int n) {
        return CustomSubstrate.of("gain(" + n + ")", (x, t) -> x.mul(t.get("g")).tanh())
                .io(n, n).inputRange(-1, 1)
                .param(ParameterSpec.uniform("g", 0.1, 5, "", n))
                .realization((x, t) -> x.mul(t.get("g").mul(1.05)).tanh());
    }

    @Override
    public List<SubstrateKind> kinds() {
        return List.of(SubstrateKind.of("gain", "gain:N", 1, n -> gain(n[0])));
    }

    /** A provider that declares a built-in kind's name again, for the duplicate check. */
    public static final class Clashing implements SubstrateProvider {
        /** Found by {@link java.util.ServiceLoader}. */
        public Clashing() {}

        @Override
        public List<SubstrateKind> kinds() {
            return List.of(SubstrateKind.of("oscillators", "oscillators:N", 1, n -> gain(n[0])));
        }
    }
}
