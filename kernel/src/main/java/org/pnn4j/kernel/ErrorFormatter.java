package org.pnn4j.kernel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Writes a cell's errors as IPython does: the cell and the line in it ({@code Cell In [3], line 2}), the offending
 * source line under an arrow with the one before it, a caret under the compiler's position, ANSI colours, and
 * "did you mean" for a name that is not found. JShell's own coordinates ({@code #42:2} snippet ids, "line 1 of the
 * snippet", {@code location: class }) never reach the user.
 */
final class ErrorFormatter {
    static final String RED = "\u001b[0;31m";
    static final String BOLD_RED = "\u001b[1;31m";
    static final String GREEN = "\u001b[0;32m";
    static final String CYAN = "\u001b[0;36m";
    static final String RESET = "\u001b[0m";

    private ErrorFormatter() {}

    /**
     * Where a snippet's source sits in the cell it came from.
     *
     * @param cell      the cell's label ({@code In [3]})
     * @param firstLine the cell line (from 1) of the snippet's first line
     * @param source    the snippet's source, as JShell saw it
     */
    record Origin(String cell, int firstLine, String source) {
        /** @return the snippet's line {@code snippetLine} (from 1) as a cell line */
        int cellLine(int snippetLine) {
            return firstLine + snippetLine - 1;
        }

        /** @return the snippet's line {@code snippetLine} (from 1), or an empty string past its end */
        String line(int snippetLine) {
            List<String> lines = source.lines().toList();
            return snippetLine >= 1 && snippetLine <= lines.size() ? lines.get(snippetLine - 1) : "";
        }
    }

    /**
     * The compiler's message without JShell's wrapper: the {@code location: class } line of the synthetic class is
     * dropped, the rest joined on one line ({@code cannot find symbol: symbol: method tanhh()}).
     */
    static String compilerMessage(String javac) {
        List<String> kept = new ArrayList<>();
        for (String line : javac.lines().toList()) {
            String t = line.strip();
            if (t.isEmpty() || t.matches("location: class\\s*")) continue;
            kept.add(t.replaceAll("\\s{2,}", " "));
        }
        return String.join(" ", kept).replace("cannot find symbol symbol:", "cannot find symbol:");
    }

    /**
     * A compile error's traceback lines (coloured) for one diagnostic.
     *
     * @param origin     the snippet
     * @param position   the compiler's position in the snippet's source
     * @param end        the end of the offending token (exclusive), at least {@code position}
     * @param message    the compiler's message, as from {@link #compilerMessage(String)}
     * @param suggestion a name to propose, or {@code null}
     * @return the lines: location, the line before and the offending line, the caret, the message
     */
    static List<String> compileError(Origin origin, int position, int end, String message, String suggestion) {
        String src = origin.source();
        int pos = Math.max(0, Math.min(position, src.length()));
        int snippetLine = (int) src.substring(0, pos).chars().filter(c -> c == '\n').count() + 1;
        int lineStart = src.lastIndexOf('\n', pos - 1) + 1;
        List<String> tb = new ArrayList<>();
        tb.add(GREEN + "Cell " + origin.cell() + ", line " + origin.cellLine(snippetLine) + RESET);
        int width = String.valueOf(origin.cellLine(snippetLine)).length();
        if (snippetLine > 1) tb.add(sourceLine(origin.cellLine(snippetLine - 1), width, origin.line(snippetLine - 1), false));
        tb.add(sourceLine(origin.cellLine(snippetLine), width, origin.line(snippetLine), true));
        int gutter = "----> ".length() + width + 1;
        int span = Math.max(1, Math.min(end, src.indexOf('\n', pos) < 0 ? src.length() : src.indexOf('\n', pos)) - pos);
        tb.add(" ".repeat(gutter + pos - lineStart) + RED + "^".repeat(span) + RESET);
        tb.add("");
        tb.add(BOLD_RED + "CompilationError" + RESET + ": " + message
                + (suggestion == null ? "" : CYAN + "; did you mean " + suggestion + "?" + RESET));
        return tb;
    }

    /** IPython's source line: {@code ----> 2 code} for the current line, {@code       1 code} for context. */
    static String sourceLine(int cellLine, int width, String code, boolean current) {
        String number = String.format(Locale.ROOT, "%" + width + "d", cellLine);
        return current ? GREEN + "----> " + number + RESET + " " + code : "      " + GREEN + number + RESET + " " + code;
    }

    /**
     * One stack frame of a cell's exception.
     *
     * @param origin the snippet the frame ran in, or {@code null} for a frame outside the cells
     * @param frame  the frame
     * @return the frame's lines: {@code Cell In [2], line 3, in ratio} and the source line; or {@code at ...}
     */
    static List<String> frame(Origin origin, StackTraceElement frame) {
        if (origin == null) return List.of("    at " + frame);
        int line = Math.max(1, frame.getLineNumber());
        String method = frame.getMethodName();
        boolean topLevel = method.isEmpty() || method.equals("do_it$");
        String where = GREEN + "Cell " + origin.cell() + ", line " + origin.cellLine(line) + RESET
                + (topLevel ? "" : ", in " + CYAN + method + RESET);
        int width = String.valueOf(origin.cellLine(line)).length();
        return List.of(where, sourceLine(origin.cellLine(line), width, origin.line(line), true));
    }

    /** The heading of a runtime error: {@code java.lang.ArithmeticException: / by zero}, the class in red. */
    static String exceptionHeading(String prefix, String className, String message) {
        return prefix + BOLD_RED + className + RESET + (message == null ? "" : ": " + message);
    }

    /**
     * The name among {@code candidates} closest to {@code typo} by edit distance (case differences cost half),
     * if close enough to be a plausible typo: at most one edit for names up to 4 characters, two up to 8, three beyond.
     *
     * @return the suggestion, or {@code null}
     */
    static String closest(String typo, Collection<String> candidates) {
        String best = null;
        double bestDistance = Double.MAX_VALUE;
        int allowed = typo.length() <= 4 ? 1 : typo.length() <= 8 ? 2 : 3;
        for (String c : candidates) {
            if (c.equals(typo) || c.isEmpty()) continue;
            double d = distance(typo, c);
            if (d <= allowed && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance where a substitution that only changes case costs 0.5. */
    static double distance(String a, String b) {
        double[] prev = new double[b.length() + 1];
        double[] cur = new double[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                char x = a.charAt(i - 1), y = b.charAt(j - 1);
                double sub = x == y ? 0 : Character.toLowerCase(x) == Character.toLowerCase(y) ? 0.5 : 1;
                cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + sub);
            }
            double[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** @return the text without ANSI colour codes (for the error's one-line message) */
    static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
