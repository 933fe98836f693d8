package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.jshell.JShell;
import org.junit.jupiter.api.Test;

/**
 * The evaluator's compiler starts on pnn4j's API jars (class folders, pnn4j's jars, Tablesaw's core, XChart, jjava)
 * and gets the rest of the classpath when a cell, a completion or an inspection needs it (guava here, a jar of the
 * gRPC device module's dependencies); JShell's indexing waits for the first cell. Where the JVM does not open
 * {@code jdk.jshell} (no {@code --add-opens}), the compiler has the whole classpath from the start.
 */
class CompilerClasspathTest {
    /** Whether this JVM lets the evaluator set JShell's compiler classpath (the build's JVM flags open it). */
    private static final boolean OPEN = JShell.class.getModule().isOpen("jdk.jshell", CompilerClasspathTest.class.getModule());

    @Test
    void theTestJvmOpensJShellAsTheKernelsDoes() {
        // the parent pom's pnn4j.jvm.flags carry the --add-opens; without it the tests below check only the fallback
        assertTrue(OPEN, "run the kernel's tests with the parent pom's pnn4j.jvm.flags (--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED)");
    }

    @Test
    void aCellUsingAJarLeftOutAtStartCompilesAndRuns() {
        try (Evaluator ev = new Evaluator()) {
            assertEquals(!OPEN, ev.compilerHasWholeClasspath());
            assertEquals(2, ev.eval("1 + 1").value(), "a cell that needs no other jar");
            assertEquals(!OPEN, ev.compilerHasWholeClasspath());
            assertEquals("abab", ev.eval("com.google.common.base.Strings.repeat(\"ab\", 2)").value());
            assertTrue(ev.compilerHasWholeClasspath());
            assertEquals(6, ev.eval("com.google.common.math.IntMath.factorial(3)").value());
        }
    }

    @Test
    void aMethodDeclaredWithALeftOutJarsClassIsDefinedWhole() {
        try (Evaluator ev = new Evaluator()) {
            ev.eval("String twice(String s) { return com.google.common.base.Strings.repeat(s, 2); }");
            assertEquals("xx", ev.eval("twice(\"x\")").value());
        }
    }

    @Test
    void completionAndInspectionFindALeftOutJarsClasses() {
        try (Evaluator ev = new Evaluator()) {
            // before any cell: JShell's indexing is held, and completion must not wait for it
            assertTrue(ev.complete("Network.o", 9).matches().contains("of("));
            String code = "com.google.common.base.Strin";
            assertTrue(ev.complete(code, code.length()).matches().contains("Strings"));
            assertTrue(ev.compilerHasWholeClasspath());
        }
        try (Evaluator ev = new Evaluator()) {
            String code = "com.google.common.base.Strings.repeat(";
            assertTrue(ev.inspect(code, code.length()).contains("repeat(String"), ev.inspect(code, code.length()));
        }
    }

    @Test
    void aCellThatDoesNotCompileStillSaysWhy() {
        try (Evaluator ev = new Evaluator()) {
            CellException e = assertThrows(CellException.class, () -> ev.eval("tanhh()"));
            assertTrue(String.join("\n", e.traceback()).contains("did you mean tanh"), String.join("\n", e.traceback()));
            assertTrue(ev.compilerHasWholeClasspath(), "looked for it in every jar first");
            assertEquals(3, ev.eval("1 + 2").value());
        }
    }

    @Test
    void theStartUpEntriesArePnn4jsApi() {
        for (String in : new String[] {"/x/target/classes", "/x/lib/pnn4j-dsl-0.1.0-SNAPSHOT.jar", "/m2/tablesaw-core-0.44.4.jar",
                "/m2/xchart-4.0.3.jar", "/m2/jjava-jupyter-1.0-a6.jar", "pnn4j-kernel.jar"}) {
            assertTrue(Evaluator.inCompilerClasspathAtStart(in), in);
        }
        for (String out : new String[] {"/m2/guava-33.0.0-jre.jar", "/m2/fastutil-8.5.13.jar", "/m2/tablesaw-html-0.44.4.jar",
                "/m2/grpc-netty-shaded-1.68.1.jar", "spark-core_2.13-3.5.3.jar"}) {
            assertFalse(Evaluator.inCompilerClasspathAtStart(out), out);
        }
    }
}
