package org.pnn4j.physics.optics;

/**
 * The phase response of a spatial light modulator (SLM) with a finite number of gray levels: a commanded
 * phase is wrapped into [0, 2π) and rounded to the nearest of 2^bits equally spaced levels, so the applied
 * phase differs from the command by at most π/2^bits (modulo 2π).
 */
public final class Slm {
    private static final double TWO_PI = 2 * Math.PI;

    private Slm() {}

    /**
     * The phase an SLM with {@code bits} bits applies for the commanded {@code phase}.
     *
     * @param phase commanded phase, rad (any value; wrapped modulo 2π)
     * @param bits  gray-level depth, 1..16 (8 for a typical liquid-crystal SLM)
     * @return the applied phase in [0, 2π), rad
     * @throws IllegalArgumentException if {@code bits} is outside 1..16
     */
    public static double quantize(double phase, int bits) {
        checkBits(bits);
        int levels = 1 << bits;
        double step = TWO_PI / levels;
        double wrapped = phase - TWO_PI * Math.floor(phase / TWO_PI);
        long level = Math.round(wrapped / step) % levels;
        return level * step;
    }

    /** {@link #quantize(double, int)} applied in place to every element of {@code phases} (rad). */
    static void quantizeInPlace(float[] phases, int bits) {
        for (int i = 0; i < phases.length; i++) phases[i] = (float) quantize(phases[i], bits);
    }

    static void checkBits(int bits) {
        if (bits < 1 || bits > 16)
            throw new IllegalArgumentException("SLM bit depth must be in 1..16, got " + bits + " (8 is typical)");
    }
}
