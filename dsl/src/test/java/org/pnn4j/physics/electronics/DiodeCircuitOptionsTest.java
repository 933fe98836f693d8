package org.pnn4j.physics.electronics;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DiodeCircuitOptionsTest {
    @Test
    void fluentOptionsAndTheBuilderDescribeTheSameCircuit() {
        DiodeCircuit fluent = DiodeCircuit.of(30, 5e-3, 2e-6).temperature(320).adc(10, 3).johnsonNoise(false).outputs(6);
        DiodeCircuitOptions built = DiodeCircuitOptions.builder().optResistance(30).optInductance(5e-3).optCapacitance(2e-6)
                .optTemperature(320).optAdc(10, 3).optJohnsonNoise(false).optOutputs(6).build();
        assertEquals(built, fluent.options());
        assertEquals(fluent.toString(), DiodeCircuit.of(built).toString());
        assertEquals(2 * 3.0 / 1024, fluent.adcStep());
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        DiodeCircuitOptions o = DiodeCircuit.of().options();
        assertEquals(20, o.resistance());
        assertEquals(10e-3, o.inductance());
        assertEquals(1e-6, o.capacitance());
        assertEquals(1e-14, o.saturationCurrent());
        assertEquals(300, o.temperature());
        assertEquals(12, o.adcBits());
        assertTrue(o.johnsonNoise());
        assertEquals(1e-3, o.gainDrift());
    }

    @Test
    void flawlessDevicesHaveNoNoiseNoAdcNoDrift() {
        DiodeCircuitOptions o = DiodeCircuit.of().flawless().options();
        assertFalse(o.johnsonNoise());
        assertEquals(0, o.adcBits());
        assertEquals(0, o.gainDrift());
        assertEquals(0, DiodeCircuit.of().flawless().adcStep());
    }

    @Test
    void badOptionsAreRefusedNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> DiodeCircuit.of().resistance(-5));
        assertEquals("diode circuit: resistance (Ω) must be finite and > 0, got -5.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DiodeCircuit.of().adc(25, 4));
        assertEquals("diode circuit: ADC bits must be in 0..24, got 25", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DiodeCircuit.of().gainDrift(-1e-3));
        assertTrue(e.getMessage().contains("gain drift must be finite and >= 0, got -0.001"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DiodeCircuit.of().stepsPerSegment(1).outputs(9));
        assertEquals("diode circuit: 9 outputs need at least as many steps, got 8", e.getMessage());
    }
}
