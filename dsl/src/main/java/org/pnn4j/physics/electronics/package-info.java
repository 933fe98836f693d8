/**
 * Electronic substrates: a series RLC circuit with a diode across its capacitor (pnn4j's own circuit, not the
 * transistor-based one of the physics-aware training paper)
 * ({@link org.pnn4j.physics.electronics.DiodeCircuit}), integrated with the implicit trapezoidal rule and a
 * Newton iteration, differentiated by the adjoint of the discrete steps; a common-emitter transistor stage with a
 * resonant collector load ({@link org.pnn4j.physics.electronics.TransistorCircuit}), modelled on the paper's description
 * of its transistor-based circuit and integrated and differentiated the same way; and a self-learning resistor network
 * ({@link org.pnn4j.physics.electronics.ResistorNetwork}), which settles to the equilibrium of Kirchhoff's laws and
 * can be nudged toward a target (equilibrium propagation, coupled learning).
 */
package org.pnn4j.physics.electronics;
