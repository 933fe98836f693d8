package org.pnn4j.tensor;

import java.util.Objects;

/**
 * An op whose forward and vector-Jacobian product (VJP) the caller supplies. Physics-aware training uses it
 * to run a layer's forward on the physical system while its backward is the digital model's VJP; fused
 * physics kernels use it to avoid recording every step of an integrator.
 *
 * <pre>{@code
 * Function cube = Function.of("cube",
 *         in -> in[0].pow(3),
 *         (in, out, g) -> new Tensor[] {g.mul(in[0].square()).mul(3)});
 * Tensor y = cube.apply(x);
 * }</pre>
 * The forward runs with recording off; the VJP receives the inputs, the output and the output's gradient,
 * and returns one gradient per input, shaped like it (null where an input needs none).
 */
public final class Function {
    /** The forward computation. */
    @FunctionalInterface
    public interface Forward {
        /** Computes the output from the inputs. */
        Tensor apply(Tensor[] inputs);
    }

    /** The vector-Jacobian product. */
    @FunctionalInterface
    public interface Vjp {
        /** Given dL/d(output), returns dL/d(input) for each input (null allowed). */
        Tensor[] apply(Tensor[] inputs, Tensor output, Tensor gradOutput);
    }

    private final String name;
    private final Forward forward;
    private final Vjp vjp;

    private Function(String name, Forward forward, Vjp vjp) {
        this.name = name;
        this.forward = forward;
        this.vjp = vjp;
    }

    /** A custom op named {@code name} (the name appears in error messages and in the graph). */
    public static Function of(String name, Forward forward, Vjp vjp) {
        return new Function(Objects.requireNonNull(name, "name"), Objects.requireNonNull(forward, "forward"),
                Objects.requireNonNull(vjp, "vjp"));
    }

    /** A custom op named "function". */
    public static Function of(Forward forward, Vjp vjp) {
        return of("function", forward, vjp);
    }

    /** This op's name. */
    public String name() {
        return name;
    }

    /**
     * Runs the forward and records the op so that backward calls the VJP.
     *
     * @throws IllegalStateException if the forward returns null or the VJP returns the wrong number of gradients
     */
    public Tensor apply(Tensor... inputs) {
        Tensor raw;
        try (Grad.Scope off = Grad.off()) {
            raw = forward.apply(inputs.clone());
        }
        if (raw == null) throw new IllegalStateException("forward of function '" + name + "' returned null");
        Tensor out = new Tensor(raw.data, raw.shape);
        Tensor[] in = inputs.clone();
        return Tensor.record(name, out, g -> {
            Tensor[] gi = vjp.apply(in, out, g);
            if (gi == null || gi.length != in.length)
                throw new IllegalStateException("VJP of function '" + name + "' returned "
                        + (gi == null ? "null" : gi.length + " gradients") + " for " + in.length + " inputs");
            return gi;
        }, in);
    }
}
