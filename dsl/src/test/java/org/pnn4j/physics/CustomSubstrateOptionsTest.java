package org.pnn4j.physics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.tensor.Tensor;

class CustomSubstrateOptionsTest {
    private static final CustomSubstrate.Model TANH = (x, t) -> x.mul(t.get("g")).tanh();

    @Test
    void fluentOptionsAndTheBuilderDescribeTheSameSubstrate() {
        CustomSubstrate fluent = CustomSubstrate.of("gain", TANH).io(2, 2).inputRange(-1, 1).param("g", 0.1, 5, 2)
                .outputNoise(NoiseModel.additiveGaussian(0.1));
        CustomSubstrateOptions o = fluent.options();
        assertEquals(2, o.inputs().getAsInt());
        assertEquals(2, o.outputs().getAsInt());
        assertEquals(-1, o.inputMin());
        assertEquals(1, o.inputMax());
        assertEquals("g", o.parameters().get(0).name());
        assertTrue(o.realization().isEmpty());
        CustomSubstrate rebuilt = CustomSubstrate.of(o.toBuilder().optRealization((x, t) -> x).build());
        Params theta = Params.of("gain", Map.of("g", Tensor.vector(2f, 2f)));
        Tensor x = Tensor.of(new float[] {0.5f, -0.5f}, 1, 2);
        assertArrayEquals(fluent.model(x, theta).toArray(), rebuilt.model(x, theta).toArray());
        assertArrayEquals(x.toArray(), rebuilt.flawless().outputNoise(NoiseModel.none()).realization((a, t) -> a).device(1).forward(x, theta).toArray());
    }

    @Test
    void flawlessDropsTheRealizationAndTheNoise() {
        CustomSubstrateOptions o = CustomSubstrate.of("g", TANH).io(1, 1).realization((x, t) -> x)
                .inputNoise(NoiseModel.additiveGaussian(1)).flawless().options();
        assertTrue(o.realization().isEmpty());
        assertSame(NoiseModel.none(), o.inputNoise());
        assertSame(NoiseModel.none(), o.outputNoise());
    }

    @Test
    void anUnsizedSubstrateSaysToCallIo() {
        CustomSubstrate s = CustomSubstrate.of("g", TANH);
        assertTrue(s.options().inputs().isEmpty());
        var e = assertThrows(IllegalStateException.class, s::inputSize);
        assertEquals("substrate 'g' has no input and output widths; call .io(inputs, outputs)", e.getMessage());
    }

    @Test
    void badOptionsAreRefusedNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> CustomSubstrate.of("g", TANH).io(0, 3));
        assertEquals("substrate 'g': io(0, 3) needs positive widths", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CustomSubstrate.of("g", TANH).inputRange(1, -1));
        assertEquals("substrate 'g': input range [1.0, -1.0] is empty", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CustomSubstrate.of("g", TANH).param("a", 0, 1, 1).param("a", 0, 2, 1));
        assertEquals("substrate 'g' already has a parameter 'a'", e.getMessage());
        assertThrows(NullPointerException.class, () -> CustomSubstrate.of("g", TANH).outputNoise(null));
    }
}
