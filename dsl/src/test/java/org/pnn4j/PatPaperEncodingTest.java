package org.pnn4j;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.electronics.DiodeCircuit;
import org.pnn4j.physics.electronics.TransistorCircuit;
import org.pnn4j.physics.mechanics.Plate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * Measures one limit of the plate and circuit MNIST networks of {@link PatPaper} (at their former widths, 30): with the drive laid out as
 * [input segments][parameter segments] and outputs sampled at (k+1)T/K, causality keeps the trained parameters from
 * reaching the outputs sampled during the input segments, and in the (linear) plate the parameters only add an offset
 * that does not depend on the input. The larger causes were found later and are in {@link PatPaper#PLATE_CUBIC} and
 * {@link PatPaper#CIRCUIT_SEGMENT_S}: the default plate driven mostly nonlinearly, and the circuit remembering only 8
 * of its default drive segments.
 */
class PatPaperEncodingTest {
    private static final int[] IN = {49, 30, 30}, OUT = {30, 30, 10};

    /** Fraction of outputs whose derivative with respect to every parameter segment is zero (finite differences). */
    private static double deadFraction(BiFunction<Tensor, Tensor, float[]> f, int inputs, int params, int outputs) {
        Rng r = new Rng(1);
        Tensor x = Tensor.uniform(r, -1, 1, 1, inputs), th = Tensor.uniform(r, -1, 1, params);
        float[] y0 = f.apply(x, th);
        boolean[] live = new boolean[outputs];
        for (int p = 0; p < params; p++) {
            float[] t = th.array().clone();
            t[p] += 0.1f;
            float[] y1 = f.apply(x, Tensor.vector(t));
            for (int k = 0; k < outputs; k++) if (Math.abs(y1[k] - y0[k]) > 1e-7) live[k] = true;
        }
        int dead = 0;
        for (boolean b : live) if (!b) dead++;
        return dead / (double) outputs;
    }

    @Test
    void parametersAfterTheInputsCannotReachTheOutputsSampledDuringTheInputs() {
        for (int l = 0; l < 3; l++) {
            Plate p = Plate.of(16, l).inputs(IN[l]).parameterSegments(20).outputs(OUT[l]).flawless();
            DiodeCircuit c = DiodeCircuit.of().inputs(IN[l]).parameterSegments(20).outputs(OUT[l]).flawless();
            TransistorCircuit t = TransistorCircuit.of().inputs(IN[l]).parameterSegments(20).outputs(OUT[l]).flawless();
            double dt = deadFraction((x, th) -> t.model(x, Params.of(t.name(), Map.of("drive", th))).array(), IN[l], 20, OUT[l]);
            double dp = deadFraction((x, th) -> p.model(x, Params.of(p.name(), Map.of("drive", th))).array(), IN[l], 20, OUT[l]);
            double dc = deadFraction((x, th) -> c.model(x, Params.of(c.name(), Map.of("drive", th))).array(), IN[l], 20, OUT[l]);
            // causal bound: output k sees the parameters only if (k+1)(inputs+20)/outputs > inputs
            int reach = 0;
            for (int k = 0; k < OUT[l]; k++) if ((k + 1) * (double) (IN[l] + 20) / OUT[l] > IN[l]) reach++;
            double expected = 1 - reach / (double) OUT[l];
            System.out.printf("layer %d (%d in + 20 params -> %d out): plate dead %.3f, diode circuit dead %.3f, transistor circuit dead %.3f, causal bound %.3f%n",
                    l + 1, IN[l], OUT[l], dp, dc, dt, expected);
            assertEquals(expected, dp, 1e-9);
            assertEquals(expected, dc, 1e-9);
            assertEquals(expected, dt, 1e-9);
        }
    }

    @Test
    void interleavedParametersReachEveryOutput() {
        for (int l = 0; l < 3; l++) {
            Plate p = Plate.of(16, l).inputs(IN[l]).parameterSegments(20).outputs(OUT[l]).interleaved(true).flawless();
            DiodeCircuit c = DiodeCircuit.of().inputs(IN[l]).parameterSegments(20).outputs(OUT[l]).interleaved(true).flawless();
            TransistorCircuit t = TransistorCircuit.of().inputs(IN[l]).parameterSegments(20).outputs(OUT[l]).interleaved(true).flawless();
            double dt = deadFraction((x, th) -> t.model(x, Params.of(t.name(), Map.of("drive", th))).array(), IN[l], 20, OUT[l]);
            double dp = deadFraction((x, th) -> p.model(x, Params.of(p.name(), Map.of("drive", th))).array(), IN[l], 20, OUT[l]);
            double dc = deadFraction((x, th) -> c.model(x, Params.of(c.name(), Map.of("drive", th))).array(), IN[l], 20, OUT[l]);
            System.out.printf("interleaved layer %d: plate dead %.3f, diode circuit dead %.3f, transistor circuit dead %.3f%n", l + 1, dp, dc, dt);
            assertEquals(0, dp);
            assertEquals(0, dc);
            assertEquals(0, dt);
        }
    }

    @Test
    void interleavedDriveKeepsEveryInputAndParameterOnceInOrder() {
        Tensor x = Tensor.wrap(new float[] {1, 2, 3, 4, 5}, 1, 5), d = Tensor.vector(-1, -2);
        assertArrayEquals(new float[] {-1, 1, 2, 3, -2, 4, 5}, org.pnn4j.physics.DriveLayout.segments(x, d, true).array());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, -1, -2}, org.pnn4j.physics.DriveLayout.segments(x, d, false).array());
    }

    @Test
    void interleavedCircuitGradientMatchesFiniteDifferences() {
        DiodeCircuit k = DiodeCircuit.of().inputs(5).parameterSegments(3).outputs(6).interleaved(true);
        Rng r = new Rng(3);
        Tensor x = Tensor.uniform(r, -1, 1, 2, 5), d = Tensor.uniform(r, -1, 1, 3);
        org.pnn4j.tensor.GradCheck.Result res = org.pnn4j.tensor.GradCheck.check(
                in -> k.model(in[0], Params.of(k.name(), Map.of("drive", in[1]))), x, d);
        assertTrue(res.passed(), res.toString());
    }

    /** Mean number of inputs an output depends on (|∂y/∂x| above 1% of that output's largest), by finite differences. */
    private static double receptiveField(BiFunction<Tensor, Tensor, float[]> f, int inputs, int params, int outputs) {
        Rng r = new Rng(4);
        Tensor x = Tensor.uniform(r, -1, 1, 1, inputs), th = Tensor.uniform(r, -1, 1, params);
        float[] y0 = f.apply(x, th);
        double[][] j = new double[outputs][inputs];
        for (int i = 0; i < inputs; i++) {
            float[] xs = x.array().clone();
            xs[i] += 1e-2f;
            float[] y1 = f.apply(Tensor.wrap(xs, 1, inputs), th);
            for (int k = 0; k < outputs; k++) j[k][i] = Math.abs(y1[k] - y0[k]);
        }
        double total = 0;
        for (double[] row : j) {
            double max = 0;
            for (double v : row) max = Math.max(max, v);
            for (double v : row) if (v > 0.01 * max) total++;
        }
        return total / outputs;
    }

    @Test
    void eachOutputSeesOnlyTheLastFewInputSegmentsBeforeIt() {
        Plate p = Plate.of(16, 0).inputs(49).parameterSegments(20).outputs(30).flawless();
        DiodeCircuit c = DiodeCircuit.of().inputs(49).parameterSegments(20).outputs(30).flawless();
        double rp = receptiveField((x, th) -> p.model(x, Params.of(p.name(), Map.of("drive", th))).array(), 49, 20, 30);
        double rc = receptiveField((x, th) -> c.model(x, Params.of(c.name(), Map.of("drive", th))).array(), 49, 20, 30);
        TransistorCircuit t = TransistorCircuit.of().inputs(49).parameterSegments(20).outputs(30).flawless();
        double rt = receptiveField((x, th) -> t.model(x, Params.of(t.name(), Map.of("drive", th))).array(), 49, 20, 30);
        System.out.printf("layer 1 (49 inputs): an output depends on %.1f inputs (plate), %.1f (diode circuit), %.1f (transistor circuit), on average%n",
                rp, rc, rt);
        assertTrue(rc < 49 && rp < 49 && rt < 49, "plate " + rp + ", diode circuit " + rc + ", transistor circuit " + rt + " of 49 inputs");
    }
}
