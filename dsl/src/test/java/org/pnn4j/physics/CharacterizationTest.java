package org.pnn4j.physics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pnn4j.noise.NoiseModel;
import org.pnn4j.noise.NoiseProcess;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.Table;

class CharacterizationTest {
    /**
     * y_j = tanh(g_j·x_j) + N(0, σ²) on two channels, inputs in [−inputMax, inputMax]; "w" (128 elements,
     * unused by the model) makes the substrate as wide in parameters as a real one.
     */
    record TanhSubstrate(double sigma, double inputMax) implements Substrate {
        @Override
        public String name() {
            return "tanh(" + sigma + ")";
        }

        @Override
        public int inputSize() {
            return 2;
        }

        @Override
        public int outputSize() {
            return 2;
        }

        @Override
        public double inputMin() {
            return -inputMax;
        }

        @Override
        public List<ParameterSpec> parameters() {
            return List.of(ParameterSpec.uniform("g", 0.5, 3, "", 2), ParameterSpec.uniform("w", -1, 1, "V", 128));
        }

        @Override
        public Tensor model(Tensor x, Params theta) {
            return x.mul(theta.get("g")).tanh();
        }

        @Override
        public PhysicalDevice device(long seed) {
            Substrate self = this;
            return new SimulatedDevice(self, seed) {
                private final NoiseProcess readNoise = NoiseModel.additiveGaussian(sigma).start(rng);

                @Override
                protected Tensor realize(Tensor x, Params theta) {
                    return readNoise.apply(self.model(x, theta));
                }
            };
        }
    }

    static final double SIGMA = 0.05;
    static final TanhSubstrate SUBSTRATE = new TanhSubstrate(SIGMA, 1);

    static double model(Table t, int row, int output, Characterization c) {
        Tensor x = Tensor.of(new float[] {(float) (double) t.doubleColumn("x0").get(row), (float) (double) t.doubleColumn("x1").get(row)}, 1, 2);
        return SUBSTRATE.model(x, c.parametersAt(t.intColumn("theta_point").get(row))).get(0, output);
    }

    @Test
    void randomPlanGivesMeanAtTheModelStdAtSigmaAndSnrAsTheirRatio() {
        int points = 200, repeats = 400;
        Characterization c = Characterization.of(SUBSTRATE).randomPlan(points, 7).repeats(repeats);
        Table t = c.run();
        assertEquals(points, t.rowCount());
        // 5σ bounds: sd(mean) = σ/√R; sd(s) ≈ σ/√(2(R−1)) for Gaussian noise
        double meanBound = 5 * SIGMA / Math.sqrt(repeats), stdBound = 5 * SIGMA / Math.sqrt(2.0 * (repeats - 1));
        for (int row = 0; row < points; row++)
            for (int j = 0; j < 2; j++) {
                double mean = t.doubleColumn("mean_" + j).get(row), std = t.doubleColumn("std_" + j).get(row);
                assertEquals(model(t, row, j, c), mean, meanBound, "row " + row + " output " + j);
                assertEquals(SIGMA, std, stdBound, "row " + row + " output " + j);
                assertEquals(mean / std, t.doubleColumn("snr_" + j).get(row));
            }
    }

    @Test
    void aRandomPlanWithoutSweepsDrawsEveryInputAndParameterButTabulatesOnlyAnIndex() {
        Characterization c = Characterization.of(SUBSTRATE).randomPlan(50, 3).repeats(2);
        Table t = c.run();
        // 130 parameter elements, none of them a column
        assertEquals(List.of("point", "theta_point", "x0", "x1", "mean_0", "std_0", "snr_0", "mean_1", "std_1", "snr_1"), t.columnNames());
        assertEquals(50, c.parameterPoints());
        for (int row = 0; row < 50; row++) {
            assertEquals(row, t.intColumn("point").get(row));
            assertEquals(row, t.intColumn("theta_point").get(row));
        }
        double x0min = t.doubleColumn("x0").min(), x0max = t.doubleColumn("x0").max();
        assertTrue(x0min >= -1 && x0min < -0.8 && x0max <= 1 && x0max > 0.8, "x0 spans the input range");
        Params a = c.parametersAt(0), b = c.parametersAt(1);
        assertNotEquals(a.get("w").get(5), b.get("w").get(5));
        Substrates.checkParams(SUBSTRATE, a); // inside every range
        assertArrayEquals(a.get("w").array(), Characterization.of(SUBSTRATE).randomPlan(50, 3).parametersAt(0).get("w").array(), "seeded");
        assertArrayEquals(t.doubleColumn("x0").asDoubleArray(),
                Characterization.of(SUBSTRATE).randomPlan(50, 3).repeats(2).device(99).run().doubleColumn("x0").asDoubleArray(),
                "the plan depends on its seed only");
    }

    @Test
    void gridPlanCombinesSweepsWithParametersSlowest() {
        Characterization c = Characterization.of(SUBSTRATE)
                .sweepInput(0, -1, 1, 5)
                .sweepParameter("g", 0, 0.5, 2.5, 3)
                .baseInput(0, 0.25)
                .repeats(3);
        Table t = c.run();
        assertEquals(15, t.rowCount());
        assertEquals(15, c.points());
        assertEquals(3, c.parameterPoints());
        assertEquals(List.of("point", "theta_point", "x0", "x1", "g[0]", "mean_0", "std_0", "snr_0", "mean_1", "std_1", "snr_1"), t.columnNames());
        double[] xs = {-1, -0.5, 0, 0.5, 1}, gs = {0.5, 1.5, 2.5};
        Params base = c.parametersAt(0);
        for (int row = 0; row < 15; row++) {
            assertEquals(xs[row % 5], t.doubleColumn("x0").get(row), 1e-7);
            assertEquals(0.25, t.doubleColumn("x1").get(row));
            assertEquals(gs[row / 5], t.doubleColumn("g[0]").get(row), 1e-7);
            assertEquals(row / 5, t.intColumn("theta_point").get(row));
            Params theta = c.parametersAt(row / 5);
            assertEquals(gs[row / 5], theta.get("g").get(0), 1e-7);
            assertEquals(base.get("g").get(1), theta.get("g").get(1), "the element not swept stays at the baseline");
        }
    }

    @Test
    void theIdealModelHasZeroStdAndInfiniteOrUndefinedSnr() {
        Characterization c = Characterization.of(SUBSTRATE).sweepInput(0, -1, 1, 3).ideal();
        Table t = c.run();
        for (int row = 0; row < 3; row++) {
            assertEquals(0, t.doubleColumn("std_0").get(row));
            assertEquals(model(t, row, 0, c), t.doubleColumn("mean_0").get(row), 1e-7);
        }
        assertEquals(Double.NEGATIVE_INFINITY, t.doubleColumn("snr_0").getDouble(0)); // tanh(-g) < 0
        assertTrue(Double.isNaN(t.doubleColumn("snr_0").getDouble(1)));        // tanh(0) = 0; Tablesaw: missing
        assertEquals(Double.POSITIVE_INFINITY, t.doubleColumn("snr_0").getDouble(2));
        assertTrue(t.name().contains("ideal"), t.name());
        // the same plan on the device: the same points, noisy means near the model's
        Table measured = c.device(0).repeats(100).run();
        assertArrayEquals(t.doubleColumn("x0").asDoubleArray(), measured.doubleColumn("x0").asDoubleArray());
        for (int row = 0; row < 3; row++)
            assertEquals(t.doubleColumn("mean_0").get(row), measured.doubleColumn("mean_0").get(row), 5 * SIGMA / 10);
    }

    @Test
    void snrSpellsOutTheZeroStdCases() {
        assertEquals(2.0, Characterization.snr(1, 0.5));
        assertEquals(-2.0, Characterization.snr(-1, 0.5));
        assertEquals(Double.POSITIVE_INFINITY, Characterization.snr(1e-9, 0));
        assertEquals(Double.NEGATIVE_INFINITY, Characterization.snr(-1e-9, 0));
        assertTrue(Double.isNaN(Characterization.snr(0, 0)));
    }

    @Test
    void repeatsAreConsecutiveCallsOnTheGivenDevice() {
        PhysicalDevice device = SUBSTRATE.device(5);
        Characterization.of(SUBSTRATE).sweepInput(0, -1, 1, 10).sweepParameter("g", 1, 2, 2).repeats(4).batchSize(3).device(device).run();
        // 2 parameter configurations × ceil(10/3) = 4 batches each × 4 repeats
        assertEquals(2 * 4 * 4, device.calls());
    }

    @Test
    void meanAndSampleStdAreExactForAKnownSequenceOfRepeats() {
        // a device whose only imperfection is a drift of 0.01 per call: the R repeats of a point read
        // model + 0.01·{0, 1, ..., R−1}, so mean = model + 0.01·(R−1)/2 and std = 0.01·√(R(R+1)/12)
        PhysicalDevice drifting = new SimulatedDevice(SUBSTRATE, 0) {
            private final NoiseProcess drift = NoiseModel.linearDrift(0.01).start(rng);

            @Override
            protected Tensor realize(Tensor x, Params theta) {
                return drift.apply(SUBSTRATE.model(x, theta));
            }
        };
        int r = 5;
        Characterization c = Characterization.of(SUBSTRATE).sweepInput(0, -1, 1, 4).repeats(r).device(drifting);
        Table t = c.run();
        for (int row = 0; row < 4; row++) {
            assertEquals(model(t, row, 0, c) + 0.01 * (r - 1) / 2, t.doubleColumn("mean_0").get(row), 1e-6);
            assertEquals(0.01 * Math.sqrt(r * (r + 1) / 12.0), t.doubleColumn("std_0").get(row), 1e-6);
        }
    }

    @Test
    void aWholeParameterSweepSetsEveryElement() {
        Characterization c = Characterization.of(SUBSTRATE).sweepParameter("w", -0.5, 0.5, 2).repeats(2);
        Table t = c.run();
        assertEquals(List.of(-0.5, 0.5), t.doubleColumn("w").asList());
        for (float v : c.parametersAt(1).get("w").array()) assertEquals(0.5f, v);
    }

    @Test
    void aRandomPlanDrawsDeclaredSweepsInsideTheirRanges() {
        Table t = Characterization.of(SUBSTRATE).randomPlan(100, 1).sweepInput(1, 0.2, 0.3, 1).sweepParameter("g", 1, 2.0, 2.5, 1).repeats(2).run();
        for (int row = 0; row < 100; row++) {
            double x1 = t.doubleColumn("x1").get(row), g1 = t.doubleColumn("g[1]").get(row);
            assertTrue(x1 >= 0.2 && x1 <= 0.3, "x1 = " + x1);
            assertTrue(g1 >= 2.0 && g1 <= 2.5, "g[1] = " + g1);
            assertEquals(0, t.doubleColumn("x0").get(row), "not swept: the middle of the input range");
        }
    }

    @Test
    void floatRoundingNeverStepsOutOfARange() {
        // 0.3 rounds up to a float above the double 0.3: the applied value must stay inside the sweep
        Table t = Characterization.of(SUBSTRATE).sweepInput(0, 0.1, 0.3, 7).repeats(2).run();
        assertTrue(t.doubleColumn("x0").max() <= 0.3);
        // where 0.3 is the physical limit, the device (which checks its range) accepts every point
        TanhSubstrate narrow = new TanhSubstrate(SIGMA, 0.3);
        Table edge = Characterization.of(narrow).sweepInput(0, -0.3, 0.3, 7).baseInput(0.3, -0.3).repeats(2).run();
        assertEquals(0.3, edge.doubleColumn("x0").max(), 1e-7);
        assertEquals(-0.3, edge.doubleColumn("x1").min(), 1e-7);
        assertEquals(500, Characterization.of(narrow).randomPlan(500, 2).repeats(2).run().rowCount());
    }

    @Test
    void badPlansAreRejectedWithWhatToDo() {
        Characterization c = Characterization.of(SUBSTRATE);
        var r = assertThrows(IllegalArgumentException.class, () -> c.repeats(1));
        assertTrue(r.getMessage().contains("at least 2"), r.getMessage());
        var z = assertThrows(IllegalArgumentException.class, () -> c.randomPlan(0, 1));
        assertTrue(z.getMessage().contains("zero points"), z.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.sweepInput(0, -1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> c.sweepInput(2, -1, 1, 3));
        var range = assertThrows(IllegalArgumentException.class, () -> c.sweepInput(0, -2, 1, 3));
        assertTrue(range.getMessage().contains("input range"), range.getMessage());
        var name = assertThrows(IllegalArgumentException.class, () -> c.sweepParameter("q", 0, 1, 2));
        assertTrue(name.getMessage().contains("[g, w]"), name.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.sweepParameter("g", 2, 1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> c.sweepParameter("g", 0, 0, 2, 2)); // below g's range
        c.sweepInput(0, -1, 1, 2).sweepParameter("g", 0, 1, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> c.sweepInput(0, 0, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> c.sweepParameter("g", 1, 2, 2));
        assertThrows(org.pnn4j.tensor.ShapeMismatchException.class, () -> c.baseInput(0));
        assertThrows(IndexOutOfBoundsException.class, () -> c.parametersAt(2));
        assertThrows(IllegalStateException.class,
                () -> Characterization.of(SUBSTRATE).sweepParameter("w", 0, -1, 1, 50_000).sweepParameter("w", 1, -1, 1, 50_000).points());
    }
}
