package org.pnn4j.device;

import java.util.Arrays;
import org.pnn4j.tensor.Tensor;

/** Conversions between {@link Tensor} and the protocol's tensor message, with shape checks. */
final class Wire {
    private Wire() {}

    static org.pnn4j.device.proto.Tensor toProto(Tensor t) {
        org.pnn4j.device.proto.Tensor.Builder b = org.pnn4j.device.proto.Tensor.newBuilder();
        for (int d : t.shape()) b.addShape(d);
        float[] v = t.array();
        for (float f : v) b.addValues(f);
        return b.build();
    }

    /** @throws IllegalArgumentException when the values do not fill the shape, naming {@code what} */
    static Tensor fromProto(org.pnn4j.device.proto.Tensor p, String what) {
        int[] shape = new int[p.getShapeCount()];
        long size = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = p.getShape(i);
            if (shape[i] < 0) throw new IllegalArgumentException(what + ": negative dimension in shape " + p.getShapeList());
            size *= shape[i];
        }
        if (size != p.getValuesCount())
            throw new IllegalArgumentException(what + ": shape " + Arrays.toString(shape) + " holds " + size + " values, the message has "
                    + p.getValuesCount());
        float[] v = new float[p.getValuesCount()];
        for (int i = 0; i < v.length; i++) v[i] = p.getValues(i);
        return Tensor.wrap(v, shape);
    }
}
