package org.pnn4j.physics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pnn4j.nn.Parameter;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.physics.cavities.Cavity;
import org.pnn4j.physics.electronics.DiodeCircuit;
import org.pnn4j.physics.electronics.TransistorCircuit;
import org.pnn4j.physics.mechanics.Plate;
import org.pnn4j.physics.optics.FourierOptics;
import org.pnn4j.physics.optics.Shg;
import org.pnn4j.physics.oscillators.CoupledOscillators;
import org.pnn4j.physics.oscillators.PendulaRing;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** A simulated device's saved state, restored into a fresh device of the same seed, continues its measurements exactly. */
class DeviceStateTest {
    static List<Substrate> substrates() {
        Substrate gain = org.pnn4j.Pnn.substrate("gain", (x, t) -> x.mul(t.get("g")).tanh()).io(3, 3).inputRange(-1, 1)
                .param("g", 0.1, 5, 3).realization((x, t) -> x.mul(t.get("g").mul(1.1)).tanh());
        return List.of(
                PendulaRing.of(6),
                CoupledOscillators.of(6),
                Cavity.acoustic(4, 2, 3),
                Plate.of(4),
                DiodeCircuit.of(),
                TransistorCircuit.of(),
                Shg.of(16, 4, 4),
                FourierOptics.of(16),
                gain.withNoise(NoiseModel.multiplicativeGaussian(0.01), NoiseModel.shotNoiseGaussian(1e4)
                        .then(NoiseModel.pinkDrift(0.01, 100)).then(NoiseModel.quantization(10, -2, 2))),
                Cavity.acoustic(4, 2, 3).withNoise(NoiseModel.randomWalkDrift(0.01).perChannel(), NoiseModel.linearDrift(1e-3)));
    }

    private static Params theta(Substrate s) {
        Rng rng = new Rng(0);
        java.util.List<Parameter> ps = new java.util.ArrayList<>();
        for (ParameterSpec p : s.parameters()) ps.add(p.create(rng));
        return Params.of(s.name(), ps);
    }

    private static Tensor inputs(Substrate s, long seed) {
        double lo = Math.max(-1, s.inputMin()), hi = Math.min(1, s.inputMax());
        return Tensor.uniform(new Rng(seed), lo, hi, 5, s.inputSize());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("substrates")
    void aRestoredDeviceContinuesBitForBit(Substrate s) throws Exception {
        Params th = theta(s);
        PhysicalDevice a = s.device(3);
        assertTrue(a.savesState());
        for (int k = 0; k < 3; k++) a.forward(inputs(s, k), th);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            a.saveState(out);
        }
        PhysicalDevice b = s.device(3), fresh = s.device(3);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            b.restoreState(in);
            assertTrue(in.read() < 0, "restoreState reads all that saveState wrote");
        }
        for (int k = 3; k < 6; k++) {
            Tensor x = inputs(s, k);
            float[] ya = a.forward(x, th).toArray(), yb = b.forward(x, th).toArray(), yf = fresh.forward(x, th).toArray();
            assertArrayEquals(ya, yb, s.name() + ", call " + (k + 1));
            if (k == 3) assertFalse(Arrays.equals(ya, yf), s.name() + ": a fresh device must differ (the state matters)");
        }
    }
}
