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
 *
 * <p><b>Residuals.</b> When the backward needs values the forward computed (the input a physical device really
 * applied, an integrator's stages), the forward returns them beside the output and the backward receives them, as
 * JAX's {@code custom_vjp} does ({@code fwd} returns {@code (out, res)}, {@code bwd(res, g)}):
 * <pre>{@code
 * Function square = Function.of("square",
 *         in -> new Function.Saved<>(in[0].square(), in[0]),      // output, and what the backward needs
 *         (x, g) -> new Tensor[] {g.mul(x).mul(2)});
 * }</pre>
 * Each {@link #apply} call gets its own residuals, so nothing is shared between calls through captured variables.
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

    /**
     * What a forward with residuals returns.
     *
     * @param output    the op's output (not null)
     * @param residuals the values the backward needs, handed to it as they are (null allowed)
     * @param <R>       their type
     */
    public record Saved<R>(Tensor output, R residuals) {}

    /** A forward that also returns the values its backward needs. */
    @FunctionalInterface
    public interface ForwardWithResiduals<R> {
        /** Computes the output from the inputs, and the residuals for the backward. */
        Saved<R> apply(Tensor[] inputs);
    }

    /** The vector-Jacobian product from the forward's residuals. */
    @FunctionalInterface
    public interface Backward<R> {
        /** Given the residuals of the forward and dL/d(output), returns dL/d(input) for each input (null allowed). */
        Tensor[] apply(R residuals, Tensor gradOutput);
    }

    /** The backward as this class runs it: residuals, the inputs and the output as recorded, the output's gradient. */
    private interface Bwd<R> {
        Tensor[] apply(R residuals, Tensor[] inputs, Tensor output, Tensor gradOutput);
    }

    private final String name;
    private final ForwardWithResiduals<?> forward;
    private final Bwd<?> backward;

    private Function(String name, ForwardWithResiduals<?> forward, Bwd<?> backward) {
        this.name = name;
        this.forward = forward;
        this.backward = backward;
    }

    /** A custom op named {@code name} (the name appears in error messages and in the graph). */
    public static Function of(String name, Forward forward, Vjp vjp) {
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(vjp, "vjp");
        return new Function(Objects.requireNonNull(name, "name"), (ForwardWithResiduals<Void>) in -> new Saved<>(forward.apply(in), null),
                (Bwd<Void>) (res, in, out, g) -> vjp.apply(in, out, g));
    }

    /**
     * A custom op named {@code name} whose forward returns its output and the residuals the backward needs (see the
     * class description); the backward receives those residuals and the output's gradient.
     */
    public static <R> Function of(String name, ForwardWithResiduals<R> forward, Backward<R> backward) {
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(backward, "backward");
        return new Function(Objects.requireNonNull(name, "name"), forward, (Bwd<R>) (res, in, out, g) -> backward.apply(res, g));
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
        return run(forward, backward, inputs);
    }

    private <R> Tensor run(ForwardWithResiduals<R> fwd, Bwd<?> bwd, Tensor[] inputs) {
        @SuppressWarnings("unchecked") Bwd<R> back = (Bwd<R>) bwd; // of(...) pairs a forward and backward of one R
        Saved<R> saved;
        try (Grad.Scope off = Grad.off()) {
            saved = fwd.apply(inputs.clone());
        }
        Tensor raw = saved == null ? null : saved.output();
        if (raw == null) throw new IllegalStateException("forward of function '" + name + "' returned null");
        Tensor out = new Tensor(raw.data, raw.shape);
        Tensor[] in = inputs.clone();
        R residuals = saved.residuals();
        return Tensor.record(name, out, g -> {
            Tensor[] gi = back.apply(residuals, in, out, g);
            if (gi == null || gi.length != in.length)
                throw new IllegalStateException("VJP of function '" + name + "' returned "
                        + (gi == null ? "null" : gi.length + " gradients") + " for " + in.length + " inputs");
            return gi;
        }, in);
    }
}
