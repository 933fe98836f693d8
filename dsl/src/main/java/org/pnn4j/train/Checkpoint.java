package org.pnn4j.train;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalUsage;
import org.pnn4j.physics.StatefulModel;

/**
 * A training run's state, after an epoch or within one, as a file ({@link Trainer#checkpoint} and
 * {@link Trainer#checkpointEvery} write it, {@link Trainer#resumeFrom} reads it). Binary, big-endian
 * ({@link java.io.DataOutput}), version 4:
 * <pre>
 *   8 bytes  "PNN4JCKP"            magic
 *   int      4                     format version (2 and 3 are read too; 1, without the device section, is refused)
 *   int      epoch                 last finished epoch (1-based; 0 when the first epoch is in progress)
 *   long     step, samples         global steps and training samples so far
 *   6 longs  the run's Rng state   ({@link org.pnn4j.tensor.Rng#state()}): after the last finished batch
 *   long, long, double             physical calls, samples, seconds so far
 *   int      n                     parameters, in the model's order; each: UTF name, int length, length floats
 *   optimizer state                ({@link Optimizer#saveState})
 *   int      rows                  history rows; each: int epoch, 6 doubles (train loss, train accuracy, test loss,
 *                                  test accuracy, learning rate, seconds), long samples, int stage, UTF method,
 *                                  long physical calls, long physical samples, double physical seconds
 *   int      d                     physical layers, depth first; each: boolean saved, and if saved int length and
 *                                  that many bytes of {@link PhysicalDevice#saveState} (random streams, drift and
 *                                  per-call noise of simulated devices, so a resumed run on a noisy simulated device
 *                                  continues bit for bit; real and remote devices save nothing)
 *   --- version 3 only ---
 *   int      m                     physical layers, depth first; each: boolean saved, and if saved int length and
 *                                  that many bytes of {@link StatefulModel#saveModel} (a substrate whose model holds
 *                                  learned state, such as a fitted twin)
 *   boolean  within an epoch       and if true: int batch size, int batches done, int n, n ints (the epoch's sample
 *                                  order), double loss sum, long samples seen, long correct, long samples with
 *                                  outputs (the epoch's running sums), double seconds of the epoch so far
 *   UTF      optimizer kind        ({@link Optimizer#kind()}: a resume with another update rule is refused)
 *   --- version 4 only ---
 *   int      k                     the run's methods, one per stage; each: UTF {@link Method#describe()}, boolean
 *                                  saved, and if saved int length and that many bytes of
 *                                  {@link StatefulMethod#saveState} (CMA-ES's mean, step size, covariance, paths)
 *   int      CRC-32                of every byte before it (a damaged file is refused, never half restored)
 * </pre>
 * The file is written to a temporary sibling, forced to the disk ({@link FileChannel#force}) and moved into place
 * atomically, so an interruption never leaves half a file. Reading is all or nothing: the whole file is read and
 * checked against the model before anything is set, and if restoring a device or a model's state fails, what was
 * restored before it is put back.
 */
public final class Checkpoint {
    private static final byte[] MAGIC = "PNN4JCKP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** The format version this code writes. */
    public static final int VERSION = 4;
    /** The oldest format version this code reads. */
    public static final int OLDEST_READABLE = 2;

    private Checkpoint() {}

    /**
     * The run state besides parameters and optimizer.
     *
     * @param epoch           last finished epoch (1-based; 0 before the first has finished)
     * @param step            global steps so far
     * @param samples         training samples so far
     * @param rng             the run's random-stream state
     * @param physical        physical forward calls, samples and seconds so far
     * @param history         the finished epochs
     * @param partial         the epoch in progress (epoch + 1), or null at an epoch's end
     */
    public record State(int epoch, long step, long samples, long[] rng, PhysicalUsage physical, List<EpochResult> history,
                        Partial partial) {
        /** A state at the end of an epoch. */
        public State(int epoch, long step, long samples, long[] rng, PhysicalUsage physical, List<EpochResult> history) {
            this(epoch, step, samples, rng, physical, history, null);
        }
    }

    /**
     * An epoch in progress: where it stands and its running sums, so a resumed run finishes it as the uninterrupted
     * run would have.
     *
     * @param batchSize      samples per batch of the run
     * @param batchesDone    batches of the epoch finished
     * @param order          the epoch's sample order (its shuffle)
     * @param lossSum        sum over the finished batches of loss × batch size
     * @param seen           samples of the epoch trained on
     * @param correct        of those, correctly classified on the fly
     * @param withOutput     of those, with outputs to count accuracy on
     * @param seconds        wall-clock seconds of the epoch so far
     */
    public record Partial(int batchSize, int batchesDone, int[] order, double lossSum, long seen, long correct, long withOutput,
                          double seconds) {
        /**
         * Validates and copies.
         *
         * @throws IllegalArgumentException for a batch size below 1 or a negative count
         */
        public Partial {
            if (batchSize < 1 || batchesDone < 0 || seen < 0 || correct < 0 || withOutput < 0)
                throw new IllegalArgumentException("an epoch in progress needs batch size >= 1 and counts >= 0, got batch size "
                        + batchSize + ", " + batchesDone + " batches, " + seen + " samples");
            order = order.clone();
        }

        @Override
        public int[] order() {
            return order.clone();
        }
    }

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
     * layers' devices, depth first) to {@code file}; no model state (see {@link #save} for that).
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(Path file, State state, List<Parameter> parameters, Optimizer optimizer, List<PhysicalDevice> devices) {
        List<StatefulModel> none = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) none.add(null);
        write(file, state, parameters, optimizer, devices, none);
    }

    /**
     * Writes {@code state}, the parameters, the optimizer's state, and for each of {@code layers} (the model's physical
     * layers, depth first) its device's state and, where its substrate is a {@link StatefulModel}, the model's state.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void save(Path file, State state, List<Parameter> parameters, Optimizer optimizer, List<PhysicalLayer> layers) {
        save(file, state, parameters, optimizer, layers, List.of());
    }

    /**
     * As {@link #save(Path, State, List, Optimizer, List)}, and the state of each of {@code methods} (the run's
     * methods, one per stage) that is a {@link StatefulMethod}.
     *
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void save(Path file, State state, List<Parameter> parameters, Optimizer optimizer, List<PhysicalLayer> layers,
                            List<Method> methods) {
        List<PhysicalDevice> devices = new ArrayList<>();
        List<StatefulModel> models = new ArrayList<>();
        for (PhysicalLayer l : layers) {
            devices.add(l.device());
            models.add(l.substrate() instanceof StatefulModel m ? m : null);
        }
        write(file, state, parameters, optimizer, devices, models, methods);
    }

    private static void write(Path file, State state, List<Parameter> parameters, Optimizer optimizer, List<PhysicalDevice> devices,
                              List<StatefulModel> models) {
        write(file, state, parameters, optimizer, devices, models, List.of());
    }

    private static void write(Path file, State state, List<Parameter> parameters, Optimizer optimizer, List<PhysicalDevice> devices,
                              List<StatefulModel> models, List<Method> methods) {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                java.util.zip.CheckedOutputStream checked = new java.util.zip.CheckedOutputStream(
                        new BufferedOutputStream(Channels.newOutputStream(ch)), new java.util.zip.CRC32());
                DataOutputStream out = new DataOutputStream(checked);
                writeBody(out, state, parameters, optimizer, devices, models);
                out.writeUTF(optimizer.kind());
                out.writeInt(methods.size());
                for (Method m : methods) {
                    out.writeUTF(m.describe());
                    out.writeBoolean(m instanceof StatefulMethod);
                    if (m instanceof StatefulMethod sm) writeBlob(out, bytesOf(sm::saveState));
                }
                out.writeInt((int) checked.getChecksum().getValue());
                out.flush();
                ch.force(true); // on the disk before it replaces the previous checkpoint
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            forceDirectory(abs.getParent());
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write's error is the one to report
            }
            if (e instanceof RuntimeException r) throw r; // a device or model that cannot save its state says why itself
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), (IOException) e);
        }
    }

    /** Makes the rename durable where the file system allows a directory to be forced (Linux, macOS; not Windows). */
    private static void forceDirectory(Path dir) {
        if (dir == null) return;
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here: the rename is still atomic, only its durability across a power cut is not ensured
        }
    }

    private static void writeBody(DataOutputStream out, State state, List<Parameter> parameters, Optimizer optimizer,
                                  List<PhysicalDevice> devices, List<StatefulModel> models) throws IOException {
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(state.epoch());
        out.writeLong(state.step());
        out.writeLong(state.samples());
        for (long v : state.rng()) out.writeLong(v);
        out.writeLong(state.physical().calls());
        out.writeLong(state.physical().samples());
        out.writeDouble(state.physical().seconds());
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
            out.writeLong(e.physical().calls());
            out.writeLong(e.physical().samples());
            out.writeDouble(e.physical().seconds());
        }
        out.writeInt(devices.size());
        for (PhysicalDevice d : devices) {
            out.writeBoolean(d.savesState());
            if (!d.savesState()) continue;
            writeBlob(out, bytesOf(d::saveState));
        }
        out.writeInt(models.size());
        for (StatefulModel m : models) {
            out.writeBoolean(m != null);
            if (m != null) writeBlob(out, bytesOf(m::saveModel));
        }
        Partial p = state.partial();
        out.writeBoolean(p != null);
        if (p != null) {
            out.writeInt(p.batchSize());
            out.writeInt(p.batchesDone());
            int[] order = p.order();
            out.writeInt(order.length);
            for (int i : order) out.writeInt(i);
            out.writeDouble(p.lossSum());
            out.writeLong(p.seen());
            out.writeLong(p.correct());
            out.writeLong(p.withOutput());
            out.writeDouble(p.seconds());
        }
    }

    private interface Saver {
        void save(java.io.DataOutput out) throws IOException;
    }

    private interface Restorer {
        void restore(java.io.DataInput in) throws IOException;
    }

    private static byte[] bytesOf(Saver s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream o = new DataOutputStream(bytes)) {
            s.save(o);
        }
        return bytes.toByteArray();
    }

    private static void writeBlob(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBlob(DataInputStream in, Path file, String what) throws IOException {
        int len = in.readInt();
        if (len < 0) throw new IllegalArgumentException(file + ": " + what + " has a negative length " + len + "; the file is damaged");
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    private static void apply(Restorer r, byte[] bytes) throws IOException {
        try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(bytes))) {
            r.restore(d);
        }
    }

    /**
     * Reads {@code file}, sets {@code parameters} to the saved values and restores the optimizer's state for them.
     *
     * @return the rest of the saved state
     * @throws UncheckedIOException     if the file cannot be read or is truncated
     * @throws IllegalArgumentException if it is not a checkpoint, has a format version this code does not read, or was
     *                                  saved from a model with other parameters (the message names the first difference)
     */
    public static State read(Path file, List<Parameter> parameters, Optimizer optimizer) {
        return read(file, parameters, optimizer, null);
    }

    /**
     * As {@link #read(Path, List, Optimizer)}, and restores the state of {@code devices} (the model's physical layers'
     * devices, depth first, as given to {@link #write(Path, State, List, Optimizer, List)}); null skips the devices.
     * Model state in the file is not restored (see {@link #load}).
     *
     * @throws IllegalArgumentException also if the file holds another number of physical layers than {@code devices}
     */
    public static State read(Path file, List<Parameter> parameters, Optimizer optimizer, List<PhysicalDevice> devices) {
        return read(file, parameters, optimizer, devices, null);
    }

    /**
     * As {@link #read(Path, List, Optimizer)}, and restores, for each of {@code layers} (the model's physical layers,
     * depth first, as given to {@link #save}), its device's state and, where the file holds it, its
     * {@link StatefulModel} substrate's state. All or nothing: nothing is set unless the whole file reads and fits
     * the model.
     *
     * @throws IllegalArgumentException also if the file holds another number of physical layers, or a model state for
     *                                  a layer whose substrate is not a {@link StatefulModel}
     */
    public static State load(Path file, List<Parameter> parameters, Optimizer optimizer, List<PhysicalLayer> layers) {
        return load(file, parameters, optimizer, layers, List.of());
    }

    /**
     * As {@link #load(Path, List, Optimizer, List)}, and restores the state of each of {@code methods} (the resumed
     * run's methods, one per stage) that the file holds a state for (format version 4; older files hold none, and a
     * stateful method then starts afresh). An empty list skips the methods' states.
     *
     * @throws IllegalArgumentException also if the file holds a state for a stage whose method here is another one
     *                                  (by {@link Method#describe()}) or keeps no state, or another number of stages
     */
    public static State load(Path file, List<Parameter> parameters, Optimizer optimizer, List<PhysicalLayer> layers,
                             List<Method> methods) {
        List<PhysicalDevice> devices = new ArrayList<>();
        List<StatefulModel> models = new ArrayList<>();
        for (PhysicalLayer l : layers) {
            devices.add(l.device());
            models.add(l.substrate() instanceof StatefulModel m ? m : null);
        }
        return read(file, parameters, optimizer, devices, models, methods);
    }

    private static State read(Path file, List<Parameter> parameters, Optimizer optimizer, List<PhysicalDevice> devices,
                              List<StatefulModel> models) {
        return read(file, parameters, optimizer, devices, models, List.of());
    }

    private static State read(Path file, List<Parameter> parameters, Optimizer optimizer, List<PhysicalDevice> devices,
                              List<StatefulModel> models, List<Method> methods) {
        State state;
        float[][] values;
        byte[] optimizerState;
        byte[][] deviceStates, modelStates;
        byte[][] methodStates = new byte[methods.size()][];
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(checkedBody(file)))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new IllegalArgumentException(file + " is not a pnn4j checkpoint (it does not start with PNN4JCKP)");
            int version = in.readInt();
            if (version == 1)
                throw new IllegalArgumentException(file + " is checkpoint format version 1, written by an older pnn4j without the "
                        + "simulated devices' noise state; this pnn4j reads versions " + OLDEST_READABLE + " to " + VERSION
                        + ". Resume it with the pnn4j that wrote it, or start the run again (without resumeFrom) to get a version-"
                        + VERSION + " checkpoint");
            if (version < OLDEST_READABLE || version > VERSION)
                throw new IllegalArgumentException(file + " is checkpoint format version " + version + "; this pnn4j reads versions "
                        + OLDEST_READABLE + " to " + VERSION + "; resume it with the pnn4j that wrote it");
            int epoch = in.readInt();
            long step = in.readLong(), samples = in.readLong();
            long[] rng = new long[6];
            for (int i = 0; i < 6; i++) rng[i] = in.readLong();
            PhysicalUsage physical = new PhysicalUsage(in.readLong(), in.readLong(), in.readDouble());
            int n = in.readInt();
            if (n != parameters.size())
                throw new IllegalArgumentException(file + " holds " + n + " parameters, the model has " + parameters.size()
                        + "; resume with the model (and layers) the checkpoint was written from");
            values = new float[n][];
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
            optimizerState = readOptimizerState(in, file, parameters);
            int rows = in.readInt();
            List<EpochResult> history = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                int e = in.readInt();
                double[] d = new double[6];
                for (int i = 0; i < 6; i++) d[i] = in.readDouble();
                long s = in.readLong();
                int stage = in.readInt();
                String method = in.readUTF();
                history.add(new EpochResult(e, d[0], d[1], d[2], d[3], d[4], d[5], s, stage, method,
                        new PhysicalUsage(in.readLong(), in.readLong(), in.readDouble()), true));
            }
            int nd = in.readInt();
            if (devices != null && nd != devices.size())
                throw new IllegalArgumentException(file + " holds the state of " + nd + " physical devices, the model has "
                        + devices.size() + "; resume with the model the checkpoint was written from");
            deviceStates = new byte[nd][];
            for (int i = 0; i < nd; i++)
                if (in.readBoolean()) deviceStates[i] = readBlob(in, file, "the state of physical device " + (i + 1));
            modelStates = new byte[nd][];
            Partial partial = null;
            if (version >= 3) {
                int nm = in.readInt();
                if (nm != nd)
                    throw new IllegalArgumentException(file + " holds model state for " + nm + " physical layers and device state for "
                            + nd + "; the file is damaged");
                for (int i = 0; i < nm; i++) {
                    if (!in.readBoolean()) continue;
                    modelStates[i] = readBlob(in, file, "the model state of physical layer " + (i + 1));
                    if (models != null && models.get(i) == null)
                        throw new IllegalArgumentException(file + " holds the learned model state (a fitted twin) of physical layer "
                                + (i + 1) + " (depth first), but that layer's substrate does not keep one (it is not a StatefulModel); "
                                + "resume with the model, and the twins, the checkpoint was written from");
                }
                if (in.readBoolean()) {
                    int batchSize = in.readInt(), done = in.readInt(), len = in.readInt();
                    if (len < 0) throw new IllegalArgumentException(file + ": negative sample count " + len + "; the file is damaged");
                    int[] order = new int[len];
                    for (int i = 0; i < len; i++) order[i] = in.readInt();
                    partial = new Partial(batchSize, done, order, in.readDouble(), in.readLong(), in.readLong(), in.readLong(), in.readDouble());
                }
            }
            if (version >= 3) {
                String kind = in.readUTF();
                if (!kind.equals(optimizer.kind()))
                    throw new IllegalArgumentException(file + " holds the state of a '" + kind + "' optimizer; this run's is '" + optimizer.kind()
                            + "' (" + optimizer.describe() + "); resume with Optimizer." + kind + "(...), as the checkpoint was written");
            }
            if (version >= 4) readMethodStates(in, file, methods, methodStates);
            if (in.read() != -1)
                throw new IllegalArgumentException(file + " has bytes after its end (format version " + version + "); the file is damaged");
            state = new State(epoch, step, samples, rng, physical, history, partial);
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(file + " ends before its last section: the file is truncated (a copy cut short, or "
                    + "written by a pnn4j that crashed before version 3); resume from another checkpoint or start the run again", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        restore(file, parameters, values, optimizer, optimizerState, devices, deviceStates, models, modelStates, methods, methodStates);
        return state;
    }

    /** The methods' section (version 4) into {@code states}, checked against the resumed run's {@code methods}. */
    private static void readMethodStates(DataInputStream in, Path file, List<Method> methods, byte[][] states) throws IOException {
        int k = in.readInt();
        if (k < 0) throw new IllegalArgumentException(file + ": negative method count " + k + "; the file is damaged");
        boolean check = !methods.isEmpty();
        if (check && k != methods.size())
            throw new IllegalArgumentException(file + " was written by a run of " + k + " stage(s) (methods), this run has "
                    + methods.size() + "; resume with the stages the checkpoint was written from");
        for (int i = 0; i < k; i++) {
            String name = in.readUTF();
            if (!in.readBoolean()) continue;
            byte[] blob = readBlob(in, file, "the state of method " + name);
            if (!check) continue;
            Method m = methods.get(i);
            if (!(m instanceof StatefulMethod) || !m.describe().equals(name))
                throw new IllegalArgumentException(file + " holds the state of method " + name + " for stage " + (i + 1)
                        + ", but this run's stage " + (i + 1) + " is " + m.describe() + "; resume with the method the checkpoint was written from");
            states[i] = blob;
        }
    }

    /**
     * The file's bytes, its CRC-32 trailer checked and cut off for format version 3 and later (version 2 had none).
     *
     * @throws IllegalArgumentException for a missing file or a checksum that does not match, saying what to do
     * @throws IOException              when the file cannot be read
     */
    private static byte[] checkedBody(Path file) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("there is no checkpoint at " + file.toAbsolutePath() + "; give the file that "
                    + "Trainer.checkpoint(file) wrote, or train without resumeFrom", e);
        }
        // not a checkpoint, or version 2 (no trailer): the parser says which
        if (all.length < MAGIC.length + 4 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)
                || ByteBuffer.wrap(all, MAGIC.length, 4).getInt() < 3) return all;
        if (all.length < MAGIC.length + 8)
            throw new IllegalArgumentException(file + " ends before its last section: the file is truncated; resume from another "
                    + "checkpoint or start the run again");
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(all, 0, all.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(all, all.length - 4, 4).getInt())
            throw new IllegalArgumentException(file + " is damaged: its checksum does not match its contents (a changed byte, or a "
                    + "file cut short); nothing was restored. Resume from another checkpoint or start the run again");
        return Arrays.copyOf(all, all.length - 4);
    }

    /** The optimizer's section ({@link Optimizer#saveState}) as bytes, checked against the parameters. */
    private static byte[] readOptimizerState(DataInputStream in, Path file, List<Parameter> parameters) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream copy = new DataOutputStream(bytes);
        int n = in.readInt();
        if (n != parameters.size())
            throw new IllegalArgumentException(file + ": the optimizer state was saved for " + n + " parameters, the model has "
                    + parameters.size() + "; resume with the model the checkpoint was written from");
        copy.writeInt(n);
        for (Parameter p : parameters) {
            int t = in.readInt(), arrays = in.readInt(), len = in.readInt();
            if (len != p.size() || arrays < 0)
                throw new IllegalArgumentException(file + ": the optimizer state of parameter '" + p.name() + "' has " + len
                        + " elements, the parameter has " + p.size() + "; resume with the model the checkpoint was written from");
            copy.writeInt(t);
            copy.writeInt(arrays);
            copy.writeInt(len);
            for (long i = 0, m = (long) arrays * len; i < m; i++) copy.writeFloat(in.readFloat());
        }
        copy.flush();
        return bytes.toByteArray();
    }

    /**
     * Sets everything read, or nothing: device and model states first (the steps that can fail), each one's previous
     * state kept to be put back if a later one fails, then the optimizer and the parameters.
     */
    private static void restore(Path file, List<Parameter> parameters, float[][] values, Optimizer optimizer, byte[] optimizerState,
                                List<PhysicalDevice> devices, byte[][] deviceStates, List<StatefulModel> models, byte[][] modelStates,
                                List<Method> methods, byte[][] methodStates) {
        List<Runnable> undo = new ArrayList<>();
        try {
            for (int i = 0; devices != null && i < deviceStates.length; i++) {
                PhysicalDevice d = devices.get(i);
                if (deviceStates[i] != null && d.savesState()) restoreOne(d::saveState, d::restoreState, deviceStates[i], undo);
            }
            for (int i = 0; models != null && i < modelStates.length; i++) {
                StatefulModel m = models.get(i);
                if (modelStates[i] != null && m != null) restoreOne(m::saveModel, m::restoreModel, modelStates[i], undo);
            }
            for (int i = 0; i < methodStates.length; i++)
                if (methodStates[i] != null && methods.get(i) instanceof StatefulMethod m)
                    restoreOne(m::saveState, m::restoreState, methodStates[i], undo);
            restoreOne(o -> optimizer.saveState(parameters, o), in -> optimizer.loadState(parameters, in), optimizerState, undo);
        } catch (IOException | RuntimeException e) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                try {
                    undo.get(i).run();
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
            }
            String why = e.getMessage();
            if (e instanceof IOException io)
                throw new UncheckedIOException("cannot restore checkpoint " + file + ": " + why + "; nothing was changed", io);
            throw new IllegalArgumentException("cannot restore checkpoint " + file + ": " + why + "; nothing was changed", e);
        }
        for (int i = 0; i < values.length; i++) parameters.get(i).set(values[i]);
    }

    /**
     * Restores one object's state, keeping what it held to put back if a later restore fails; if this one fails, its
     * own previous state is put back first (best effort: a failed restore should not have changed it).
     */
    private static void restoreOne(Saver save, Restorer restore, byte[] state, List<Runnable> undo) throws IOException {
        byte[] before = bytesOf(save);
        try {
            apply(restore, state);
        } catch (IOException | RuntimeException e) {
            try {
                apply(restore, before);
            } catch (IOException | RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        undo.add(() -> quietly(restore, before));
    }

    private static void quietly(Restorer r, byte[] bytes) {
        try {
            apply(r, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put back the state saved before a failed restore: " + e.getMessage(), e);
        }
    }

    /** The format version of a checkpoint file, read from its header. */
    static int versionOf(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            in.readFully(new byte[MAGIC.length]);
            return in.readInt();
        }
    }
}
