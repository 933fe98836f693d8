/**
 * Electronic substrates: a series RLC circuit with a diode across its capacitor
 * ({@link org.pnn4j.physics.electronics.DiodeCircuit}), integrated with the implicit trapezoidal rule and a
 * Newton iteration, differentiated by the adjoint of the discrete steps.
 */
package org.pnn4j.physics.electronics;
