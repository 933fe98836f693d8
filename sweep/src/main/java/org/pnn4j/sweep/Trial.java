package org.pnn4j.sweep;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One trial of a sweep: its configuration (names to values, e.g. {@code experiment=vowels, method=pat, seed=2,
 * epochs=5}), kept sorted by name, and its key, the first 16 hex digits of the SHA-256 of the canonical text
 * {@code name=value\n...}. Two trials with the same configuration have the same key wherever and whenever they are
 * built: the key names the trial's result file and makes a re-run skip it.
 */
public final class Trial implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The seed a trial gets when its configuration names none. */
    public static final long DEFAULT_SEED = 1;

    private final TreeMap<String, String> config;
    private final String key;

    private Trial(TreeMap<String, String> config) {
        this.config = config;
        this.key = hash(canonical(config));
    }

    /**
     * A trial with {@code config}; names and values are trimmed; a missing {@code seed} becomes {@value #DEFAULT_SEED}.
     *
     * @throws IllegalArgumentException if a name is empty, a name or value holds a line break, or {@code seed} is not
     *                                  an integer
     */
    public static Trial of(Map<String, String> config) {
        TreeMap<String, String> c = new TreeMap<>();
        for (Map.Entry<String, String> e : config.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey().strip(), value = e.getValue() == null ? "" : e.getValue().strip();
            if (name.isEmpty()) throw new IllegalArgumentException("a trial's setting has an empty name (value '" + value + "'); name every setting");
            if ((name + value).contains("\n") || (name + value).contains("\r"))
                throw new IllegalArgumentException("trial setting '" + name + "' holds a line break; names and values are one line each");
            c.put(name, value);
        }
        c.putIfAbsent("seed", Long.toString(DEFAULT_SEED));
        try {
            Long.parseLong(c.get("seed"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a trial's seed must be an integer, got '" + c.get("seed") + "'");
        }
        return new Trial(c);
    }

    /** The configuration, sorted by name (unmodifiable). */
    public Map<String, String> config() {
        return Collections.unmodifiableMap(config);
    }

    /** The value of setting {@code name}, or {@code otherwise} when the trial does not set it. */
    public String get(String name, String otherwise) {
        return config.getOrDefault(name, otherwise);
    }

    /** The trial's seed (of initialization, batch order and anything else random in it). */
    public long seed() {
        return Long.parseLong(config.get("seed"));
    }

    /** The key: 16 hex digits of the SHA-256 of {@link #canonical()}. */
    public String key() {
        return key;
    }

    /** The canonical text of the configuration: {@code name=value} lines sorted by name, each ended by a newline. */
    public String canonical() {
        return canonical(config);
    }

    /** The configuration on one line: {@code name=value} pairs sorted by name, separated by a space. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        config.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.toString();
    }

    private static String canonical(Map<String, String> c) {
        StringBuilder b = new StringBuilder();
        c.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString();
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8; i++) b.append(String.format("%02x", d[i]));
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java SE platform must provide", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trial t && t.config.equals(config);
    }

    @Override
    public int hashCode() {
        return config.hashCode();
    }

    @Override
    public String toString() {
        return key + " (" + describe() + ")";
    }
}
