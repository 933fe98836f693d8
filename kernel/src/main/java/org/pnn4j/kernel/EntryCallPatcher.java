package org.pnn4j.kernel;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Inserts, at the start of chosen {@code (I)V} instance methods of a class file, a call
 * {@code HOOK.method(status)}: {@code iload_1; invokestatic} (4 bytes). Used on {@code java.lang.Runtime} so that
 * {@code exit} and {@code halt} ask the kernel first, whatever route reached them (a direct call, {@code System.exit},
 * reflection, a method handle, library code).
 *
 * <p>Four bytes keep every {@code tableswitch} aligned; branch offsets are relative and do not move. What moves is
 * adjusted: the exception table, the line and local-variable tables, and the first frame of the stack map table
 * (frames are delta-coded, so only the first one's offset changes). A method with any other attribute in its code
 * (type annotations, say), or a constant this reader does not know, makes {@link #patch} return null rather than
 * guess: the caller then reports that exits are not intercepted.
 */
final class EntryCallPatcher {
    private EntryCallPatcher() {}

    /**
     * @param classFile  the class file to patch
     * @param hookClass  internal name of the class to call ({@code org/pnn4j/kernel/boot/ExitHook})
     * @param methods    method name in the class file to hook method name (both {@code (I)V})
     * @return the patched class file, or null when it cannot be patched safely or a method is missing
     */
    static byte[] patch(byte[] classFile, String hookClass, Map<String, String> methods) {
        try {
            return new EntryCallPatcher.Run(classFile, hookClass, methods).run();
        } catch (RuntimeException | IOException e) {
            return null;
        }
    }

    /**
     * The class file with every constant-pool string equal to {@code from} replaced by {@code to}: renames a class
     * that does not mention itself in a descriptor.
     *
     * @throws IllegalArgumentException when {@code classFile} is not a class file this reader knows
     */
    static byte[] renameClass(byte[] classFile, String from, String to) {
        ByteBuffer in = ByteBuffer.wrap(classFile);
        if (in.getInt(0) != 0xCAFEBABE) throw new IllegalArgumentException("not a class file");
        int count = in.getShort(8) & 0xFFFF;
        ByteArrayOutputStream b = new ByteArrayOutputStream(classFile.length + 64);
        DataOutputStream out = new DataOutputStream(b);
        try {
            out.write(classFile, 0, 10);
            int pos = 10;
            for (int i = 1; i < count; i++) {
                int start = pos;
                switch (classFile[pos] & 0xFF) {
                    case 1 -> {
                        int len = in.getShort(pos + 1) & 0xFFFF;
                        pos += 3 + len;
                        if (from.equals(new String(classFile, start + 3, len, StandardCharsets.UTF_8))) {
                            out.writeByte(1);
                            out.writeUTF(to);
                            continue;
                        }
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> pos += 5;
                    case 5, 6 -> {
                        pos += 9;
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> pos += 3;
                    case 15 -> pos += 4;
                    default -> throw new IllegalArgumentException("unknown constant tag " + (classFile[pos] & 0xFF));
                }
                out.write(classFile, start, pos - start);
            }
            out.write(classFile, pos, classFile.length - pos);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static final class Run {
        private final ByteBuffer in;
        private final byte[] bytes;
        private final String hookClass;
        private final Map<String, String> methods;
        private int[] offset;
        private int count;

        Run(byte[] bytes, String hookClass, Map<String, String> methods) {
            this.bytes = bytes;
            this.in = ByteBuffer.wrap(bytes);
            this.hookClass = hookClass;
            this.methods = methods;
        }

        byte[] run() throws IOException {
            offset = ClassConstants.offsets(bytes);
            if (offset == null) return null;
            count = offset.length - 1;
            int poolEnd = offset[count];
            ByteArrayOutputStream b = new ByteArrayOutputStream(bytes.length + 256);
            DataOutputStream out = new DataOutputStream(b);
            out.write(bytes, 0, 8);
            // the new constants: Utf8 hook, Class, Utf8 "(I)V", then per hooked method Utf8 name, NameAndType, Methodref
            int hookUtf8 = count, hookCls = count + 1, desc = count + 2;
            int next = count + 3;
            Map<String, Integer> methodref = new java.util.HashMap<>();
            ByteArrayOutputStream extra = new ByteArrayOutputStream();
            DataOutputStream e = new DataOutputStream(extra);
            e.writeByte(1);
            e.writeUTF(hookClass);
            e.writeByte(7);
            e.writeShort(hookUtf8);
            e.writeByte(1);
            e.writeUTF("(I)V");
            for (String hook : new java.util.TreeSet<>(methods.values())) {
                e.writeByte(1);
                e.writeUTF(hook);
                e.writeByte(12);
                e.writeShort(next);
                e.writeShort(desc);
                e.writeByte(10);
                e.writeShort(hookCls);
                e.writeShort(next + 1);
                methodref.put(hook, next + 2);
                next += 3;
            }
            out.writeShort(next);
            out.write(bytes, 10, poolEnd - 10);
            out.write(extra.toByteArray());
            int pos = poolEnd;
            int interfaces = in.getShort(pos + 6) & 0xFFFF;
            int headerEnd = pos + 8 + 2 * interfaces;
            out.write(bytes, pos, headerEnd - pos);
            pos = headerEnd;
            // fields: copied as they are
            int fields = in.getShort(pos) & 0xFFFF;
            int fieldsStart = pos;
            pos += 2;
            for (int i = 0; i < fields; i++) pos = skipMember(pos);
            out.write(bytes, fieldsStart, pos - fieldsStart);
            int methodCount = in.getShort(pos) & 0xFFFF;
            out.writeShort(methodCount);
            pos += 2;
            int patched = 0;
            for (int i = 0; i < methodCount; i++) {
                int end = skipMember(pos);
                String name = utf8(in.getShort(pos + 2) & 0xFFFF);
                String descriptor = utf8(in.getShort(pos + 4) & 0xFFFF);
                String hook = "(I)V".equals(descriptor) ? methods.get(name) : null;
                if (hook == null) {
                    out.write(bytes, pos, end - pos);
                } else {
                    if (!writePatchedMethod(out, pos, methodref.get(hook))) return null;
                    patched++;
                }
                pos = end;
            }
            if (patched != methods.size()) return null;
            out.write(bytes, pos, bytes.length - pos);
            return b.toByteArray();
        }

        private int skipMember(int pos) {
            int attrs = in.getShort(pos + 6) & 0xFFFF;
            pos += 8;
            for (int a = 0; a < attrs; a++) pos += 6 + in.getInt(pos + 2);
            return pos;
        }

        private String utf8(int index) {
            int at = offset[index];
            if ((bytes[at] & 0xFF) != 1) return "";
            int len = in.getShort(at + 1) & 0xFFFF;
            return new String(bytes, at + 3, len, StandardCharsets.UTF_8);
        }

        private boolean writePatchedMethod(DataOutputStream out, int pos, int methodref) throws IOException {
            out.write(bytes, pos, 6);
            int attrs = in.getShort(pos + 6) & 0xFFFF;
            out.writeShort(attrs);
            pos += 8;
            boolean code = false;
            for (int a = 0; a < attrs; a++) {
                int len = in.getInt(pos + 2);
                if (utf8(in.getShort(pos) & 0xFFFF).equals("Code")) {
                    byte[] patched = patchCode(pos + 6, len, methodref);
                    if (patched == null) return false;
                    out.writeShort(in.getShort(pos));
                    out.writeInt(patched.length);
                    out.write(patched);
                    code = true;
                } else {
                    out.write(bytes, pos, 6 + len);
                }
                pos += 6 + len;
            }
            return code;
        }

        private byte[] patchCode(int at, int len, int methodref) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(len + 16);
            DataOutputStream out = new DataOutputStream(b);
            int maxStack = in.getShort(at) & 0xFFFF;
            out.writeShort(Math.max(1, maxStack));
            out.writeShort(in.getShort(at + 2));
            int codeLength = in.getInt(at + 4);
            out.writeInt(codeLength + 4);
            out.writeByte(0x1b); // iload_1: the status
            out.writeByte(0xb8); // invokestatic
            out.writeShort(methodref);
            out.write(bytes, at + 8, codeLength);
            int pos = at + 8 + codeLength;
            int handlers = in.getShort(pos) & 0xFFFF;
            out.writeShort(handlers);
            pos += 2;
            for (int h = 0; h < handlers; h++) {
                for (int k = 0; k < 3; k++) out.writeShort((in.getShort(pos + 2 * k) & 0xFFFF) + 4);
                out.writeShort(in.getShort(pos + 6));
                pos += 8;
            }
            int attrs = in.getShort(pos) & 0xFFFF;
            out.writeShort(attrs);
            pos += 2;
            for (int a = 0; a < attrs; a++) {
                String name = utf8(in.getShort(pos) & 0xFFFF);
                int alen = in.getInt(pos + 2);
                int body = pos + 6;
                out.writeShort(in.getShort(pos));
                switch (name) {
                    case "LineNumberTable" -> {
                        out.writeInt(alen);
                        int n = in.getShort(body) & 0xFFFF;
                        out.writeShort(n);
                        for (int k = 0; k < n; k++) {
                            int start = in.getShort(body + 2 + 4 * k) & 0xFFFF;
                            // the inserted call belongs to the method's first line
                            out.writeShort(start == 0 ? 0 : start + 4);
                            out.writeShort(in.getShort(body + 4 + 4 * k));
                        }
                    }
                    case "LocalVariableTable", "LocalVariableTypeTable" -> {
                        out.writeInt(alen);
                        int n = in.getShort(body) & 0xFFFF;
                        out.writeShort(n);
                        for (int k = 0; k < n; k++) {
                            int e = body + 2 + 10 * k;
                            int start = in.getShort(e) & 0xFFFF;
                            int length = in.getShort(e + 2) & 0xFFFF;
                            if (start == 0) {
                                out.writeShort(0);
                                out.writeShort(length + 4);
                            } else {
                                out.writeShort(start + 4);
                                out.writeShort(length);
                            }
                            out.write(bytes, e + 4, 6);
                        }
                    }
                    case "StackMapTable" -> {
                        byte[] frames = shiftFirstFrame(body, alen);
                        if (frames == null) return null;
                        out.writeInt(frames.length);
                        out.write(frames);
                    }
                    default -> {
                        return null; // an attribute with code offsets this patcher does not know
                    }
                }
                pos = body + alen;
            }
            return b.toByteArray();
        }

        private byte[] shiftFirstFrame(int body, int len) throws IOException {
            int n = in.getShort(body) & 0xFFFF;
            if (n == 0) return java.util.Arrays.copyOfRange(bytes, body, body + len);
            ByteArrayOutputStream b = new ByteArrayOutputStream(len + 2);
            DataOutputStream out = new DataOutputStream(b);
            out.writeShort(n);
            int type = bytes[body + 2] & 0xFF;
            int rest; // where the frame's bytes after its type (and explicit delta) start
            if (type <= 63) {
                int delta = type + 4;
                if (delta <= 63) {
                    out.writeByte(delta);
                } else {
                    out.writeByte(251);
                    out.writeShort(delta);
                }
                rest = body + 3;
            } else if (type <= 127) {
                int delta = type - 64 + 4;
                if (delta <= 63) {
                    out.writeByte(64 + delta);
                } else {
                    out.writeByte(247);
                    out.writeShort(delta);
                }
                rest = body + 3;
            } else if (type >= 247) {
                out.writeByte(type);
                out.writeShort((in.getShort(body + 3) & 0xFFFF) + 4);
                rest = body + 5;
            } else {
                return null;
            }
            out.write(bytes, rest, body + len - rest);
            return b.toByteArray();
        }
    }
}
