package org.pnn4j.kernel;

import java.nio.ByteBuffer;

/** Where each constant-pool entry of a class file starts: the one walk of the pool the kernel's class patchers share. */
final class ClassConstants {
    private ClassConstants() {}

    /**
     * @return for a class file with constant_pool_count {@code n}, an array of {@code n + 1}: entry i (1 ≤ i &lt; n)
     *     starts at {@code [i]} (0 for the unusable slot after a Long or Double), and {@code [n]} is where the pool
     *     ends; {@code null} when {@code bytes} is not a class file or holds a constant tag this reader does not know
     */
    static int[] offsets(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 10 || in.getInt(0) != 0xCAFEBABE) return null;
        int count = in.getShort(8) & 0xFFFF;
        int[] offset = new int[count + 1];
        int pos = 10;
        for (int i = 1; i < count; i++) {
            offset[i] = pos;
            switch (bytes[pos] & 0xFF) {
                case 1 -> pos += 3 + (in.getShort(pos + 1) & 0xFFFF);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> pos += 5;
                case 5, 6 -> {
                    pos += 9;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> pos += 3;
                case 15 -> pos += 4;
                default -> {
                    return null;
                }
            }
        }
        offset[count] = pos;
        return offset;
    }

    /** @return the tag of entry {@code i}, or 0 for the unusable slot after a Long or Double */
    static int tag(byte[] bytes, int[] offset, int i) {
        return offset[i] == 0 ? 0 : bytes[offset[i]] & 0xFF;
    }
}
