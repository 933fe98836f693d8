package org.pnn4j.sweep.compare;

import java.util.List;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.physics.electronics.DiodeCircuit;
import org.pnn4j.physics.electronics.ResistorNetwork;
import org.pnn4j.physics.optics.MziMesh;
import org.pnn4j.physics.oscillators.PendulaRing;
import org.pnn4j.train.Method;

/**
 * What {@code ./pnn4j compare} compares: the training methods and the substrates, <b>one line each</b>. A method
 * entry names the method, builds a fresh {@link Method} per trial and says which network it trains (feed-forward
 * by default, {@link ComparedMethod#local} for a {@link org.pnn4j.train.LocalNetwork}, or a builder of its own); a
 * substrate entry names a built-in {@link org.pnn4j.physics.Substrate} and the networks are built around it
 * ({@link Networks}). Where a method does not apply to a substrate (its network cannot be built there, the method
 * refuses the network with an {@link IllegalArgumentException}, or one step costs more device calls than the budget)
 * the table says {@code n/a: <reason>}; nothing is dropped.
 *
 * <p><b>Adding a method</b> is one entry in {@link #METHODS}, e.g.
 * <pre>{@code
 * ComparedMethod.of("cmaes", "CMA-ES", () -> Method.cmaEs(0.1, 2), 0.02),
 * }</pre>
 * and a substrate one entry in {@link #SUBSTRATES}: {@code ComparedSubstrate.of("mzi", "mziMesh(16)", () -> MziMesh.of(16)),}.
 * Forward-forward trains its own network ({@link Networks#forwardForward}); equilibrium propagation and coupled
 * learning train {@link Networks#equilibrium} and apply only to a substrate that settles (the resistor network); in-situ
 * adjoint training applies only where the device measures its own gradients (the MZI mesh): elsewhere they are n/a.
 * The optimizer is Adam at the entry's learning rate (methods with their own update rule, such as SPSA, ignore it).
 * The gains below are those of {@code ./pnn4j reproduce methods}, not tuned per substrate.
 */
public final class Catalog {
    /** The methods, in the table's order. */
    public static final List<ComparedMethod> METHODS = List.of(
            ComparedMethod.of("insilico", "in silico", Method::inSilico, 0.02),
            ComparedMethod.of("pat", "PAT", Method::physicsAware, 0.02),
            ComparedMethod.of("dfa", "DFA", () -> Method.feedbackAlignment(7), 0.02),
            ComparedMethod.of("spsa", "SPSA", () -> Method.spsa(0.002, 0.01), 0.02),
            ComparedMethod.of("es", "ES", () -> Method.evolutionStrategies(0.01, 2), 0.005),
            ComparedMethod.of("fd", "finite differences", () -> Method.finiteDifferences(0.01), 0.02),
            ComparedMethod.local("local", "local learning", () -> Method.localLearning(10, 4), 0.01),
            ComparedMethod.of("readout", "readout only", Method::readoutOnly, 0.02),
            new ComparedMethod("ff", "forward-forward", () -> Method.forwardForward(0.5), 0.02, Networks::forwardForward),
            ComparedMethod.of("cmaes", "CMA-ES", () -> Method.cmaEs(0.1, 2), 0.02),
            ComparedMethod.of("adjoint", "in-situ adjoint", Method::inSituAdjoint, 0.02),
            new ComparedMethod("ep", "EP symmetric", () -> Method.equilibriumPropagation(0.1, true), 0.05, Networks::equilibrium),
            new ComparedMethod("ep1", "EP one-sided", () -> Method.equilibriumPropagation(0.01), 0.05, Networks::equilibrium),
            new ComparedMethod("cl", "coupled learning", () -> Method.coupledLearning(0.001), 0.05, Networks::equilibrium)
    );

    /** The substrates, in the table's order; every network around them is small (one physical layer, or two for local learning). */
    public static final List<ComparedSubstrate> SUBSTRATES = List.of(
            ComparedSubstrate.of("pendula", "pendula(16)", () -> PendulaRing.of(16)),
            ComparedSubstrate.of("diode", "diode circuit", DiodeCircuit::of),
            ComparedSubstrate.of("acoustic", "acoustic(19,4,16)", () -> Cavity.acoustic(19, 4, 16)),
            ComparedSubstrate.of("mzi", "mziMesh(16)", () -> MziMesh.of(16)),
            ComparedSubstrate.of("resistors", "resistors(12,8,7)", () -> ResistorNetwork.of(12, 8, 7))
    );

    private Catalog() {}

    /** The method names, in order. */
    public static List<String> methodNames() {
        return METHODS.stream().map(ComparedMethod::name).toList();
    }

    /** The substrate names, in order. */
    public static List<String> substrateNames() {
        return SUBSTRATES.stream().map(ComparedSubstrate::name).toList();
    }

    /**
     * The method named {@code name}.
     *
     * @throws IllegalArgumentException naming the value and the choices, if there is none
     */
    public static ComparedMethod method(String name) {
        return METHODS.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown method '" + name + "'; the methods are " + methodNames()));
    }

    /**
     * The substrate named {@code name}.
     *
     * @throws IllegalArgumentException naming the value and the choices, if there is none
     */
    public static ComparedSubstrate substrate(String name) {
        return SUBSTRATES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                "unknown substrate '" + name + "'; the substrates are " + substrateNames()));
    }
}
