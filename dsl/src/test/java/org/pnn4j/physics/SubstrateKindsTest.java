package org.pnn4j.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.Pnn;

class SubstrateKindsTest {
    @TempDir
    Path dir;

    /** Runs {@code body} with a context class loader that also sees a services file listing {@code providers}. */
    private <T> T withProviders(Callable<T> body, String... providers) throws Exception {
        Path services = dir.resolve("META-INF/services/" + SubstrateProvider.class.getName());
        Files.createDirectories(services.getParent());
        Files.write(services, List.of(providers));
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, SubstrateKindsTest.class.getClassLoader())) {
            t.setContextClassLoader(loader);
            return body.call();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Test
    void everyBuiltInKindIsFoundWithoutAList() {
        assertEquals(List.of("oscillators", "pendula", "shg", "fourier", "mzi", "plate", "diode", "transistor", "resistors", "acoustic", "microwave"),
                List.copyOf(SubstrateKinds.all().keySet()));
        assertEquals("pendula(5)", Pnn.substrate("pendula:5").name());
        assertEquals(org.pnn4j.physics.optics.Shg.of(8, 4, 3).toString(), Pnn.substrate(" SHG:8, 4, 3 ").toString());
    }

    @Test
    void aUsersProviderOnTheClassPathAddsItsKind() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> SubstrateKinds.parse("gain:3"));
        Substrate s = withProviders(() -> SubstrateKinds.parse("gain:3"), GainSubstrates.class.getName());
        assertEquals("gain(3)", s.name());
        assertTrue(withProviders(SubstrateKinds::forms, GainSubstrates.class.getName()).endsWith("gain:N"));
    }

    @Test
    void twoProvidersOfOneKindAreAnErrorNamingBoth() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> withProviders(SubstrateKinds::all, GainSubstrates.Clashing.class.getName()));
        assertTrue(e.getMessage().contains("'oscillators'") && e.getMessage().contains("OscillatorSubstrates")
                && e.getMessage().contains("Clashing"), e.getMessage());
    }

    @Test
    void badSpecsSayWhatIsAcceptedAndBadDeclarationsAreRefused() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SubstrateKinds.parse("laser:3"));
        assertTrue(unknown.getMessage().contains("oscillators:N") && unknown.getMessage().contains("META-INF/services"), unknown.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> SubstrateKinds.parse("shg:8,4"));
        assertTrue(count.getMessage().contains("needs 0 numbers or 3 numbers") && count.getMessage().contains("shg:BINS,IN,OUT"), count.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> SubstrateKinds.parse("pendula:0"));
        assertTrue(size.getMessage().contains("at least 1, got 0"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SubstrateKind.of("Gain", "gain:N", 1, n -> null));
        assertThrows(IllegalArgumentException.class, () -> SubstrateKind.of("gain", "gain:N", -1, n -> null));
        assertFalse(SubstrateKinds.forms().contains("gain"));
    }
}
