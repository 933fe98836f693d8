package org.pnn4j.sweep.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pnn4j.sweep.Trial;
import org.pnn4j.sweep.TrialOutcome;

/** One method, one substrate, one budget: the accounting of device calls and the n/a outcomes (real training, small budgets). */
class CompareTrialTest {
    private static TrialOutcome run(String method, String substrate, long budget) {
        return CompareTrial.run(Catalog.method(method), Catalog.substrate(substrate), budget, 1, Task.vowels());
    }

    @Test
    void everyMethodStaysWithinTheBudgetAndInSilicoMakesNoDeviceCall() {
        long budget = 60;
        for (String m : Catalog.methodNames()) {
            TrialOutcome o = run(m, "acoustic", budget);
            if (CompareTrial.isNotApplicable(o)) {
                // finite differences (749 calls a step) exceeds 60 calls on the cavity; the cavity measures no adjoint and does not settle
                assertTrue(java.util.Set.of("fd", "adjoint", "ep", "ep1", "cl").contains(m), m + " is n/a on the cavity: " + o.method());
                continue;
            }
            assertTrue(o.physicalCalls() <= budget, m + " made " + o.physicalCalls() + " device calls, budget " + budget);
            assertTrue(o.deviceAccuracy() >= 0 && o.deviceAccuracy() <= 1, m + ": " + o.deviceAccuracy());
            assertFalse(o.history().isEmpty(), m);
        }
        assertEquals(0, run("insilico", "acoustic", budget).physicalCalls());
        assertEquals(60, run("pat", "acoustic", budget).physicalCalls(), "PAT: one call a step, 60 steps");
        assertEquals(60, run("spsa", "acoustic", budget).physicalCalls(), "SPSA: two calls a step, 30 steps");
        assertEquals(60, run("es", "acoustic", budget).physicalCalls(), "ES with 2 antithetic pairs: four calls a step, 15 steps");
        // in silico trains as many steps as PAT: the same samples seen
        assertEquals(run("pat", "acoustic", budget).samples(), run("insilico", "acoustic", budget).samples());
        // a budget that is not a multiple of a step's cost: the last, unaffordable step is not taken
        assertEquals(56, run("es", "acoustic", 58).physicalCalls());
        // finite differences on the diode circuit: 2d + 1 = 183 calls a step for its 91 trainable elements
        assertEquals(366, run("fd", "diode", 400).physicalCalls());
    }

    @Test
    void theMethodsThatNeedADeviceCapabilityRunWhereItExists() {
        long budget = 48;
        for (String m : new String[] {"ep", "ep1", "cl"}) {
            TrialOutcome o = run(m, "resistors", budget);
            assertFalse(CompareTrial.isNotApplicable(o), m + ": " + o.method());
            assertEquals(budget, o.physicalCalls(), m + " spends the budget (2 or 3 calls a step)");
            assertTrue(o.deviceAccuracy() >= 0 && o.deviceAccuracy() <= 1, m + ": " + o.deviceAccuracy());
        }
        TrialOutcome adjoint = run("adjoint", "mzi", budget);
        assertFalse(CompareTrial.isNotApplicable(adjoint), adjoint.method());
        assertEquals(48, adjoint.physicalCalls(), "in-situ adjoint: three runs a step, 16 steps");
        TrialOutcome ff = run("ff", "pendula", budget);
        assertFalse(CompareTrial.isNotApplicable(ff), ff.method());
        assertEquals(48, ff.physicalCalls(), "forward-forward: one call a step");
        assertTrue(CompareTrial.reason(run("ep", "pendula", budget)).contains("pendula(16) is feed-forward"));
        String why = CompareTrial.reason(run("adjoint", "pendula", budget));
        assertTrue(why.contains("adjoint"), why);
    }

    @Test
    void inapplicablePairsGiveTheirReason() {
        TrialOutcome local = run("local", "pendula", 30);
        assertTrue(CompareTrial.isNotApplicable(local));
        assertTrue(CompareTrial.reason(local).contains("pendula(16) takes 16 inputs") && CompareTrial.reason(local).contains("19 values"),
                CompareTrial.reason(local));
        TrialOutcome fd = run("fd", "pendula", 100);
        assertEquals("one step costs 719 device calls, more than the budget of 100", CompareTrial.reason(fd));
        assertEquals(0, fd.physicalCalls());
    }

    @Test
    void badInputNamesTheValueAndTheChoices() {
        String m = assertThrows(IllegalArgumentException.class, () -> Catalog.method("backprop")).getMessage();
        assertTrue(m.contains("'backprop'") && m.contains("pat") && m.contains("insilico"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Catalog.substrate("optical")).getMessage();
        assertTrue(m.contains("'optical'") && m.contains("pendula") && m.contains("diode"), m);
        m = assertThrows(IllegalArgumentException.class, () -> run("pat", "acoustic", 0)).getMessage();
        assertTrue(m.contains("at least 1") && m.contains("0"), m);
        CompareRunner r = new CompareRunner();
        m = assertThrows(IllegalArgumentException.class, () -> r.validate(Trial.of(Map.of("experiment", "compare", "method", "pat",
                "substrate", "acoustic", "budget", "-5")))).getMessage();
        assertTrue(m.contains("-5") && m.contains("at least 1"), m);
        m = assertThrows(IllegalArgumentException.class, () -> r.validate(Trial.of(Map.of("experiment", "compare", "method", "pat",
                "substrate", "acoustic", "budget", "10", "epochs", "3")))).getMessage();
        assertTrue(m.contains("'epochs'") && m.contains("budget"), m);
        m = assertThrows(IllegalArgumentException.class, () -> r.validate(Trial.of(Map.of("experiment", "compar", "method", "pat")))).getMessage();
        assertTrue(m.contains("'compar'") && m.contains("compare") && m.contains("vowels"), m);
        m = assertThrows(IllegalArgumentException.class, () -> Comparison.of().budgets(100, 0)).getMessage();
        assertTrue(m.contains("got 0"), m);
    }
}
