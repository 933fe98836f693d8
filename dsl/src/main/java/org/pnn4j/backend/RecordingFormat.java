package org.pnn4j.backend;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.pnn4j.tensor.Tensor;

/**
 * The recording file format, version 1 (extension {@code .pnnrec}). Big-endian throughout.
 *
 * <pre>
 * file    = header frame*
 * header  = magic "PNN4JREC" (8 bytes ASCII)  version:int32 (= 1)
 * frame   = length:int32  payload[length]  crc32(payload):int32
 * payload = startMillis:int64  durationNanos:int64  backend:str  substrate:str  repeats:int32
 *           inputs:tensor  nParams:int32  (name:str tensor)*nParams  outputs:tensor
 * str     = byteLength:uint16 UTF-8 bytes
 * tensor  = rank:int32  dim:int32*rank  value:float32*(product of dims)   (IEEE 754 bits)
 * </pre>
 *
 * <p>Each frame is written with one append, so a crash loses at most the call in flight: the file then ends in an
 * incomplete frame (a <em>torn tail</em>), which a reader drops and reports, and which a {@link RecordingBackend}
 * reopening the file cuts before appending. A complete frame whose CRC does not match, or a frame length that cannot
 * be, is <em>damage</em> (a flipped bit on disk, an overwritten block): the reader stops there and says where
 * ({@link Contents#damage()}); nothing after it is cut or overwritten: a {@link RecordingBackend} refuses to append
 * to a damaged file, and {@link #salvage} copies every intact call, before and after the damage, into a new file.
 * A reader refuses a file of another magic or a newer version. Version 1 readers must keep reading version 1 files.
 */
public final class RecordingFormat {
    private RecordingFormat() {}

    /** The 8 magic bytes that start every recording. */
    public static final byte[] MAGIC = "PNN4JREC".getBytes(StandardCharsets.US_ASCII);
    /** The format version this code writes. */
    public static final int VERSION = 1;
    /** Bytes before the first frame. */
    public static final int HEADER_BYTES = MAGIC.length + 4;
    /** Largest frame accepted when reading (1 GiB): a larger length means a corrupt file. */
    static final int MAX_FRAME = 1 << 30;

    /**
     * The calls in a recording and the bytes of a torn tail that were dropped.
     *
     * @param calls        the complete calls before the first torn or damaged frame, in file order
     * @param validBytes   the length of the file's valid part (header and those frames)
     * @param droppedBytes bytes after the valid part (0 for a clean file)
     * @param damage       "" for a clean file or a torn tail (a crash while appending: safe to cut); otherwise what
     *                     is damaged, where, and how many bytes follow (then the dropped bytes may hold good calls:
     *                     see {@link RecordingFormat#salvage})
     */
    public record Contents(List<RecordedCall> calls, long validBytes, long droppedBytes, String damage) {
        /** Whether the file is damaged (not merely cut by a crash while appending). */
        public boolean damaged() {
            return !damage.isEmpty();
        }
    }

    /** The header's bytes. */
    static byte[] header() {
        return ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).putInt(VERSION).array();
    }

    /** One call as a complete frame (length, payload, CRC), ready for a single append. */
    static byte[] frame(RecordedCall c) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 4 * (c.inputs().size() + c.outputs().size()));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeLong(c.startMillis());
            out.writeLong(c.durationNanos());
            writeString(out, c.backend());
            writeString(out, c.substrate());
            out.writeInt(c.repeats());
            writeTensor(out, c.inputs());
            out.writeInt(c.params().size());
            for (Map.Entry<String, Tensor> e : c.params().entrySet()) {
                writeString(out, e.getKey());
                writeTensor(out, e.getValue());
            }
            writeTensor(out, c.outputs());
            out.flush();
            byte[] payload = bytes.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(payload);
            return ByteBuffer.allocate(payload.length + 8).putInt(payload.length).put(payload).putInt((int) crc.getValue()).array();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: writing to memory", e);
        }
    }

    /**
     * Reads a recording.
     *
     * @throws IOException when the file cannot be read, is not a recording, or has a newer version
     */
    public static Contents read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all);
        if (all.length < HEADER_BYTES || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC))
            throw new IOException(file + " is not a pnn4j recording (it does not start with " + new String(MAGIC, StandardCharsets.US_ASCII) + ")");
        b.position(MAGIC.length);
        int version = b.getInt();
        if (version != VERSION)
            throw new IOException(file + " is a version " + version + " recording; this pnn4j reads version " + VERSION
                    + (version > VERSION ? ": upgrade pnn4j" : ""));
        List<RecordedCall> calls = new ArrayList<>();
        long valid = HEADER_BYTES;
        String damage = "";
        while (b.remaining() >= 4) {
            int at = b.position();
            int length = b.getInt();
            if (length < 0 || length > MAX_FRAME) {
                damage = String.format(java.util.Locale.ROOT, "call %d at byte %d has an impossible length %d; %d bytes follow",
                        calls.size(), at, length, all.length - at);
                break;
            }
            if (b.remaining() < (long) length + 4) break;   // the last frame is incomplete: a torn tail
            byte[] payload = new byte[length];
            b.get(payload);
            int stored = b.getInt();
            if (crc(payload) != stored) {
                damage = String.format(java.util.Locale.ROOT, "call %d at byte %d fails its checksum; %d bytes follow from there",
                        calls.size(), at, all.length - at);
                break;
            }
            calls.add(parse(payload, file, calls.size()));
            valid = b.position();
        }
        return new Contents(List.copyOf(calls), valid, all.length - valid, damage);
    }

    private static int crc(byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        return (int) crc.getValue();
    }

    /**
     * Copies every intact call of a damaged (or cut) recording into a new file: the calls before the damage, and the
     * calls after it, found by scanning for frames whose length and checksum hold. The damaged file is left as it is.
     *
     * @param damaged the recording to read
     * @param target  the new recording to write; must not exist
     * @return the number of calls written to {@code target}
     * @throws IOException when {@code damaged} is not a recording, {@code target} exists, or a write fails
     */
    public static int salvage(Path damaged, Path target) throws IOException {
        if (Files.exists(target)) throw new IOException("will not overwrite " + target + ": give salvage a new file");
        byte[] all = Files.readAllBytes(damaged);
        Contents head = read(damaged);
        List<byte[]> frames = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(all);
        b.position(HEADER_BYTES);
        while (b.position() < head.validBytes()) {
            int length = b.getInt();
            byte[] frame = new byte[length + 8];
            b.position(b.position() - 4);
            b.get(frame);
            frames.add(frame);
        }
        // after the damage: a frame is accepted where its length fits and its checksum and contents hold
        int at = (int) head.validBytes() + 1;
        while (at + 8 <= all.length) {
            int length = ByteBuffer.wrap(all, at, 4).getInt();
            if (length >= 0 && length <= MAX_FRAME && (long) at + 8 + length <= all.length) {
                byte[] payload = Arrays.copyOfRange(all, at + 4, at + 4 + length);
                if (crc(payload) == ByteBuffer.wrap(all, at + 4 + length, 4).getInt()) {
                    try {
                        parse(payload, damaged, frames.size());
                        frames.add(Arrays.copyOfRange(all, at, at + 8 + length));
                        at += 8 + length;
                        continue;
                    } catch (IOException notAFrame) {
                        // a checksum that matched by chance: keep scanning
                    }
                }
            }
            at++;
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(header()));
            for (byte[] f : frames) {
                ByteBuffer fb = ByteBuffer.wrap(f);
                while (fb.hasRemaining()) out.write(fb);
            }
            out.force(true);
        }
        Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return frames.size();
    }

    private static RecordedCall parse(byte[] payload, Path file, int index) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        try {
            long start = in.readLong();
            long nanos = in.readLong();
            String backend = readString(in);
            String substrate = readString(in);
            int repeats = in.readInt();
            Tensor x = readTensor(in);
            int n = in.readInt();
            if (n < 0) throw new IOException("negative parameter count " + n);
            Map<String, Tensor> params = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) params.put(readString(in), readTensor(in));
            Tensor y = readTensor(in);
            return new RecordedCall(start, nanos, backend, substrate, repeats, x, params, y);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": call " + index + " has a valid checksum but cannot be parsed (" + e.getMessage()
                    + "); the file was written by other software", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) throw new IllegalArgumentException("name longer than 65535 bytes: " + s.substring(0, 40) + "...");
        out.writeShort(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeTensor(DataOutputStream out, Tensor t) throws IOException {
        int[] shape = t.shape();
        out.writeInt(shape.length);
        for (int d : shape) out.writeInt(d);
        for (float v : t.array()) out.writeFloat(v);
    }

    private static Tensor readTensor(DataInputStream in) throws IOException {
        int rank = in.readInt();
        if (rank < 0 || rank > 8) throw new IOException("tensor rank " + rank);
        int[] shape = new int[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = in.readInt();
            if (shape[i] < 0) throw new IOException("negative dimension " + shape[i]);
            size *= shape[i];
        }
        if (size > MAX_FRAME / 4) throw new IOException("tensor of " + size + " values");
        float[] v = new float[(int) size];
        for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
        return Tensor.wrap(v, shape);
    }
}
