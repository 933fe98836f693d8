package org.pnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.kernels.Kernels;

class BenchScalingTest {
    @Test
    void quickGridSweepsNFrom100To3200AtBatch32AndBatch8To256() {
        List<int[]> g = BenchScaling.grid(true);
        assertEquals(100, g.get(0)[0]);
        assertEquals(3200, g.get(BenchScaling.SIZES.length - 1)[0]);
        assertTrue(g.stream().filter(p -> p[1] == 32).count() >= BenchScaling.SIZES.length);
        assertTrue(g.stream().anyMatch(p -> p[1] == 8) && g.stream().anyMatch(p -> p[1] == 256));
        assertTrue(BenchScaling.grid(false).size() > g.size());
    }

    @Test
    void flopCountIs160BatchNSquared() {
        // 20 products [B,N]x[N,N] of 2*B*N^2 FLOPs in each of the device and model forwards, 40 in the backward
        assertEquals(160.0 * 32 * 1610 * 1610, new BenchScaling.Point(1610, 32, 1).flops(), 1e-3);
    }

    @Test
    void onePatStepIsTimed() {
        BenchScaling.Point p = BenchScaling.javaPoint(20, 4, 0);
        assertEquals(20, p.n());
        assertTrue(p.seconds() > 0 && p.seconds() < 60, "seconds " + p.seconds());
    }

    @Test
    void gemmDescriptionNamesTheKernelOrNetlib() {
        String d = Kernels.gemmDescription();
        assertTrue(d.contains("netlib") && (d.contains("tile") || d.contains("VectorGemm off")), d);
    }
}
