package org.pnn4j.physics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.tensor.GradCheck;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.ShapeMismatchException;
import org.pnn4j.tensor.Tensor;

/**
 * The conformance kit every {@link Substrate} must pass, as {@code BackendConformance} is for backends: shapes of
 * the model and of a device, parameters initialized inside their ranges, inputs outside the range or of the wrong
 * width refused, a deterministic model whose gradients match finite differences, devices deterministic under a seed,
 * and a device's saved state (and a {@link StatefulModel}'s) resuming bit for bit. Extend it and return a small
 * instance:
 *
 * <pre>{@code
 * class MySubstrateConformanceTest extends SubstrateConformance {
 *     protected Substrate substrate() { return MySubstrate.of(4); }
 *     protected String spec() { return "mine:4"; }      // when a SubstrateProvider declares it
 * }
 * }</pre>
 *
 * Shipped in pnn4j-dsl's test jar (classifier {@code tests}) for other modules.
 */
public abstract class SubstrateConformance {
    /** The substrate under test: small enough for a finite-difference gradient check (a few hundred elements). */
    protected abstract Substrate substrate();

    /** The spec a {@link SubstrateProvider} builds the same substrate from, or null (the default) when it has none. */
    protected String spec() {
        return null;
    }

    /** Samples per batch in the checks. */
    protected int batch() {
        return 3;
    }

    /** Relative step and tolerance of the gradient check ({@link GradCheck#check(GradCheck.Computation, double, double, Tensor...)}). */
    protected double[] gradientStepAndTolerance() {
        return new double[] {1e-2, 1e-2};
    }

    /** Whether the model's gradient with respect to the inputs is checked too (true; false for inputs that only select). */
    protected boolean inputsDifferentiable() {
        return true;
    }

    /** Inputs inside the middle 80% of the input range (or [-1, 1] where the range is unbounded), from {@code seed}. */
    protected Tensor inputs(long seed) {
        Substrate s = substrate();
        double lo = Double.isFinite(s.inputMin()) ? s.inputMin() : -1, hi = Double.isFinite(s.inputMax()) ? s.inputMax() : 1;
        double margin = 0.1 * (hi - lo);
        return Tensor.uniform(new Rng(seed), lo + margin, hi - margin, batch(), s.inputSize());
    }

    /** Parameters drawn by their specs' initializers from {@code seed}. */
    protected Params parameters(long seed) {
        Substrate s = substrate();
        Rng rng = new Rng(seed);
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (ParameterSpec p : s.parameters()) values.put(p.name(), p.create(rng).value());
        return Params.of(s.name(), values);
    }

    @Test
    void modelAndDeviceGiveFiniteOutputsOfTheDeclaredShape() {
        Substrate s = substrate();
        assertTrue(s.inputSize() > 0 && s.outputSize() > 0, s.name() + ": sizes " + s.inputSize() + ", " + s.outputSize());
        Tensor x = inputs(1);
        Params theta = parameters(2);
        Tensor y;
        try (Grad.Scope off = Grad.off()) {
            y = s.model(x, theta);
        }
        assertArrayEquals(new int[] {batch(), s.outputSize()}, y.shape(), s.name() + " model");
        assertTrue(y.isFinite(), s.name() + " model output is not finite");
        Tensor m = s.device(3).forward(x, theta);
        assertArrayEquals(new int[] {batch(), s.outputSize()}, m.shape(), s.name() + " device");
        assertTrue(m.isFinite(), s.name() + " device output is not finite");
    }

    @Test
    void parametersHaveDistinctNamesAndStartInsideTheirRanges() {
        Substrate s = substrate();
        List<ParameterSpec> specs = s.parameters();
        assertEquals(specs.size(), specs.stream().map(ParameterSpec::name).distinct().count(), s.name() + ": parameter names " + specs);
        Rng rng = new Rng(4);
        for (ParameterSpec p : specs) {
            Tensor v = p.create(rng).value();
            assertArrayEquals(p.shape(), v.shape(), p.name());
            for (float f : v.array())
                assertTrue(Substrates.inside(f, p.lo(), p.hi()), s.name() + ": " + p.name() + " initialized to " + f + " outside [" + p.lo() + ", " + p.hi() + "]");
        }
        assertTrue(s.inputMin() < s.inputMax(), s.name() + ": input range [" + s.inputMin() + ", " + s.inputMax() + "]");
    }

    @Test
    void aDeviceRefusesInputsOfTheWrongWidthOrOutsideTheRange() {
        Substrate s = substrate();
        PhysicalDevice d = s.device(5);
        Params theta = parameters(2);
        assertThrows(ShapeMismatchException.class, () -> d.forward(Tensor.zeros(batch(), s.inputSize() + 1), theta));
        if (Double.isFinite(s.inputMax())) {
            float[] x = inputs(1).array().clone();
            x[x.length - 1] = (float) (s.inputMax() + 1 + Math.abs(s.inputMax()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> d.forward(Tensor.wrap(x, batch(), s.inputSize()), theta));
            assertTrue(e.getMessage().contains(s.name()), e.getMessage());
        }
        assertEquals(0, d.calls(), "refused calls are not counted");
    }

    @Test
    void theModelIsDeterministicAndItsGradientsMatchFiniteDifferences() {
        Substrate s = substrate();
        Tensor x = inputs(6);
        Params theta = parameters(7);
        try (Grad.Scope off = Grad.off()) {
            assertArrayEquals(s.model(x, theta).array(), s.model(x, theta).array(), s.name() + ": the model is not deterministic");
        }
        List<String> trainable = s.parameters().stream().filter(ParameterSpec::trainable).map(ParameterSpec::name).toList();
        int first = inputsDifferentiable() ? 1 : 0;
        Tensor[] in = new Tensor[first + trainable.size()];
        if (first == 1) in[0] = x;
        for (int i = 0; i < trainable.size(); i++) in[first + i] = theta.get(trainable.get(i));
        assumeTrue(in.length > 0, s.name() + " has nothing to differentiate");
        double[] et = gradientStepAndTolerance();
        GradCheck.Result r = GradCheck.check(t -> {
            Map<String, Tensor> values = new LinkedHashMap<>();
            for (String n : theta.names()) values.put(n, theta.get(n));
            for (int i = 0; i < trainable.size(); i++) values.put(trainable.get(i), t[first + i]);
            return s.model(first == 1 ? t[0] : x, Params.of(s.name(), values));
        }, et[0], et[1], in);
        assertTrue(r.passed(), s.name() + ": " + r);
    }

    @Test
    void devicesOfOneSeedMeasureTheSameBitForBit() {
        Substrate s = substrate();
        Tensor x = inputs(8);
        Params theta = parameters(9);
        PhysicalDevice a = s.device(11), b = s.device(11);
        for (int call = 0; call < 2; call++)
            assertArrayEquals(a.forward(x, theta).array(), b.forward(x, theta).array(), s.name() + " call " + call);
        assertEquals(2, a.calls());
    }

    @Test
    void aSavedDeviceStateResumesBitForBit() throws IOException {
        Substrate s = substrate();
        PhysicalDevice a = s.device(12);
        assumeTrue(a.savesState(), s.name() + "'s devices do not save their state");
        Tensor x = inputs(13);
        Params theta = parameters(14);
        a.forward(x, theta);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.saveState(new DataOutputStream(bytes));
        float[] next = a.forward(x, theta).array();
        PhysicalDevice b = s.device(12);
        b.restoreState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(1, b.calls());
        assertArrayEquals(next, b.forward(x, theta).array(), s.name() + ": the restored device measured otherwise");
    }

    @Test
    void outputNoiseReachesEveryMeasurementAndLeavesTheModel() {
        Substrate s = substrate();
        Substrate noisy = s.outputNoise(org.pnn4j.noise.NoiseModel.additiveGaussian(0.5));
        Tensor x = inputs(15);
        Params theta = parameters(16);
        assertEquals(s.name(), noisy.name());
        try (Grad.Scope off = Grad.off()) {
            assertArrayEquals(s.model(x, theta).array(), noisy.model(x, theta).array(), "the model has no noise");
        }
        float[] quiet = s.device(17).forward(x, theta).array(), loud = noisy.device(17).forward(x, theta).array();
        assertEquals(quiet.length, loud.length);
        double diff = 0;
        for (int i = 0; i < quiet.length; i++) diff = Math.max(diff, Math.abs(quiet[i] - loud[i]));
        assertTrue(diff > 0.05, s.name() + ": output noise of std 0.5 changed the measurements by at most " + diff);
    }

    @Test
    void aStatefulModelRoundTripsItsState() throws IOException {
        assumeTrue(substrate() instanceof StatefulModel, "not a StatefulModel");
        StatefulModel m = (StatefulModel) substrate();
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        m.saveModel(new DataOutputStream(first));
        m.restoreModel(new DataInputStream(new ByteArrayInputStream(first.toByteArray())));
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        m.saveModel(new DataOutputStream(second));
        assertArrayEquals(first.toByteArray(), second.toByteArray());
    }

    @Test
    void itsSpecBuildsTheSameSubstrate() {
        assumeTrue(spec() != null, "no spec");
        Substrate built = SubstrateKinds.parse(spec());
        assertEquals(substrate().name(), built.name());
        assertEquals(substrate().toString(), built.toString());
        assertFalse(SubstrateKinds.forms().isEmpty());
    }
}
