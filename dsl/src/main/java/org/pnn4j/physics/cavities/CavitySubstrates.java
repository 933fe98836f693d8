package org.pnn4j.physics.cavities;

import java.util.List;
import org.pnn4j.physics.SubstrateKind;
import org.pnn4j.physics.SubstrateProvider;

/**
 * The kinds of this package for {@link org.pnn4j.physics.SubstrateKinds}: {@code acoustic:IN,CONTROLS,OUT} and
 * {@code microwave:IN,CONTROLS,OUT}. ({@link RecordedAcoustic} needs a data folder, not numbers, so it has no spec.)
 */
public final class CavitySubstrates implements SubstrateProvider {
    /** Found by {@link java.util.ServiceLoader}. */
    public CavitySubstrates() {}

    @Override
    public List<SubstrateKind> kinds() {
        return List.of(SubstrateKind.of("acoustic", "acoustic:IN,CONTROLS,OUT", 3, n -> Cavity.acoustic(n[0], n[1], n[2])),
                SubstrateKind.of("microwave", "microwave:IN,CONTROLS,OUT", 3, n -> Cavity.microwave(n[0], n[1], n[2])));
    }
}
