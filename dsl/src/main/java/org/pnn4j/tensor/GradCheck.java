package org.pnn4j.tensor;

import java.util.Arrays;

/**
 * Checks a differentiable computation's autograd gradient against central finite differences, in float32.
 * Use it for every custom {@link Function} and every new substrate model:
 *
 * <pre>{@code
 * GradCheck.Result r = GradCheck.check(in -> model.apply(in[0], in[1]), x, theta);
 * assertTrue(r.passed(), r.toString());
 * }</pre>
 *
 * The scalar checked is Σ f(inputs)·w with fixed random weights w, so one backward gives every gradient.
 * Inputs should stay away from kinks (relu at 0, |x| at 0, ties of max).
 */
public final class GradCheck {
    private GradCheck() {}

    /** A computation from inputs to one tensor. */
    @FunctionalInterface
    public interface Computation {
        /** Computes the output; must use Tensor ops (or Functions) so that autograd can record it. */
        Tensor apply(Tensor[] inputs);
    }

    /**
     * Outcome of a check.
     *
     * @param passed       whether every element was within tolerance
     * @param worstInput   index of the input with the worst element
     * @param worstIndex   flat index of that element
     * @param analytic     autograd's value there
     * @param numeric      the finite-difference value there
     * @param maxAbsError  the largest |analytic - numeric| over all elements
     * @param elements     how many elements were checked
     */
    public record Result(boolean passed, int worstInput, int worstIndex, double analytic, double numeric,
                         double maxAbsError, int elements) {
        @Override
        public String toString() {
            return (passed ? "gradient check passed" : "gradient check FAILED") + " over " + elements
                    + " elements; worst: input " + worstInput + " element " + worstIndex + " autograd=" + analytic
                    + " finite-difference=" + numeric + " (max abs error " + maxAbsError + ")";
        }
    }

    /** Check with step 1e-2·max(1,|x|) and tolerance |a-n| <= 1e-2·(|n| + scale), scale = max |gradient|. */
    public static Result check(Computation f, Tensor... inputs) {
        return check(f, 1e-2, 1e-2, inputs);
    }

    /**
     * Check with a relative step {@code eps} and relative tolerance {@code tol}: an element passes when
     * |analytic - numeric| <= tol·(|numeric| + 0.1·max|numeric| + 1e-4).
     */
    public static Result check(Computation f, double eps, double tol, Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) leaves[i] = Tensor.of(inputs[i].data, inputs[i].shape).requiresGrad(true);
        Tensor out = f.apply(leaves);
        Tensor w = Tensor.uniform(new Rng(1234), 0.5, 1.5, out.shape);
        Tensor loss = out.mul(w).sum();
        if (!loss.requiresGrad())
            throw new IllegalStateException("the computation does not depend on any input through recorded ops");
        loss.backward();

        int total = 0;
        for (Tensor t : inputs) total += t.size();
        double[] analytic = new double[total], numeric = new double[total];
        int[] owner = new int[total], local = new int[total];
        int k = 0;
        try (Grad.Scope off = Grad.off()) {
            for (int i = 0; i < inputs.length; i++) {
                float[] x = leaves[i].data;
                Tensor g = leaves[i].grad();
                for (int j = 0; j < x.length; j++, k++) {
                    float orig = x[j];
                    double h = eps * Math.max(1, Math.abs(orig));
                    x[j] = (float) (orig + h);
                    double hp = x[j] - orig;
                    double fp = weighted(f.apply(leaves), w);
                    x[j] = (float) (orig - h);
                    double hm = orig - x[j];
                    double fm = weighted(f.apply(leaves), w);
                    x[j] = orig;
                    numeric[k] = (fp - fm) / (hp + hm);
                    analytic[k] = g == null ? 0 : g.data[j];
                    owner[k] = i;
                    local[k] = j;
                }
            }
        }
        double scale = 0;
        for (double v : numeric) scale = Math.max(scale, Math.abs(v));
        boolean passed = true;
        int worst = 0;
        double worstExcess = Double.NEGATIVE_INFINITY, maxAbs = 0;
        for (int i = 0; i < total; i++) {
            double err = Math.abs(analytic[i] - numeric[i]);
            double allowed = tol * (Math.abs(numeric[i]) + 0.1 * scale + 1e-4);
            maxAbs = Math.max(maxAbs, err);
            if (!(err <= allowed)) passed = false;
            double excess = err - allowed;
            if (excess > worstExcess || Double.isNaN(err)) { worstExcess = Double.isNaN(err) ? Double.POSITIVE_INFINITY : excess; worst = i; }
        }
        return total == 0 ? new Result(true, -1, -1, 0, 0, 0, 0)
                : new Result(passed, owner[worst], local[worst], analytic[worst], numeric[worst], maxAbs, total);
    }

    private static double weighted(Tensor out, Tensor w) {
        if (!Arrays.equals(out.shape, w.shape))
            throw new IllegalStateException("the computation's output shape changed between calls");
        double s = 0;
        for (int i = 0; i < out.data.length; i++) s += (double) out.data[i] * w.data[i];
        return s;
    }
}
