package org.pnn4j.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.tensor.Tensor;

class IdxTest {
    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes with the given shape, element k = (k * 37) mod 256. */
    static byte[] ubyteIdx(int... shape) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(new byte[] {0, 0, 0x08, (byte) shape.length});
        int n = 1;
        for (int d : shape) { out.writeInt(d); n *= d; }
        for (int k = 0; k < n; k++) out.writeByte((k * 37) % 256);
        return b.toByteArray();
    }

    static Path write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            o.write(bytes);
        }
        return file;
    }

    @Test
    void rawUnsignedByteFileRoundTripsShapeAndValues() throws IOException {
        Path f = write(dir.resolve("x.idx"), ubyteIdx(3, 2, 4), false);
        Tensor t = Idx.read(f);
        assertArrayEquals(new int[] {3, 2, 4}, t.shape());
        for (int k = 0; k < 24; k++) assertEquals((k * 37) % 256, t.array()[k], "element " + k);
        assertArrayEquals(new int[] {3, 2, 4}, Idx.shape(f));
        int[] ints = Idx.readInts(f);
        assertEquals(37 * 7 % 256, ints[7]);
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName() throws IOException {
        Path f = write(dir.resolve("no-gz-suffix.idx"), ubyteIdx(300), true);
        assertEquals(0x1f, Files.readAllBytes(f)[0] & 0xff);
        Tensor t = Idx.read(f, 1f / 255);
        assertArrayEquals(new int[] {300}, t.shape());
        assertEquals((299 * 37 % 256) / 255f, t.array()[299], 1e-7);
        assertTrue(t.array()[7] <= 1f);
    }

    @Test
    void otherElementTypesAreRead() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(new byte[] {0, 0, 0x0D, 1});
        out.writeInt(3);
        out.writeFloat(1.5f); out.writeFloat(-2f); out.writeFloat(1e-3f);
        Tensor t = Idx.read(write(dir.resolve("f.idx"), b.toByteArray(), false));
        assertArrayEquals(new float[] {1.5f, -2f, 1e-3f}, t.toArray());

        b.reset();
        out.write(new byte[] {0, 0, 0x0B, 1});
        out.writeInt(2);
        out.writeShort(-300); out.writeShort(1200);
        assertArrayEquals(new int[] {-300, 1200}, Idx.readInts(write(dir.resolve("s.idx"), b.toByteArray(), true)));
        var e = assertThrows(IdxFormatException.class, () -> Idx.readInts(dir.resolve("f.idx")));
        assertTrue(e.getMessage().contains("float"), e.getMessage());
    }

    @Test
    void badMagicNumberIsReportedWithTheBytesFound() throws IOException {
        Path f = write(dir.resolve("bad.idx"), "hello, not idx".getBytes(), false);
        var e = assertThrows(IdxFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
        assertTrue(e.getMessage().contains("0x68 0x65 0x6c 0x6c"), e.getMessage());
        assertEquals(f, e.path());
    }

    @Test
    void truncatedBodyIsReportedWithDeclaredAndActualCounts() throws IOException {
        byte[] full = ubyteIdx(10, 10);
        for (boolean gz : new boolean[] {false, true}) {
            Path f = write(dir.resolve("cut" + gz + ".idx"), Arrays.copyOf(full, full.length - 30), gz);
            var e = assertThrows(IdxFormatException.class, () -> Idx.read(f));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            assertTrue(e.getMessage().contains("[10, 10]") && e.getMessage().contains(gz ? "after 70 elements" : "at most 70 bytes"),
                    e.getMessage());
        }
        Path header = write(dir.resolve("header.idx"), Arrays.copyOf(full, 6), false);
        var h = assertThrows(IdxFormatException.class, () -> Idx.shape(header));
        assertTrue(h.getMessage().contains("truncated inside its header"), h.getMessage());
    }

    @Test
    void aHeaderClaimingBillionsOfElementsIsRefusedBeforeAllocating() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.write(new byte[] {0, 0, 0x0d, 2});
        out.writeInt(50_000);
        out.writeInt(40_000);   // 2e9 floats, 8 GB, in a file of a few bytes
        out.writeFloat(1f);
        for (boolean gz : new boolean[] {false, true}) {
            Path f = write(dir.resolve("huge" + gz + ".idx"), b.toByteArray(), gz);
            var e = assertThrows(IdxFormatException.class, () -> Idx.read(f));
            assertTrue(e.getMessage().contains("[50000, 40000]") && e.getMessage().contains("at most"), e.getMessage());
            assertThrows(IdxFormatException.class, () -> Idx.readInts(f));
        }
    }

    @Test
    void dataBeyondTheDeclaredShapeIsRejected() throws IOException {
        byte[] full = ubyteIdx(4);
        Path f = write(dir.resolve("long.idx"), Arrays.copyOf(full, full.length + 3), false);
        var e = assertThrows(IdxFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("beyond the 4 elements"), e.getMessage());
    }

    @Test
    void missingFileNamesThePath() {
        Path f = dir.resolve("absent.idx");
        var e = assertThrows(UncheckedIOException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }
}
