package org.pnn4j.cli;

import java.util.Locale;
import java.util.Map;

/**
 * Whether the PyTorch side of {@code pnn4j bench} is an honest baseline: which BLAS library its {@code sgemm_}
 * resolves to (reported by {@code bench/pytorch/pnn_reference.py} as {@code blas_lib=...}). Debian's reference BLAS
 * ({@code libblas3}, the fallback when no optimized BLAS is installed) runs PyTorch's matrix products about ten times
 * slower (measured: 512×512 products 0.55 s against 0.054 s with OpenBLAS), which inflates every pnn4j / PyTorch
 * ratio; the bench then refuses to print ratios.
 */
final class BlasBaseline {
    private BlasBaseline() {}

    /** The BLAS implementations the bench tells apart. */
    enum Kind {
        OPENBLAS("OpenBLAS"), MKL("MKL"), BLIS("BLIS"), ATLAS("ATLAS"), REFERENCE("reference BLAS (netlib libblas3)"),
        UNKNOWN("unknown BLAS");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /**
     * Classifies the path of the library that provides {@code sgemm_}.
     *
     * @param blasLib the resolved path, or null / "unknown" when the reference could not tell
     * @return its kind; a plain {@code libblas.so*} outside an OpenBLAS, MKL, BLIS or ATLAS folder is the reference BLAS
     */
    static Kind classify(String blasLib) {
        if (blasLib == null || blasLib.isBlank() || blasLib.equals("unknown")) return Kind.UNKNOWN;
        String p = blasLib.toLowerCase(Locale.ROOT);
        if (p.contains("openblas")) return Kind.OPENBLAS;
        if (p.contains("mkl")) return Kind.MKL;
        if (p.contains("blis")) return Kind.BLIS;
        if (p.contains("atlas")) return Kind.ATLAS;
        String file = p.substring(p.lastIndexOf('/') + 1);
        if (file.startsWith("libblas.so") || file.startsWith("librefblas")) return Kind.REFERENCE;
        return Kind.UNKNOWN;
    }

    /**
     * Why ratios against this PyTorch result must not be printed, or null when they may.
     *
     * @param pytorchResult the key=value pairs of the reference's RESULT line
     * @return a one-line reason naming the library and the fix, or null (also null for an unknown BLAS, which
     *         {@link #describe} flags as unverified)
     */
    static String invalidReason(Map<String, String> pytorchResult) {
        String lib = pytorchResult.get("blas_lib");
        if (classify(lib) != Kind.REFERENCE) return null;
        return "the PyTorch baseline calls the reference BLAS " + lib + " (about 10x slower matrix products than an"
                + " optimized BLAS): ratios against it are INVALID. Install an optimized BLAS (Debian: apt-get install"
                + " libopenblas0-pthread) and run the bench again.";
    }

    /** One line naming the BLAS, its core type, torch's SIMD level and thread count, from a RESULT line. */
    static String describe(Map<String, String> r) {
        Kind k = classify(r.get("blas_lib"));
        return k.label + (k == Kind.UNKNOWN ? " (UNVERIFIED)" : "") + " " + r.getOrDefault("blas_lib", "?")
                + ", core " + r.getOrDefault("blas_core", "?") + ", torch CPU capability "
                + r.getOrDefault("cpu_capability", "?") + ", " + r.getOrDefault("threads", "?") + " thread(s)";
    }
}
