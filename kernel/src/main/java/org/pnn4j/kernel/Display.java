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

    /**
     * A cell's value as display data, never throwing anything but a {@link CellException}: a value whose
     * {@code toString} or renderer throws (an exception, or an {@link Error} such as {@link StackOverflowError}) gives a
     * cell error that says so, so the front end always gets its reply and the runner keeps the notebook.
     *
     * @throws CellException named {@code RenderError}, when rendering failed
     */
    public static org.dflib.jjava.jupyter.kernel.display.DisplayData render(Object value) {
        if (value == null) return new org.dflib.jjava.jupyter.kernel.display.DisplayData("null");
        try {
            DisplayData d = renderer().render(value);
            // text/plain as JShell shows the value (and Jupyter's test suite expects): "abc", not abc
            if (value instanceof String || value instanceof Character || value.getClass().isArray()) {
                d.putText(KernelExecutionControl.representation(value));
            }
            return d;
        } catch (VirtualMachineError | RuntimeException | LinkageError | AssertionError e) {
            String what = e.getClass().getName() + (e instanceof StackOverflowError ? " (toString or a renderer recursed without end)"
                    : e.getMessage() == null ? "" : ": " + e.getMessage());
            String message = "the cell ran, but its value (a " + value.getClass().getName() + ") could not be displayed: " + what
                    + "; its variables are kept";
            java.util.List<String> tb = new java.util.ArrayList<>();
            tb.add(message);
            StackTraceElement[] frames = e.getStackTrace();
            for (int i = 0; i < Math.min(8, frames.length); i++) tb.add("\tat " + frames[i]);
            throw new CellException("RenderError", message, tb);
        }
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
