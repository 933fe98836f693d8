package org.pnn4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.pnn4j.tensor.Tensor;

/**
 * Reader of IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, an element
 * type code, the number of dimensions, then each dimension as a 32-bit integer) followed by the elements,
 * row-major. Files may be raw or gzip-compressed; compression is detected from the first bytes, not the name.
 *
 * <p>Element types: unsigned byte (0x08), signed byte (0x09), short (0x0B), int (0x0C), float (0x0D) and
 * double (0x0E), all big-endian. Values are converted to float32 as they are read, without an intermediate
 * copy of the file, so a 47 MB MNIST image file becomes one 188 MB float array and nothing else.
 */
public final class Idx {
    private Idx() {}

    private static final int UBYTE = 0x08, BYTE = 0x09, SHORT = 0x0B, INT = 0x0C, FLOAT = 0x0D, DOUBLE = 0x0E;

    /**
     * Reads an IDX file into a tensor of its shape, values converted to float32 (unsigned bytes give 0..255).
     *
     * @throws IdxFormatException   for a bad magic number, an unknown element type, a truncated file, or data
     *                              beyond what the header declares
     * @throws UncheckedIOException if the file is missing or cannot be read
     */
    public static Tensor read(Path path) {
        return read(path, 1f);
    }

    /**
     * Reads an IDX file, multiplying every value by {@code scale} as it is read (e.g. {@code 1f / 255} to turn
     * pixel bytes into [0, 1] without a second array).
     *
     * @throws IdxFormatException   as {@link #read(Path)}
     * @throws UncheckedIOException if the file is missing or cannot be read
     */
    public static Tensor read(Path path, float scale) {
        try (InputStream raw = open(path); DataInputStream in = new DataInputStream(raw)) {
            Header h = bodyHeader(path, in);
            float[] out = new float[h.count()];
            readBody(path, in, h, (i, v) -> out[i] = v * scale);
            requireEnd(path, in, h);
            return Tensor.wrap(out, h.shape);
        } catch (IOException e) {
            throw unchecked(path, e);
        }
    }

    /**
     * Reads an IDX file of integer elements (unsigned byte, byte, short or int) as a flat int array, e.g. labels.
     *
     * @throws IdxFormatException   as {@link #read(Path)}, or if the elements are float or double
     * @throws UncheckedIOException if the file is missing or cannot be read
     */
    public static int[] readInts(Path path) {
        try (InputStream raw = open(path); DataInputStream in = new DataInputStream(raw)) {
            Header h = bodyHeader(path, in);
            if (h.type == FLOAT || h.type == DOUBLE)
                throw new IdxFormatException(path, "IDX file " + path + " holds " + typeName(h.type)
                        + " elements; readInts needs integer elements. Use Idx.read(path) instead.");
            int[] out = new int[h.count()];
            readBody(path, in, h, (i, v) -> out[i] = (int) v);
            requireEnd(path, in, h);
            return out;
        } catch (IOException e) {
            throw unchecked(path, e);
        }
    }

    /**
     * The shape declared by an IDX file's header (reads only the header).
     *
     * @throws IdxFormatException   for a bad magic number or a truncated header
     * @throws UncheckedIOException if the file is missing or cannot be read
     */
    public static int[] shape(Path path) {
        try (InputStream raw = open(path); DataInputStream in = new DataInputStream(raw)) {
            return header(path, in).shape.clone();
        } catch (IOException e) {
            throw unchecked(path, e);
        }
    }

    /**
     * Reads the whole file without keeping the values, checking the header, the body length and the end.
     * Returns the shape.
     */
    static int[] verify(Path path) {
        try (InputStream raw = open(path); DataInputStream in = new DataInputStream(raw)) {
            Header h = header(path, in);
            readBody(path, in, h, (i, v) -> { });
            requireEnd(path, in, h);
            return h.shape.clone();
        } catch (IOException e) {
            throw unchecked(path, e);
        }
    }

    private static UncheckedIOException unchecked(Path path, IOException e) {
        if (e instanceof NoSuchFileException)
            return new UncheckedIOException("IDX file not found: " + path, e);
        return new UncheckedIOException("cannot read IDX file " + path + ": " + e.getMessage(), e);
    }

    /** Opens the file, unwrapping gzip when its first two bytes are the gzip magic 0x1f 0x8b. */
    private static InputStream open(Path path) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        return in;
    }

    private record Header(int type, int[] shape) {
        int count() {
            long c = 1;
            for (int d : shape) c *= d;
            return (int) c;
        }

        int elementBytes() {
            return switch (type) {
                case UBYTE, BYTE -> 1;
                case SHORT -> 2;
                case INT, FLOAT -> 4;
                default -> 8;
            };
        }
    }

    private static Header header(Path path, DataInputStream in) throws IOException {
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        if (got < 4)
            throw new IdxFormatException(path, "IDX file " + path + " is truncated: it has " + got
                    + " bytes, fewer than the 4-byte magic number. Obtain the file again.");
        int type = magic[2] & 0xff, rank = magic[3] & 0xff;
        boolean knownType = type == UBYTE || type == BYTE || type == SHORT || type == INT || type == FLOAT || type == DOUBLE;
        if (magic[0] != 0 || magic[1] != 0 || !knownType || rank == 0)
            throw new IdxFormatException(path, String.format("not an IDX file: %s starts with 0x%02x 0x%02x 0x%02x 0x%02x;"
                            + " an IDX file starts with 0x00 0x00, an element type (0x08 ubyte, 0x09 byte, 0x0b short,"
                            + " 0x0c int, 0x0d float, 0x0e double) and a rank >= 1 (raw or gzip-compressed)."
                            + " Check that the path points at an IDX file, or obtain it again.",
                    path, magic[0] & 0xff, magic[1] & 0xff, type, rank));
        int[] shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            try {
                shape[i] = in.readInt();
            } catch (EOFException e) {
                throw new IdxFormatException(path, "IDX file " + path + " is truncated inside its header: rank " + rank
                        + " declared, only " + i + " dimensions present. Obtain the file again.");
            }
            if (shape[i] < 0)
                throw new IdxFormatException(path, "IDX file " + path + " declares a negative dimension " + shape[i]
                        + " at axis " + i + "; the file is corrupt. Obtain it again.");
            count *= shape[i];
            if (count > Integer.MAX_VALUE - 8)
                throw new IdxFormatException(path, "IDX file " + path + " declares more than 2^31 elements (shape starts "
                        + Arrays.toString(Arrays.copyOf(shape, i + 1)) + "); too large for one tensor");
        }
        return new Header(type, shape);
    }

    /** The header, checked against what the file can hold before the body is allocated. */
    private static Header bodyHeader(Path path, DataInputStream in) throws IOException {
        Header h = header(path, in);
        long declared = (long) h.count() * h.elementBytes();
        long available = bodyBytesAtMost(path, 4L + 4L * h.shape.length);
        if (declared > available)
            throw new IdxFormatException(path, "IDX file " + path + " is truncated or its header is corrupt: it declares shape "
                    + Arrays.toString(h.shape) + " (" + declared + " bytes of " + typeName(h.type) + "), but the file can hold at most "
                    + available + " bytes of data. Obtain it again.");
        return h;
    }

    /**
     * The most data bytes {@code path} can hold after a header of {@code headerBytes}, checked before anything is
     * allocated: the file's size for a raw file; for gzip, DEFLATE's largest ratio (1032:1) times the compressed size.
     */
    private static long bodyBytesAtMost(Path path, long headerBytes) throws IOException {
        long size = Files.size(path);
        boolean gzip;
        try (InputStream in = Files.newInputStream(path)) {
            gzip = in.read() == 0x1f && in.read() == 0x8b;
        }
        return gzip ? size * 1032 : Math.max(0, size - headerBytes);
    }

    @FunctionalInterface
    private interface Sink {
        void put(int index, float value);
    }

    private static void readBody(Path path, DataInputStream in, Header h, Sink sink) throws IOException {
        int count = h.count();
        if (h.type == UBYTE || h.type == BYTE) {
            byte[] buf = new byte[1 << 16];
            int i = 0;
            while (i < count) {
                int want = Math.min(buf.length, count - i);
                int got = in.readNBytes(buf, 0, want);
                if (h.type == UBYTE) for (int j = 0; j < got; j++) sink.put(i + j, buf[j] & 0xff);
                else for (int j = 0; j < got; j++) sink.put(i + j, buf[j]);
                i += got;
                if (got < want) throw truncated(path, h, i);
            }
            return;
        }
        int i = 0;
        try {
            for (; i < count; i++) {
                float v = switch (h.type) {
                    case SHORT -> in.readShort();
                    case INT -> in.readInt();
                    case FLOAT -> in.readFloat();
                    default -> (float) in.readDouble();
                };
                sink.put(i, v);
            }
        } catch (EOFException e) {
            throw truncated(path, h, i);
        }
    }

    private static IdxFormatException truncated(Path path, Header h, int elementsRead) {
        long expected = (long) h.count() * h.elementBytes();
        return new IdxFormatException(path, "IDX file " + path + " is truncated: its header declares shape "
                + Arrays.toString(h.shape) + " of " + typeName(h.type) + " (" + h.count() + " elements, " + expected
                + " bytes of data), but the data end after " + elementsRead + " elements. The download was probably"
                + " interrupted: delete the file and obtain it again (for MNIST: ./pnn4j datasets).");
    }

    private static void requireEnd(Path path, DataInputStream in, Header h) throws IOException {
        if (in.read() != -1)
            throw new IdxFormatException(path, "IDX file " + path + " has data beyond the " + h.count() + " elements its"
                    + " header declares (shape " + Arrays.toString(h.shape) + "); the header and data disagree, so the"
                    + " file is corrupt or not an IDX file. Obtain it again.");
    }

    private static String typeName(int type) {
        return switch (type) {
            case UBYTE -> "unsigned byte";
            case BYTE -> "signed byte";
            case SHORT -> "short";
            case INT -> "int";
            case FLOAT -> "float";
            default -> "double";
        };
    }
}
