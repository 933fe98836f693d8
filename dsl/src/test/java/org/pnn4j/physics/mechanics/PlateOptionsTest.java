package org.pnn4j.physics.mechanics;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PlateOptionsTest {
    @Test
    void fluentOptionsAndTheBuilderDescribeTheSamePlate() {
        Plate fluent = Plate.of(3, 7).inputs(5).parameterSegments(2).outputs(6).stepsPerSegment(50).sensorNoise(0.01).linear();
        PlateOptions built = PlateOptions.builder(3, 7).optInputs(5).optParameterSegments(2).optOutputs(6).optStepsPerSegment(50)
                .optSensorNoise(0.01).optLinear().build();
        assertEquals(built, fluent.options());
        assertEquals(built.hashCode(), fluent.options().hashCode());
        assertEquals(fluent.toString(), Plate.of(built).toString());
        assertArrayEquals(new double[3], built.cubicStiffness());
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        PlateOptions o = Plate.of(4).options();
        assertEquals(4, o.modes());
        assertEquals(4, o.inputs());
        assertEquals(4, o.parameterSegments());
        assertEquals(40, o.stepsPerSegment());
        assertEquals(1e-3, o.segmentDuration());
        assertEquals(0.005, o.sensorNoise());
        assertEquals(1e-4, o.frequencyDrift());
        assertEquals(0.005, o.frequencyMismatch());
        for (double f : o.frequenciesHz()) assertTrue(f >= 200 && f <= 1000, "frequency " + f);
    }

    @Test
    void perModeArraysAreCopiedInAndOut() {
        double[] f = {300, 500};
        PlateOptions o = PlateOptions.builder(2, 0).optFrequencies(f).build();
        f[0] = 1e6;
        o.frequenciesHz()[1] = 1e6;
        assertArrayEquals(new double[] {300, 500}, o.frequenciesHz());
    }

    @Test
    void badOptionsAreRefusedNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Plate.of(2).qualityFactors(10, -1));
        assertEquals("plate: quality factors must be finite and > 0, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plate.of(3).frequencies(300, 400));
        assertEquals("plate has 3 modes but 2 frequencies (Hz) were given", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plate.of(2).sensorNoise(Double.NaN));
        assertTrue(e.getMessage().contains("sensorNoise must be finite and >= 0, got NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Plate.of(2).segmentDuration(0.01));
        assertTrue(e.getMessage().contains("raise stepsPerSegment or shorten the segments"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plate.of(0));
    }

    @Test
    void outputsBeyondTheStepsAreRefusedWhicheverOptionComesLast() {
        Plate p = Plate.of(1).frequencies(10).stepsPerSegment(1).outputs(8);
        var e = assertThrows(IllegalArgumentException.class, () -> p.inputs(1));
        assertEquals("plate: 8 outputs need at least as many integration steps, got 5", e.getMessage());
    }
}
