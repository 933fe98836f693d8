package org.pnn4j.twin;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.StatefulModel;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Tensor;

/**
 * A fitted twin as a substrate ({@link DigitalTwin#asSubstrate()}): the real substrate's declaration and devices, the
 * twin's model; remembers the last {@value #KEEP} input rows its model saw (a layer's physical inputs in physics-aware
 * training) and saves the twin in checkpoints.
 */
final class TwinSubstrate implements Substrate, StatefulModel {
    static final int KEEP = 512;
    private final DigitalTwin twin;
    private final Substrate real;
    private final float[] ring;
    private int filled, next;

    TwinSubstrate(DigitalTwin twin) {
        this.twin = twin;
        this.real = twin.substrate();
        this.ring = new float[KEEP * real.inputSize()];
    }

    @Override public String name() { return real.name(); }
    @Override public int inputSize() { return real.inputSize(); }
    @Override public int outputSize() { return real.outputSize(); }
    @Override public double inputMin() { return real.inputMin(); }
    @Override public double inputMax() { return real.inputMax(); }
    @Override public String inputUnit() { return real.inputUnit(); }
    @Override public String outputUnit() { return real.outputUnit(); }
    @Override public boolean inputPeriodic() { return real.inputPeriodic(); }
    @Override public List<ParameterSpec> parameters() { return real.parameters(); }
    @Override public PhysicalDevice device(long seed) { return real.device(seed); }

    @Override
    public Tensor model(Tensor x, Params theta) {
        remember(x);
        return twin.model(x, theta);
    }

    private synchronized void remember(Tensor x) {
        if (x.rank() != 2 || x.dim(1) != real.inputSize()) return;
        float[] v = x.toArray();
        int w = real.inputSize(), n = x.dim(0);
        for (int i = Math.max(0, n - KEEP); i < n; i++) {
            System.arraycopy(v, i * w, ring, next * w, w);
            next = (next + 1) % KEEP;
            filled = Math.min(KEEP, filled + 1);
        }
    }

    synchronized Tensor recent(int max) {
        int n = Math.min(max, filled), w = real.inputSize();
        if (n <= 0) return null;
        float[] out = new float[n * w];
        for (int i = 0; i < n; i++) {
            int r = Math.floorMod(next - n + i, KEEP);
            System.arraycopy(ring, r * w, out, i * w, w);
        }
        return Tensor.wrap(out, n, w);
    }

    /** Writes the twin in its file format (length-prefixed), header and checksum included. */
    @Override
    public void saveModel(DataOutput out) throws IOException {
        byte[] b = twin.toBytes();
        out.writeInt(b.length);
        out.write(b);
    }

    @Override
    public void restoreModel(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 30) throw new IOException("checkpointed twin of '" + real.name() + "' has an implausible length " + n);
        byte[] b = new byte[n];
        in.readFully(b);
        twin.restoreFrom(b);
    }

    @Override
    public String toString() {
        return "twin(" + real.name() + ")";
    }
}
