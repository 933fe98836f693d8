package org.pnn4j.backend;

/**
 * Makes backends of one kind from a spec string; found through {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.pnn4j.backend.BackendProvider}). {@link Backends#open} picks the provider by
 * {@link #scheme()}.
 */
public interface BackendProvider {
    /** The scheme before the first colon of a spec, e.g. {@code simulated}, {@code replay}, {@code remote}. */
    String scheme();

    /** One line: the spec's form after the scheme, e.g. {@code seed=N}. */
    String usage();

    /**
     * A backend from the spec's text after {@code scheme:} (empty when there is none).
     *
     * @throws IllegalArgumentException for a malformed argument, saying the expected form
     */
    Backend open(String argument);
}
