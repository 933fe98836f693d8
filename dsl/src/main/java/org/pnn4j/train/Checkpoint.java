package org.pnn4j.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalDevice;

/**
 * A training run's state after an epoch, as a file ({@link Trainer#checkpoint} writes it, {@link Trainer#resumeFrom}
 * reads it). Binary, big-endian ({@link java.io.DataOutput}), version 2:
 * <pre>
 *   8 bytes  "PNN4JCKP"            magic
 *   int      2                     format version (version 1 had no device section; it is refused with a clear error)
 *   int      epoch                 last finished epoch (1-based)
 *   long     step, samples         global steps and training samples so far
 *   6 longs  the run's Rng state   ({@link org.pnn4j.tensor.Rng#state()})
 *   long, long, double             physical calls, samples, seconds so far
 *   int      n                     parameters, in the model's order; each: UTF name, int length, length floats
 *   optimizer state                ({@link Optimizer#saveState})
 *   int      rows                  history rows; each: int epoch, 7 doubles (train loss, train accuracy, test loss,
 *                                  test accuracy, learning rate, seconds), long samples, int stage, UTF method,
 *                                  long physical calls, long physical samples, double physical seconds
 *   int      d                     physical layers, depth first; each: boolean saved, and if saved int length and
 *                                  that many bytes of {@link PhysicalDevice#saveState} (random streams, drift and
 *                                  per-call noise of simulated devices, so a resumed run on a noisy simulated device
 *                                  continues bit for bit; real and remote devices save nothing)
 * </pre>
 * The file is written to a temporary sibling and moved into place, so an interruption never leaves half a file.
 */
public final class Checkpoint {
    private static final byte[] MAGIC = "PNN4JCKP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The format version this code writes and reads. */
    public static final int VERSION = 2;

    private Checkpoint() {}

    /**
     * The run state besides parameters and optimizer.
     *
     * @param epoch           last finished epoch (1-based)
     * @param step            global steps so far
     * @param samples         training samples so far
     * @param rng             the run's random-stream state
     * @param physicalCalls   physical forward calls so far
     * @param physicalSamples samples through physical devices so far
     * @param physicalSeconds seconds in physical calls so far
     * @param history         the finished epochs
     */
    public record State(int epoch, long step, long samples, long[] rng, long physicalCalls, long physicalSamples,
                        double physicalSeconds, List<EpochResult> history) {}

    /**
     * Writes {@code state}, the values of {@code parameters} and the optimizer's state for them to {@code file}.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Path file, State state, List<Parameter> parameters, Optimizer optimizer) {
        write(file, state, parameters, optimizer, List.of());
    }

    /**
     * Writes {@code state}, the parameters, the optimizer's state and the state of {@code devices} (the model's physical
     * layers' devices, depth first) to {@code file}.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Path file, State state, List<Parameter> parameters, Optimizer optimizer, List<PhysicalDevice> devices) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeInt(state.epoch());
                out.writeLong(state.step());
                out.writeLong(state.samples());
                for (long v : state.rng()) out.writeLong(v);
                out.writeLong(state.physicalCalls());
                out.writeLong(state.physicalSamples());
                out.writeDouble(state.physicalSeconds());
                out.writeInt(parameters.size());
                for (Parameter p : parameters) {
                    out.writeUTF(p.name());
                    float[] v = p.value().array();
                    out.writeInt(v.length);
                    for (float f : v) out.writeFloat(f);
                }
                optimizer.saveState(parameters, out);
                out.writeInt(state.history().size());
                for (EpochResult e : state.history()) {
                    out.writeInt(e.epoch());
                    for (double d : new double[] {e.trainLoss(), e.trainAccuracy(), e.testLoss(), e.testAccuracy(), e.learningRate(), e.seconds()})
                        out.writeDouble(d);
                    out.writeLong(e.samples());
                    out.writeInt(e.stage());
                    out.writeUTF(e.method());
                    out.writeLong(e.physicalCalls());
                    out.writeLong(e.physicalSamples());
                    out.writeDouble(e.physicalSeconds());
                }
                out.writeInt(devices.size());
                for (PhysicalDevice d : devices) {
                    out.writeBoolean(d.savesState());
                    if (!d.savesState()) continue;
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (DataOutputStream o = new DataOutputStream(bytes)) {
                        d.saveState(o);
                    }
                    out.writeInt(bytes.size());
                    bytes.writeTo(out);
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code file}, sets {@code parameters} to the saved values and restores the optimizer's state for them.
     *
     * @return the rest of the saved state
     * @throws UncheckedIOException     if the file cannot be read or is truncated
     * @throws IllegalArgumentException if it is not a checkpoint, has another format version, or was saved from a model
     *                                  with other parameters (the message names the first difference)
     */
    public static State read(Path file, List<Parameter> parameters, Optimizer optimizer) {
        return read(file, parameters, optimizer, null);
    }

    /**
     * As {@link #read(Path, List, Optimizer)}, and restores the state of {@code devices} (the model's physical layers'
     * devices, depth first, as given to {@link #write(Path, State, List, Optimizer, List)}); null skips the devices.
     *
     * @throws IllegalArgumentException also if the file holds another number of physical layers than {@code devices}
     */
    public static State read(Path file, List<Parameter> parameters, Optimizer optimizer, List<PhysicalDevice> devices) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new IllegalArgumentException(file + " is not a pnn4j checkpoint (it does not start with PNN4JCKP)");
            int version = in.readInt();
            if (version == 1)
                throw new IllegalArgumentException(file + " is checkpoint format version 1, written by an older pnn4j without the "
                        + "simulated devices' noise state; this pnn4j reads version " + VERSION + " only. Resume it with the pnn4j "
                        + "that wrote it, or start the run again (without resumeFrom) to get a version-" + VERSION + " checkpoint");
            if (version != VERSION)
                throw new IllegalArgumentException(file + " is checkpoint format version " + version + "; this pnn4j reads version "
                        + VERSION + " only; resume it with the pnn4j that wrote it");
            int epoch = in.readInt();
            long step = in.readLong(), samples = in.readLong();
            long[] rng = new long[6];
            for (int i = 0; i < 6; i++) rng[i] = in.readLong();
            long calls = in.readLong(), physSamples = in.readLong();
            double physSeconds = in.readDouble();
            int n = in.readInt();
            if (n != parameters.size())
                throw new IllegalArgumentException(file + " holds " + n + " parameters, the model has " + parameters.size()
                        + "; resume with the model (and layers) the checkpoint was written from");
            float[][] values = new float[n][];
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                int len = in.readInt();
                Parameter p = parameters.get(i);
                if (!name.equals(p.name()) || len != p.size())
                    throw new IllegalArgumentException(file + ": parameter " + (i + 1) + " is '" + name + "' (" + len + " values), the model's is '"
                            + p.name() + "' (" + p.size() + " values); resume with the model the checkpoint was written from");
                values[i] = new float[len];
                for (int j = 0; j < len; j++) values[i][j] = in.readFloat();
            }
            for (int i = 0; i < n; i++) parameters.get(i).set(values[i]);
            optimizer.loadState(parameters, in);
            int rows = in.readInt();
            List<EpochResult> history = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                int e = in.readInt();
                double[] d = new double[6];
                for (int i = 0; i < 6; i++) d[i] = in.readDouble();
                long s = in.readLong();
                int stage = in.readInt();
                String method = in.readUTF();
                history.add(new EpochResult(e, d[0], d[1], d[2], d[3], d[4], d[5], s, stage, method, in.readLong(), in.readLong(), in.readDouble()));
            }
            int nd = in.readInt();
            if (devices != null && nd != devices.size())
                throw new IllegalArgumentException(file + " holds the state of " + nd + " physical devices, the model has "
                        + devices.size() + "; resume with the model the checkpoint was written from");
            for (int i = 0; i < nd; i++) {
                boolean saved = in.readBoolean();
                if (!saved) continue;
                byte[] blob = new byte[in.readInt()];
                in.readFully(blob);
                if (devices == null || !devices.get(i).savesState()) continue;
                try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(blob))) {
                    devices.get(i).restoreState(d);
                }
            }
            return new State(epoch, step, samples, rng, calls, physSamples, physSeconds, history);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
