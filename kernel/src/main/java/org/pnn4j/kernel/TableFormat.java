package org.pnn4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pnn4j.train.EpochResult;
import org.pnn4j.train.History;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tables as a reader wants them in a notebook: numbers rounded to the significant digits their kind deserves (one
 * number of decimals per column, so the column lines up), integers as they are, headers that wrap at {@code _}
 * instead of being cut, wide tables scrolled sideways; and a {@link History} as a compact table with a mini-chart
 * of its losses and accuracies.
 */
final class TableFormat {
    /** Rows shown at most; the rest is counted under the table. */
    static final int MAX_ROWS = 200;

    private TableFormat() {}

    /**
     * The significant digits a column's values get, from its name: 3 for times and rates (seconds, learning rate),
     * 4 for anything else (losses, accuracies, physical quantities).
     */
    static int significantDigits(String columnName) {
        String n = columnName.toLowerCase(Locale.ROOT);
        return n.contains("second") || n.contains("time") || n.contains("rate") ? 3 : 4;
    }

    /**
     * The decimals that give {@code digits} significant digits to the column's largest magnitude (0 to 8):
     * {@code 0.8372} for accuracies, {@code 12.35} for a loss of 12.345.
     */
    static int decimals(double maxAbs, int digits) {
        if (!(maxAbs > 0) || Double.isInfinite(maxAbs)) return Math.min(digits, 4);
        int magnitude = (int) Math.floor(Math.log10(maxAbs));
        return Math.max(0, Math.min(8, digits - 1 - magnitude));
    }

    /** A column's cells as text: floating-point ones rounded per {@link #significantDigits}, others as Tablesaw writes them. */
    static List<String> cells(Column<?> c, int rows) {
        List<String> out = new ArrayList<>(rows);
        boolean floating = c instanceof NumberColumn<?, ?> && (c.type().name().equals("DOUBLE") || c.type().name().equals("FLOAT"));
        if (!floating) {
            for (int r = 0; r < rows; r++) out.add(c.getString(r));
            return out;
        }
        NumberColumn<?, ?> n = (NumberColumn<?, ?>) c;
        double maxAbs = 0;
        for (int r = 0; r < rows; r++) {
            double v = n.getDouble(r);
            if (Double.isFinite(v)) maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        boolean scientific = maxAbs >= 1e7 || maxAbs > 0 && maxAbs < 1e-4;
        int decimals = decimals(maxAbs, significantDigits(c.name()));
        for (int r = 0; r < rows; r++) {
            double v = n.getDouble(r);
            if (n.isMissing(r)) out.add("");
            else if (!Double.isFinite(v)) out.add(Double.isNaN(v) ? "NaN" : v > 0 ? "∞" : "-∞");
            else if (scientific) out.add(String.format(Locale.ROOT, "%." + (significantDigits(c.name()) - 1) + "e", v));
            else out.add(String.format(Locale.ROOT, "%." + decimals + "f", v));
        }
        return out;
    }

    /** A table as HTML: rounded numbers right-aligned, headers wrapping at underscores, sideways scrolling. */
    static String html(Table t) {
        int rows = Math.min(t.rowCount(), MAX_ROWS);
        StringBuilder sb = new StringBuilder("<div class=\"pnn4j-table\" style=\"overflow-x:auto;max-width:100%\">\n<table>\n");
        if (t.name() != null && !t.name().isBlank()) sb.append("<caption>").append(Renderers.escape(t.name())).append("</caption>\n");
        sb.append("<thead><tr>");
        List<List<String>> columns = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        for (Column<?> c : t.columns()) {
            // a break opportunity after each underscore: physical_samples wraps, it is not cut to physica…
            sb.append("<th style=\"white-space:normal;max-width:9em;text-align:right\">")
                    .append(Renderers.escape(c.name()).replace("_", "_<wbr>")).append("</th>");
            columns.add(cells(c, rows));
            numeric.add(c instanceof NumberColumn<?, ?>);
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < rows; r++) {
            sb.append("<tr>");
            for (int c = 0; c < columns.size(); c++) {
                sb.append(numeric.get(c) ? "<td style=\"text-align:right;white-space:nowrap\">" : "<td>")
                        .append(Renderers.escape(columns.get(c).get(r))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</tbody>\n</table>\n</div>");
        if (rows < t.rowCount()) sb.append("<p>first ").append(rows).append(" of ").append(t.rowCount()).append(" rows</p>");
        return sb.toString();
    }

    /** A table as aligned text with the same rounding, whole column names, at most {@link #MAX_ROWS} rows. */
    static String text(Table t) {
        int rows = Math.min(t.rowCount(), MAX_ROWS);
        List<List<String>> columns = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (Column<?> c : t.columns()) {
            List<String> cells = cells(c, rows);
            int w = c.name().length();
            for (String s : cells) w = Math.max(w, s.length());
            columns.add(cells);
            widths.add(w);
        }
        StringBuilder sb = new StringBuilder();
        if (t.name() != null && !t.name().isBlank()) sb.append(t.name()).append('\n');
        for (int c = 0; c < columns.size(); c++) {
            sb.append(c == 0 ? "" : "  ").append(pad(t.column(c).name(), widths.get(c)));
        }
        sb.append('\n');
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns.size(); c++) sb.append(c == 0 ? "" : "  ").append(pad(columns.get(c).get(r), widths.get(c)));
            sb.append('\n');
        }
        if (rows < t.rowCount()) sb.append("(first ").append(rows).append(" of ").append(t.rowCount()).append(" rows)\n");
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }

    /**
     * A history's compact table: the epoch, losses, accuracies and seconds; the stage and method only when the run
     * had several; the physical columns only when a physical layer was called.
     */
    static Table compact(History h) {
        Table full = h.table();
        List<String> keep = new ArrayList<>(List.of("epoch", "train_loss", "train_accuracy", "test_loss", "test_accuracy", "seconds"));
        if (full.rowCount() > 0 && full.column("method").unique().size() > 1) keep.addAll(0, List.of("stage", "method"));
        if (full.rowCount() > 0 && full.numberColumn("physical_calls").max() > 0) keep.addAll(List.of("physical_calls", "physical_seconds"));
        return full.selectColumns(keep.toArray(new String[0]));
    }

    /**
     * A history as HTML: a heading (epochs, whether the run was interrupted when the History says so), a mini-chart
     * (inline SVG: losses on the left, accuracies on the right) and the compact table.
     */
    static String historyHtml(History h) {
        List<EpochResult> epochs = h.epochs();
        StringBuilder sb = new StringBuilder("<div class=\"pnn4j-history\">\n<p><b>History</b> ")
                .append(Renderers.escape(h.table().name())).append(": ").append(epochs.size()).append(" epoch")
                .append(epochs.size() == 1 ? "" : "s").append(interruptedNote(h)).append("</p>\n");
        if (epochs.size() >= 2) {
            sb.append(sparkline("loss", epochs.stream().mapToDouble(EpochResult::trainLoss).toArray(),
                    epochs.stream().mapToDouble(EpochResult::testLoss).toArray()));
            sb.append(sparkline("accuracy", epochs.stream().mapToDouble(EpochResult::trainAccuracy).toArray(),
                    epochs.stream().mapToDouble(EpochResult::testAccuracy).toArray()));
        }
        return sb.append(html(compact(h))).append("\n</div>").toString();
    }

    /** A history as text: the heading and the compact table. */
    static String historyText(History h) {
        return "History " + h.table().name() + ": " + h.epochs().size() + " epochs" + interruptedNote(h) + "\n" + text(compact(h));
    }

    /**
     * ", interrupted" when the History says its run did not finish: read by reflection from a boolean
     * {@code complete()} method, which a History may have or not (the kernel does not depend on it).
     */
    static String interruptedNote(History h) {
        try {
            Object complete = History.class.getMethod("complete").invoke(h);
            return Boolean.FALSE.equals(complete) ? " (interrupted: the last epoch did not finish)" : "";
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "";
        }
    }

    /** A 260×84 SVG of two series (train solid, test dashed) with the first and last values written. */
    static String sparkline(String what, double[] train, double[] test) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] s : new double[][] {train, test}) {
            for (double v : s) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi >= lo)) return "";
        String range = lo == hi ? fmt(lo) : fmt(lo) + " to " + fmt(hi);
        if (hi == lo) {
            // a flat series is drawn in the middle
            lo -= 1;
            hi += 1;
        }
        int w = 260, ht = 70, pad = 4;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" style=\"margin-right:16px\">", w, ht + 14));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"11\" font-size=\"11\" font-family=\"sans-serif\">%s (train ─, test ┄): %s</text>",
                pad, what, range));
        String[] styles = {"stroke=\"#1f77b4\"", "stroke=\"#d62728\" stroke-dasharray=\"4 2\""};
        double[][] series = {train, test};
        for (int k = 0; k < 2; k++) {
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < series[k].length; i++) {
                double v = series[k][i];
                if (!Double.isFinite(v)) continue;
                double x = pad + (w - 2.0 * pad) * i / Math.max(1, series[k].length - 1);
                double y = 14 + pad + (ht - 2.0 * pad) * (1 - (v - lo) / (hi - lo));
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            if (pts.length() > 0) sb.append("<polyline fill=\"none\" stroke-width=\"1.5\" ").append(styles[k])
                    .append(" points=\"").append(pts.toString().strip()).append("\"/>");
        }
        return sb.append("</svg>").toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
