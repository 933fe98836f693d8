package org.pnn4j.kernel;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.internal.chartpart.Chart;
import org.pnn4j.Network;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.plot.Figure;
import org.pnn4j.tensor.Tensor;
import tech.tablesaw.api.Table;

/** The rich displays of pnn4j's types. Every value also gets text/plain (its {@code toString()} by default). */
final class Renderers {
    private Renderers() {}

    /** @return a renderer knowing tables, networks, tensors and charts */
    static Renderer create() {
        Renderer r = new Renderer();
        r.createRegistration(Table.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((t, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> tableHtml(t));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> TableFormat.text(t));
                });
        r.createRegistration(org.pnn4j.train.History.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((h, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> TableFormat.historyHtml(h));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> TableFormat.historyText(h));
                });
        r.createRegistration(Network.class).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_PLAIN)
                .register((n, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> networkHtml(n));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> n.describe() + "\n" + n.summary());
                });
        r.createRegistration(Tensor.class).preferring(MIMEType.TEXT_PLAIN)
                .register((t, ctx) -> ctx.renderIfRequested(MIMEType.TEXT_PLAIN, t::toString));
        r.createRegistration(Chart.class).preferring(MIMEType.IMAGE_PNG).supporting(MIMEType.IMAGE_SVG, MIMEType.TEXT_PLAIN)
                .register((c, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> png(c));
                    ctx.renderIfRequested(MIMEType.IMAGE_SVG, () -> svg(c));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> c.getClass().getSimpleName() + " '" + c.getTitle()
                            + "' (" + c.getWidth() + "x" + c.getHeight() + ")");
                });
        // a Figure is one or more charts side by side: shown as the whole figure, not only its first panel
        r.createRegistration(Figure.class).preferring(MIMEType.IMAGE_PNG).supporting(MIMEType.TEXT_PLAIN)
                .register((f, ctx) -> {
                    ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> png(f.image()));
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, f::toString);
                });
        return r;
    }

    static String tableHtml(Table t) {
        // numbers rounded per column, headers that wrap instead of being cut, at most the first 200 rows
        return TableFormat.html(t);
    }

    static String networkHtml(Network n) {
        StringBuilder sb = new StringBuilder("<table class=\"pnn4j-network\">\n<caption>")
                .append(escape(n.describe())).append("</caption>\n")
                .append("<thead><tr><th>#</th><th>layer</th><th>substrate</th><th>output</th><th>trainable</th><th>fixed</th></tr></thead>\n<tbody>\n");
        long trainable = 0, fixed = 0;
        var layers = n.layers();
        int[] shape = n.inputShape();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            long t = 0, f = 0;
            for (Parameter p : l.parameters()) if (p.trainable()) t += p.size(); else f += p.size();
            trainable += t;
            fixed += f;
            String out = "";
            if (shape != null) {
                try {
                    shape = l.outputShape(shape);
                    out = java.util.Arrays.toString(shape);
                } catch (RuntimeException e) {
                    shape = null;
                }
            }
            String substrate = l instanceof PhysicalLayer p ? p.substrate().name() : "digital";
            sb.append("<tr><td>").append(i + 1).append("</td><td><code>").append(escape(l.describe()))
                    .append("</code></td><td>").append(escape(substrate)).append("</td><td>").append(out)
                    .append("</td><td>").append(t).append("</td><td>").append(f).append("</td></tr>\n");
        }
        sb.append("</tbody>\n<tfoot><tr><td></td><td>total</td><td></td><td></td><td>").append(trainable)
                .append("</td><td>").append(fixed).append("</td></tr></tfoot>\n</table>");
        return sb.toString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String png(Chart<?, ?> c) {
        BufferedImage img = new BufferedImage(c.getWidth(), c.getHeight(), BufferedImage.TYPE_INT_ARGB);
        var g = img.createGraphics();
        c.paint(g, c.getWidth(), c.getHeight());
        g.dispose();
        return png(img);
    }

    static String png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String svg(Chart<?, ?> c) {
        VectorGraphics2D g = new VectorGraphics2D();
        c.paint(g, c.getWidth(), c.getHeight());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, c.getWidth(), c.getHeight())).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

}
