package org.pnn4j.plot;

import org.knowm.xchart.XYChart;

/**
 * A plot on x-y axes: adds logarithmic axes to the common options.
 *
 * @param <B> the concrete builder
 */
public abstract class XyPlotBuilder<B extends XyPlotBuilder<B>> extends PlotBuilder<B, XYChart> {
    private boolean logX, logY;

    XyPlotBuilder() {}

    /** A logarithmic x axis (only positive x values are drawn). */
    public B logX() {
        this.logX = true;
        return self();
    }

    /** A logarithmic y axis (only positive y values are drawn). */
    public B logY() {
        this.logY = true;
        return self();
    }

    final boolean isLogX() {
        return logX;
    }

    final boolean isLogY() {
        return logY;
    }

    /** An XY chart with this builder's size, log axes and the house style. */
    final XYChart xy(String title, String xLabel, String yLabel) {
        XYChart c = Style.xy(width(), height(), titleOr(title), xLabel, yLabel);
        c.getStyler().setXAxisLogarithmic(logX).setYAxisLogarithmic(logY);
        return c;
    }
}
