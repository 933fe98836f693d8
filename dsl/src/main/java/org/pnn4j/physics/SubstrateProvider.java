package org.pnn4j.physics;

import java.util.List;

/**
 * Supplies substrate kinds by name, found through {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/org.pnn4j.physics.SubstrateProvider} of a jar on the class path, and
 * {@link SubstrateKinds#parse} (so {@code Pnn.substrate(spec)}, {@code SubstrateSpecs} and {@code ./pnn4j serve
 * --substrate SPEC}) builds its substrates. Each physics package provides its own built-in kinds; no class lists
 * them all.
 */
public interface SubstrateProvider {
    /** The kinds this provider builds, each with a distinct {@link SubstrateKind#name()}. */
    List<SubstrateKind> kinds();
}
