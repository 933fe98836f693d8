package org.pnn4j.backend;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.pnn4j.physics.Params;
import org.pnn4j.tensor.Tensor;

/**
 * Serves a recording made by {@link RecordingBackend}, so a notebook reruns deterministically without the
 * hardware. A call is looked up by its content (substrate, repeats, inputs and parameters, bit for bit);
 * identical calls are served in the order they were recorded. A call that is not in the recording, or that
 * was recorded fewer times, is an error that names the closest recorded call and its first difference.
 */
public final class ReplayBackend implements Backend {
    private final Path file;
    private final List<RecordedCall> calls;
    private final Map<Key, List<Integer>> index = new HashMap<>();
    private final Map<Key, Integer> served = new HashMap<>();
    private final Capabilities capabilities;

    private record Key(String substrate, int repeats, int[] inputShape, float[] inputs, List<String> names, List<float[]> values) {
        static Key of(String substrate, int repeats, Tensor x, Map<String, Tensor> params) {
            List<float[]> v = new ArrayList<>();
            for (Tensor t : params.values()) v.add(t.array());
            return new Key(substrate, repeats, x.shape(), x.array(), List.copyOf(params.keySet()), v);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key k) || !substrate.equals(k.substrate) || repeats != k.repeats || !Arrays.equals(inputShape, k.inputShape)
                    || !Arrays.equals(inputs, k.inputs) || !names.equals(k.names)) return false;
            for (int i = 0; i < values.size(); i++) if (!Arrays.equals(values.get(i), k.values.get(i))) return false;
            return true;
        }

        @Override
        public int hashCode() {
            int h = Objects.hash(substrate, repeats, names, Arrays.hashCode(inputShape), Arrays.hashCode(inputs));
            for (float[] v : values) h = 31 * h + Arrays.hashCode(v);
            return h;
        }
    }

    private ReplayBackend(Path file, List<RecordedCall> calls) {
        this.file = file;
        this.calls = calls;
        Map<String, Capabilities.SubstrateInfo> infos = new LinkedHashMap<>();
        int maxBatch = 1, maxRepeats = 1;
        for (int i = 0; i < calls.size(); i++) {
            RecordedCall c = calls.get(i);
            index.computeIfAbsent(Key.of(c.substrate(), c.repeats(), c.inputs(), c.params()), k -> new ArrayList<>()).add(i);
            infos.putIfAbsent(c.substrate(), new Capabilities.SubstrateInfo(c.substrate(), c.inputs().dim(1), c.outputs().dim(1),
                    Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, List.of()));
            maxBatch = Math.max(maxBatch, c.inputs().dim(0));
            maxRepeats = Math.max(maxRepeats, c.repeats());
        }
        capabilities = Capabilities.of(maxBatch, maxRepeats, List.copyOf(infos.values()), false);
    }

    /**
     * The recording at {@code file}; a torn tail (a crash while recording) is ignored.
     *
     * @throws IOException when the file cannot be read or is not a recording
     */
    public static ReplayBackend open(Path file) throws IOException {
        RecordingFormat.Contents c = RecordingFormat.read(file);
        ReplayBackend r = new ReplayBackend(file, c.calls());
        if (c.damaged())
            r.cut = " The recording is damaged (" + c.damage() + "): only the " + c.calls().size() + " calls before the damage are "
                    + "served; RecordingFormat.salvage(file, newFile) recovers the intact calls after it too.";
        else if (c.droppedBytes() > 0)
            r.cut = " The recording was cut while a call was being written (a crash: its last " + c.droppedBytes() + " bytes are an "
                    + "incomplete call), so the calls after its " + c.calls().size() + " complete ones were never recorded.";
        return r;
    }

    /** Why calls may be missing: "" for a whole file, else what was cut or damaged. */
    private String cut = "";

    /** The recorded calls, in file order. */
    public List<RecordedCall> calls() {
        return calls;
    }

    @Override
    public String name() {
        return "replay(" + file.getFileName() + ")";
    }

    /** The recorded substrates (sizes from the recorded shapes, no input or parameter ranges), the largest recorded batch and repeats. */
    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    /**
     * The recorded outputs of this call.
     *
     * @throws PreflightException outside the recorded substrates, batch sizes and repeats
     * @throws BackendException (a {@link ReplayMismatchException}) when the call is not in the recording, naming
     *                          the closest recorded call and how it differs
     */
    @Override
    public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
        Preflight.check(capabilities, substrate, inputs, params, repeats);
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (String n : params.names()) values.put(n, params.get(n));
        Key key = Key.of(substrate, repeats, inputs, values);
        synchronized (served) {
            List<Integer> hits = index.get(key);
            if (hits == null) throw new ReplayMismatchException(name() + ": this call is not in the recording; " + closest(substrate, repeats, inputs, values)
                    + ". Replay needs the same calls as the recorded run: same seeds, data order and parameters." + cut);
            int n = served.getOrDefault(key, 0);
            if (n >= hits.size())
                throw new ReplayMismatchException(name() + ": this call (substrate '" + substrate + "', batch " + inputs.dim(0) + ") was recorded "
                        + hits.size() + " time(s) (call #" + hits.get(0) + " first) and is now asked for time " + (n + 1)
                        + "; the notebook makes more calls than the recorded run did." + cut);
            served.put(key, n + 1);
            return calls.get(hits.get(n)).outputs();
        }
    }

    private String closest(String substrate, int repeats, Tensor x, Map<String, Tensor> params) {
        if (!capabilities.substrate(substrate).isPresent())
            return "substrate '" + substrate + "' was never recorded (the recording has " + capabilities.substrateNames() + ")";
        String best = null;
        int bestDiffs = Integer.MAX_VALUE;
        for (int i = 0; i < calls.size(); i++) {
            RecordedCall c = calls.get(i);
            if (!c.substrate().equals(substrate)) continue;
            int[] diffs = {0};
            String first = difference(c, repeats, x, params, diffs);
            if (diffs[0] < bestDiffs) {
                bestDiffs = diffs[0];
                best = "the closest recorded call, #" + i + ", differs in " + first + (diffs[0] > 1 && diffs[0] < Integer.MAX_VALUE - 10 ? " (and " + (diffs[0] - 1) + " more values)" : "");
            }
        }
        return best;
    }

    private static String difference(RecordedCall c, int repeats, Tensor x, Map<String, Tensor> params, int[] count) {
        if (c.repeats() != repeats) {
            count[0] = Integer.MAX_VALUE - 2;
            return "repeats: " + repeats + " here, " + c.repeats() + " recorded";
        }
        if (!Arrays.equals(c.inputs().shape(), x.shape())) {
            count[0] = Integer.MAX_VALUE - 1;
            return "input shape: " + Arrays.toString(x.shape()) + " here, " + Arrays.toString(c.inputs().shape()) + " recorded";
        }
        String first = null;
        float[] a = x.array(), b = c.inputs().array();
        int w = x.dim(1);
        for (int i = 0; i < a.length; i++)
            if (Float.compare(a[i], b[i]) != 0) {
                if (first == null) first = String.format(Locale.ROOT, "input [%d, %d]: %s here, %s recorded", i / w, i % w, a[i], b[i]);
                count[0]++;
            }
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor r = c.params().get(e.getKey());
            if (r == null || !Arrays.equals(r.shape(), e.getValue().shape())) {
                count[0] += e.getValue().size() + 1;
                if (first == null) first = "parameter '" + e.getKey() + "': " + (r == null ? "not recorded" : "recorded with shape " + Arrays.toString(r.shape()));
                continue;
            }
            float[] p = e.getValue().array(), q = r.array();
            for (int i = 0; i < p.length; i++)
                if (Float.compare(p[i], q[i]) != 0) {
                    if (first == null) first = String.format(Locale.ROOT, "parameter '%s' element %d: %s here, %s recorded", e.getKey(), i, p[i], q[i]);
                    count[0]++;
                }
        }
        return first == null ? "the order of the parameters" : first;
    }

    /** A call that is not in the recording, or asked for more often than recorded. */
    public static final class ReplayMismatchException extends BackendException {
        private static final long serialVersionUID = 1L;

        /** With a message naming the closest recorded call and its first difference. */
        public ReplayMismatchException(String message) {
            super(message);
        }
    }
}
