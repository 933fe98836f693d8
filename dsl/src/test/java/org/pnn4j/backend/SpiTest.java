package org.pnn4j.backend;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.physics.Params;
import org.pnn4j.physics.PhysicalDevice;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.tensor.Tensor;

class SpiTest {
    private final Substrate s = SubstrateSpecs.parse("oscillators:3");

    private Params theta() {
        java.util.List<org.pnn4j.nn.Parameter> ps = new java.util.ArrayList<>();
        Rng rng = new Rng(2);
        s.parameters().forEach(p -> ps.add(p.create(rng)));
        return Params.of(s.name(), ps).detached();
    }

    private Params with(Params base, String name, float delta) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (String n : base.names()) m.put(n, n.equals(name) ? base.get(n).add(delta) : base.get(n));
        return Params.of(s.name(), m);
    }

    private Tensor x(int batch) {
        return Tensor.uniform(new Rng(1), s.inputMin(), s.inputMax(), batch, s.inputSize());
    }

    @Test
    void providersAreFoundThroughServiceLoader() {
        assertTrue(Backends.providers().stream().anyMatch(p -> p.scheme().equals("simulated")));
        assertEquals("simulated(seed=7)", Backends.open("simulated:seed=7").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.open("warp:1"));
        assertTrue(e.getMessage().contains("warp") && e.getMessage().contains("simulated:"), e.getMessage());
    }

    @Test
    void unknownOptionsAreRefusedWithTheKnownOnesAndTokensNeverAppearInMessages() {
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class, () -> Backends.open("simulated:seed=7&zzz=1"));
        assertTrue(extra.getMessage().contains("'zzz'") && extra.getMessage().contains("[seed]"), extra.getMessage());
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class, () -> Backends.open("simulated:zzz=1"));
        assertTrue(alone.getMessage().contains("'zzz'"), alone.getMessage());
        assertEquals("simulated(seed=3)", Backends.open("simulated:seed=3,").name());
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> Backends.open("remot:127.0.0.1:50051?token=s3cret-Token-value&deadline=3s"));
        assertFalse(typo.getMessage().contains("s3cret-Token-value"), typo.getMessage());
        assertTrue(typo.getMessage().contains("token=<token>&deadline=3s"), typo.getMessage());
    }

    @Test
    void preflightRejectsATooLargeBatchSentStraightToTheBackendBeforeItRuns() {
        Tracker t = new Tracker();
        Backend b = t.wrap(new SimulatedBackend(1, 8).serve(s));
        PreflightException e = assertThrows(PreflightException.class, () -> b.forward(s.name(), x(9), theta(), 1));
        assertTrue(e.getMessage().contains("batch 9") && e.getMessage().contains("maximum batch 8"), e.getMessage());
        assertEquals(0, t.calls());
    }

    @Test
    void aDeviceOnTheBackendSplitsATooLargeBatchIntoCallsThatFit() {
        Tracker t = new Tracker();
        Backend b = t.wrap(new SimulatedBackend(1, 8).serve(s));
        PhysicalDevice d = b.device(s);
        assertEquals(9, d.forward(x(9), theta()).dim(0));
        assertEquals(1, d.calls());
        assertEquals(2, t.calls(), "9 samples as 8 + 1");
    }

    @Test
    void preflightRejectsAParameterOutsideTheDeclaredRange() {
        Capabilities.SubstrateInfo full = Capabilities.SubstrateInfo.of(s);
        Capabilities.ParameterRange first = full.parameters().get(0);
        Capabilities.ParameterRange narrow = new Capabilities.ParameterRange(first.name(), first.shape(), first.lo(), first.lo(), first.unit());
        Capabilities caps = Capabilities.of(100, 1, java.util.List.of(new Capabilities.SubstrateInfo(s.name(), s.inputSize(), s.outputSize(),
                s.inputMin(), s.inputMax(), java.util.List.of(narrow))), false);
        Params p = with(theta(), first.name(), 0);
        PreflightException e = assertThrows(PreflightException.class, () -> Preflight.check(caps, s.name(), x(1), p, 1));
        assertTrue(e.getMessage().contains(first.name()), e.getMessage());
        PreflightException u = assertThrows(PreflightException.class, () -> Preflight.check(caps, "shg", x(1), p, 1));
        assertTrue(u.getMessage().contains("serves [" + s.name() + "]"), u.getMessage());
    }

    @Test
    void trackerCountsCallsSamplesTimeAndCost() {
        Tracker t = new Tracker((name, batch, repeats) -> 0.5 * batch * repeats);
        Backend b = t.wrap(new SimulatedBackend(1).serve(s));
        b.forward(s.name(), x(4), theta(), 2);
        b.forward(s.name(), x(3), theta(), 1);
        assertThrows(IllegalArgumentException.class, () -> b.forward(s.name(), x(3), theta(), 0));
        assertEquals(2, t.calls());
        assertEquals(1, t.failures());
        assertEquals(11, t.samples());
        assertEquals(5.5, t.cost(), 1e-12);
        assertTrue(t.seconds() > 0);
    }

    @Test
    void safetyEnvelopeRejectsOutOfBoundsAndFastSlewBeforeSending() {
        String name = s.parameters().get(0).name();
        Tracker t = new Tracker();
        Params p = theta();
        float v0 = p.get(name).array()[0];
        Backend safe = SafetyEnvelope.builder().bounds(name, v0 - 1, v0 + 1).maxSlew(name, 0.1).build().wrap(t.wrap(new SimulatedBackend(1).serve(s)));
        safe.forward(s.name(), x(1), p, 1);
        PreflightException slew = assertThrows(PreflightException.class, () -> safe.forward(s.name(), x(1), with(p, name, 0.5f), 1));
        assertTrue(slew.getMessage().contains("maximum slew"), slew.getMessage());
        safe.forward(s.name(), x(1), with(p, name, 0.05f), 1);
        PreflightException bound = assertThrows(PreflightException.class, () -> safe.forward(s.name(), x(1), with(p, name, 5f), 1));
        assertTrue(bound.getMessage().contains("safe bounds"), bound.getMessage());
        assertEquals(2, t.calls());
        assertEquals(0, t.failures(), "rejected calls never reached the backend");
    }

    @Test
    void repeatsAverageOnTheSimulatedDevice() {
        Backend b = new SimulatedBackend(1).serve(s);
        assertFalse(b.capabilities().repeatsAveragedOnDevice());
        assertEquals(1, b.capabilities().substrates().size());
        assertTrue(b.forward(s.name(), x(2), theta(), 5).isFinite());
    }

    @Test
    void substrateSpecsNameBuiltInSubstratesAndExplainMistakes() {
        assertEquals("oscillators(16)", SubstrateSpecs.parse("oscillators:16").name());
        assertEquals("acoustic(4, 2, 5)", SubstrateSpecs.parse("acoustic:4,2,5").name());
        assertTrue(SubstrateSpecs.parse("shg").name().startsWith("shg("));
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> SubstrateSpecs.parse("laser:3"));
        assertTrue(kind.getMessage().contains("laser") && kind.getMessage().contains("oscillators:N"), kind.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> SubstrateSpecs.parse("acoustic:4"));
        assertTrue(count.getMessage().contains("needs 3 numbers"), count.getMessage());
    }
}
