package org.pnn4j.physics.cavities;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CavityOptionsTest {
    @Test
    void fluentOptionsAndTheBuilderDescribeTheSameCavity() {
        Cavity fluent = Cavity.microwave(4, 4, 8).bits(2).lossless().seed(3).detectorNoise(0.02);
        CavityOptions built = CavityOptions.builder(Cavity.Kind.MICROWAVE, 4, 4, 8).optBits(2).optLossless(true).optSeed(3)
                .optDetectorNoise(0.02).build();
        assertEquals(built, fluent.options());
        Cavity again = Cavity.of(built);
        assertArrayEquals(fluent.scattering().re().toArray(), again.scattering().re().toArray());
        assertArrayEquals(fluent.scattering().im().toArray(), again.scattering().im().toArray());
        assertEquals(fluent.toString(), again.toString());
    }

    @Test
    void theScatteringMatrixFollowsTheSeed() {
        Cavity a = Cavity.acoustic(3, 1, 2).seed(5), b = Cavity.acoustic(3, 1, 2).seed(6);
        assertArrayEquals(a.scattering().re().toArray(), Cavity.acoustic(3, 1, 2).seed(5).scattering().re().toArray());
        assertNotEquals(a.scattering().re().get(0, 0), b.scattering().re().get(0, 0));
    }

    @Test
    void flawlessKeepsTheBits() {
        CavityOptions o = Cavity.microwave(2, 2, 2).bits(2).flawless().options();
        assertEquals(2, o.bits());
        assertEquals(0, o.scatteringMismatch());
        assertEquals(0, o.detectorNoise());
    }

    @Test
    void badOptionsAreRefusedNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Cavity.acoustic(4, 2, 3).bits(2));
        assertEquals("acoustic(4, 2, 3): bits apply to microwave metasurfaces only", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cavity.microwave(4, 2, 3).bits(3));
        assertEquals("microwave(4, 2, 3): metasurface elements have 1 or 2 bits, got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cavity.acoustic(4, 2, 5).lossless());
        assertEquals("a lossless acoustic(4, 2, 5) needs as many outputs as sources (6), got 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cavity.acoustic(4, 2, 3).detectorNoise(-1));
        assertEquals("acoustic(4, 2, 3): detector noise must be finite and >= 0, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Cavity.microwave(0, 2, 3));
        assertEquals("microwave cavity needs inputs >= 1, controls >= 0 and outputs >= 1, got 0, 2, 3", e.getMessage());
    }
}
