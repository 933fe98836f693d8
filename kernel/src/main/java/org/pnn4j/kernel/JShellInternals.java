package org.pnn4j.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

/**
 * The two changes the kernel makes inside JShell to start faster, through {@code --add-opens
 * jdk.jshell/jdk.jshell=ALL-UNNAMED} (the launcher's, the kernelspec's and the tests' JVM flags carry it). Each one
 * reports whether it took effect and changes nothing when it cannot (another JDK's JShell, or a JVM without the flag):
 * the kernel then starts as JShell does by itself, only slower.
 *
 * <ul>
 *   <li>{@link #setCompilerClasspath}: JShell compiles against the JVM's whole classpath, and javac opens every jar
 *       on it at the first snippet (the kernel's 43 jars hold 32 000 entries; 0.2-0.3 s of a 2-core machine's start);
 *       the {@link Evaluator} starts it on the jars of pnn4j's API and adds the others when a snippet needs them.</li>
 *   <li>{@link #suspendIndexing}/{@link #resumeIndexing}: JShell indexes every class of the classpath and the JDK
 *       on a background thread from its start (for its import suggestions), on the cores the first compilation
 *       needs; the evaluator holds it until the first cell has run.</li>
 * </ul>
 */
final class JShellInternals {
    private JShellInternals() {}

    /**
     * Replaces the classpath JShell compiles against (JShell's own {@code addToClasspath} only appends to the JVM's).
     *
     * @param shell a JShell that has compiled nothing yet
     * @param classpath the entries, separated by the path separator; not empty
     * @return whether the compiler now uses it
     */
    static boolean setCompilerClasspath(JShell shell, String classpath) {
        try {
            Field factoryField = JShell.class.getDeclaredField("taskFactory");
            factoryField.setAccessible(true);
            Object factory = factoryField.get(shell);
            Field classpathField = factory.getClass().getDeclaredField("classpath");
            classpathField.setAccessible(true);
            if (!(classpathField.get(factory) instanceof String)) return false;
            int last = classpath.lastIndexOf(java.io.File.pathSeparatorChar);
            // addToClasspath sets the compiler's classpath to the field's value, a separator and its argument (one
            // entry: given twice, since an empty entry would be the working directory)
            classpathField.set(factory, last < 0 ? classpath : classpath.substring(0, last));
            shell.addToClasspath(last < 0 ? classpath : classpath.substring(last + 1));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** @return whether the analysis's background indexing now waits for {@link #resumeIndexing} */
    static boolean suspendIndexing(SourceCodeAnalysis analysis) {
        return call(analysis, "suspendIndexing");
    }

    /** Lets the indexing that {@link #suspendIndexing} held run. */
    static void resumeIndexing(SourceCodeAnalysis analysis) {
        call(analysis, "resumeIndexing");
    }

    private static boolean call(SourceCodeAnalysis analysis, String method) {
        try {
            Method m = analysis.getClass().getMethod(method);
            m.setAccessible(true);
            m.invoke(analysis);
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
