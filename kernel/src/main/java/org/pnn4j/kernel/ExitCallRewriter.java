package org.pnn4j.kernel;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Rewrites a class file so that its calls to {@code java.lang.System.exit(int)} call {@link ExitGuard#exit(int)}.
 *
 * <p>Only the constant pool changes: a {@code Class} entry for {@code ExitGuard} is appended and the class index
 * of each {@code Methodref} {@code System.exit:(I)V} is pointed at it. Both methods are static with the same
 * descriptor, so no bytecode moves, and method references ({@code System::exit}) follow the same entry.
 */
final class ExitCallRewriter {
    private static final String TARGET = ExitGuard.class.getName().replace('.', '/');

    private ExitCallRewriter() {}

    /** @return the rewritten class file, or {@code bytes} itself when it does not call {@code System.exit} */
    static byte[] rewrite(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int[] offset = ClassConstants.offsets(bytes);
        if (offset == null) return bytes; // not a class, or a constant this reader does not know: leave it as it is
        int count = offset.length - 1;
        int poolEnd = offset[count];
        boolean found = false;
        byte[] out = bytes.clone();
        ByteBuffer o = ByteBuffer.wrap(out);
        int newClass = count + 1; // index of the Class entry appended after the Utf8 at index count
        for (int i = 1; i < count; i++) {
            if (ClassConstants.tag(bytes, offset, i) != 10) continue;
            int cls = in.getShort(offset[i] + 1) & 0xFFFF;
            int nat = in.getShort(offset[i] + 3) & 0xFFFF;
            if (utf8(bytes, in, offset, in.getShort(offset[cls] + 1) & 0xFFFF).equals("java/lang/System")
                    && utf8(bytes, in, offset, in.getShort(offset[nat] + 1) & 0xFFFF).equals("exit")
                    && utf8(bytes, in, offset, in.getShort(offset[nat] + 3) & 0xFFFF).equals("(I)V")) {
                o.putShort(offset[i] + 1, (short) newClass);
                found = true;
            }
        }
        if (!found) return bytes;
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream(bytes.length + 64);
            DataOutputStream d = new DataOutputStream(b);
            d.write(out, 0, 8);
            d.writeShort(count + 2);
            d.write(out, 10, poolEnd - 10);
            d.writeByte(1);
            d.writeUTF(TARGET);
            d.writeByte(7);
            d.writeShort(count);
            d.write(out, poolEnd, out.length - poolEnd);
            return b.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String utf8(byte[] bytes, ByteBuffer in, int[] offset, int index) {
        int at = offset[index];
        if ((bytes[at] & 0xFF) != 1) return "";
        int len = in.getShort(at + 1) & 0xFFFF;
        // modified UTF-8 equals UTF-8 for the ASCII names compared here
        return new String(bytes, at + 3, len, StandardCharsets.UTF_8);
    }
}
