package org.pnn4j.twin;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.backend.SubstrateSpecs;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Substrate;

/**
 * A twin file whose checksum is right but whose counts claim more than it holds (a file written by a buggy or hostile
 * tool) is refused before anything is allocated: before, a count of 2^31-1 hidden widths was an OutOfMemoryError.
 */
class TwinFileCountsTest {
    private static byte[] file(Substrate s, int hiddenCount) throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(p);
        o.writeUTF("network");
        o.writeUTF(s.name());
        o.writeInt(s.inputSize());
        o.writeInt(s.outputSize());
        o.writeBoolean(s.inputPeriodic());
        o.writeInt(s.parameters().size());
        for (ParameterSpec spec : s.parameters()) {
            int size = 1;
            for (int d : spec.shape()) size *= d;
            o.writeUTF(spec.name());
            o.writeInt(size);
            o.writeDouble(spec.lo());
            o.writeDouble(spec.hi());
            o.writeBoolean(spec.periodic());
        }
        o.writeInt(hiddenCount);
        o.writeInt(16);
        byte[] payload = p.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        DataOutputStream a = new DataOutputStream(all);
        a.writeUTF(DigitalTwin.MAGIC);
        a.writeInt(DigitalTwin.FORMAT_VERSION);
        a.writeInt(payload.length);
        a.write(payload);
        a.writeLong(crc.getValue());
        return all.toByteArray();
    }

    @Test
    void countsBeyondThePayloadAreRefusedBeforeAllocating(@TempDir Path dir) throws IOException {
        Substrate s = SubstrateSpecs.parse("oscillators:3");
        for (int count : new int[] {Integer.MAX_VALUE, -7}) {
            Path f = dir.resolve("twin" + count + ".bin");
            Files.write(f, file(s, count));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DigitalTwin.load(f, s));
            assertTrue(e.getMessage().contains("declares " + count + " hidden layer widths") && e.getMessage().contains("save the twin again"),
                    e.getMessage());
        }
    }
}
