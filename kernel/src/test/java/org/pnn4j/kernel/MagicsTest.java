package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MagicsTest {
    private static Evaluator ev;

    @BeforeAll
    static void start() {
        ev = new Evaluator();
    }

    @AfterAll
    static void stop() {
        ev.close();
        System.clearProperty("pnn4j.maven.args");
        System.clearProperty("pnn4j.maven.cache");
        System.clearProperty("pnn4j.mvn");
    }

    @Test
    void classpathAddsAFolderGivenRelativeToTheWorkingDirectory() throws Exception {
        Path cwd = Path.of(System.getProperty("user.dir"));
        Path src = Files.createTempDirectory(cwd.resolve("target"), "magic-src");
        Path classes = Files.createDirectories(cwd.resolve("target").resolve(src.getFileName() + "-classes"));
        Path java = Files.createDirectories(src.resolve("magictest")).resolve("Hello.java");
        Files.writeString(java, "package magictest; public class Hello { public static String hi() { return \"hi from a folder\"; } }");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), java.toString()));
        String relative = cwd.relativize(classes).toString();

        assertThrows(CellException.class, () -> ev.eval("magictest.Hello.hi()"));
        assertFalse(ev.eval("%classpath " + relative).hasValue());
        assertEquals("hi from a folder", ev.eval("magictest.Hello.hi()").value());
    }

    @Test
    void classpathNamesAMissingPath() {
        CellException e = assertThrows(CellException.class, () -> ev.eval("%classpath no/such/lib.jar\n1"));
        assertEquals("MagicError", e.name());
        assertTrue(e.getMessage().contains("no/such/lib.jar") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void mavenResolvesAnArtifactWhoseClassesALaterCellUses(@TempDir Path cache) {
        System.setProperty("pnn4j.maven.args", "-o"); // javax.inject:1 and the dependency plugin are in ~/.m2
        System.setProperty("pnn4j.maven.cache", cache.toString());
        try {
            assertThrows(CellException.class, () -> ev.eval("javax.inject.Named.class"));
            assertFalse(ev.eval("%maven javax.inject:javax.inject:1").hasValue());
            assertTrue(Files.exists(cache.resolve("javax.inject_javax.inject_1/lib/javax.inject-1.jar")));
            assertEquals("javax.inject.Named", ev.eval("javax.inject.Named.class.getName()").value());
            // a second time comes from the cache, without Maven
            System.setProperty("pnn4j.mvn", "/no/such/mvn");
            assertFalse(ev.eval("%maven javax.inject:javax.inject:1").hasValue());
        } finally {
            System.clearProperty("pnn4j.maven.args");
            System.clearProperty("pnn4j.maven.cache");
            System.clearProperty("pnn4j.mvn");
        }
    }

    @Test
    void mavenErrorsAreClear(@TempDir Path cache) {
        System.setProperty("pnn4j.maven.cache", cache.toString());
        try {
            CellException bad = assertThrows(CellException.class, () -> ev.eval("%maven javax.inject"));
            assertTrue(bad.getMessage().contains("GROUP:ARTIFACT:VERSION"), bad.getMessage());

            System.setProperty("pnn4j.maven.args", "-o");
            CellException missing = assertThrows(CellException.class, () -> ev.eval("%maven org.pnn4j.nope:nope:0.0.1"));
            assertTrue(missing.getMessage().contains("could not resolve org.pnn4j.nope:nope:0.0.1"), missing.getMessage());

            System.setProperty("pnn4j.mvn", "/no/such/mvn");
            CellException noMaven = assertThrows(CellException.class, () -> ev.eval("%maven org.pnn4j.nope:other:1"));
            assertTrue(noMaven.getMessage().contains("needs Maven") && noMaven.getMessage().contains("/no/such/mvn"),
                    noMaven.getMessage());
        } finally {
            System.clearProperty("pnn4j.maven.args");
            System.clearProperty("pnn4j.maven.cache");
            System.clearProperty("pnn4j.mvn");
        }
    }

    @Test
    void timeAsALinePrefixOrOnItsOwnLinePrintsTheWallTime() {
        String[] out = new String[1];
        assertEquals(2, captured(out, () -> ev.eval("%time 1 + 1").value()));
        assertTrue(out[0].startsWith("Wall time: "), out[0]);
        assertEquals(9, captured(out, () -> ev.eval("%time\nint t = 3;\nt * t").value()));
        assertTrue(out[0].startsWith("Wall time: "), out[0]);
        // a failing cell still says how long it ran
        assertThrows(CellException.class, () -> captured(out, () -> ev.eval("%time\nint u = 1 / 0;")));
        assertTrue(out[0].startsWith("Wall time: "), out[0]);
    }

    @Test
    void loadRunsAFileAsTheCell(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cell.jsh");
        Files.writeString(file, "int loaded = 7;\nloaded * 2\n");
        assertEquals(14, ev.eval("%load " + file).value());
        assertEquals(7, ev.eval("loaded").value());
        CellException e = assertThrows(CellException.class, () -> ev.eval("%load " + dir.resolve("missing.jsh")));
        assertTrue(e.getMessage().contains("missing.jsh") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void unknownMagicListsTheKnownOnes() {
        CellException e = assertThrows(CellException.class, () -> ev.eval("%timeit 1 + 1"));
        assertEquals("MagicError", e.name());
        for (String m : Magics.KNOWN) assertTrue(e.getMessage().contains(m), e.getMessage());
        assertTrue(e.getMessage().contains("%timeit"), e.getMessage());
    }

    @Test
    void isCompleteLooksPastTheMagics() {
        assertEquals("complete", ev.isComplete("%time"));
        assertEquals("incomplete", ev.isComplete("%time\nfor (int i = 0; i < 3; i++) {"));
        assertEquals("complete", ev.isComplete("%classpath a.jar\n1 + 1"));
    }

    private static <T> T captured(String[] out, Supplier<T> body) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            return body.get();
        } finally {
            System.setOut(old);
            out[0] = bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
