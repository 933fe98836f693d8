/**
 * Mechanical substrates: a driven plate described by its vibration modes ({@link org.pnn4j.physics.mechanics.Plate}),
 * integrated with fixed-step RK4 and differentiated by the adjoint of the discrete steps.
 */
package org.pnn4j.physics.mechanics;
