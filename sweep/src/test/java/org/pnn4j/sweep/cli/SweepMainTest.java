package org.pnn4j.sweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pnn4j.sweep.Trial;

class SweepMainTest {
    @Test
    void reproduceVowelsIsOneTrialPerSeedAndMethodWithTheCommandsDefaults() {
        List<Trial> t = SweepMain.reproductionTrials("vowels", -1, null, null, 0.01);
        assertEquals(6, t.size());
        assertEquals("100", t.get(0).get("epochs", null));
        assertEquals(List.of(1L, 1L, 2L, 2L, 3L, 3L), t.stream().map(Trial::seed).toList());
        assertEquals(10, SweepMain.reproductionTrials("noise", 2, new long[] {4}, null, 0.01).size());
        assertEquals(8, SweepMain.reproductionTrials("phyll", 2, null, null, 0.01).size());
    }

    @Test
    void usageErrorsNameTheArgument() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        String m = assertThrows(SweepMain.UsageException.class, () -> SweepMain.run(new String[] {"reproduce", "toy", "--sweep"}, out)).getMessage();
        assertTrue(m.contains("'toy'"), m);
        m = assertThrows(SweepMain.UsageException.class, () -> SweepMain.run(new String[] {"sweep", "g.properties", "--seeds", "1"}, out)).getMessage();
        assertTrue(m.contains("--seeds") && m.contains("grid file"), m);
        m = assertThrows(SweepMain.UsageException.class, () -> SweepMain.run(new String[] {"sweep", "missing.properties"}, out)).getMessage();
        assertTrue(m.contains("does not exist"), m);
        m = assertThrows(SweepMain.UsageException.class, () -> SweepMain.run(new String[] {"sweep"}, out)).getMessage();
        assertTrue(m.contains("grid file"), m);
    }

    @Test
    void compareUsageErrorsNameTheValueAndTheChoices() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        String m = assertThrows(SweepMain.UsageException.class, () -> SweepMain.run(new String[] {"compare", "--methods", "pat,backprop"}, out)).getMessage();
        assertTrue(m.contains("'backprop'") && m.contains("insilico") && m.contains("dfa"), m);
        m = assertThrows(SweepMain.UsageException.class, () -> SweepMain.run(new String[] {"compare", "--substrates", "optical"}, out)).getMessage();
        assertTrue(m.contains("'optical'") && m.contains("pendula") && m.contains("mzi"), m);
        m = assertThrows(SweepMain.UsageException.class, () -> SweepMain.run(new String[] {"compare", "--budget", "0"}, out)).getMessage();
        assertTrue(m.contains("--budget") && m.contains("got 0"), m);
        m = assertThrows(SweepMain.UsageException.class, () -> SweepMain.run(new String[] {"compare", "--budgets", "100,-3"}, out)).getMessage();
        assertTrue(m.contains("-3"), m);
        m = assertThrows(SweepMain.UsageException.class, () -> SweepMain.run(new String[] {"compare", "--budgets", "100,,200"}, out)).getMessage();
        assertTrue(m.contains("empty entry"), m);
        m = assertThrows(SweepMain.UsageException.class, () -> SweepMain.run(new String[] {"compare", "--seeds", "one"}, out)).getMessage();
        assertTrue(m.contains("'one'"), m);
    }
}
