package org.pnn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pnn4j.cli.BenchScaling.Layer;
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
    void everyLayerSweepsItsSizesAtBatch32ThenBatches() {
        for (Layer layer : Layer.values()) {
            List<int[]> g = layer.grid(true);
            for (int i = 0; i < layer.sizes.length; i++) {
                assertEquals(layer.sizes[i], g.get(i)[0], layer.key);
                assertEquals(32, g.get(i)[1], layer.key);
            }
            assertTrue(g.stream().anyMatch(p -> p[1] == 8) && g.stream().anyMatch(p -> p[1] == 256), layer.key);
            assertTrue(layer.grid(false).size() > g.size(), layer.key);
        }
    }

    @Test
    void flopCountIs160BatchNSquared() {
        // 20 products [B,N]x[N,N] of 2*B*N^2 FLOPs in each of the device and model forwards, 40 in the backward
        assertEquals(160.0 * 32 * 1610 * 1610, new BenchScaling.Point(Layer.OSCILLATORS, 1610, 32, 1).flops(), 1e-3);
    }

    @Test
    void cavityCountsThreeComplexProductsAndShgSixTransforms() {
        // a complex multiply-add is 8 real FLOPs; device forward, model forward, backward to the sources
        assertEquals(24.0 * 32 * 512 * 512, Layer.CAVITY.flops(512, 32), 1e-3);
        // 64 bins: 127 SH bins, FFT length 128 = 2^7; 6 transforms of 5*128*7
        assertEquals(128, BenchScaling.paddedLength(64));
        assertEquals(6 * 5.0 * 32 * 128 * 7, Layer.SHG.flops(64, 32), 1e-6);
        assertEquals(256, BenchScaling.paddedLength(100));
    }

    @Test
    void onePatStepIsTimed() {
        BenchScaling.Point p = BenchScaling.javaPoint(20, 4, 0);
        assertEquals(20, p.n());
        assertTrue(p.seconds() > 0 && p.seconds() < 60, "seconds " + p.seconds());
    }

    @Test
    void onePatStepOfShgAndCavityIsTimed() {
        for (Layer layer : new Layer[] {Layer.SHG, Layer.CAVITY}) {
            BenchScaling.Point p = BenchScaling.javaPoint(layer, 64, 4, 0);
            assertEquals(64, p.n());
            assertTrue(p.seconds() > 0 && p.seconds() < 60, layer.key + " seconds " + p.seconds());
        }
    }

    @Test
    void checkCasesWriteOutputsGradientsAndTheCavitysMatrix(@TempDir Path dir) throws Exception {
        BenchScaling.writeCheckCases(dir);
        List<String> cases = Files.readAllLines(dir.resolve("cases.txt"));
        assertEquals(BenchScaling.CHECK_CASES.size(), cases.size());
        assertEquals("shg-64 shg 64 4 phase", cases.get(2));
        // 4 samples x 32 input bins, float32
        assertEquals(4 * 32 * 4, Files.size(dir.resolve("shg-64.gx.f32")));
        assertEquals(16 * 16 * 4, Files.size(dir.resolve("cavity-16.tre.f32")));
        byte[] g = Files.readAllBytes(dir.resolve("cavity-16.g.controlPhase.f32"));
        boolean nonzero = false;
        for (byte b : g) nonzero |= b != 0;
        assertTrue(nonzero, "the cavity's control-phase gradient is all zeros");
    }

    @Test
    void gemmDescriptionNamesTheKernelOrNetlib() {
        String d = Kernels.gemmDescription();
        assertTrue(d.contains("netlib") && (d.contains("tile") || d.contains("VectorGemm off")), d);
    }
}
