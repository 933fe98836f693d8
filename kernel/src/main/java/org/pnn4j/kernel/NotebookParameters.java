package org.pnn4j.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The declarations of a notebook's parameters cell, and command-line values typed by them (as papermill types a
 * parameter by its declaration): {@code -p epochs 0815} against {@code int epochs = 30;} becomes {@code int epochs = 815;},
 * {@code -p lr 1e3} against {@code double lr = 0.01;} becomes {@code double lr = 1000.0;}, and {@code -p label 1e3}
 * against {@code String label = "a";} becomes {@code String label = "1e3";}.
 *
 * <p>Types: {@code int}, {@code long}, {@code short}, {@code byte} (decimal whole numbers, leading zeros allowed),
 * {@code double}, {@code float} (decimal numbers with an optional exponent, {@code NaN}, {@code Infinity}),
 * {@code boolean} ({@code true} or {@code false}), {@code char} (one character), {@code String} (any text, as a
 * quoted, escaped literal), their boxed forms, and {@code var} with a literal initializer (its kind gives the type).
 */
final class NotebookParameters {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Map<String, String> BOXED = Map.of("Integer", "int", "Long", "long", "Short", "short", "Byte", "byte",
            "Double", "double", "Float", "float", "Boolean", "boolean", "Character", "char");
    private static final List<String> KEYWORDS = List.of("return", "new", "throw", "import", "package", "assert", "case", "yield", "else");
    private static final List<String> TYPES = List.of("int", "long", "short", "byte", "double", "float", "boolean", "char", "String", "var");

    /** A declared parameter: its name, the type as written, and the type values are converted to. */
    record Declared(String name, String declaredType, String type) {}

    private final Map<String, Declared> declared;

    private NotebookParameters(Map<String, Declared> declared) {
        this.declared = declared;
    }

    /** The names declared in {@code source} (a parameters cell's Java), in order, with their types. */
    static NotebookParameters parse(String source) {
        Map<String, Declared> out = new LinkedHashMap<>();
        for (String statement : statements(stripComments(source))) {
            String s = statement.strip();
            while (s.startsWith("final ")) s = s.substring(6).strip();
            Matcher m = Pattern.compile("^([A-Za-z_$][A-Za-z0-9_$.]*(?:<.*>)?(?:\\[\\])*)\\s+(.+)$", Pattern.DOTALL).matcher(s);
            if (!m.matches()) continue;
            String type = m.group(1);
            if (KEYWORDS.contains(type)) continue;
            for (String declarator : splitTopLevel(m.group(2), ',')) {
                String d = declarator.strip();
                int eq = d.indexOf('=');
                String name = (eq < 0 ? d : d.substring(0, eq)).strip();
                if (!NAME.matcher(name).matches()) break; // not a declaration (a call, an assignment)
                String init = eq < 0 ? null : d.substring(eq + 1).strip();
                out.put(name, new Declared(name, type, resolve(type, init)));
            }
        }
        return new NotebookParameters(out);
    }

    /** The declared names, in order. */
    List<String> names() {
        return new ArrayList<>(declared.keySet());
    }

    /**
     * The Java declaration that sets {@code name} to {@code value}, typed by the parameters cell.
     *
     * @throws IllegalArgumentException when {@code name} is not declared there, its type cannot be set from the command
     *                                  line, or {@code value} does not parse as its type; the message names all three
     */
    String declaration(String name, String value) {
        Declared d = declared.get(name);
        String what = "-p " + name + " " + value + ": ";
        if (d == null)
            throw new IllegalArgumentException(what + name + " is not declared in the parameters cell"
                    + (declared.isEmpty() ? " (it declares nothing)" : "; it declares " + String.join(", ", declared.keySet()))
                    + ". Check the name, or declare it there (e.g. int " + name + " = 1;)");
        String as = what + name + " is declared " + d.declaredType() + " in the parameters cell; ";
        if (d.type() == null)
            throw new IllegalArgumentException(as + (d.declaredType().equals("var")
                    ? "its initializer is not a literal whose type can be told; declare it with its type (int, double, String, ...)"
                    : "-p sets int, long, short, byte, double, float, boolean, char and String parameters (and var with a literal)"));
        String t = d.type();
        String literal = switch (t) {
            case "int", "long", "short", "byte" -> whole(t, value, as);
            case "double", "float" -> decimal(t, value, as);
            case "boolean" -> {
                if (!value.equals("true") && !value.equals("false")) throw new IllegalArgumentException(as + "'" + value + "' is not true or false");
                yield value;
            }
            case "char" -> {
                if (value.length() != 1) throw new IllegalArgumentException(as + "'" + value + "' is not one character");
                yield "'" + (value.equals("'") ? "\\'" : escape(value)) + "'";
            }
            default -> "\"" + escape(value) + "\"";
        };
        return t + " " + name + " = " + literal + ";";
    }

    private static String whole(String type, String value, String as) {
        if (!WHOLE.matcher(value).matches()) throw new IllegalArgumentException(as + "'" + value + "' is not a whole number");
        long min, max;
        switch (type) {
            case "byte" -> { min = Byte.MIN_VALUE; max = Byte.MAX_VALUE; }
            case "short" -> { min = Short.MIN_VALUE; max = Short.MAX_VALUE; }
            case "int" -> { min = Integer.MIN_VALUE; max = Integer.MAX_VALUE; }
            default -> { min = Long.MIN_VALUE; max = Long.MAX_VALUE; }
        }
        long v;
        try {
            v = Long.parseLong(value); // decimal: "0815" is 815, never octal
        } catch (NumberFormatException e) { // more digits than a long holds
            throw new IllegalArgumentException(as + "'" + value + "' is outside " + type + "'s range [" + min + ", " + max + "]");
        }
        if (v < min || v > max) throw new IllegalArgumentException(as + "'" + value + "' is outside " + type + "'s range [" + min + ", " + max + "]");
        if (type.equals("long")) return v == Long.MIN_VALUE ? "Long.MIN_VALUE" : v + "L";
        if (type.equals("int")) return v == Integer.MIN_VALUE ? "Integer.MIN_VALUE" : Long.toString(v);
        return "(" + type + ") " + v;
    }

    private static String decimal(String type, String value, String as) {
        boolean f = type.equals("float");
        String special = switch (value) {
            case "NaN" -> f ? "Float.NaN" : "Double.NaN";
            case "Infinity", "+Infinity" -> f ? "Float.POSITIVE_INFINITY" : "Double.POSITIVE_INFINITY";
            case "-Infinity" -> f ? "Float.NEGATIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
            default -> null;
        };
        if (special != null) return special;
        if (!DECIMAL.matcher(value).matches())
            throw new IllegalArgumentException(as + "'" + value + "' is not a number (e.g. 0.01, 1e3, -2.5E-4, NaN, Infinity)");
        if (f) {
            float v = Float.parseFloat(value);
            if (Float.isInfinite(v)) throw new IllegalArgumentException(as + "'" + value + "' is outside float's range (±" + Float.MAX_VALUE + ")");
            return Float.toString(v) + "f";
        }
        double v = Double.parseDouble(value);
        if (Double.isInfinite(v)) throw new IllegalArgumentException(as + "'" + value + "' is outside double's range (±" + Double.MAX_VALUE + ")");
        return Double.toString(v);
    }

    /** The type values are converted to: the declared one, a boxed one's primitive, or var's from its literal; null if none. */
    private static String resolve(String type, String init) {
        if (BOXED.containsKey(type)) return BOXED.get(type);
        if (type.equals("java.lang.String")) return "String";
        if (!type.equals("var")) return TYPES.contains(type) ? type : null;
        if (init == null) return null;
        String v = init.strip();
        if (v.startsWith("-") || v.startsWith("+")) v = v.substring(1).strip();
        if (v.equals("true") || v.equals("false")) return "boolean";
        if (v.startsWith("\"")) return "String";
        if (v.startsWith("'")) return "char";
        String n = v.replace("_", "");
        if (n.matches("(0[xX][0-9a-fA-F]+|0[bB][01]+|\\d+)[lL]")) return "long";
        if (n.matches("0[xX][0-9a-fA-F]+|0[bB][01]+|\\d+")) return "int";
        if (n.matches("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?[fF]")) return "float";
        if (n.matches("(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?[dD]?") ) return "double";
        return null;
    }

    /** A Java string literal's body: quotes, backslashes and control characters escaped. */
    static String escape(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    /** The source without // and block comments, string and char literals kept whole. */
    static String stripComments(String src) {
        StringBuilder out = new StringBuilder();
        int i = 0, n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') j += src.charAt(j) == '\\' ? 2 : 1;
                j = Math.min(n, j + 1);
                out.append(src, i, j);
                i = j;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Statements split at semicolons outside literals, parentheses, brackets and braces. */
    private static List<String> statements(String src) {
        return splitTopLevel(src, ';', false);
    }

    private static List<String> splitTopLevel(String src, char sep) {
        return splitTopLevel(src, sep, true);
    }

    /** Splits at {@code sep} outside literals and brackets; angle brackets count only where asked (generic types). */
    private static List<String> splitTopLevel(String src, char sep, boolean angles) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0, i = 0, n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c) j += src.charAt(j) == '\\' ? 2 : 1;
                i = Math.min(n, j + 1);
                continue;
            }
            if (c == '(' || c == '[' || c == '{' || (angles && c == '<')) depth++;
            else if ((c == ')' || c == ']' || c == '}' || (angles && c == '>')) && depth > 0) depth--;
            else if (c == sep && depth == 0) {
                out.add(src.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        if (start < n && !src.substring(start).isBlank()) out.add(src.substring(start));
        return out;
    }
}
