package org.pnn4j.physics.optics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.Pnn;
import org.pnn4j.physics.AdjointDevice;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.SubstrateKinds;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/** The Clements mesh: unitarity, loss, and the device's adjoint measurement against autograd and the true device. */
class MziMeshTest {
    private static double[] uniform(Rng rng, double lo, double hi, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = lo + (hi - lo) * rng.nextDouble();
        return v;
    }

    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    /** L = Σ g·y on the chip's noiseless outputs at commanded phases (double precision). */
    private static double loss(MziMesh.Device d, double[] x, double[] g, double[][] phases) {
        double[] y = d.outputsExact(x, phases[0], phases[1], phases.length > 2 ? phases[2] : null);
        double l = 0;
        for (int j = 0; j < y.length; j++) l += g[j] * y[j];
        return l;
    }

    /** The true device's gradient with respect to every commanded phase, by central differences in double precision. */
    private static double[] deviceFiniteDifferences(MziMesh.Device d, double[] x, double[] g, double[][] phases, double h) {
        int total = 0;
        for (double[] p : phases) total += p.length;
        double[] grad = new double[total];
        int at = 0;
        for (double[] p : phases)
            for (int i = 0; i < p.length; i++, at++) {
                double v = p[i];
                p[i] = v + h;
                double up = loss(d, x, g, phases);
                p[i] = v - h;
                double down = loss(d, x, g, phases);
                p[i] = v;
                grad[at] = (up - down) / (2 * h);
            }
        return grad;
    }

    private static double relativeError(double[] estimate, double[] truth) {
        double num = 0, den = 0;
        for (int i = 0; i < truth.length; i++) {
            num += (estimate[i] - truth[i]) * (estimate[i] - truth[i]);
            den += truth[i] * truth[i];
        }
        return Math.sqrt(num / den);
    }

    private static double[][] phases(MziMesh mesh, Rng rng) {
        // away from the heaters' wrap at 0 and 2π, where the device's response is not differentiable
        double[][] p = {uniform(rng, 0.3, 2 * Math.PI - 0.3, mesh.mzis()), uniform(rng, 0.3, 2 * Math.PI - 0.3, mesh.mzis())};
        return mesh.options().coherentDetection() ? new double[][] {p[0], p[1], uniform(rng, 0.3, 2 * Math.PI - 0.3, mesh.modes())} : p;
    }

    @Test
    void onTheFlawlessMeshTheAdjointMeasurementEqualsTheExactGradientToRoundOffInDouble() {
        for (MziMesh mesh : new MziMesh[] {MziMesh.of(5).flawless(), MziMesh.of(4).coherentDetection().flawless()}) {
            MziMesh.Device d = (MziMesh.Device) mesh.device(3);
            Rng rng = new Rng(7);
            double[] x = uniform(rng, -1, 1, mesh.modes()), g = uniform(rng, -1, 1, mesh.outputSize());
            double[][] ph = phases(mesh, rng);
            double[] adjoint = d.adjointExact(x, g, ph[0], ph[1], ph.length > 2 ? ph[2] : null);
            double[] fd = deviceFiniteDifferences(d, x, g, ph, 1e-5);
            double err = relativeError(adjoint, fd);
            assertTrue(err < 1e-9, mesh.name() + ": adjoint vs double finite differences, relative error " + err);
        }
    }

    @Test
    void onTheFlawlessMeshTheLayersInSituGradientEqualsAutogradsWithinFloatPrecision() {
        for (MziMesh mesh : new MziMesh[] {MziMesh.of(4).flawless(), MziMesh.of(3).coherentDetection().flawless()}) {
            PhysicalLayer layer = Pnn.mziMesh(mesh);
            Tensor x = Tensor.uniform(new Rng(2), -1, 1, 3, mesh.modes());
            Tensor w = Tensor.uniform(new Rng(4), -1, 1, 3, mesh.outputSize());
            // autograd through the ideal model
            Tensor xa = x.detach().requiresGrad(true);
            try (var on = Grad.on()) {
                layer.inMode(PhysicalLayer.Mode.IDEAL).forward(xa).mul(w).sum().backward();
            }
            Map<String, float[]> auto = new LinkedHashMap<>();
            for (var p : layer.parameters()) auto.put(p.name(), p.grad().toArray());
            float[] autoInput = xa.grad().toArray();
            for (var p : layer.parameters()) p.zeroGrad();
            // the device's adjoint measurement
            Tensor xs = x.detach().requiresGrad(true);
            long calls = layer.physicalCalls();
            try (var on = Grad.on()) {
                layer.withAdjointGradients().forward(xs).mul(w).sum().backward();
            }
            assertEquals(3, layer.physicalCalls() - calls, "forward, adjoint and interference runs");
            assertEquals(9, layer.physicalSamples(), "three runs of the batch of 3");
            double scale = 0;
            for (float[] a : auto.values()) for (float v : a) scale = Math.max(scale, Math.abs(v));
            for (var p : layer.parameters()) {
                float[] in = p.grad().toArray(), a = auto.get(p.name());
                for (int i = 0; i < a.length; i++)
                    assertEquals(a[i], in[i], 2e-5 * scale, mesh.name() + " " + p.name() + "[" + i + "]");
            }
            float[] inSituInput = xs.grad().toArray();
            for (int i = 0; i < autoInput.length; i++) assertEquals(autoInput[i], inSituInput[i], 2e-5 * scale, "dL/dx[" + i + "]");
        }
    }

    @Test
    void withImperfectionsTheInSituGradientIsTheDevicesNotTheModels() {
        // fabrication errors and loss, no crosstalk: the measurement is exact but for loss; then crosstalk and monitor noise
        MziMesh[] meshes = {MziMesh.of(6).thermalCrosstalk(0).monitorNoise(0).readNoise(0), MziMesh.of(6)};
        for (MziMesh mesh : meshes) {
            MziMesh.Device d = (MziMesh.Device) mesh.device(5);
            Rng rng = new Rng(11);
            double[] x = uniform(rng, -1, 1, 6), g = uniform(rng, -1, 1, 6);
            double[][] ph = phases(mesh, rng);
            double[] truth = deviceFiniteDifferences(d, x, g, ph, 1e-5);
            double[] inSitu = d.adjointExact(x, g, ph[0], ph[1], null);
            // the model's autograd at the same commanded phases
            Map<String, Tensor> values = new LinkedHashMap<>();
            values.put("theta", Tensor.wrap(floats(ph[0]), mesh.mzis()).requiresGrad(true));
            values.put("phi", Tensor.wrap(floats(ph[1]), mesh.mzis()).requiresGrad(true));
            try (var on = Grad.on()) {
                mesh.model(Tensor.wrap(floats(x), 1, 6), Params.of(mesh.name(), values)).mul(Tensor.wrap(floats(g), 1, 6)).sum().backward();
            }
            double[] model = new double[2 * mesh.mzis()];
            for (int i = 0; i < mesh.mzis(); i++) {
                model[i] = values.get("theta").grad().get(i);
                model[mesh.mzis() + i] = values.get("phi").grad().get(i);
            }
            double eIn = relativeError(inSitu, truth), eModel = relativeError(model, truth);
            // measured (seed 5, 6 modes): without crosstalk and noise in situ 2e-11, model 0.53; defaults in situ 0.021, model 0.86
            assertTrue(eIn < eModel / 3, mesh.name() + ": in situ " + eIn + " should be well below the model's " + eModel);
            assertTrue(eIn < 0.1, "in-situ relative error " + eIn);
        }
    }

    @Test
    void theLosslessMeshIsUnitaryEvenWithFabricationErrors() {
        MziMesh mesh = MziMesh.of(5).insertionLossDb(0);
        Params theta = Params.of(mesh.name(), Map.of("theta", Tensor.uniform(new Rng(1), 0, 6, mesh.mzis()),
                "phi", Tensor.uniform(new Rng(2), 0, 6, mesh.mzis())));
        Tensor power = mesh.model(Tensor.eye(5), theta); // row j: |U_kj|² over k
        for (int j = 0; j < 5; j++) assertEquals(1, power.slice(0, j, j + 1).sum().item(), 1e-5, "model column " + j);
        MziMesh.Device d = (MziMesh.Device) mesh.device(9); // coupler errors and phase offsets, no loss
        Rng rng = new Rng(3);
        double[] th = uniform(rng, 0, 6, mesh.mzis()), ph = uniform(rng, 0, 6, mesh.mzis());
        for (int j = 0; j < 5; j++) {
            double[] e = new double[5];
            e[j] = 1;
            double total = 0;
            for (double v : d.outputsExact(e, th, ph, null)) total += v;
            assertEquals(1, total, 1e-12, "device column " + j);
        }
    }

    @Test
    void aLossyMeshLosesTheStatedDecibelsOnEveryPath() {
        double db = 0.25;
        MziMesh mesh = MziMesh.of(6).insertionLossDb(db);
        assertEquals(6, mesh.lossyColumns());
        double expected = Math.pow(10, -db * 6 / 10);
        Params any = Params.of(mesh.name(), Map.of("theta", Tensor.uniform(new Rng(1), 0, 6, mesh.mzis()),
                "phi", Tensor.uniform(new Rng(2), 0, 6, mesh.mzis())));
        Tensor p = mesh.model(Tensor.eye(6), any);
        for (int j = 0; j < 6; j++) assertEquals(expected, p.slice(0, j, j + 1).sum().item(), 1e-5, "model: light launched into mode " + j);
        MziMesh.Device d = (MziMesh.Device) mesh.device(4);
        Rng rng = new Rng(3);
        double[] th = uniform(rng, 0, 6, mesh.mzis()), ph = uniform(rng, 0, 6, mesh.mzis());
        for (int j = 0; j < 6; j++) {
            double[] e = new double[6];
            e[j] = 1;
            double total = 0;
            for (double v : d.outputsExact(e, th, ph, null)) total += v;
            assertEquals(-db * 6, 10 * Math.log10(total), 1e-9, "device: dB lost by light launched into mode " + j);
        }
        assertEquals(1, MziMesh.of(2).lossyColumns());
    }

    @Test
    void theMeshHasClementsCountsAndItsSpecBuildsIt() {
        MziMesh mesh = MziMesh.of(6);
        assertEquals(15, mesh.mzis());
        assertEquals(6, mesh.outputSize());
        assertEquals(12, mesh.coherentDetection().outputSize());
        assertEquals(3, mesh.coherentDetection().parameters().size(), "theta, phi and the output phase screen");
        assertEquals(mesh.name(), SubstrateKinds.parse("mzi:6").name());
        assertEquals(1, MziMesh.of(2).mzis());
        assertEquals(10, MziMesh.of(5).mzis());
    }

    @Test
    void badOptionsAreRefusedNamingTheOptionAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MziMesh.of(4).insertionLossDb(-0.1));
        assertEquals("mziMesh: insertion loss per MZI (dB) must be finite and >= 0, got -0.1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MziMesh.of(1));
        assertEquals("mziMesh: modes must be at least 2, got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MziMesh.of(4).splittingRatioError(0.3));
        assertTrue(e.getMessage().contains("splitting ratio error") && e.getMessage().contains("0.3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MziMesh.of(4).thermalCrosstalk(0.5));
        assertTrue(e.getMessage().contains("thermal crosstalk"), e.getMessage());
    }

    @Test
    void flawlessTurnsEveryImperfectionOff() {
        MziMeshOptions o = MziMesh.of(4).flawless().options();
        assertEquals(0, o.insertionLossDb() + o.splittingRatioError() + o.phaseError() + o.thermalCrosstalk() + o.readNoise()
                + o.shotNoise() + o.monitorNoise());
        MziMeshOptions defaults = MziMesh.of(4).options();
        assertTrue(defaults.insertionLossDb() > 0 && defaults.splittingRatioError() > 0 && defaults.phaseError() > 0);
    }

    @Test
    void theAdjointMeasurementRefusesAForeignRunAndAWrongGradient() {
        MziMesh mesh = MziMesh.of(3);
        AdjointDevice a = (AdjointDevice) mesh.device(1), b = (AdjointDevice) mesh.device(2);
        Tensor x = Tensor.uniform(new Rng(1), -1, 1, 2, 3);
        Params theta = Params.of(mesh.name(), Map.of("theta", Tensor.full(1, 3), "phi", Tensor.full(2, 3)));
        AdjointDevice.ForwardRun run = a.forwardForAdjoint(x, theta);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.adjoint(run, Tensor.ones(2, 3)));
        assertTrue(e.getMessage().contains("not made on this device"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.adjoint(run, Tensor.ones(2, 4)));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        assertEquals(1, a.calls());
        a.adjoint(run, Tensor.ones(2, 3));
        assertEquals(2, a.adjointCalls());
    }

    @Test
    void aNonlinearSubstratesLayerRefusesAdjointGradientsSayingWhatToUse() {
        PhysicalLayer shg = Pnn.optical(Shg.of(8, 4, 3));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, shg::withAdjointGradients);
        assertTrue(e.getMessage().contains("shg") && e.getMessage().contains("adjoint") && e.getMessage().contains("Method.physicsAware()"),
                e.getMessage());
        PhysicalLayer wrapped = Pnn.physical(MziMesh.of(3).withNoise(org.pnn4j.noise.NoiseModel.none(), org.pnn4j.noise.NoiseModel.none()));
        assertThrows(UnsupportedOperationException.class, wrapped::withAdjointGradients, "a wrapped mesh's device is not the chip");
        assertFalse(Pnn.mziMesh(3).adjointGradients());
        assertTrue(Pnn.mziMesh(3).withAdjointGradients().adjointGradients());
    }
}
