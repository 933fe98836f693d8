package org.pnn4j.physics.mechanics;

import java.util.List;
import org.pnn4j.physics.SubstrateKind;
import org.pnn4j.physics.SubstrateProvider;

/** The kinds of this package for {@link org.pnn4j.physics.SubstrateKinds}: {@code plate:MODES}. */
public final class MechanicsSubstrates implements SubstrateProvider {
    /** Found by {@link java.util.ServiceLoader}. */
    public MechanicsSubstrates() {}

    @Override
    public List<SubstrateKind> kinds() {
        return List.of(SubstrateKind.of("plate", "plate:MODES", 1, n -> Plate.of(n[0])));
    }
}
