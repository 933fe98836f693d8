package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorFormatterTest {
    @Test
    void closestProposesAPlausibleTypoOnly() {
        assertEquals("tanh", ErrorFormatter.closest("tanhh", List.of("tan", "tanh", "toString", "sigmoid")));
        assertEquals("String", ErrorFormatter.closest("string", List.of("String", "Strings")));
        assertNull(ErrorFormatter.closest("optical", List.of("tanh", "linear")));
        assertNull(ErrorFormatter.closest("x", List.of("x")), "the name itself is no suggestion");
    }

    @Test
    void compilerMessageDropsJShellsSyntheticClass() {
        assertEquals("cannot find symbol: method tanhh(int)",
                ErrorFormatter.compilerMessage("cannot find symbol\n  symbol:   method tanhh(int)\n  location: class "));
    }

    @Test
    void compileErrorShowsCellLineSourceAndCaret() {
        ErrorFormatter.Origin o = new ErrorFormatter.Origin("In [4]", 3, "int a = 1;\ndouble y = tanhh(a);");
        List<String> tb = ErrorFormatter.compileError(o, 22, 27, "cannot find symbol: method tanhh(int)", "tanh")
                .stream().map(ErrorFormatter::plain).toList();
        assertEquals("Cell In [4], line 4", tb.get(0));
        assertEquals("      3 int a = 1;", tb.get(1));
        assertEquals("----> 4 double y = tanhh(a);", tb.get(2));
        assertEquals(" ".repeat(8 + 11) + "^^^^^", tb.get(3));
        assertEquals("CompilationError: cannot find symbol: method tanhh(int); did you mean tanh?", tb.get(5));
    }
}
