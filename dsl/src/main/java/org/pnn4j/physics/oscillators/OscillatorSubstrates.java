package org.pnn4j.physics.oscillators;

import java.util.List;
import org.pnn4j.physics.SubstrateKind;
import org.pnn4j.physics.SubstrateProvider;

/** The kinds of this package for {@link org.pnn4j.physics.SubstrateKinds}: {@code oscillators:N} and {@code pendula:N}. */
public final class OscillatorSubstrates implements SubstrateProvider {
    /** Found by {@link java.util.ServiceLoader}. */
    public OscillatorSubstrates() {}

    @Override
    public List<SubstrateKind> kinds() {
        return List.of(SubstrateKind.of("oscillators", "oscillators:N", 1, n -> CoupledOscillators.of(n[0])),
                SubstrateKind.of("pendula", "pendula:N", 1, n -> PendulaRing.of(n[0])));
    }
}
