package org.pnn4j.physics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.StringJoiner;

/**
 * The registry of substrate kinds: every {@link SubstrateProvider} found by {@link ServiceLoader} (the built-in
 * physics packages' and any user jar's on the class path), and the parser of specs {@code kind[:n,n,...]} that the
 * device server's {@code --substrate} and remote clients use, so both ends build the same substrate (and agree on
 * its {@link Substrate#name()}, the key on the wire).
 */
public final class SubstrateKinds {
    private SubstrateKinds() {}

    /**
     * The kinds on the class path by name, in the order found (built-in kinds first where this library's jar comes
     * first). Looked up through the thread's context class loader when it has one (a notebook's added jars), else
     * this library's.
     *
     * @throws IllegalStateException if two providers declare the same name (naming both)
     */
    public static Map<String, SubstrateKind> all() {
        Map<String, SubstrateKind> kinds = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        for (SubstrateProvider p : ServiceLoader.load(SubstrateProvider.class, context != null ? context : SubstrateKinds.class.getClassLoader()))
            for (SubstrateKind k : p.kinds()) {
                String before = from.putIfAbsent(k.name(), p.getClass().getName());
                if (before != null && !before.equals(p.getClass().getName()))
                    throw new IllegalStateException("substrate kind '" + k.name() + "' is declared by both " + before + " and "
                            + p.getClass().getName() + "; rename one of them");
                kinds.putIfAbsent(k.name(), k);
            }
        return kinds;
    }

    /** The accepted forms, comma-separated, for help texts and errors. */
    public static String forms() {
        StringJoiner j = new StringJoiner(", ");
        for (SubstrateKind k : all().values()) j.add(k.usage());
        return j.toString();
    }

    /**
     * The substrate a spec names: {@code kind} or {@code kind:n,n,...} (case and spaces ignored).
     *
     * @throws IllegalArgumentException for an unknown kind or wrong numbers, listing the accepted forms
     */
    public static Substrate parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int colon = s.indexOf(':');
        String name = colon < 0 ? s : s.substring(0, colon);
        Map<String, SubstrateKind> kinds = all();
        SubstrateKind kind = kinds.get(name);
        if (kind == null)
            throw new IllegalArgumentException("unknown substrate kind '" + name + "' in '" + spec + "'; use one of: " + forms()
                    + " (a kind of your own: a SubstrateProvider listed in META-INF/services/" + SubstrateProvider.class.getName()
                    + " of a jar on the class path)");
        int[] n = colon < 0 ? new int[0] : numbers(spec, s.substring(colon + 1));
        if (!kind.counts().contains(n.length))
            throw new IllegalArgumentException("substrate spec '" + spec + "' needs " + counts(kind.counts()) + " after the kind, got "
                    + n.length + "; use " + kind.usage());
        try {
            return kind.factory().create(n);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("substrate spec '" + spec + "': " + e.getMessage(), e);
        }
    }

    private static String counts(List<Integer> counts) {
        List<String> words = new ArrayList<>();
        for (int c : counts) words.add(c + " number" + (c == 1 ? "" : "s"));
        return String.join(" or ", words);
    }

    private static int[] numbers(String spec, String list) {
        String[] parts = list.split(",");
        int[] n = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                n[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("substrate spec '" + spec + "': '" + parts[i].trim() + "' is not a whole number; use one of: " + forms());
            }
            if (n[i] < 1) throw new IllegalArgumentException("substrate spec '" + spec + "': sizes must be at least 1, got " + n[i]);
        }
        return n;
    }
}
