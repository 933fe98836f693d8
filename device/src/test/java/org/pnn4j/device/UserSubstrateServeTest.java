package org.pnn4j.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.backend.Backend;
import org.pnn4j.backend.Backends;
import org.pnn4j.physics.GainSubstrates;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.Substrate;
import org.pnn4j.physics.SubstrateProvider;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * A user's substrate, in a jar of its own built here (the provider class and its {@code META-INF/services} entry), is
 * served by the device server process that {@code ./pnn4j serve} runs ({@link DeviceServerMain}, with that jar added
 * to its class path as {@code PNN4J_CLASSPATH} adds it to the launcher's) and measured through a remote backend.
 */
@Timeout(180)
class UserSubstrateServeTest {
    @TempDir
    Path dir;

    private Path userJar() throws IOException {
        Path jar = dir.resolve("user-substrate.jar");
        String cls = GainSubstrates.class.getName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of(cls + ".class", cls + "$Clashing.class")) {
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = GainSubstrates.class.getClassLoader().getResourceAsStream(name)) {
                    in.transferTo(out);
                }
            }
            out.putNextEntry(new JarEntry("META-INF/services/" + SubstrateProvider.class.getName()));
            OutputStream o = out;
            o.write((GainSubstrates.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    @Test
    void aSubstrateFromAUsersJarIsServedAndMeasuresAsItsLocalDevice() throws IOException {
        try (ServerProcess server = ServerProcess.start(List.of(userJar().toString()), "--substrate", "gain:3", "--port", "0", "--token", "T")) {
            assertTrue(server.output().contains("serving gain(3)"), server.output());
            Substrate s = GainSubstrates.gain(3);
            Tensor x = Tensor.uniform(new Rng(1), -0.9, 0.9, 4, 3);
            Params theta = Params.of(s.name(), Map.of("g", Tensor.uniform(new Rng(2), 0.5, 2, 3)));
            try (Backend b = Backends.open("remote:127.0.0.1:" + server.port() + "?token=T")) {
                assertEquals("gain(3)", b.capabilities().substrates().get(0).name());
                Tensor remote = b.device(s).forward(x, theta);
                assertArrayEquals(s.device(1).forward(x, theta).array(), remote.array(), "the served device is the user's substrate");
            }
        }
    }
}
