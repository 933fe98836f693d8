package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.*;
import static org.pnn4j.Pnn.linear;

import org.junit.jupiter.api.Test;
import org.pnn4j.Pnn;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** The two wirings of a {@link LocalNetwork}: what reaches the physical layers, the skips and the next block. */
class LocalNetworkWiringTest {
    private static LocalNetwork net() {
        LocalNetwork n = LocalNetwork.of(2, 3, LocalNetwork.block(Pnn.pendula(4), linear(4 + 4, 4)),
                LocalNetwork.block(Pnn.pendula(4), linear(4 + 4, 4)));
        n.initialize(new Rng(5));
        return n;
    }

    private static final Tensor H = Tensor.wrap(new float[] {3, -4, 0, 0, 0.5f, 0.5f, -0.5f, 0.5f}, 2, 4);

    @Test
    void defaultIsBatchMaxWithTheInputAsItIsIntoBlockOneAndBatchMaxScaledMagnitudesAfter() {
        LocalNetwork n = net();
        assertEquals(LocalNetwork.Wiring.BATCH_MAX, n.wiring());
        assertArrayEquals(H.toArray(), n.physicalInput(0, H).toArray(), 0f);
        float[] next = n.nextInput(0, H).toArray();
        // |h| / 4 (the batch's largest |h|), pendula's input range taken into account by nextInput
        assertTrue(next[1] > next[0] && next[0] >= 0, java.util.Arrays.toString(next));
    }

    @Test
    void sampleNormFeedsUnitNormMagnitudesPerSampleAndKeepsTheSignedSkip() {
        LocalNetwork n = net().withWiring(LocalNetwork.Wiring.SAMPLE_NORM);
        var s = n.blocks().get(0).physical().substrate();
        assertTrue(Double.isFinite(s.inputMin()) && Double.isFinite(s.inputMax()), "pendula's input range is finite");
        float[] p = n.physicalInput(0, H).toArray();
        double lo = s.inputMin(), hi = s.inputMax();
        // undo the map onto [lo, hi]: row 1 is |3, -4, 0, 0| / 5, row 2 is 0.5 / 1 everywhere
        float[] want = {0.6f, 0.8f, 0, 0, 0.5f, 0.5f, 0.5f, 0.5f};
        for (int i = 0; i < p.length; i++) assertEquals(want[i], (p[i] - lo) / (hi - lo), 1e-5, "element " + i);
        assertArrayEquals(H.toArray(), n.nextInput(0, H).toArray(), 0f);
    }

    @Test
    void withWiringIsAViewSharingParametersAndGoodnessDirections() {
        LocalNetwork a = net(), b = a.withWiring(LocalNetwork.Wiring.SAMPLE_NORM);
        assertEquals(LocalNetwork.Wiring.BATCH_MAX, a.wiring(), "the original is unchanged");
        assertSame(a.parameters().get(a.parameters().size() - 1), b.parameters().get(b.parameters().size() - 1));
        assertSame(a.zeta(1), b.zeta(1));
        assertTrue(b.describe().endsWith(".withWiring(SAMPLE_NORM)"), b.describe());
        assertEquals(LocalNetwork.Wiring.SAMPLE_NORM, b.withChildren(b.children()).wiring());
    }

    @Test
    void theWiringChangesWhatTheNetworkScores() {
        LocalNetwork a = net(), b = a.withWiring(LocalNetwork.Wiring.SAMPLE_NORM);
        Tensor x = Tensor.wrap(new float[] {0, 0, 0.3f, 0.9f, 0, 0, 0.8f, 0.1f}, 2, 4);
        assertFalse(java.util.Arrays.equals(a.forward(x).toArray(), b.forward(x).toArray()));
    }
}
