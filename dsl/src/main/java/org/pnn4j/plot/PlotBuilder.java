package org.pnn4j.plot;

import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Options every plot has: a title and a size in pixels. Each plot's builder adds its own options and
 * {@link #build()}s a {@link Figure}.
 *
 * @param <B> the concrete builder, returned by every option for chaining
 * @param <C> the XChart chart type the figure holds
 */
public abstract class PlotBuilder<B extends PlotBuilder<B, C>, C extends Chart<?, ?>> {
    private String title;
    private int width = 640, height = 440;

    PlotBuilder() {}

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** The chart title (default: a description of what is plotted). */
    public B title(String title) {
        this.title = title;
        return self();
    }

    /**
     * The size of each panel in pixels (default 640 × 440); a figure of several panels is that many times wider.
     *
     * @throws IllegalArgumentException if a side is below 100 px (too small to hold axes and labels)
     */
    public B size(int width, int height) {
        if (width < 100 || height < 100)
            throw new IllegalArgumentException("a plot needs at least 100 x 100 px to hold its axes and labels, got " + width + " x " + height);
        this.width = width;
        this.height = height;
        return self();
    }

    /** The title given, or {@code fallback}. */
    final String titleOr(String fallback) {
        return title != null ? title : fallback;
    }

    final int width() {
        return width;
    }

    final int height() {
        return height;
    }

    /** Computes the data, draws it and returns the figure. */
    public abstract Figure<C> build();
}
