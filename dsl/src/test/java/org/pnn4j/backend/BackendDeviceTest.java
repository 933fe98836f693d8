package org.pnn4j.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.Network;
import org.pnn4j.Pnn;
import org.pnn4j.data.Dataset;
import org.pnn4j.data.Synthetic;
import org.pnn4j.physics.CustomSubstrate;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;
import org.pnn4j.train.Evaluation;

/** BackendDevice splits calls that exceed a backend's limits into calls that fit, transparently. */
class BackendDeviceTest {
    private static final int IN = 6;

    /** y = g·x, inputs in [−1, 1], g (IN values) in [0, 2]. */
    private static CustomSubstrate gain() {
        return Pnn.substrate("gain", (x, t) -> x.mul(t.get("g"))).io(IN, IN).inputRange(-1, 1).param("g", 0, 2, IN);
    }

    private static Params theta() {
        float[] g = new float[IN];
        for (int i = 0; i < IN; i++) g[i] = 0.25f * (i + 1);
        return Params.of("gain", Map.of("g", Tensor.of(g, IN)));
    }

    private static Tensor inputs(int batch) {
        return Tensor.uniform(new Rng(5), -1, 1, batch, IN);
    }

    /** x rounded to multiples of 1/8. */
    private static Tensor eighths(Tensor x) {
        float[] d = x.toArray();
        for (int i = 0; i < d.length; i++) d[i] = Math.round(d[i] * 8) / 8f;
        return Tensor.of(d, x.shape());
    }

    /**
     * Records (batch, repeats) of each call and returns x·g. With {@code stream}, each repeat is a "measurement" with
     * the next offset 0, 1, 2, ... (counted over calls) and a call with r repeats adds the mean of its r offsets, so the
     * mean over all repeats does not depend on how they were split. Each call reports 0.25 device seconds.
     */
    static final class Fake implements Backend {
        final Capabilities caps;
        final List<int[]> calls = new ArrayList<>();
        boolean stream;
        long offset;

        Fake(Capabilities caps) {
            this.caps = caps;
        }

        Fake streaming() {
            stream = true;
            return this;
        }

        @Override
        public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
            Preflight.check(caps, substrate, inputs, params, repeats); // a real backend refuses what does not fit
            calls.add(new int[] {inputs.dim(0), repeats});
            float meanOffset = stream ? (float) (offset + (repeats - 1) / 2.0) : 0f;
            if (stream) offset += repeats;
            return inputs.mul(params.get("g")).add(meanOffset);
        }

        @Override
        public Timed forwardTimed(String substrate, Tensor inputs, Params params, int repeats) {
            return new Timed(forward(substrate, inputs, params, repeats), 0.25);
        }

        @Override
        public Capabilities capabilities() {
            return caps;
        }
    }

    private static Capabilities caps(int maxBatch, int maxRepeats, int maxMessageBytes, long maxSamplesPerCall) {
        return Capabilities.of(maxBatch, maxRepeats, List.of(Capabilities.SubstrateInfo.of(gain())), false)
                .withLimits(maxMessageBytes, maxSamplesPerCall);
    }

    private static Fake unlimited() {
        return new Fake(caps(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE));
    }

    private static List<Integer> batches(Fake f) {
        List<Integer> b = new ArrayList<>();
        for (int[] c : f.calls) b.add(c[0]);
        return b;
    }

    @Test
    void aBatchAboveMaxBatchIsSplitInOrderAndEqualsTheUnsplitCallBitForBit() {
        Fake split = new Fake(caps(256, 8, Integer.MAX_VALUE, Long.MAX_VALUE)), whole = unlimited();
        Tensor x = inputs(1000);
        PhysicalDevice.Measurement m = new BackendDevice(split, gain(), 1).measure(x, theta());
        Tensor y = new BackendDevice(whole, gain(), 1).forward(x, theta());
        assertEquals(List.of(256, 256, 256, 232), batches(split));
        assertEquals(List.of(1000), batches(whole));
        assertArrayEquals(y.array(), m.output().array(), "the pieces concatenated in order are the unsplit output");
        assertArrayEquals(new int[] {1000, IN}, m.output().shape());
        assertEquals(4 * 0.25, m.deviceSeconds(), 0.0, "device seconds are summed over the pieces");
    }

    @Test
    void aCallThatFitsIsSentWhole() {
        Fake f = new Fake(caps(256, 8, Integer.MAX_VALUE, Long.MAX_VALUE));
        BackendDevice d = new BackendDevice(f, gain(), 3);
        d.forward(inputs(256), theta());
        assertEquals(1, f.calls.size());
        assertArrayEquals(new int[] {256, 3}, f.calls.get(0));
        assertEquals(1, d.calls());
        assertEquals(1, d.backendCalls());
    }

    @Test
    void theSamplesPerCallLimitCountsBatchTimesRepeats() {
        Fake f = new Fake(caps(1000, 8, Integer.MAX_VALUE, 120));
        BackendDevice d = new BackendDevice(f, gain(), 4);
        d.forward(inputs(100), theta());
        assertEquals(List.of(30, 30, 30, 10), batches(f));
        for (int[] c : f.calls) assertTrue((long) c[0] * c[1] <= 120, c[0] + " x " + c[1]);
        assertEquals(1, d.calls());
        assertEquals(4, d.backendCalls());
    }

    @Test
    void repeatsAboveMaxRepeatsAreAveragedWithTheirWeights() {
        Fake split = new Fake(caps(1000, 4, Integer.MAX_VALUE, Long.MAX_VALUE)).streaming(), whole = unlimited().streaming();
        Tensor x = eighths(inputs(7)); // x·g + offsets exact in float32, so the means are exact
        Tensor y = new BackendDevice(split, gain(), 10).forward(x, theta());
        Tensor ref = new BackendDevice(whole, gain(), 10).forward(x, theta());
        List<Integer> repeats = new ArrayList<>();
        for (int[] c : split.calls) repeats.add(c[1]);
        assertEquals(List.of(4, 4, 2), repeats, "10 repeats as 4 + 4 + 2");
        // the mean of offsets 0..9 is 4.5 whichever way they are grouped; unweighted (1.5 + 5.5 + 8.5) / 3 would be 5.17
        assertArrayEquals(ref.array(), y.array(), "weighted mean of the pieces = mean of all 10 repeats");
        float[] xg = x.mul(theta().get("g")).array();
        for (int i = 0; i < xg.length; i++) assertEquals(xg[i] + 4.5f, y.array()[i], 0f);
    }

    @Test
    void aSamplesPerCallLimitBelowTheRepeatsSplitsTheRepeatsToo() {
        Fake f = new Fake(caps(1000, 100, Integer.MAX_VALUE, 3)).streaming();
        Tensor y = new BackendDevice(f, gain(), 5).forward(eighths(inputs(2)), theta());
        for (int[] c : f.calls) assertTrue(c[0] * c[1] <= 3, c[0] + " x " + c[1]);
        assertEquals(4, f.calls.size(), "2 samples x (3 + 2 repeats)");
        Tensor ref = new BackendDevice(unlimited().streaming(), gain(), 5).forward(eighths(inputs(2)), theta());
        // sample 1 gets offsets 0..4, sample 2 offsets 5..9 here, so compare sample 1 only
        for (int j = 0; j < IN; j++) assertEquals(ref.array()[j], y.array()[j], 0f);
    }

    @Test
    void aMessageLimitSplitsTheBatchSoEveryRequestFits() {
        Params p = theta();
        long fixed = BackendDevice.requestBytes("gain", 0, IN, p), perSample = 4L * IN + BackendDevice.SAMPLE_FRAMING_BYTES;
        int limit = (int) ((fixed + 50 * perSample) / 0.9) + 1; // about 50 samples fit in 90% of it
        Fake split = new Fake(caps(100_000, 8, limit, Long.MAX_VALUE)), whole = unlimited();
        Tensor x = inputs(333);
        Tensor y = new BackendDevice(split, gain(), 1).forward(x, p);
        assertTrue(split.calls.size() > 1, "split into " + batches(split));
        int total = 0;
        for (int[] c : split.calls) {
            long bytes = BackendDevice.requestBytes("gain", c[0], IN, p);
            assertTrue(bytes <= 0.9 * limit, "a request of " + c[0] + " samples is about " + bytes + " bytes, limit " + limit);
            assertTrue(4L * (c[0] * IN + IN) < limit, "its floats alone fit");
            total += c[0];
        }
        assertEquals(333, total);
        assertEquals(50, split.calls.get(0)[0], "pieces are as large as the limit allows");
        assertArrayEquals(new BackendDevice(whole, gain(), 1).forward(x, p).array(), y.array());
    }

    @Test
    void aWideReplyIsSplitToFitTheMessageLimitToo() {
        CustomSubstrate fan = Pnn.substrate("fan", (x, t) -> x.matmul(Tensor.full(1, 1, 64))).io(1, 64).inputRange(-1, 1);
        int limit = 20_000; // a request of 1 input per sample fits ~1400 samples; a reply of 64 outputs per sample ~64
        Capabilities c = Capabilities.of(100_000, 8, List.of(Capabilities.SubstrateInfo.of(fan)), false).withLimits(limit, Long.MAX_VALUE);
        List<Integer> sizes = new ArrayList<>();
        Backend b = new Backend() {
            @Override
            public Tensor forward(String substrate, Tensor inputs, Params params, int repeats) {
                sizes.add(inputs.dim(0));
                return inputs.matmul(Tensor.full(1, 1, 64));
            }

            @Override
            public Capabilities capabilities() {
                return c;
            }
        };
        Tensor y = new BackendDevice(b, fan, 1).forward(Tensor.uniform(new Rng(3), -1, 1, 200, 1), Params.of("fan", Map.of()));
        assertArrayEquals(new int[] {200, 64}, y.shape());
        assertTrue(sizes.size() > 1, "split into " + sizes);
        for (int n : sizes) assertTrue(4L * 64 * n < 0.9 * limit, "a reply of " + n + " samples is " + 4L * 64 * n + " bytes of floats");
    }

    @Test
    void aSingleSampleThatCannotFitTheMessageLimitIsAClearErrorAndNothingRuns() {
        Fake f = new Fake(caps(256, 8, 600, Long.MAX_VALUE));
        BackendDevice d = new BackendDevice(f, gain(), 1);
        PreflightException e = assertThrows(PreflightException.class, () -> d.forward(inputs(3), theta()));
        assertTrue(e.getMessage().contains("one sample") && e.getMessage().contains("600 bytes")
                && e.getMessage().contains("substrate 'gain'"), e.getMessage());
        assertEquals(0, f.calls.size());
    }

    @Test
    void aPieceRefusedByPreflightRunsNoPieceAtAll() {
        Fake f = new Fake(caps(4, 8, Integer.MAX_VALUE, Long.MAX_VALUE));
        Tensor x = inputs(10);
        float[] d = x.toArray();
        d[d.length - 1] = 0.5f;
        // g outside the backend's declared range, but the substrate's check passes: a narrower declared range
        Capabilities narrow = Capabilities.of(4, 8, List.of(new Capabilities.SubstrateInfo("gain", IN, IN, -1, 0.25,
                List.of(new Capabilities.ParameterRange("g", new int[] {IN}, 0, 2, "")))), false);
        Fake g = new Fake(narrow);
        assertThrows(PreflightException.class, () -> new BackendDevice(g, gain(), 1).forward(Tensor.of(d, 10, IN), theta()));
        assertEquals(0, g.calls.size(), "the last piece is out of range, so none ran");
        assertEquals(0, f.calls.size());
    }

    @Test
    void physicalEvaluationOf1024SamplesRunsOnABackendThatTakes256() {
        CustomSubstrate s = Pnn.substrate("tanh-gain", (x, t) -> x.mul(t.get("g")).tanh()).io(4, 4).inputRange(-10, 10)
                .param("g", 0.1, 5, 4).realization((x, t) -> x.mul(t.get("g").mul(1.1)).tanh());
        Dataset data = Synthetic.moons(1024, 0.1, 3);
        SimulatedBackend small = new SimulatedBackend(1, 256), large = new SimulatedBackend(1);
        BackendDevice onSmall = (BackendDevice) small.device(s);
        Network a = Network.of(Pnn.linear(2, 4), new PhysicalLayer(s, onSmall), Pnn.linear(4, 2)).initialize(3);
        Network b = Network.of(Pnn.linear(2, 4), new PhysicalLayer(s, large.device(s)), Pnn.linear(4, 2)).initialize(3);
        Evaluation ea = Evaluation.physical(a, data), eb = Evaluation.physical(b, data);
        assertEquals(eb.loss(), ea.loss(), 0.0, "the split evaluation equals the unsplit one on a noiseless device");
        assertEquals(eb.accuracy(), ea.accuracy(), 0.0);
        assertEquals(1, onSmall.calls());
        assertEquals(4, onSmall.backendCalls(), "1024 samples as 4 calls of 256");
    }
}
