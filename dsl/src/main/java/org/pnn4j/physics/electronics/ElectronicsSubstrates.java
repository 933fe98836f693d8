package org.pnn4j.physics.electronics;

import java.util.List;
import org.pnn4j.physics.SubstrateKind;
import org.pnn4j.physics.SubstrateProvider;

/** The kinds of this package for {@link org.pnn4j.physics.SubstrateKinds}: {@code diode}. */
public final class ElectronicsSubstrates implements SubstrateProvider {
    /** Found by {@link java.util.ServiceLoader}. */
    public ElectronicsSubstrates() {}

    @Override
    public List<SubstrateKind> kinds() {
        return List.of(SubstrateKind.of("diode", "diode", 0, n -> DiodeCircuit.of()));
    }
}
