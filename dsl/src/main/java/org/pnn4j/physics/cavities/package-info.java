/**
 * Wave cavities as layers, as in the backpropagation-free physical local learning paper: outputs are detected
 * powers |T·s|² of a fixed complex scattering matrix T applied to a source vector s set by inputs and
 * trainable parameters ({@link org.pnn4j.physics.cavities.Cavity}: speakers in an acoustic cavity, or a
 * programmable 1- or 2-bit metasurface in a microwave cavity), and a substrate fitted to recorded
 * acoustic-cavity measurements ({@link org.pnn4j.physics.cavities.RecordedAcoustic}).
 */
package org.pnn4j.physics.cavities;
