package org.pnn4j.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.ParameterSpec;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

/**
 * The conformance kit every {@link Backend} must pass: shapes, finiteness, repeats, determinism (or agreement
 * within a stated tolerance under noise), error behaviour and capability honesty. Extend it, return a fresh
 * backend from {@link #open()}, and say which substrate it serves and how noisy it is:
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendConformance {
 *     protected Backend open() { return new MyBackend(...); }
 * }
 * }</pre>
 *
 * Shipped in pnn4j-dsl's test jar (classifier {@code tests}) for other modules.
 */
public abstract class BackendConformance {

    /** A fresh backend serving {@link #substrate()}; closed by each check. */
    protected abstract Backend open();

    /** The substrate the checks run (default: {@code oscillators:4}, built by {@link SubstrateSpecs}). */
    protected Substrate substrate() {
        return SubstrateSpecs.parse("oscillators:4");
    }

    /**
     * The largest difference allowed between the outputs of the same call on two fresh backends: 0 (the default)
     * demands determinism under seed; a backend whose device state is shared (a remote server) or that is noisy
     * gives the noise scale here.
     */
    protected double tolerance() {
        return 0;
    }

    /** The inputs of the checks: {@code batch} samples drawn from seed {@code seed} inside the input range. */
    protected final Tensor inputs(int batch, long seed) {
        Substrate s = substrate();
        return Tensor.uniform(new Rng(seed), s.inputMin(), s.inputMax(), batch, s.inputSize());
    }

    /** Parameters drawn from their initializers with seed {@code seed}. */
    protected final Params params(long seed) {
        Rng rng = new Rng(seed);
        List<Parameter> ps = new ArrayList<>();
        for (ParameterSpec p : substrate().parameters()) ps.add(p.create(rng));
        return Params.of(substrate().name(), ps).detached();
    }

    private Backend attached() {
        Backend b = open();
        b.attach(substrate());
        return b;
    }

    @Test
    void forwardGivesOneFiniteRowPerSample() {
        try (Backend b = attached()) {
            for (int batch : new int[] {1, 5}) {
                Tensor y = b.forward(substrate().name(), inputs(batch, 11), params(12), 1);
                assertArrayEquals(new int[] {batch, substrate().outputSize()}, y.shape(), b.name() + ": output shape");
                assertTrue(y.isFinite(), b.name() + ": outputs must be finite");
            }
        }
    }

    @Test
    void repeatsKeepTheOutputShape() {
        try (Backend b = attached()) {
            Tensor y = b.forward(substrate().name(), inputs(2, 13), params(12), 3);
            assertArrayEquals(new int[] {2, substrate().outputSize()}, y.shape());
            assertTrue(y.isFinite());
        }
    }

    @Test
    void sameCallOnFreshBackendsAgreesWithinTolerance() {
        Tensor x = inputs(4, 21);
        Params p = params(22);
        Tensor y1, y2;
        try (Backend b = attached()) {
            y1 = b.forward(substrate().name(), x, p, 1);
        }
        try (Backend b = attached()) {
            y2 = b.forward(substrate().name(), x, p, 1);
        }
        float[] a = y1.array(), c = y2.array();
        for (int i = 0; i < a.length; i++)
            assertTrue(Math.abs(a[i] - c[i]) <= tolerance(), "output " + i + ": " + a[i] + " vs " + c[i] + ", tolerance " + tolerance());
    }

    @Test
    void deviceRunsAPhysicalLayer() {
        try (Backend b = attached()) {
            PhysicalDevice d = b.device(substrate());
            Tensor y = d.forward(inputs(3, 31), params(32));
            assertArrayEquals(new int[] {3, substrate().outputSize()}, y.shape());
            assertEquals(1, d.calls());
            PhysicalLayer layer = new PhysicalLayer(substrate(), b.device(substrate())).mode(PhysicalLayer.Mode.PHYSICAL);
            assertArrayEquals(new int[] {2, substrate().outputSize()}, layer.forward(inputs(2, 33)).shape());
        }
    }

    @Test
    void wrongInputWidthIsAClearError() {
        try (Backend b = attached()) {
            Tensor wrong = Tensor.zeros(2, substrate().inputSize() + 1);
            RuntimeException e = assertThrows(RuntimeException.class, () -> b.forward(substrate().name(), wrong, params(12), 1));
            assertTrue(e instanceof IllegalArgumentException || e instanceof BackendException, "unexpected " + e);
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }

    @Test
    void unservedSubstrateIsAClearError() {
        try (Backend b = attached()) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> b.forward("no-such-substrate", inputs(1, 11), params(12), 1));
            assertTrue(e instanceof IllegalArgumentException || e instanceof BackendException, "unexpected " + e);
            assertTrue(e.getMessage().contains("no-such-substrate"), e.getMessage());
        }
    }

    @Test
    void zeroRepeatsAreRejected() {
        try (Backend b = attached()) {
            assertThrows(IllegalArgumentException.class, () -> b.forward(substrate().name(), inputs(1, 11), params(12), 0));
        }
    }

    @Test
    void declaredSubstrateMatchesTheSubstrate() {
        try (Backend b = attached()) {
            Capabilities caps = b.capabilities();
            assumeTrue(caps.declared(), "capabilities not declared");
            Capabilities.SubstrateInfo info = caps.substrate(substrate().name()).orElseThrow(
                    () -> new AssertionError(b.name() + " does not declare " + substrate().name() + ": " + caps.substrateNames()));
            assertEquals(substrate().inputSize(), info.inputSize());
            assertEquals(substrate().outputSize(), info.outputSize());
            for (Capabilities.ParameterRange r : info.parameters()) {
                ParameterSpec spec = substrate().parameters().stream().filter(p -> p.name().equals(r.name())).findFirst()
                        .orElseThrow(() -> new AssertionError("declared parameter " + r.name() + " is not the substrate's"));
                assertArrayEquals(spec.shape(), r.shape(), r.name());
                assertTrue(r.lo() >= spec.lo() && r.hi() <= spec.hi(), "declared " + r + " is wider than the physical " + spec);
            }
        }
    }

    @Test
    void batchOverTheDeclaredMaximumIsRejectedBeforeRunning() {
        try (Backend b = attached()) {
            int max = b.capabilities().maxBatch();
            assumeTrue(max <= 4096, "no practical batch limit declared");
            Tensor y = b.forward(substrate().name(), inputs(Math.min(max, 16), 11), params(12), 1);
            assertEquals(Math.min(max, 16), y.dim(0));
            assertThrows(PreflightException.class, () -> b.forward(substrate().name(), inputs(max + 1, 41), params(12), 1));
        }
    }

    @Test
    void parameterOutsideTheDeclaredRangeIsRejectedBeforeRunning() {
        try (Backend b = attached()) {
            Capabilities.SubstrateInfo info = b.capabilities().substrate(substrate().name()).orElse(null);
            assumeTrue(info != null && !info.parameters().isEmpty(), "no parameter ranges declared");
            Capabilities.ParameterRange r = info.parameters().get(0);
            Params ok = params(12);
            Map<String, Tensor> values = new LinkedHashMap<>();
            for (String n : ok.names()) values.put(n, ok.get(n));
            float[] v = values.get(r.name()).toArray();
            v[0] = (float) (r.hi() + Math.max(1, r.hi() - r.lo()));
            values.put(r.name(), Tensor.of(v, r.shape()));
            PreflightException e = assertThrows(PreflightException.class,
                    () -> b.forward(substrate().name(), inputs(1, 11), Params.of(substrate().name(), values), 1));
            assertTrue(e.getMessage().contains(r.name()), e.getMessage());
        }
    }

    /**
     * Runs every check of this kit once against {@code recorder} (failures ignored): used to make a recording
     * that holds every call the kit makes, for a replay backend's own conformance run.
     */
    public static void runAllChecks(BackendConformance recorder) throws IllegalAccessException {
        for (Method m : BackendConformance.class.getDeclaredMethods()) {
            if (!m.isAnnotationPresent(Test.class)) continue;
            try {
                m.invoke(recorder);
            } catch (InvocationTargetException ignored) {
                // a rejected call is not recorded, which is what the replay run expects
            }
        }
    }
}
