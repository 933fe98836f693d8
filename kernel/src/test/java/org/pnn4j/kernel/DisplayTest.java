package org.pnn4j.kernel;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DisplayTest {
    /** A value whose toString recurses without end, as a user's class can. */
    static final class Recursive {
        @Override
        public String toString() {
            return "r" + this;
        }
    }

    /** A value whose toString throws. */
    static final class Throwing {
        @Override
        public String toString() {
            throw new IllegalStateException("no text for this one");
        }
    }

    @Test
    void aValueThatCannotBeRenderedIsACellErrorNotALostReply() {
        CellException so = assertThrows(CellException.class, () -> Display.render(new Recursive()));
        assertEquals("RenderError", so.name());
        assertTrue(so.getMessage().contains("StackOverflowError") && so.getMessage().contains("variables are kept"), so.getMessage());
        assertTrue(so.traceback().size() <= 9, "the traceback is bounded: " + so.traceback().size());
        CellException ex = assertThrows(CellException.class, () -> Display.render(new Throwing()));
        assertTrue(ex.getMessage().contains("no text for this one"), ex.getMessage());
        assertEquals("null", Display.render(null).getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
        assertNotNull(Display.render(42));
    }
}
