package org.pnn4j.kernel;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;

/**
 * What cells call to show things; imported statically in every session ({@code display(table)}).
 * The kernel and the headless runner install the {@link Sink} the outputs go to.
 */
public final class Display {
    private static final Renderer RENDERER = Renderers.create();
    private static volatile Sink sink;

    private Display() {}

    /** Where display outputs go: the kernel's IOPub channel, or the runner's cell outputs. */
    public interface Sink {
        /**
         * Shows a new output.
         *
         * @param data the output; it carries a display id in its transient data when it will be updated
         */
        void display(DisplayData data);

        /**
         * Replaces the output shown under a display id.
         *
         * @param id   the display id given to {@link #display(DisplayData)}
         * @param data the new output
         */
        void update(String id, DisplayData data);

        /**
         * Clears the cell's outputs.
         *
         * @param wait whether to wait for the next output before clearing (no flicker when replacing)
         */
        void clear(boolean wait);
    }

    /** @return the renderer the kernel and runner use: Tablesaw tables, networks, tensors, XChart charts */
    public static Renderer renderer() {
        return RENDERER;
    }

    /**
     * Sets where outputs go.
     *
     * @param s the sink, or {@code null} when no notebook is attached (then {@link #display(Object)} prints text)
     */
    public static void setSink(Sink s) {
        sink = s;
    }

    /** @return the current sink, or {@code null} */
    public static Sink sink() {
        return sink;
    }

    /**
     * Shows a value as a cell output, in its richest form (HTML table, PNG chart, network summary, ...).
     * Returns nothing, so that a cell ending with {@code display(x)} shows {@code x} once.
     *
     * @param value what to show
     */
    public static void display(Object value) {
        DisplayData data = RENDERER.render(value);
        Sink s = sink;
        if (s == null) {
            System.out.println(data.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
        } else {
            s.display(data);
        }
    }

    /** Clears the running cell's outputs now. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /**
     * Clears the running cell's outputs.
     *
     * @param wait {@code true} to clear only when the next output arrives
     */
    public static void clearOutput(boolean wait) {
        Sink s = sink;
        if (s != null) s.clear(wait);
    }

    /**
     * Shows a value in the given MIME types only, such as {@code display(chart, "image/svg+xml")}.
     *
     * @param value what to show
     * @param mimeTypes the types wanted; a type no renderer produces is left out
     */
    public static void display(Object value, String... mimeTypes) {
        DisplayData data = RENDERER.renderAs(value, mimeTypes);
        Sink s = sink;
        if (s == null) {
            System.out.println(data.getData(org.dflib.jjava.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
        } else {
            s.display(data);
        }
    }
}
