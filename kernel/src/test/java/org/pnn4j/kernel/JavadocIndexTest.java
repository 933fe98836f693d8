package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JavadocIndexTest {
    /** The dsl's sources, as the api-sources jar holds them (tests run in kernel/). */
    private static final JavadocIndex DSL = JavadocIndex.of(Path.of("../dsl/src/main/java"));

    @Test
    void findsAStaticFactoryByJShellSignatureAndTellsOverloadsApart() {
        assertEquals("Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8.", DSL.find("Optimizer Optimizer.adam(double learningRate)"));
        assertTrue(DSL.find("Optimizer Optimizer.adam(double learningRate, double beta1, double beta2, double eps)")
                .startsWith("Adam (Kingma and Ba 2015)"));
    }

    @Test
    void findsAStaticallyImportedFactoryATypeAndVarargs() {
        assertEquals("tanh x.", DSL.find("Layer Pnn.tanh()"));
        assertTrue(DSL.find("org.pnn4j.Network") != null, "the type's own comment");
        assertTrue(DSL.find("Network Network.of(Layer... layers)") != null, "a varargs method");
    }

    @Test
    void unknownMembersAndTypesGiveNull() {
        assertNull(DSL.find("int Math.abs(int a)"));
        assertNull(DSL.find("Optimizer Optimizer.nosuch(double learningRate)"));
        assertNull(JavadocIndex.empty().find("Layer Pnn.tanh()"));
    }

    @Test
    void plainTextUnwrapsInlineTagsAndKeepsBlockTagsOnTheirLines() {
        assertEquals("Returns x in metres.\n\n@param x the value\n@return x",
                JavadocIndex.plainText("Returns {@code x} in metres.\n@param x the value\n @return x"));
        assertEquals("See Network.of for more", JavadocIndex.plainText("See {@link Network#of} for more"));
        assertEquals("See the factory", JavadocIndex.plainText("See {@link Network#of the factory}"));
    }
}
