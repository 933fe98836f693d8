/**
 * Oscillator substrates: {@link org.pnn4j.physics.oscillators.CoupledOscillators} (the network of coupled
 * nonlinear oscillators from the physics-aware-training paper's code examples) and
 * {@link org.pnn4j.physics.oscillators.PendulaRing} (a driven, damped ring of coupled pendula). Both integrate
 * with fixed-step classic Runge-Kutta 4 inside one fused kernel whose backward is the hand-written adjoint of
 * the discrete RK4 map, so a forward records a single op on the autograd graph however many steps it takes.
 */
package org.pnn4j.physics.oscillators;
