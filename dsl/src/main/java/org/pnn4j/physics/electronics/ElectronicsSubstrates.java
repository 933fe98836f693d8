package org.pnn4j.physics.electronics;

import java.util.List;
import org.pnn4j.physics.SubstrateKind;
import org.pnn4j.physics.SubstrateProvider;

/**
 * The kinds of this package for {@link org.pnn4j.physics.SubstrateKinds}: {@code diode} (a {@link DiodeCircuit}),
 * {@code transistor} (a {@link TransistorCircuit}), and
 * {@code resistors:I,H,O} (a {@link ResistorNetwork} of I inputs, H hidden and O output nodes; {@code resistors:I,O}
 * without hidden nodes).
 */
public final class ElectronicsSubstrates implements SubstrateProvider {
    /** Found by {@link java.util.ServiceLoader}. */
    public ElectronicsSubstrates() {}

    @Override
    public List<SubstrateKind> kinds() {
        return List.of(SubstrateKind.of("diode", "diode", 0, n -> DiodeCircuit.of()),
                SubstrateKind.of("transistor", "transistor", 0, n -> TransistorCircuit.of()),
                new SubstrateKind("resistors", "resistors:INPUTS,HIDDEN,OUTPUTS", List.of(3, 2),
                        n -> n.length == 3 ? ResistorNetwork.of(n[0], n[1], n[2]) : ResistorNetwork.of(n[0], 0, n[1])));
    }
}
