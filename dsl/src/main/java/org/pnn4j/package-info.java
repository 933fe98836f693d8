/**
 * pnn4j: physical neural networks. {@link org.pnn4j.Pnn} holds the factories a notebook cell calls,
 * {@link org.pnn4j.Network} composes layers with shapes checked when it is built.
 */
package org.pnn4j;
