package org.pnn4j.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.pnn4j.tensor.kernels.Kernels;

/**
 * Dense float32 n-dimensional array, row-major, with reverse-mode automatic differentiation.
 *
 * <p>Tensors are immutable from the user's point of view: every op returns a new tensor. An op records
 * itself on the autograd graph when {@link Grad#enabled() recording is on} and one of its inputs
 * {@link #requiresGrad() requires a gradient}; {@link #backward()} then fills {@link #grad()} of every leaf
 * that requires one. Element-wise binary ops broadcast as NumPy does. {@link Function#of} adds an op whose
 * backward the caller supplies.
 *
 * <p>Shapes are given as {@code int...} dims; a scalar has rank 0 and shape {@code []}. Axes may be
 * negative (counted from the end).
 */
public final class Tensor {
    final float[] data;
    final int[] shape;
    private boolean requiresGrad;
    private Tensor grad;
    Node node;

    Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    // ---------------------------------------------------------------- factories

    /**
     * A tensor holding a copy of {@code values} in the given shape.
     *
     * @throws ShapeMismatchException if the shape's element count differs from {@code values.length}
     */
    public static Tensor of(float[] values, int... shape) {
        return wrap(values.clone(), shape);
    }

    /**
     * A tensor over {@code values} without copying: the caller gives up the array and must not change it
     * afterwards. For loaders and kernels that build a fresh array.
     *
     * @throws ShapeMismatchException if the shape's element count differs from {@code values.length}
     */
    public static Tensor wrap(float[] values, int... shape) {
        int[] s = checkShape(shape);
        if (Shapes.size(s) != values.length)
            throw new ShapeMismatchException("shape " + Arrays.toString(s) + " holds " + Shapes.size(s)
                    + " elements, but " + values.length + " values were given");
        return new Tensor(values, s);
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(double value) {
        return new Tensor(new float[] {(float) value}, new int[0]);
    }

    /** A rank-1 tensor of the given values. */
    public static Tensor vector(float... values) {
        return new Tensor(values.clone(), new int[] {values.length});
    }

    /**
     * A rank-2 tensor from rows of equal length.
     *
     * @throws ShapeMismatchException if the rows differ in length
     */
    public static Tensor matrix(float[][] rows) {
        int n = rows.length, m = n == 0 ? 0 : rows[0].length;
        float[] d = new float[n * m];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != m)
                throw new ShapeMismatchException("matrix row " + i + " has " + rows[i].length + " values, row 0 has " + m);
            System.arraycopy(rows[i], 0, d, i * m, m);
        }
        return new Tensor(d, new int[] {n, m});
    }

    /** All zeros. */
    public static Tensor zeros(int... shape) {
        int[] s = checkShape(shape);
        return new Tensor(new float[Shapes.size(s)], s);
    }

    /** All ones. */
    public static Tensor ones(int... shape) {
        return full(1, shape);
    }

    /** Every element equal to {@code value}. */
    public static Tensor full(double value, int... shape) {
        int[] s = checkShape(shape);
        float[] d = new float[Shapes.size(s)];
        Arrays.fill(d, (float) value);
        return new Tensor(d, s);
    }

    /** {@code n} evenly spaced values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, int n) {
        if (n < 1) throw new IllegalArgumentException("linspace needs n >= 1, got " + n);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (n == 1 ? start : start + (end - start) * i / (n - 1));
        return new Tensor(d, new int[] {n});
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = i;
        return new Tensor(d, new int[] {n});
    }

    /** Standard normal draws times {@code std}. */
    public static Tensor randn(Rng rng, double std, int... shape) {
        int[] s = checkShape(shape);
        float[] d = new float[Shapes.size(s)];
        for (int i = 0; i < d.length; i++) d[i] = (float) (std * rng.nextGaussian());
        return new Tensor(d, s);
    }

    /** Uniform draws in [lo, hi). */
    public static Tensor uniform(Rng rng, double lo, double hi, int... shape) {
        int[] s = checkShape(shape);
        float[] d = new float[Shapes.size(s)];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.uniform(lo, hi);
        return new Tensor(d, s);
    }

    /** The n×n identity matrix. */
    public static Tensor eye(int n) {
        float[] d = new float[n * n];
        for (int i = 0; i < n; i++) d[i * n + i] = 1;
        return new Tensor(d, new int[] {n, n});
    }

    private static int[] checkShape(int[] shape) {
        for (int d : shape)
            if (d < 0) throw new ShapeMismatchException("negative dimension in shape " + Arrays.toString(shape));
        return shape.clone();
    }

    // ---------------------------------------------------------------- accessors

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /**
     * Length of one axis (negative counts from the end).
     *
     * @throws IllegalArgumentException if the axis does not exist
     */
    public int dim(int axis) {
        return shape[Shapes.axis(axis, shape.length)];
    }

    /**
     * The single value of a one-element tensor.
     *
     * @throws IllegalStateException if the tensor has more than one element
     */
    public float item() {
        if (data.length != 1)
            throw new IllegalStateException("item() needs a one-element tensor, this one has shape " + Arrays.toString(shape));
        return data[0];
    }

    /**
     * The element at the given index (one coordinate per axis).
     *
     * @throws IndexOutOfBoundsException if the index is outside the shape
     */
    public float get(int... index) {
        return data[Shapes.offset(shape, index)];
    }

    /** A copy of the elements, row-major. */
    public float[] toArray() {
        return data.clone();
    }

    /**
     * The backing array, row-major, without copying. Treat it as read-only unless this tensor is yours
     * alone (a parameter updated by an optimizer, a buffer a kernel just made): other tensors and the
     * autograd graph may refer to it.
     */
    public float[] array() {
        return data;
    }

    /** Whether all elements are finite (no NaN, no infinity). */
    public boolean isFinite() {
        // the finite floats are exactly those in [-MAX_VALUE, MAX_VALUE] (NaN is in no range): on the Vector API
        return Kernels.allWithin(data, -Float.MAX_VALUE, Float.MAX_VALUE);
    }

    // ---------------------------------------------------------------- autograd

    /** Whether gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf (a tensor not produced by a recorded op) as wanting a gradient; returns this tensor.
     *
     * @throws IllegalStateException if called on a tensor produced by a recorded op
     */
    public Tensor requiresGrad(boolean wanted) {
        if (node != null)
            throw new IllegalStateException("requiresGrad can only be set on a leaf; this tensor was produced by '"
                    + node.op + "'. Use detach() to make a leaf.");
        this.requiresGrad = wanted;
        return this;
    }

    /** Whether this tensor was produced by a recorded op (false for leaves). */
    public boolean isLeaf() {
        return node == null;
    }

    /** The gradient accumulated by {@link #backward()}, or null when none has been computed. */
    public Tensor grad() {
        return grad;
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /** A leaf sharing this tensor's values, cut from the graph (no gradient flows back through it). */
    public Tensor detach() {
        return new Tensor(data, shape);
    }

    /**
     * Back-propagates from this scalar (e.g. a loss): every leaf reached that requires a gradient gets the
     * gradient of this value added to its {@link #grad()}.
     *
     * @throws IllegalStateException if this tensor has more than one element or is not on the graph
     */
    public void backward() {
        if (data.length != 1)
            throw new IllegalStateException("backward() without a seed needs a scalar, got shape "
                    + Arrays.toString(shape) + "; reduce it (sum(), mean()) or pass a seed gradient");
        backward(full(1, shape));
    }

    /**
     * Back-propagates {@code seed} (the gradient of some scalar w.r.t. this tensor).
     *
     * @throws ShapeMismatchException if the seed's shape differs from this tensor's
     * @throws IllegalStateException if this tensor does not require a gradient
     */
    public void backward(Tensor seed) {
        if (!Arrays.equals(seed.shape, shape))
            throw new ShapeMismatchException("backward seed has shape " + Arrays.toString(seed.shape)
                    + ", the tensor has shape " + Arrays.toString(shape));
        if (!requiresGrad)
            throw new IllegalStateException("backward() on a tensor that does not require a gradient: no input of the "
                    + "computation had requiresGrad(true), or it ran inside Grad.off()");
        List<Tensor> order = topologicalOrder(this);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(this, seed);
        try (Grad.Scope off = Grad.off()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) continue;
                if (t.node == null) {
                    t.grad = t.grad == null ? g.detach() : t.grad.add(g);
                    continue;
                }
                Tensor[] in = t.node.inputs;
                Tensor[] gin = t.node.backward.apply(g);
                for (int k = 0; k < in.length; k++) {
                    if (!in[k].requiresGrad || gin[k] == null) continue;
                    if (!Arrays.equals(gin[k].shape, in[k].shape))
                        throw new IllegalStateException("backward of '" + t.node.op + "' returned a gradient of shape "
                                + Arrays.toString(gin[k].shape) + " for input " + k + " of shape " + Arrays.toString(in[k].shape));
                    grads.merge(in[k], gin[k], Tensor::add);
                }
            }
        }
    }

    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<Integer> next = new ArrayDeque<>();
        stack.push(root);
        next.push(0);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int i = next.pop();
            Tensor[] in = t.node == null ? new Tensor[0] : t.node.inputs;
            while (i < in.length && (!in[i].requiresGrad || seen.containsKey(in[i]))) i++;
            if (i < in.length) {
                next.push(i + 1);
                seen.put(in[i], Boolean.TRUE);
                stack.push(in[i]);
                next.push(0);
            } else {
                order.add(stack.pop());
            }
        }
        return order;
    }

    /** Records {@code out} as produced by an op when gradients are wanted; returns {@code out}. */
    static Tensor record(String op, Tensor out, Node.Backward backward, Tensor... inputs) {
        if (!Grad.enabled()) return out;
        for (Tensor t : inputs) {
            if (t.requiresGrad) {
                out.requiresGrad = true;
                out.node = new Node(op, inputs, backward);
                return out;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- element-wise binary (broadcasting)

    /** Element-wise sum, broadcasting. */
    public Tensor add(Tensor o) {
        Tensor out = Elementwise.binary(this, o, Elementwise.ADD);
        return record("add", out, g -> new Tensor[] {g.sumTo(shape), g.sumTo(o.shape)}, this, o);
    }

    /** Element-wise difference, broadcasting. */
    public Tensor sub(Tensor o) {
        Tensor out = Elementwise.binary(this, o, Elementwise.SUB);
        return record("sub", out, g -> new Tensor[] {g.sumTo(shape), o.requiresGrad ? g.sumTo(o.shape).neg() : null}, this, o);
    }

    /** Element-wise product, broadcasting. */
    public Tensor mul(Tensor o) {
        Tensor out = Elementwise.binary(this, o, Elementwise.MUL);
        return record("mul", out, g -> new Tensor[] {
                requiresGrad ? g.mul(o).sumTo(shape) : null,
                o.requiresGrad ? g.mul(this).sumTo(o.shape) : null}, this, o);
    }

    /** Element-wise quotient, broadcasting. */
    public Tensor div(Tensor o) {
        Tensor out = Elementwise.binary(this, o, Elementwise.DIV);
        return record("div", out, g -> new Tensor[] {
                requiresGrad ? g.div(o).sumTo(shape) : null,
                o.requiresGrad ? g.mul(out).div(o).neg().sumTo(o.shape) : null}, this, o);
    }

    /** Element-wise maximum, broadcasting; the gradient goes to the larger input (to {@code this} on ties). */
    public Tensor maximum(Tensor o) {
        Tensor out = Elementwise.binary(this, o, Elementwise.MAX);
        return record("maximum", out, g -> {
            Tensor mask = Elementwise.binary(this, o, Elementwise.GE);
            return new Tensor[] {
                    requiresGrad ? g.mul(mask).sumTo(shape) : null,
                    o.requiresGrad ? g.mul(mask.neg().add(1)).sumTo(o.shape) : null};
        }, this, o);
    }

    /** Element-wise minimum, broadcasting; the gradient goes to the smaller input (to {@code this} on ties). */
    public Tensor minimum(Tensor o) {
        return neg().maximum(o.neg()).neg();
    }

    /** Adds a constant. */
    public Tensor add(double c) {
        float cf = (float) c;
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i] + cf;
        return record("add(c)", new Tensor(d, shape), g -> new Tensor[] {g}, this);
    }

    /** Subtracts a constant. */
    public Tensor sub(double c) {
        return add(-c);
    }

    /** Multiplies by a constant. */
    public Tensor mul(double c) {
        float cf = (float) c;
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i] * cf;
        return record("mul(c)", new Tensor(d, shape), g -> new Tensor[] {g.mul(c)}, this);
    }

    /** Divides by a constant. */
    public Tensor div(double c) {
        return mul(1.0 / c);
    }

    /** Element-wise {@code c - this}. */
    public Tensor rsub(double c) {
        return neg().add(c);
    }

    // ---------------------------------------------------------------- element-wise unary

    /** Negation. */
    public Tensor neg() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = -data[i];
        return record("neg", new Tensor(d, shape), g -> new Tensor[] {g.neg()}, this);
    }

    /** e^x. */
    public Tensor exp() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.exp(data[i]);
        Tensor out = new Tensor(d, shape);
        return record("exp", out, g -> new Tensor[] {g.mul(out)}, this);
    }

    /** Natural logarithm (NaN below 0, -inf at 0, as in IEEE arithmetic). */
    public Tensor log() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.log(data[i]);
        return record("log", new Tensor(d, shape), g -> new Tensor[] {g.div(this)}, this);
    }

    /** Square root. */
    public Tensor sqrt() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.sqrt(data[i]);
        Tensor out = new Tensor(d, shape);
        return record("sqrt", out, g -> new Tensor[] {g.div(out).mul(0.5)}, this);
    }

    /** x². */
    public Tensor square() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i] * data[i];
        return record("square", new Tensor(d, shape), g -> new Tensor[] {g.mul(this).mul(2)}, this);
    }

    /** x^p for a constant exponent. */
    public Tensor pow(double p) {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.pow(data[i], p);
        return record("pow", new Tensor(d, shape), g -> new Tensor[] {g.mul(this.pow(p - 1)).mul(p)}, this);
    }

    /** |x|; the gradient at 0 is 0. */
    public Tensor abs() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = Math.abs(data[i]);
        return record("abs", new Tensor(d, shape), g -> new Tensor[] {g.mul(sign())}, this);
    }

    /** Sign of each element: -1, 0 or 1 (no gradient). */
    public Tensor sign() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = Math.signum(data[i]);
        return new Tensor(d, shape);
    }

    /** sin x (x in radians). */
    public Tensor sin() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.sin(data[i]);
        return record("sin", new Tensor(d, shape), g -> new Tensor[] {g.mul(cos())}, this);
    }

    /** cos x (x in radians). */
    public Tensor cos() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) Math.cos(data[i]);
        return record("cos", new Tensor(d, shape), g -> new Tensor[] {g.mul(sin()).neg()}, this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        float[] d = new float[data.length];
        FastMath.tanh(data, d, d.length);
        Tensor out = new Tensor(d, shape);
        return record("tanh", out, g -> {
            float[] gd = g.data, r = new float[gd.length];
            for (int i = 0; i < r.length; i++) r[i] = gd[i] * (1 - d[i] * d[i]);
            return new Tensor[] {new Tensor(r, shape)};
        }, this);
    }

    /** Logistic sigmoid 1 / (1 + e^-x). */
    public Tensor sigmoid() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = sigmoid(data[i]);
        Tensor out = new Tensor(d, shape);
        return record("sigmoid", out, g -> {
            float[] gd = g.data, r = new float[gd.length];
            for (int i = 0; i < r.length; i++) r[i] = gd[i] * d[i] * (1 - d[i]);
            return new Tensor[] {new Tensor(r, shape)};
        }, this);
    }

    private static float sigmoid(float x) {
        return x >= 0 ? (float) (1 / (1 + Math.exp(-x))) : (float) (Math.exp(x) / (1 + Math.exp(x)));
    }

    /** max(x, 0); the gradient at 0 is 0. */
    public Tensor relu() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = Math.max(data[i], 0f);
        return record("relu", new Tensor(d, shape), g -> {
            float[] gd = g.data, r = new float[gd.length];
            for (int i = 0; i < r.length; i++) r[i] = data[i] > 0 ? gd[i] : 0f;
            return new Tensor[] {new Tensor(r, shape)};
        }, this);
    }

    /** SiLU (swish): x·sigmoid(x). */
    public Tensor silu() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = data[i] * sigmoid(data[i]);
        return record("silu", new Tensor(d, shape), g -> {
            float[] gd = g.data, r = new float[gd.length];
            for (int i = 0; i < r.length; i++) {
                float s = sigmoid(data[i]);
                r[i] = gd[i] * (s + data[i] * s * (1 - s));
            }
            return new Tensor[] {new Tensor(r, shape)};
        }, this);
    }

    /** GELU, exact form x·Φ(x) with Φ the standard normal CDF. */
    public Tensor gelu() {
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = (float) (data[i] * SpecialFunctions.normalCdf(data[i]));
        return record("gelu", new Tensor(d, shape), g -> {
            float[] gd = g.data, r = new float[gd.length];
            for (int i = 0; i < r.length; i++) {
                double x = data[i];
                r[i] = (float) (gd[i] * (SpecialFunctions.normalCdf(x) + x * SpecialFunctions.normalPdf(x)));
            }
            return new Tensor[] {new Tensor(r, shape)};
        }, this);
    }

    /** Limits every element to [lo, hi]; the gradient is passed only where the input is strictly inside. */
    public Tensor clamp(double lo, double hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("clamp needs lo <= hi, got [" + lo + ", " + hi + "]");
        // the floats inside [lo, hi]: (float) 2π rounds up past 2π
        float l0 = (float) lo, h0 = (float) hi;
        float l = l0 < lo ? Math.nextUp(l0) : l0, h = h0 > hi ? Math.nextDown(h0) : h0;
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) d[i] = Math.min(Math.max(data[i], l), h);
        return record("clamp", new Tensor(d, shape), g -> {
            float[] gd = g.data, r = new float[gd.length];
            for (int i = 0; i < r.length; i++) r[i] = data[i] > l && data[i] < h ? gd[i] : 0f;
            return new Tensor[] {new Tensor(r, shape)};
        }, this);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        double s = 0;
        for (float v : data) s += v;
        return record("sum", scalar(s), g -> new Tensor[] {full(g.data[0], shape)}, this);
    }

    /** Mean of all elements (a scalar). */
    public Tensor mean() {
        return sum().div(Math.max(1, data.length));
    }

    /** Sum along one axis, kept as length 1 when {@code keepDim}. */
    public Tensor sum(int axis, boolean keepDim) {
        int ax = Shapes.axis(axis, shape.length);
        int outer = Shapes.size(shape, 0, ax), n = shape[ax], inner = Shapes.size(shape, ax + 1, shape.length);
        float[] r = new float[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < n; j++) {
                int base = (o * n + j) * inner, rb = o * inner;
                for (int i = 0; i < inner; i++) r[rb + i] += data[base + i];
            }
        int[] kept = Shapes.keepDim(shape, ax);
        Tensor out = new Tensor(r, keepDim ? kept : Shapes.drop(shape, ax));
        return record("sum(axis)", out, g -> new Tensor[] {g.reshape(kept).broadcastTo(shape)}, this);
    }

    /** Mean along one axis, kept as length 1 when {@code keepDim}. */
    public Tensor mean(int axis, boolean keepDim) {
        return sum(axis, keepDim).div(dim(axis));
    }

    /** Maximum along one axis; the gradient goes to the first maximal element. */
    public Tensor max(int axis, boolean keepDim) {
        int ax = Shapes.axis(axis, shape.length);
        int outer = Shapes.size(shape, 0, ax), n = shape[ax], inner = Shapes.size(shape, ax + 1, shape.length);
        if (n == 0) throw new ShapeMismatchException("max over an empty axis " + axis + " of shape " + Arrays.toString(shape));
        float[] r = new float[outer * inner];
        int[] arg = new int[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++) {
                int best = 0;
                float bv = data[o * n * inner + i];
                for (int j = 1; j < n; j++) {
                    float v = data[(o * n + j) * inner + i];
                    if (v > bv || (Float.isNaN(v) && !Float.isNaN(bv))) { bv = v; best = j; }
                }
                r[o * inner + i] = bv;
                arg[o * inner + i] = best;
            }
        Tensor out = new Tensor(r, keepDim ? Shapes.keepDim(shape, ax) : Shapes.drop(shape, ax));
        return record("max(axis)", out, g -> {
            float[] gi = new float[data.length];
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                    gi[(o * n + arg[o * inner + i]) * inner + i] = g.data[o * inner + i];
            return new Tensor[] {new Tensor(gi, shape)};
        }, this);
    }

    /** Index of the largest element along the last axis of a rank-2 tensor, one per row. */
    public int[] argmaxRows() {
        if (shape.length != 2) throw new ShapeMismatchException("argmaxRows needs a rank-2 tensor, got " + Arrays.toString(shape));
        int n = shape[0], k = shape[1];
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) if (data[i * k + j] > data[i * k + best]) best = j;
            r[i] = best;
        }
        return r;
    }

    /** log Σ exp along an axis, computed stably. */
    public Tensor logSumExp(int axis, boolean keepDim) {
        Tensor m = detach().max(axis, true);
        Tensor lse = sub(m).exp().sum(axis, true).log().add(m);
        return keepDim ? lse : lse.reshape(Shapes.drop(shape, Shapes.axis(axis, shape.length)));
    }

    /** Softmax along an axis. */
    public Tensor softmax(int axis) {
        int ax = Shapes.axis(axis, shape.length);
        Tensor out;
        try (Grad.Scope off = Grad.off()) {
            Tensor e = sub(max(ax, true)).exp();
            out = e.div(e.sum(ax, true));
        }
        Tensor y = new Tensor(out.data, shape);
        return record("softmax", y, g -> new Tensor[] {y.mul(g.sub(g.mul(y).sum(ax, true)))}, this);
    }

    /** log(softmax(x)) along an axis, computed stably. */
    public Tensor logSoftmax(int axis) {
        int ax = Shapes.axis(axis, shape.length);
        Tensor out;
        try (Grad.Scope off = Grad.off()) {
            out = sub(logSumExp(ax, true));
        }
        Tensor y = new Tensor(out.data, shape);
        return record("logSoftmax", y, g -> new Tensor[] {g.sub(y.exp().mul(g.sum(ax, true)))}, this);
    }

    // ---------------------------------------------------------------- shape ops

    /**
     * The same elements in another shape; one dimension may be -1 (inferred).
     *
     * @throws ShapeMismatchException if the element counts differ
     */
    public Tensor reshape(int... newShape) {
        int[] s = Shapes.inferReshape(shape, newShape);
        if (Arrays.equals(s, shape)) return this;
        return record("reshape", new Tensor(data, s), g -> new Tensor[] {g.reshape(shape)}, this);
    }

    /** Flattens all axes after the first: [n, a, b, ...] becomes [n, a·b·...]. */
    public Tensor flatten() {
        if (shape.length == 0) return reshape(1);
        return reshape(shape[0], -1);
    }

    /** Transpose of the last two axes. */
    public Tensor transpose() {
        if (shape.length < 2) throw new ShapeMismatchException("transpose needs rank >= 2, got " + Arrays.toString(shape));
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        perm[perm.length - 2] = perm.length - 1;
        perm[perm.length - 1] = perm.length - 2;
        return permute(perm);
    }

    /** Reorders axes: output axis i is input axis {@code axes[i]}. */
    public Tensor permute(int... axes) {
        int r = shape.length;
        if (axes.length != r) throw new ShapeMismatchException("permute of rank " + r + " needs " + r + " axes, got " + Arrays.toString(axes));
        int[] inv = new int[r];
        boolean[] used = new boolean[r];
        int[] outShape = new int[r];
        for (int i = 0; i < r; i++) {
            int a = Shapes.axis(axes[i], r);
            if (used[a]) throw new ShapeMismatchException("permute axes repeat axis " + a + ": " + Arrays.toString(axes));
            used[a] = true;
            outShape[i] = shape[a];
            inv[a] = i;
        }
        int[] inStrides = Shapes.strides(shape);
        int[] srcStride = new int[r];
        for (int i = 0; i < r; i++) srcStride[i] = inStrides[Shapes.axis(axes[i], r)];
        float[] d = new float[data.length];
        Shapes.gather(data, d, outShape, srcStride);
        return record("permute", new Tensor(d, outShape), g -> new Tensor[] {g.permute(inv)}, this);
    }

    /** Elements {@code from} (inclusive) to {@code to} (exclusive) along an axis. */
    public Tensor slice(int axis, int from, int to) {
        int ax = Shapes.axis(axis, shape.length);
        if (from < 0 || to > shape[ax] || from > to)
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of axis " + ax + " with length " + shape[ax]);
        int outer = Shapes.size(shape, 0, ax), n = shape[ax], inner = Shapes.size(shape, ax + 1, shape.length), m = to - from;
        float[] d = new float[outer * m * inner];
        for (int o = 0; o < outer; o++)
            System.arraycopy(data, (o * n + from) * inner, d, o * m * inner, m * inner);
        int[] s = shape.clone();
        s[ax] = m;
        return record("slice", new Tensor(d, s), g -> {
            float[] gi = new float[data.length];
            for (int o = 0; o < outer; o++)
                System.arraycopy(g.data, o * m * inner, gi, (o * n + from) * inner, m * inner);
            return new Tensor[] {new Tensor(gi, shape)};
        }, this);
    }

    /**
     * Joins tensors along an existing axis; all other dims must agree.
     *
     * @throws ShapeMismatchException naming the first tensor whose shape does not fit
     */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat needs at least one tensor");
        int[] s0 = parts[0].shape;
        int ax = Shapes.axis(axis, s0.length);
        int total = 0;
        for (int p = 0; p < parts.length; p++) {
            int[] s = parts[p].shape;
            boolean ok = s.length == s0.length;
            for (int i = 0; ok && i < s.length; i++) ok = i == ax || s[i] == s0[i];
            if (!ok) throw new ShapeMismatchException("concat along axis " + ax + ": tensor " + p + " has shape "
                    + Arrays.toString(s) + ", tensor 0 has " + Arrays.toString(s0));
            total += s[ax];
        }
        int outer = Shapes.size(s0, 0, ax), inner = Shapes.size(s0, ax + 1, s0.length);
        float[] d = new float[outer * total * inner];
        int[] offsets = new int[parts.length];
        int off = 0;
        for (int p = 0; p < parts.length; p++) {
            offsets[p] = off;
            int m = parts[p].shape[ax];
            for (int o = 0; o < outer; o++)
                System.arraycopy(parts[p].data, o * m * inner, d, (o * total + off) * inner, m * inner);
            off += m;
        }
        int[] s = s0.clone();
        s[ax] = total;
        return record("concat", new Tensor(d, s), g -> {
            Tensor[] gs = new Tensor[parts.length];
            for (int p = 0; p < parts.length; p++)
                if (parts[p].requiresGrad) gs[p] = g.slice(ax, offsets[p], offsets[p] + parts[p].shape[ax]);
            return gs;
        }, parts.clone());
    }

    /**
     * Stacks tensors of one shape along a new axis.
     *
     * @throws ShapeMismatchException if the shapes differ
     */
    public static Tensor stack(int axis, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("stack needs at least one tensor");
        int[] s0 = parts[0].shape;
        int ax = axis < 0 ? axis + s0.length + 1 : axis;
        if (ax < 0 || ax > s0.length) throw new IllegalArgumentException("stack axis " + axis + " out of range for rank " + s0.length);
        Tensor[] un = new Tensor[parts.length];
        for (int p = 0; p < parts.length; p++) {
            if (!Arrays.equals(parts[p].shape, s0))
                throw new ShapeMismatchException("stack: tensor " + p + " has shape " + Arrays.toString(parts[p].shape)
                        + ", tensor 0 has " + Arrays.toString(s0));
            un[p] = parts[p].reshape(Shapes.insert(s0, ax, 1));
        }
        return concat(ax, un);
    }

    /**
     * Broadcasts to a larger shape (NumPy rules); the gradient is summed back.
     *
     * @throws ShapeMismatchException if this shape does not broadcast to {@code target}
     */
    public Tensor broadcastTo(int... target) {
        if (Arrays.equals(target, shape)) return this;
        int[] t = target.clone();
        if (!Arrays.equals(Shapes.broadcast(shape, t, "broadcastTo"), t))
            throw new ShapeMismatchException("cannot broadcast shape " + Arrays.toString(shape) + " to " + Arrays.toString(t));
        float[] d = new float[Shapes.size(t)];
        Shapes.gather(data, d, t, Shapes.broadcastStrides(shape, t));
        return record("broadcastTo", new Tensor(d, t), g -> new Tensor[] {g.sumTo(shape)}, this);
    }

    /** Sums this tensor down to {@code target}, undoing a broadcast (used by gradients of broadcasting ops). */
    public Tensor sumTo(int... target) {
        if (Arrays.equals(target, shape)) return this;
        int[] t = target.clone();
        float[] d = new float[Shapes.size(t)];
        int lead = shape.length - t.length;
        if (lead < 0) throw new ShapeMismatchException("cannot sum shape " + Arrays.toString(shape) + " down to " + Arrays.toString(t));
        boolean trailing = true;
        for (int i = 0; i < t.length; i++) trailing &= t[i] == shape[lead + i];
        if (trailing) {
            int m = d.length;
            for (int base = 0; base < data.length; base += m)
                for (int j = 0; j < m; j++) d[j] += data[base + j];
        } else {
            Shapes.scatterAdd(data, shape, d, Shapes.broadcastStrides(t, shape));
        }
        Tensor out = new Tensor(d, t);
        return record("sumTo", out, g -> new Tensor[] {g.broadcastTo(shape)}, this);
    }

    /** Rows {@code index[i]} of the first axis, in that order (repeats allowed); gradients are scatter-added. */
    public Tensor rows(int[] index) {
        if (shape.length == 0) throw new ShapeMismatchException("rows() needs rank >= 1");
        int n = shape[0], inner = data.length / Math.max(1, n);
        float[] d = new float[index.length * inner];
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= n)
                throw new IndexOutOfBoundsException("row index " + index[i] + " at position " + i + " outside [0, " + n + ")");
            System.arraycopy(data, index[i] * inner, d, i * inner, inner);
        }
        int[] s = shape.clone();
        s[0] = index.length;
        int[] idx = index.clone();
        return record("rows", new Tensor(d, s), g -> {
            float[] gi = new float[data.length];
            for (int i = 0; i < idx.length; i++)
                for (int j = 0; j < inner; j++) gi[idx[i] * inner + j] += g.data[i * inner + j];
            return new Tensor[] {new Tensor(gi, shape)};
        }, this);
    }

    /**
     * From a rank-2 tensor [n, k], the element {@code column[i]} of each row i, as a vector [n].
     *
     * @throws IndexOutOfBoundsException naming the row whose column is outside [0, k)
     */
    public Tensor pick(int[] column) {
        if (shape.length != 2 || shape[0] != column.length)
            throw new ShapeMismatchException("pick needs a [n, k] tensor with n = " + column.length + " indices, got shape " + Arrays.toString(shape));
        int n = shape[0], k = shape[1];
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            if (column[i] < 0 || column[i] >= k)
                throw new IndexOutOfBoundsException("index " + column[i] + " in row " + i + " outside [0, " + k + ")");
            d[i] = data[i * k + column[i]];
        }
        int[] col = column.clone();
        return record("pick", new Tensor(d, new int[] {n}), g -> {
            float[] gi = new float[data.length];
            for (int i = 0; i < n; i++) gi[i * k + col[i]] = g.data[i];
            return new Tensor[] {new Tensor(gi, shape)};
        }, this);
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product over the last two axes, [..., m, k] @ [..., k, n] = [..., m, n], with the leading
     * (batch) axes broadcast. Runs on BLAS sgemm.
     *
     * @throws ShapeMismatchException if an operand has rank below 2 or the inner dims differ
     */
    public Tensor matmul(Tensor o) {
        return LinearAlgebra.matmul(this, o);
    }

    // ---------------------------------------------------------------- misc

    /** Whether shapes and all elements are equal within {@code tol} (absolute). */
    public boolean allClose(Tensor o, double tol) {
        if (!Arrays.equals(shape, o.shape)) return false;
        for (int i = 0; i < data.length; i++)
            if (!(Math.abs(data[i] - o.data[i]) <= tol)) return false;
        return true;
    }

    /** Shape and, for small tensors, the values; large tensors show a summary. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Arrays.toString(shape));
        if (data.length <= 16) {
            sb.append(' ').append(Arrays.toString(data));
        } else {
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            double sum = 0;
            for (float v : data) { min = Math.min(min, v); max = Math.max(max, v); sum += v; }
            sb.append(String.format(" min=%.4g max=%.4g mean=%.4g", min, max, sum / data.length));
        }
        if (requiresGrad) sb.append(node == null ? " (requires grad)" : " (grad_fn=" + node.op + ")");
        return sb.toString();
    }
}
