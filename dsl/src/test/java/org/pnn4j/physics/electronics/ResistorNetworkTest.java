package org.pnn4j.physics.electronics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Equilibrium;
import org.pnn4j.physics.EquilibriumDevice;
import org.pnn4j.physics.Nudge;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.SubstrateKinds;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class ResistorNetworkTest {
    private static final ResistorNetwork NET = ResistorNetwork.of(3, 4, 2);

    private static Params conductances(ResistorNetwork net, long seed) {
        return Params.of(net.name(), Map.of("G", net.parameters().get(0).create(new Rng(seed)).value()));
    }

    private static double maxAbs(double[][] r) {
        double m = 0;
        for (double[] row : r) for (double v : row) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void theFreeNudgedAndClampedEquilibriaSatisfyKirchhoffsCurrentLaw() {
        Tensor x = Tensor.uniform(new Rng(1), -0.9, 0.9, 5, 3);
        Params theta = conductances(NET, 2);
        Tensor target = Tensor.uniform(new Rng(3), -0.5, 0.5, 5, 2);
        for (Nudge nudge : new Nudge[] {Nudge.free(), Nudge.weakClamp(target, 0.5), Nudge.weakClamp(target, -0.2), Nudge.clamp(target)}) {
            Equilibrium e = NET.settle(x, theta, nudge);
            double[][] r = NET.kirchhoffResidual(e.state(), theta.get("G"), nudge);
            // currents of order G·V ~ 1 mA; float32 node voltages leave ~1e-6 mA
            assertTrue(maxAbs(r) < 1e-5, nudge.kind() + " " + nudge.strength() + ": largest net current into a free node " + maxAbs(r) + " mA");
        }
        // a clamp holds the outputs at the target; a weak clamp pulls them part of the way
        Equilibrium free = NET.settle(x, theta, Nudge.free()), clamped = NET.settle(x, theta, Nudge.clamp(target)),
                weak = NET.settle(x, theta, Nudge.weakClamp(target, 0.5));
        assertArrayEquals(target.array(), clamped.output().array(), 1e-6f);
        for (int i = 0; i < target.size(); i++) {
            double before = Math.abs(free.output().array()[i] - target.array()[i]), after = Math.abs(weak.output().array()[i] - target.array()[i]);
            assertTrue(after < before, "output " + i + ": the weak clamp moved it from " + before + " to " + after + " V off the target");
        }
    }

    @Test
    void aDeviceSettlesByKirchhoffWithItsOwnConductancesAndCountsEachSettleAsACall() {
        ResistorNetwork quiet = NET.voltmeterNoise(0);
        ResistorNetwork.Device d = quiet.device(4);
        Tensor x = Tensor.uniform(new Rng(5), -0.9, 0.9, 4, 3);
        Params theta = conductances(quiet, 6);
        Nudge nudge = Nudge.weakClamp(Tensor.zeros(4, 2), 1.0);
        Equilibrium e = d.settle(x, theta, nudge);
        double[][] withActual = quiet.kirchhoffResidual(e.state(), d.actualConductances(theta), nudge);
        double[][] withNominal = quiet.kirchhoffResidual(e.state(), theta.get("G"), nudge);
        assertTrue(maxAbs(withActual) < 1e-5, "actual conductances: " + maxAbs(withActual) + " mA");
        assertTrue(maxAbs(withNominal) > 1e-3, "the 5% tolerance is a reality gap: " + maxAbs(withNominal) + " mA with the nominal values");
        d.forward(x, theta);
        assertEquals(2, d.calls());
    }

    @Test
    void aFlawlessDeviceMeasuresTheModelAndTheLocalEnergyGradientIsHalfTheSquaredDrop() {
        ResistorNetwork net = ResistorNetwork.of(2, 1, 1).flawless();
        EquilibriumDevice d = net.device(1);
        Tensor x = Tensor.wrap(new float[] {0.5f, -0.25f}, 1, 2);
        Params theta = conductances(net, 3);
        Equilibrium e = d.settle(x, theta, Nudge.free());
        Tensor y;
        try (Grad.Scope off = Grad.off()) {
            y = net.model(x, theta);
        }
        assertArrayEquals(y.array(), e.output().array(), 1e-7f);
        double[] dEdG = e.energyGradient().get("G");
        float[] v = e.state().array();
        int[][] nodes = net.edgeNodes();
        assertEquals(net.edges(), dEdG.length);
        for (int k = 0; k < nodes.length; k++) {
            double drop = v[nodes[k][0]] - v[nodes[k][1]];
            assertEquals(0.5 * drop * drop, dEdG[k], 1e-6, "edge " + k);
        }
        // sources: inputs 0.5 and -0.25 V, ground, rails at ±1 V
        assertEquals(0.5f, v[0]);
        assertEquals(-0.25f, v[1]);
        assertEquals(0f, v[2]);
        assertEquals(1f, v[3]);
        assertEquals(-1f, v[4]);
    }

    @Test
    void theSpecAndTheSizesBuildTheTopology() {
        ResistorNetwork n = (ResistorNetwork) SubstrateKinds.parse("resistors:2,3");
        assertEquals("resistors(2, 0, 3)", n.name());
        assertEquals(5 * 3 + 3, n.edges(), "S·F + F(F−1)/2 with 5 sources and 3 free nodes");
        assertEquals(6 * 6 + 15, NET.edges());
        assertEquals("mS", NET.parameters().get(0).unit());
    }

    @Test
    void badOptionsAndBadNudgesAreRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NET.conductanceTolerance(0.7));
        assertTrue(e.getMessage().contains("tolerance") && e.getMessage().contains("0.7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NET.conductanceRange(5, 1));
        assertTrue(e.getMessage().contains("conductance range (mS)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ResistorNetwork.of(0, 1, 1));
        assertTrue(e.getMessage().contains("inputs must be at least 1, got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NET.voltmeterNoise(-1));
        assertTrue(e.getMessage().contains("voltmeter noise (V)"), e.getMessage());
        Tensor x = Tensor.zeros(2, 3);
        Params theta = conductances(NET, 1);
        e = assertThrows(IllegalArgumentException.class, () -> NET.settle(x, theta, Nudge.clamp(Tensor.zeros(2, 3))));
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> NET.settle(x, theta, Nudge.weakClamp(Tensor.zeros(2, 2), -1e3)));
        assertTrue(s.getMessage().contains("no stable equilibrium"), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Nudge.weakClamp(Tensor.zeros(2, 2), 0));
    }
}
