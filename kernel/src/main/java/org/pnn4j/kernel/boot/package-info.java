/**
 * The code of the hook that {@code java.lang.Runtime.exit} and {@code halt} call once the kernel's agent has patched
 * them ({@link org.pnn4j.kernel.boot.ExitHook}). The agent defines it, renamed, in {@code java.base}; nothing in the
 * kernel uses the class under this name.
 */
package org.pnn4j.kernel.boot;
