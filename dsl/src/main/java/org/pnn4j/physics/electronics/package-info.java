/**
 * Electronic substrates: a series RLC circuit with a diode across its capacitor (pnn4j's own circuit, not the
 * transistor-based one of the physics-aware training paper)
 * ({@link org.pnn4j.physics.electronics.DiodeCircuit}), integrated with the implicit trapezoidal rule and a
 * Newton iteration, differentiated by the adjoint of the discrete steps.
 */
package org.pnn4j.physics.electronics;
