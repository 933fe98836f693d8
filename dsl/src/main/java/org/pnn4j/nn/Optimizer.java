package org.pnn4j.nn;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.pnn4j.tensor.kernels.Kernels;

/**
 * Updates parameters in place from their gradients. State (momentum, moment estimates) is kept per
 * parameter, so one optimizer may step any subset of parameters (layer-local learning does this).
 * Parameters that are not trainable or have no gradient are skipped.
 */
public abstract class Optimizer {
    private double learningRate;
    /** Per-parameter state arrays, created on first use. */
    protected final Map<Parameter, float[][]> state = new IdentityHashMap<>();
    /** Number of completed steps per parameter (Adam's bias correction). */
    protected final Map<Parameter, Integer> steps = new IdentityHashMap<>();

    /**
     * An optimizer with the given base learning rate.
     *
     * @throws IllegalArgumentException if the rate is not positive and finite
     */
    protected Optimizer(double learningRate) {
        setLearningRate(learningRate);
    }

    /** Plain stochastic gradient descent: p -= lr·g. */
    public static Optimizer sgd(double learningRate) {
        return new Sgd(learningRate, 0, false);
    }

    /** SGD with momentum μ (PyTorch's form: v = μv + g, p -= lr·v), optionally Nesterov. */
    public static Optimizer sgd(double learningRate, double momentum, boolean nesterov) {
        return new Sgd(learningRate, momentum, nesterov);
    }

    /** Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8. */
    public static Optimizer adam(double learningRate) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8);
    }

    /** Adam (Kingma and Ba 2015) with explicit coefficients. */
    public static Optimizer adam(double learningRate, double beta1, double beta2, double eps) {
        return new Adam(learningRate, beta1, beta2, eps);
    }

    /** Adadelta (Zeiler 2012) with ρ = 0.9, ε = 1e-6; lr 1.0 is the method as published. */
    public static Optimizer adadelta(double learningRate) {
        return new Adadelta(learningRate, 0.9, 1e-6);
    }

    /** Adadelta with explicit coefficients. */
    public static Optimizer adadelta(double learningRate, double rho, double eps) {
        return new Adadelta(learningRate, rho, eps);
    }

    /** Applies one update to each trainable parameter that has a gradient. */
    public final void step(List<Parameter> parameters) {
        for (Parameter p : parameters) {
            if (!p.trainable() || p.grad() == null) continue;
            int t = steps.merge(p, 1, Integer::sum);
            update(p, p.value().array(), p.grad().array(), t);
        }
    }

    /** Updates one parameter's values {@code w} from its gradient {@code g}; {@code t} counts from 1. */
    protected abstract void update(Parameter p, float[] w, float[] g, int t);

    /** Per-parameter state: {@code count} arrays of the parameter's size, zero on first use. */
    protected final float[][] stateOf(Parameter p, int count) {
        return state.computeIfAbsent(p, k -> new float[count][k.size()]);
    }

    /** The current learning rate. */
    public double learningRate() {
        return learningRate;
    }

    /**
     * Changes the learning rate (schedules call this each epoch).
     *
     * @throws IllegalArgumentException if the rate is not positive and finite
     */
    public void setLearningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr))
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
        this.learningRate = lr;
    }

    /**
     * Writes the per-parameter state (step counts and moment arrays) of {@code parameters}, in their order, for a
     * checkpoint. Format (big-endian, {@link java.io.DataOutput}): int count; per parameter: int steps, int arrays,
     * int length, then arrays×length floats. The learning rate is not written (schedules recompute it).
     *
     * @throws java.io.IOException if writing fails
     */
    public void saveState(List<Parameter> parameters, java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(parameters.size());
        for (Parameter p : parameters) {
            out.writeInt(steps.getOrDefault(p, 0));
            float[][] s = state.get(p);
            out.writeInt(s == null ? 0 : s.length);
            out.writeInt(p.size());
            if (s != null) for (float[] a : s) for (float v : a) out.writeFloat(v);
        }
    }

    /**
     * Restores state written by {@link #saveState} for the same parameters in the same order; state for other
     * parameters is kept.
     *
     * @throws java.io.IOException      if reading fails ({@link java.io.EOFException} when the state declares more values
     *                                  than it holds: nothing is allocated beyond what was read)
     * @throws IllegalArgumentException if the saved state is for a different number or size of parameters
     */
    public void loadState(List<Parameter> parameters, java.io.DataInput in) throws java.io.IOException {
        int n = in.readInt();
        if (n != parameters.size())
            throw new IllegalArgumentException("optimizer state was saved for " + n + " parameters, this model has "
                    + parameters.size() + "; restore it into the model it was saved from");
        for (Parameter p : parameters) {
            int t = in.readInt(), arrays = in.readInt(), len = in.readInt();
            if (len != p.size())
                throw new IllegalArgumentException("optimizer state for parameter '" + p.name() + "' has " + len
                        + " elements, the parameter has " + p.size());
            if (t > 0) steps.put(p, t); else steps.remove(p);
            if (arrays == 0) {
                state.remove(p);
                continue;
            }
            if (arrays < 0)
                throw new IllegalArgumentException("optimizer state for parameter '" + p.name() + "' declares " + arrays + " arrays");
            // one array at a time, each read before the next is allocated: a damaged count meets the end of the data
            // (EOFException) long before it could exhaust memory
            List<float[]> read = new java.util.ArrayList<>();
            for (int k = 0; k < arrays; k++) {
                float[] a = new float[len];
                for (int i = 0; i < len; i++) a[i] = in.readFloat();
                read.add(a);
            }
            state.put(p, read.toArray(new float[0][]));
        }
    }

    /** Forgets all per-parameter state. */
    public void reset() {
        state.clear();
        steps.clear();
    }

    /** How the optimizer reads as a factory call. */
    public abstract String describe();

    /**
     * The update rule's name ({@code sgd}, {@code adam}, {@code adadelta}): what a checkpoint's optimizer state belongs
     * to, checked when a run resumes.
     */
    public String kind() {
        String d = describe();
        int paren = d.indexOf('(');
        return paren < 0 ? d : d.substring(0, paren);
    }

    @Override
    public String toString() {
        return describe();
    }

    static final class Sgd extends Optimizer {
        private final float momentum;
        private final boolean nesterov;

        Sgd(double lr, double momentum, boolean nesterov) {
            super(lr);
            if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            this.momentum = (float) momentum;
            this.nesterov = nesterov;
        }

        @Override
        protected void update(Parameter p, float[] w, float[] g, int t) {
            float lr = (float) learningRate();
            if (momentum == 0) {
                for (int i = 0; i < w.length; i++) w[i] -= lr * g[i];
                return;
            }
            float[] v = stateOf(p, 1)[0];
            for (int i = 0; i < w.length; i++) {
                v[i] = t == 1 ? g[i] : momentum * v[i] + g[i];
                w[i] -= lr * (nesterov ? g[i] + momentum * v[i] : v[i]);
            }
        }

        @Override
        public String describe() {
            return momentum == 0 ? "sgd(" + learningRate() + ")" : "sgd(" + learningRate() + ", " + momentum + ", " + nesterov + ")";
        }
    }

    static final class Adam extends Optimizer {
        private final double b1, b2, eps;

        Adam(double lr, double b1, double b2, double eps) {
            super(lr);
            if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + b1 + ", " + b2);
            if (!(eps > 0)) throw new IllegalArgumentException("Adam eps must be positive, got " + eps);
            this.b1 = b1;
            this.b2 = b2;
            this.eps = eps;
        }

        @Override
        protected void update(Parameter p, float[] w, float[] g, int t) {
            float[][] s = stateOf(p, 2);
            float[] m = s[0], v = s[1];
            float fb1 = (float) b1, fb2 = (float) b2;
            double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
            float stepSize = (float) (learningRate() / c1), invSqrtC2 = (float) (1 / Math.sqrt(c2)), e = (float) eps;
            // element-wise, so blocks of a large parameter (a 1610×1610 coupling: four 10 MB arrays streamed)
            // run on the kernel threads with the same floats as one loop
            int blocks = w.length < PARALLEL_ABOVE ? 1 : (w.length + PARALLEL_ABOVE - 1) / PARALLEL_ABOVE;
            Kernels.forEachChunk(blocks, b -> {
                for (int i = b * PARALLEL_ABOVE, end = Math.min(w.length, i + PARALLEL_ABOVE); i < end; i++) {
                    m[i] = fb1 * m[i] + (1 - fb1) * g[i];
                    v[i] = fb2 * v[i] + (1 - fb2) * g[i] * g[i];
                    w[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) * invSqrtC2 + e);
                }
            });
        }

        /** Elements per block of a parallel update (a block below this size runs on the calling thread alone). */
        private static final int PARALLEL_ABOVE = 1 << 18;

        @Override
        public String describe() {
            return "adam(" + learningRate() + ")";
        }
    }

    static final class Adadelta extends Optimizer {
        private final float rho, eps;

        Adadelta(double lr, double rho, double eps) {
            super(lr);
            if (!(rho >= 0 && rho < 1)) throw new IllegalArgumentException("Adadelta rho must be in [0, 1), got " + rho);
            if (!(eps > 0)) throw new IllegalArgumentException("Adadelta eps must be positive, got " + eps);
            this.rho = (float) rho;
            this.eps = (float) eps;
        }

        @Override
        protected void update(Parameter p, float[] w, float[] g, int t) {
            float[][] s = stateOf(p, 2);
            float[] sq = s[0], acc = s[1];
            float lr = (float) learningRate();
            for (int i = 0; i < w.length; i++) {
                sq[i] = rho * sq[i] + (1 - rho) * g[i] * g[i];
                float delta = (float) Math.sqrt(acc[i] + eps) / (float) Math.sqrt(sq[i] + eps) * g[i];
                acc[i] = rho * acc[i] + (1 - rho) * delta * delta;
                w[i] -= lr * delta;
            }
        }

        @Override
        public String describe() {
            return "adadelta(" + learningRate() + ")";
        }
    }
}
