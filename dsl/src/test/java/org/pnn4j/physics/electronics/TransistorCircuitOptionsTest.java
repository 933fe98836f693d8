package org.pnn4j.physics.electronics;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TransistorCircuitOptionsTest {
    @Test
    void fluentOptionsAndTheBuilderDescribeTheSameCircuit() {
        TransistorCircuit fluent = TransistorCircuit.of().supplyVoltage(9).baseResistance(10e3).biasVoltage(1.2).forwardBeta(150)
                .temperature(320).adc(10, 3).johnsonNoise(false).mismatch(0.1, 0.02).outputs(6);
        TransistorCircuitOptions built = TransistorCircuitOptions.builder().optSupplyVoltage(9).optBaseResistance(10e3)
                .optBiasVoltage(1.2).optForwardBeta(150).optTemperature(320).optAdc(10, 3).optJohnsonNoise(false)
                .optMismatch(0.1, 0.02).optOutputs(6).build();
        assertEquals(built, fluent.options());
        assertEquals(fluent.toString(), TransistorCircuit.of(built).toString());
        assertEquals(2 * 3.0 / 1024, fluent.adcStep());
    }

    @Test
    void optionsReturnCopiesAndLeaveTheOriginal() {
        TransistorCircuit k = TransistorCircuit.of();
        TransistorCircuit r = k.resistance(100);
        assertEquals(250, k.options().resistance());
        assertEquals(100, r.options().resistance());
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        TransistorCircuitOptions o = TransistorCircuit.of().options();
        assertEquals(5, o.supplyVoltage());
        assertEquals(250, o.resistance());
        assertEquals(0.1, o.inductance());
        assertEquals(1e-7, o.capacitance());
        assertEquals(20e3, o.baseResistance());
        assertEquals(1.5, o.biasVoltage());
        assertEquals(1e-14, o.saturationCurrent());
        assertEquals(100, o.forwardBeta());
        assertEquals(1, o.reverseBeta());
        assertEquals(300, o.temperature());
        assertEquals(1, o.driveAmplitude());
        assertEquals(12, o.adcBits());
        assertEquals(8, o.adcFullScale());
        assertTrue(o.johnsonNoise());
        assertEquals(1e-3, o.gainDrift());
        assertEquals(0.05, o.betaMismatch());
        assertEquals(0.01, o.resonanceMismatch());
        assertFalse(o.interleaved());
        assertEquals("transistor(4, 4)", TransistorCircuit.of().name());
    }

    @Test
    void flawlessDevicesHaveNoNoiseNoAdcNoDriftNoMismatch() {
        TransistorCircuitOptions o = TransistorCircuit.of().flawless().options();
        assertFalse(o.johnsonNoise());
        assertEquals(0, o.adcBits());
        assertEquals(0, o.gainDrift());
        assertEquals(0, o.betaMismatch());
        assertEquals(0, o.resonanceMismatch());
        assertEquals(0, TransistorCircuit.of().flawless().adcStep());
    }

    @Test
    void badOptionsAreRefusedNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> TransistorCircuit.of().resistance(-5));
        assertEquals("transistor circuit: resistance (Ω) must be finite and > 0, got -5.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TransistorCircuit.of().capacitance(0));
        assertEquals("transistor circuit: capacitance (F) must be finite and > 0, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TransistorCircuit.of().forwardBeta(Double.NaN));
        assertEquals("transistor circuit: forward beta must be finite and > 0, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TransistorCircuit.of().biasVoltage(Double.POSITIVE_INFINITY));
        assertEquals("transistor circuit: bias voltage (V) must be finite, got Infinity", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TransistorCircuit.of().adc(25, 4));
        assertEquals("transistor circuit: ADC bits must be in 0..24 (0 for an analog readout), got 25", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TransistorCircuit.of().mismatch(-0.1, 0));
        assertEquals("transistor circuit: beta mismatch must be finite and >= 0, got -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TransistorCircuit.of().inputs(0));
        assertEquals("transistor circuit: inputs must be at least 1, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TransistorCircuit.of().stepsPerSegment(1).outputs(9));
        assertEquals("transistor circuit: 9 outputs need at least as many steps, got 8; raise stepsPerSegment or lower outputs",
                e.getMessage());
    }
}
