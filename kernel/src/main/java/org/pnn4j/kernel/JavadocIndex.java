package org.pnn4j.kernel;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The javadoc of pnn4j's own API for Shift-Tab, read from its sources: JShell documents the JDK from the JDK's
 * {@code lib/src.zip}, but a library on the classpath only by its signatures. {@code mvn package} writes the sources
 * of {@code dsl} and {@code kernel} to {@code kernel/target/doc/pnn4j-kernel-VERSION-api-sources.jar} (kept off the
 * classpath: javac would otherwise compile a source newer than its class); this class finds a member's doc comment
 * there from JShell's signature ({@code Optimizer Optimizer.adam(double learningRate)}), with javac's parser.
 *
 * <p>Thread-safe; each source file is parsed once, on first use.
 */
final class JavadocIndex {
    /** The source files by simple class name ({@code Optimizer} → {@code org/pnn4j/nn/Optimizer.java}). */
    private final Map<String, List<String>> bySimpleName = new HashMap<>();
    private final Map<String, String> sourceByPath = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> docsByPath = new ConcurrentHashMap<>();
    private final SourceReader reader;

    /** Reads one source file's text by its path in the tree ({@code org/pnn4j/Network.java}). */
    private interface SourceReader {
        String read(String path) throws IOException;
    }

    private JavadocIndex(List<String> paths, SourceReader reader) {
        this.reader = reader;
        for (String p : paths) {
            String file = p.substring(p.lastIndexOf('/') + 1);
            bySimpleName.computeIfAbsent(file.substring(0, file.length() - ".java".length()), k -> new ArrayList<>()).add(p);
        }
    }

    /** An index with no sources: every lookup answers {@code null}. */
    static JavadocIndex empty() {
        return new JavadocIndex(List.of(), p -> null);
    }

    /**
     * An index of a source tree (a folder whose subfolders are packages) or of a sources jar.
     *
     * @param root the folder or jar
     * @return the index
     * @throws UncheckedIOException when it cannot be read
     */
    static JavadocIndex of(Path root) {
        try {
            if (Files.isDirectory(root)) {
                List<String> paths;
                try (Stream<Path> s = Files.walk(root)) {
                    paths = s.filter(p -> p.toString().endsWith(".java"))
                            .map(p -> root.relativize(p).toString().replace('\\', '/')).toList();
                }
                return new JavadocIndex(paths, p -> Files.readString(root.resolve(p)));
            }
            List<String> paths = new ArrayList<>();
            try (ZipFile zip = new ZipFile(root.toFile())) {
                zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".java")).forEach(paths::add);
            }
            return new JavadocIndex(paths, p -> {
                try (ZipFile zip = new ZipFile(root.toFile())) {
                    ZipEntry e = zip.getEntry(p);
                    return e == null ? null : new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sources at " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The index the kernel uses: {@code -Dpnn4j.sources=PATH} if set, else the {@code *-api-sources.jar} in the
     * {@code doc} folder beside the kernel's jar ({@code kernel/target/doc}), else none.
     */
    static JavadocIndex forKernel() {
        try {
            String explicit = System.getProperty("pnn4j.sources");
            if (explicit != null && !explicit.isBlank()) return of(Path.of(explicit));
            URI where = JavadocIndex.class.getProtectionDomain().getCodeSource().getLocation().toURI();
            Path doc = Path.of(where).getParent().resolve("doc");
            if (Files.isDirectory(doc)) {
                try (Stream<Path> s = Files.list(doc)) {
                    Path jar = s.filter(p -> p.getFileName().toString().endsWith("-api-sources.jar")).findFirst().orElse(null);
                    if (jar != null) return of(jar);
                }
            }
        } catch (Exception e) {
            System.err.println("pnn4j kernel: no javadoc for pnn4j's API in Shift-Tab (" + e + ")");
        }
        return empty();
    }

    /** @return how many source files the index knows */
    int size() {
        return bySimpleName.values().stream().mapToInt(List::size).sum();
    }

    private static final Pattern METHOD = Pattern.compile("(?:^|\\s)([\\w$]+(?:\\.[\\w$]+)*)\\.([\\w$<>]+)\\((.*)\\)\\s*$");
    private static final Pattern FIELD = Pattern.compile("^\\S.*\\s([\\w$]+(?:\\.[\\w$]+)*)\\.([\\w$]+)$");

    /**
     * The doc comment of what a JShell signature names.
     *
     * @param signature JShell's {@code Documentation.signature()}: {@code Ret Type.method(params)}, {@code Type.Type(params)}
     *                  for a constructor, {@code pkg.Type} for a type, {@code FieldType Type.FIELD} for a field
     * @return the comment's text (tags as written), or {@code null} when the index does not know it
     */
    String find(String signature) {
        String sig = signature.strip();
        Matcher m = METHOD.matcher(sig);
        if (m.find()) {
            String owner = m.group(1), name = m.group(2);
            String simple = owner.substring(owner.lastIndexOf('.') + 1);
            if (name.equals(simple)) name = "<init>";
            return member(owner, name + "(" + paramTypes(m.group(3)) + ")", name + "(#" + arity(m.group(3)) + ")");
        }
        if (!sig.contains(" ")) return member(sig, "", "");
        Matcher f = FIELD.matcher(sig);
        if (f.find()) return member(f.group(1), f.group(2), f.group(2));
        return null;
    }

    /** Looks a member up in the type {@code owner} (simple, nested {@code A.B} or qualified name). */
    private String member(String owner, String exactKey, String arityKey) {
        String[] parts = owner.split("\\.");
        // the first part that starts with a capital letter is the top-level type; the rest are nested types
        int top = 0;
        while (top < parts.length - 1 && !Character.isUpperCase(parts[top].charAt(0))) top++;
        String pkg = String.join("/", java.util.Arrays.copyOfRange(parts, 0, top));
        String typePath = String.join(".", java.util.Arrays.copyOfRange(parts, top, parts.length));
        for (String path : bySimpleName.getOrDefault(parts[top], List.of())) {
            if (!pkg.isEmpty() && !path.endsWith(pkg + "/" + parts[top] + ".java")) continue;
            Map<String, String> docs = docs(path);
            String key = typePath + (exactKey.isEmpty() ? "" : "#" + exactKey);
            String doc = docs.get(key);
            if (doc == null && !arityKey.isEmpty()) doc = docs.get(typePath + "#" + arityKey);
            if (doc != null) return doc;
        }
        return null;
    }

    private Map<String, String> docs(String path) {
        return docsByPath.computeIfAbsent(path, p -> {
            try {
                String source = reader.read(p);
                return source == null ? Map.of() : parse(p, source);
            } catch (IOException | RuntimeException e) {
                return Map.of();
            }
        });
    }

    /**
     * The doc comments of a file's types and members, keyed {@code Type}, {@code Type.Nested}, {@code Type#name(T1,T2)},
     * {@code Type#name(#2)} (by arity, when a signature's types are written differently) and {@code Type#FIELD}.
     */
    static Map<String, String> parse(String path, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + path), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
        DocTrees trees = DocTrees.instance(task);
        Map<String, String> docs = new HashMap<>();
        try {
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, String>() {
                    @Override
                    public Void visitClass(ClassTree c, String outer) {
                        String name = outer == null ? c.getSimpleName().toString() : outer + "." + c.getSimpleName();
                        put(name, getCurrentPath());
                        for (Tree member : c.getMembers()) scan(member, name);
                        return null;
                    }

                    @Override
                    public Void visitMethod(MethodTree m, String owner) {
                        List<String> types = m.getParameters().stream().map(p -> simpleType(p.getType().toString())).toList();
                        String name = m.getName().toString();
                        String exact = owner + "#" + name + "(" + String.join(",", types) + ")";
                        put(exact, getCurrentPath());
                        String doc = docs.get(exact);
                        if (doc != null) docs.putIfAbsent(owner + "#" + name + "(#" + types.size() + ")", doc);
                        return null;
                    }

                    @Override
                    public Void visitVariable(VariableTree v, String owner) {
                        put(owner + "#" + v.getName(), getCurrentPath());
                        return null;
                    }

                    private void put(String key, TreePath p) {
                        String doc = trees.getDocComment(p);
                        if (doc != null && !doc.isBlank()) docs.put(key, doc.strip());
                    }
                }.scan(unit, null);
            }
        } catch (IOException e) {
            return Map.of();
        }
        return docs;
    }

    /** {@code double learningRate, List<Tensor> xs, Layer... layers} → {@code double,List,Layer...}. */
    static String paramTypes(String params) {
        List<String> types = new ArrayList<>();
        for (String p : splitTopLevel(params)) {
            String t = p.strip();
            if (t.isEmpty()) continue;
            int space = t.lastIndexOf(' ');
            types.add(simpleType(space < 0 ? t : t.substring(0, space)));
        }
        return String.join(",", types);
    }

    private static int arity(String params) {
        return (int) splitTopLevel(params).stream().filter(p -> !p.isBlank()).count();
    }

    /** A type without its type arguments, package and annotations: {@code java.util.List<Tensor>} → {@code List}. */
    static String simpleType(String type) {
        String t = type.replaceAll("@[\\w.]+\\s*", "").replaceAll("<.*>", "").strip();
        boolean varargs = t.endsWith("...");
        if (varargs) t = t.substring(0, t.length() - 3);
        t = t.substring(t.lastIndexOf('.', t.endsWith("]") ? t.indexOf('[') : t.length()) + 1).replace(" ", "");
        return varargs ? t + "..." : t;
    }

    private static List<String> splitTopLevel(String params) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < params.length(); i++) {
            char c = params.charAt(i);
            if (c == '<') depth++;
            else if (c == '>') depth--;
            else if (c == ',' && depth == 0) {
                out.add(params.substring(start, i));
                start = i + 1;
            }
        }
        out.add(params.substring(start));
        return out;
    }

    /**
     * A doc comment as plain text for a tooltip or pager: {@code {@code x}} and {@code {@link A#b}} as their text,
     * paragraphs on blank lines, block tags ({@code @param}, {@code @return}, {@code @throws}) on their own lines.
     */
    static String plainText(String doc) {
        String t = doc.replaceAll("\\{@(?:code|literal)\\s+([^}]*)}", "$1")
                .replaceAll("\\{@(?:link|linkplain)\\s+([^}\\s]*)\\s+([^}]+)}", "$2")
                .replaceAll("\\{@(?:link|linkplain)\\s+([^}\\s]*)\\s*}", "$1")
                .replaceAll("(?i)<p>\\s*", "\n")
                .replaceAll("(?i)<li>\\s*", "\n  - ")
                .replaceAll("<[^>]+>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        t = t.replaceAll("(?m)^[ \\t]*@", "@").replaceFirst("\\n@", "\n\n@").replaceAll("\\n{3,}", "\n\n");
        return t.replaceAll("(\\w)#(\\w)", "$1.$2").replaceAll("[ \\t]+\\n", "\n").strip();
    }
}
