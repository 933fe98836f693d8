package org.pnn4j.physics.optics;

import java.util.List;
import org.pnn4j.physics.SubstrateKind;
import org.pnn4j.physics.SubstrateProvider;

/**
 * The kinds of this package for {@link org.pnn4j.physics.SubstrateKinds}: {@code shg} (defaults),
 * {@code shg:BINS,IN,OUT}, {@code fourier:PIXELS} and {@code mzi:MODES} (a Clements MZI mesh).
 */
public final class OpticsSubstrates implements SubstrateProvider {
    /** Found by {@link java.util.ServiceLoader}. */
    public OpticsSubstrates() {}

    @Override
    public List<SubstrateKind> kinds() {
        return List.of(new SubstrateKind("shg", "shg, shg:BINS,IN,OUT", List.of(0, 3), n -> n.length == 0 ? Shg.shg() : Shg.of(n[0], n[1], n[2])),
                SubstrateKind.of("fourier", "fourier:PIXELS", 1, n -> FourierOptics.of(n[0])),
                SubstrateKind.of("mzi", "mzi:MODES", 1, n -> MziMesh.of(n[0])));
    }
}
