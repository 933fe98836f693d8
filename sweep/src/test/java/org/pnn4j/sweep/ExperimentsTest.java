package org.pnn4j.sweep;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExperimentsTest {
    private static String refusal(Map<String, String> config) {
        return assertThrows(IllegalArgumentException.class, () -> new Experiments().validate(Trial.of(config))).getMessage();
    }

    @Test
    void misspeltSettingsAreRefusedBeforeTheSweepStarts() {
        String m = refusal(Map.of("experiment", "vowel", "method", "pat"));
        assertTrue(m.contains("'vowel'") && m.contains("vowels"), m);
        m = refusal(Map.of("experiment", "vowels", "method", "pat", "epoch", "3"));
        assertTrue(m.contains("'epoch'") && m.contains("epochs"), m);
        m = refusal(Map.of("experiment", "vowels", "method", "spsa"));
        assertTrue(m.contains("'spsa'") && m.contains("insilico"), m);
        m = refusal(Map.of("experiment", "vowels", "method", "pat", "epochs", "0"));
        assertTrue(m.contains("epochs") && m.contains("'0'"), m);
        m = refusal(Map.of("experiment", "vowels", "method", "pat", "noise", "-1"));
        assertTrue(m.contains("noise"), m);
        m = refusal(Map.of("experiment", "phyll", "method", "phyll", "substrate", "optical"));
        assertTrue(m.contains("'optical'"), m);
        assertDoesNotThrow(() -> new Experiments().validate(Trial.of(Map.of("experiment", "phyll", "method", "phyll-concat",
                "substrate", "recorded", "lr", "0.01", "epochs", "2"))));
    }
}
