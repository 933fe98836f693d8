package org.pnn4j.noise;

import java.util.Locale;
import org.pnn4j.tensor.Tensor;

/** Batch and channel bookkeeping shared by the noise processes. */
final class Signals {
    private Signals() {}

    /** Samples in a signal [batch, ...]; a rank-0 signal is one sample. */
    static int batch(Tensor signal) {
        return signal.rank() == 0 ? 1 : signal.dim(0);
    }

    /** Channels per sample: the product of every axis after the first (1 for rank 0 or 1). */
    static int channels(Tensor signal) {
        int[] s = signal.shape();
        int w = 1;
        for (int i = 1; i < s.length; i++) w *= s[i];
        return w;
    }

    /** A new tensor of the signal's shape over {@code data} (which the caller gives up). */
    static Tensor like(Tensor signal, float[] data) {
        return Tensor.wrap(data, signal.shape());
    }

    /**
     * Checks a numeric setting: finite and at least zero.
     *
     * @throws IllegalArgumentException naming the setting and the value
     */
    static double nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v))
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s must be finite and >= 0, got %s", what, v));
        return v;
    }

    /**
     * Checks a numeric setting: finite.
     *
     * @throws IllegalArgumentException naming the setting and the value
     */
    static double finite(String what, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(what + " must be finite, got " + v);
        return v;
    }

    /** The shortest decimal form of a number for descriptions: 0.01, 1000, 1.0E-6. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }

    /**
     * Remembers the channel count of the first call and rejects later calls of another width: a process
     * with per-channel state belongs to one place in one device.
     */
    /** Writes the state of {@code rng} (6 longs). */
    static void writeRng(java.io.DataOutput out, org.pnn4j.tensor.Rng rng) throws java.io.IOException {
        for (long v : rng.state()) out.writeLong(v);
    }

    /** Restores {@code rng} from what {@link #writeRng} wrote. */
    static void readRng(java.io.DataInput in, org.pnn4j.tensor.Rng rng) throws java.io.IOException {
        long[] st = new long[rng.state().length];
        for (int i = 0; i < st.length; i++) st[i] = in.readLong();
        rng.restore(st);
    }

    static final class Width {
        private final String owner;
        private int channels = -1;

        Width(String owner) {
            this.owner = owner;
        }

        /**
         * The channel count of {@code signal}; true on the first call (state must be created).
         *
         * @throws IllegalArgumentException if the width differs from the first call's
         */
        boolean fix(Tensor signal) {
            int c = Signals.channels(signal);
            if (channels < 0) {
                channels = c;
                return true;
            }
            if (c != channels)
                throw new IllegalArgumentException(owner + " was started on signals of " + channels
                        + " channels per sample and got " + c + " (shape " + java.util.Arrays.toString(signal.shape())
                        + "); start one process per place in the device");
            return false;
        }

        int channels() {
            return channels;
        }

        /** Sets the width as if the first call had had {@code channels} channels (restoring saved state). */
        void set(int channels) {
            this.channels = channels;
        }
    }
}
