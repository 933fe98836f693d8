/**
 * The Jupyter kernel: JShell evaluation in the kernel's own JVM ({@link org.pnn4j.kernel.Evaluator}), rich
 * displays ({@link org.pnn4j.kernel.Display}), the live training progress, the protocol on jjava-jupyter
 * ({@link org.pnn4j.kernel.PnnKernel}), the kernelspec installer and the headless notebook runner.
 */
package org.pnn4j.kernel;
