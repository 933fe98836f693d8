package org.pnn4j.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FastTrig}'s sin/cos on the JDK Vector API: the same Cephes reduction and polynomials, lane by lane, with
 * the same float operations in the same order (multiplies and adds, no fused multiply-add), so every lane gives
 * exactly the float the scalar loop gives: results do not depend on where a call's range starts or on how a
 * caller splits its work. The quadrant comes from the bits of v·2/π + 1.5·2²³ (its low mantissa bits hold
 * round(v·2/π) mod 4), the sign by flipping the sign bit.
 *
 * <p>Only loaded by {@link FastTrig} once it has checked that {@code jdk.incubator.vector} is in the boot layer.
 */
final class VectorTrig {
    private VectorTrig() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Lanes per vector. */
    static int lanes() {
        return S.length() == I.length() ? L : 0;
    }

    /**
     * As {@link FastTrig#sinCos(float[], int, int, float, float[], float[], int)} for |scale·x| ≤ {@link FastTrig#LIMIT} (the caller has checked), on the first
     * n - n mod L elements; returns how many it did (the caller finishes the tail with the scalar loop).
     */
    static int sinCos(float[] x, int xOff, int n, float scale, float[] sin, float[] cos, int outOff) {
        int end = n - n % L;
        for (int i = 0; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i).mul(scale);
            FloatVector t = v.mul(FastTrig.TWO_OVER_PI).add(FastTrig.MAGIC);
            IntVector q = t.reinterpretAsInts();
            FloatVector kf = t.sub(FastTrig.MAGIC);
            FloatVector r = v.sub(kf.mul(FastTrig.P1)).sub(kf.mul(FastTrig.P2)).sub(kf.mul(FastTrig.P3));
            FloatVector z = r.mul(r);
            FloatVector s = r.add(r.mul(z).mul(z.mul(z.mul(FastTrig.S3).add(FastTrig.S2)).add(FastTrig.S1)));
            FloatVector c = FloatVector.broadcast(S, 1f).sub(z.mul(0.5f))
                    .add(z.mul(z).mul(z.mul(z.mul(FastTrig.C3).add(FastTrig.C2)).add(FastTrig.C1)));
            VectorMask<Float> swap = q.and(1).compare(VectorOperators.NE, 0).cast(S);
            if (sin != null) {
                IntVector sign = q.and(2).lanewise(VectorOperators.LSHL, 30);
                FloatVector sv = s.blend(c, swap);
                sv.reinterpretAsInts().lanewise(VectorOperators.XOR, sign).reinterpretAsFloats().intoArray(sin, outOff + i);
            }
            if (cos != null) {
                IntVector sign = q.add(1).and(2).lanewise(VectorOperators.LSHL, 30);
                FloatVector cv = c.blend(s, swap);
                cv.reinterpretAsInts().lanewise(VectorOperators.XOR, sign).reinterpretAsFloats().intoArray(cos, outOff + i);
            }
        }
        return end;
    }

    /** |scale·x| max over x[xOff, xOff+n), NaN if any is NaN (vector part; the caller adds the tail). */
    static float maxAbs(float[] x, int xOff, int n, float scale) {
        int end = n - n % L;
        FloatVector m = FloatVector.zero(S);
        for (int i = 0; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i).abs();
            // NaN: make it infinite so that the max (which may drop NaN) still exceeds the limit
            m = m.max(v.blend(Float.POSITIVE_INFINITY, v.test(VectorOperators.IS_NAN)));
        }
        float big = m.reduceLanes(VectorOperators.MAX) * Math.abs(scale);
        for (int i = end; i < n; i++) {
            float v = Math.abs(scale * x[xOff + i]);
            big = Float.isNaN(v) ? Float.POSITIVE_INFINITY : Math.max(big, v);
        }
        return big;
    }

    /**
     * Whether every x[xOff, xOff+n) lies in [lo, hi], for the vector part (n rounded down to whole vectors; the
     * caller checks the tail). NaN is outside.
     */
    static boolean allWithin(float[] x, int xOff, int n, float lo, float hi) {
        int end = n - n % L;
        for (int i = 0; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            if (!v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi)).allTrue()) return false;
        }
        return true;
    }
}
