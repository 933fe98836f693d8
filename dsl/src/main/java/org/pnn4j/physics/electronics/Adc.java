package org.pnn4j.physics.electronics;

/**
 * The circuits' readout: an amplifier of gain g, then an ADC of {@code bits} bits over [−fullScale, fullScale] V that
 * rounds to the nearest code and saturates at the ends (codes −2^(bits−1) … 2^(bits−1) − 1); 0 bits is no ADC.
 */
final class Adc {
    private Adc() {}

    /** One step (least significant bit), V; 0 without an ADC. */
    static double step(int bits, double fullScale) {
        return bits == 0 ? 0 : 2 * fullScale / (1 << bits);
    }

    /** Replaces every voltage v in y by the ADC's reading of gain·v, in place. */
    static void read(float[] y, double gain, int bits, double fullScale) {
        double lsb = step(bits, fullScale), top = (1 << Math.max(bits - 1, 0));
        for (int i = 0; i < y.length; i++) {
            double v = gain * y[i];
            if (lsb > 0) v = lsb * Math.max(-top, Math.min(top - 1, Math.rint(v / lsb)));
            y[i] = (float) v;
        }
    }
}
