package org.pnn4j.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class RecordReplayTest {
    private final Substrate s = SubstrateSpecs.parse("oscillators:3");

    private Params theta(long seed) {
        java.util.List<org.pnn4j.nn.Parameter> ps = new java.util.ArrayList<>();
        Rng rng = new Rng(seed);
        s.parameters().forEach(p -> ps.add(p.create(rng)));
        return Params.of(s.name(), ps);
    }

    private Tensor x(long seed) {
        return Tensor.uniform(new Rng(seed), s.inputMin(), s.inputMax(), 4, s.inputSize());
    }

    @Test
    void aReplayedNetworkGivesTheRecordedOutputsWithoutTheDevice(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.pnnrec");
        Tensor y1, y2;
        try (RecordingBackend rec = new RecordingBackend(new SimulatedBackend(3), file)) {
            PhysicalLayer layer = new PhysicalLayer(s, rec.device(s)).mode(PhysicalLayer.Mode.PHYSICAL);
            y1 = layer.forward(x(1));
            y2 = layer.forward(x(1));
            assertEquals(2, rec.recorded());
        }
        try (Backend replay = Backends.open("replay:" + file)) {
            PhysicalLayer layer = new PhysicalLayer(s, replay.device(s)).mode(PhysicalLayer.Mode.PHYSICAL);
            assertArrayEquals(y1.array(), layer.forward(x(1)).array());
            assertArrayEquals(y2.array(), layer.forward(x(1)).array());
            BackendException e = assertThrows(BackendException.class, () -> layer.forward(x(1)));
            assertTrue(e.getMessage().contains("recorded 2 time(s)"), e.getMessage());
        }
        RecordedCall c = RecordingFormat.read(file).calls().get(0);
        assertEquals("simulated(seed=3)", c.backend());
        assertEquals(s.name(), c.substrate());
        assertTrue(c.durationNanos() > 0);
    }

    @Test
    void aDifferentCallNamesTheClosestRecordedCallAndItsFirstDifference(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.pnnrec");
        try (Backend rec = new RecordingBackend(new SimulatedBackend(3).serve(s), file)) {
            rec.forward(s.name(), x(1), theta(2), 1);
        }
        ReplayBackend replay = ReplayBackend.open(file);
        float[] v = x(1).toArray();
        v[5] += 0.001f;
        Tensor changed = Tensor.of(v, 4, s.inputSize());
        BackendException e = assertThrows(BackendException.class, () -> replay.forward(s.name(), changed, theta(2), 1));
        assertTrue(e.getMessage().contains("#0") && e.getMessage().contains("input [1, 2]"), e.getMessage());
        PreflightException unknown = assertThrows(PreflightException.class, () -> replay.forward("mech(3)", x(1), theta(2), 1));
        assertTrue(unknown.getMessage().contains("mech(3)"), unknown.getMessage());
    }

    @Test
    void aTornTailFromACrashLosesOnlyTheCallInFlightAndAppendingContinues(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.pnnrec");
        try (Backend rec = new RecordingBackend(new SimulatedBackend(3).serve(s), file)) {
            rec.forward(s.name(), x(1), theta(2), 1);
            rec.forward(s.name(), x(3), theta(2), 1);
        }
        long whole = Files.size(file);
        byte[] bytes = Files.readAllBytes(file);
        // a crash in the middle of the second frame: half of it reached the disk
        int frame2 = (int) (whole - (whole - RecordingFormat.HEADER_BYTES) / 2);
        Files.write(file, java.util.Arrays.copyOf(bytes, frame2 + 10), StandardOpenOption.TRUNCATE_EXISTING);
        RecordingFormat.Contents c = RecordingFormat.read(file);
        assertEquals(1, c.calls().size());
        assertEquals(10, c.droppedBytes());
        try (Backend rec = new RecordingBackend(new SimulatedBackend(3).serve(s), file)) {
            rec.forward(s.name(), x(4), theta(2), 1);
        }
        RecordingFormat.Contents after = RecordingFormat.read(file);
        assertEquals(2, after.calls().size());
        assertEquals(0, after.droppedBytes());
    }

    @Test
    void aDamagedRecordingIsNeverTruncatedAndItsIntactCallsAreSalvaged(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.pnnrec");
        try (Backend rec = new RecordingBackend(new SimulatedBackend(3).serve(s), file)) {
            for (int i = 0; i < 12; i++) rec.forward(s.name(), x(10 + i), theta(2), 1);
        }
        byte[] bytes = Files.readAllBytes(file);
        long size = bytes.length;
        // one flipped byte inside the second call's payload
        int frame = (int) ((size - RecordingFormat.HEADER_BYTES) / 12);
        bytes[RecordingFormat.HEADER_BYTES + frame + 40] ^= 0x5A;
        Files.write(file, bytes);
        RecordingFormat.Contents c = RecordingFormat.read(file);
        assertTrue(c.damaged(), c.toString());
        assertEquals(1, c.calls().size());
        assertTrue(c.damage().contains("call 1") && c.damage().contains("checksum"), c.damage());
        java.io.UncheckedIOException refused = assertThrows(java.io.UncheckedIOException.class,
                () -> new RecordingBackend(new SimulatedBackend(3).serve(s), file));
        assertTrue(refused.getMessage().contains("damaged") && refused.getMessage().contains("salvage"), refused.getMessage());
        assertEquals(size, Files.size(file), "the damaged file must be left as it was");
        assertArrayEquals(bytes, Files.readAllBytes(file));
        Path saved = dir.resolve("saved.pnnrec");
        assertEquals(11, RecordingFormat.salvage(file, saved));
        RecordingFormat.Contents good = RecordingFormat.read(saved);
        assertFalse(good.damaged());
        assertEquals(11, good.calls().size());
        assertArrayEquals(x(21).array(), good.calls().get(10).inputs().array());
        try (Backend rec = new RecordingBackend(new SimulatedBackend(3).serve(s), saved)) {
            rec.forward(s.name(), x(99), theta(2), 1);
        }
        assertEquals(12, RecordingFormat.read(saved).calls().size());
        assertThrows(IOException.class, () -> RecordingFormat.salvage(file, saved), "salvage never overwrites");
    }

    @Test
    void replayingACutRecordingSaysItWasCut(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.pnnrec");
        try (Backend rec = new RecordingBackend(new SimulatedBackend(3).serve(s), file)) {
            rec.forward(s.name(), x(1), theta(2), 1);
            rec.forward(s.name(), x(3), theta(2), 1);
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        ReplayBackend replay = ReplayBackend.open(file);
        assertArrayEquals(replay.calls().get(0).outputs().array(), replay.forward(s.name(), x(1), theta(2), 1).array());
        BackendException e = assertThrows(BackendException.class, () -> replay.forward(s.name(), x(3), theta(2), 1));
        assertTrue(e.getMessage().contains("was cut") && e.getMessage().contains("incomplete call"), e.getMessage());
    }

    @Test
    void aFileOfAnotherKindOrNewerVersionIsRefused(@TempDir Path dir) throws IOException {
        Path other = dir.resolve("other.bin");
        Files.write(other, "hello, not a recording".getBytes());
        IOException e = assertThrows(IOException.class, () -> RecordingFormat.read(other));
        assertTrue(e.getMessage().contains("not a pnn4j recording"), e.getMessage());
        Path newer = dir.resolve("newer.pnnrec");
        Files.write(newer, java.nio.ByteBuffer.allocate(12).put(RecordingFormat.MAGIC).putInt(2).array());
        IOException v = assertThrows(IOException.class, () -> RecordingFormat.read(newer));
        assertTrue(v.getMessage().contains("version 2") && v.getMessage().contains("upgrade"), v.getMessage());
    }

    @Test
    void recordedParametersKeepTheirNamesAndValues(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.pnnrec");
        Params p = theta(2);
        try (Backend rec = new RecordingBackend(new SimulatedBackend(3).serve(s), file)) {
            rec.forward(s.name(), x(1), p, 2);
        }
        RecordedCall c = RecordingFormat.read(file).calls().get(0);
        assertEquals(2, c.repeats());
        for (Map.Entry<String, Tensor> e : c.params().entrySet()) assertArrayEquals(p.get(e.getKey()).array(), e.getValue().array());
        assertArrayEquals(x(1).array(), c.inputs().array());
    }
}
