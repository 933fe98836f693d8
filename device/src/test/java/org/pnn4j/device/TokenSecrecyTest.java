package org.pnn4j.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.backend.Backends;

/** A device token never reaches a process listing or an error message. */
class TokenSecrecyTest {
    private static final String SECRET = "s3cret-Token-4-tests";

    @Test
    void theServerReadsItsTokenFromAFileAndWarnsAboutOneOnTheCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, SECRET + "\n");
        DeviceServerMain.Options fromFile = DeviceServerMain.parse(new String[] {"--substrate", "oscillators:4", "--token-file", file.toString()});
        assertEquals(SECRET, fromFile.token());
        assertFalse(fromFile.tokenOnCommandLine());
        assertTrue(DeviceServerMain.parse(new String[] {"--substrate", "oscillators:4", "--token", SECRET}).tokenOnCommandLine());
        Files.writeString(file, "  \n");
        DeviceServerMain.UsageError empty = assertThrows(DeviceServerMain.UsageError.class,
                () -> DeviceServerMain.parse(new String[] {"--substrate", "oscillators:4", "--token-file", file.toString()}));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        assertThrows(DeviceServerMain.UsageError.class, () -> DeviceServerMain.parse(
                new String[] {"--substrate", "oscillators:4", "--token-file", dir.resolve("missing").toString()}));
        assertTrue(DeviceServerMain.TOKEN_WARNING.contains("PNN4J_DEVICE_TOKEN"));
    }

    @Test
    void serveMovesTheTokenFromTheCommandLineToTheEnvironment() {
        Map<String, String> env = new HashMap<>();
        List<String> args = DeviceServerProcess.tokenToEnvironment(new String[] {"--substrate", "oscillators:8", "--token", SECRET, "--port", "0"}, env);
        assertEquals(List.of("--substrate", "oscillators:8", "--port", "0"), args);
        assertEquals(SECRET, env.get("PNN4J_DEVICE_TOKEN"));
    }

    @Test
    void aFailedServerStartDoesNotQuoteTheToken() {
        // a server that prints its command line (and the spec) and exits before listening
        List<String> cmd = List.of("/bin/sh", "-c", "echo \"args: $0 $1, remote:h:1?token=$PNN4J_DEVICE_TOKEN\"; exit 3", "--token", SECRET);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DeviceServerProcess.start(cmd, Map.of("PNN4J_DEVICE_TOKEN", SECRET), 60));
        assertTrue(e.getMessage().contains("args:"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void aFailedConnectionAndABadSpecDoNotQuoteTheToken() {
        RuntimeException unreachable = assertThrows(RuntimeException.class, () -> {
            try (var b = Backends.open("remote:127.0.0.1:1?token=" + SECRET + "&reconnect=0s&deadline=2s")) {
                b.capabilities(); // Describe: nothing listens on port 1
            }
        });
        assertFalse(String.valueOf(unreachable.getMessage()).contains(SECRET), unreachable.getMessage());
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
                () -> Backends.open("remote:127.0.0.1:1?token=" + SECRET + "&zzz=1"));
        assertFalse(extra.getMessage().contains(SECRET), extra.getMessage());
        assertTrue(extra.getMessage().contains("'zzz'") && extra.getMessage().contains("[token, reconnect, deadline]"), extra.getMessage());
    }
}
