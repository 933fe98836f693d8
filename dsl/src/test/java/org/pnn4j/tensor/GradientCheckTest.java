package org.pnn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every differentiable op's autograd gradient agrees with central finite differences. */
class GradientCheckTest {
    private static final Rng RNG = new Rng(7);

    private static Tensor rand(int... shape) {
        return Tensor.uniform(RNG, -1, 1, shape);
    }

    /** Values away from 0 so that kinks (relu, abs) and log/sqrt domains are avoided. */
    private static Tensor positive(int... shape) {
        return Tensor.uniform(RNG, 0.5, 2, shape);
    }

    private static Tensor awayFromZero(int... shape) {
        Tensor t = rand(shape);
        float[] d = t.array();
        for (int i = 0; i < d.length; i++) d[i] = d[i] >= 0 ? d[i] + 0.2f : d[i] - 0.2f;
        return t;
    }

    private static Arguments op(String name, GradCheck.Computation f, Supplier<Tensor[]> inputs) {
        return Arguments.of(name, f, inputs);
    }

    static Stream<Arguments> ops() {
        return Stream.of(
                op("add same shape", in -> in[0].add(in[1]), () -> new Tensor[] {rand(3, 4), rand(3, 4)}),
                op("add row broadcast", in -> in[0].add(in[1]), () -> new Tensor[] {rand(3, 4), rand(4)}),
                op("add left broadcast", in -> in[0].add(in[1]), () -> new Tensor[] {rand(4), rand(2, 3, 4)}),
                op("add column broadcast", in -> in[0].add(in[1]), () -> new Tensor[] {rand(3, 4), rand(3, 1)}),
                op("add scalar tensor", in -> in[0].add(in[1]), () -> new Tensor[] {rand(3, 4), rand()}),
                op("sub broadcast", in -> in[0].sub(in[1]), () -> new Tensor[] {rand(2, 1, 4), rand(3, 1)}),
                op("mul broadcast", in -> in[0].mul(in[1]), () -> new Tensor[] {rand(2, 3, 4), rand(3, 4)}),
                op("div", in -> in[0].div(in[1]), () -> new Tensor[] {rand(3, 4), positive(3, 4)}),
                op("div broadcast", in -> in[0].div(in[1]), () -> new Tensor[] {rand(3, 4), positive(3, 1)}),
                op("maximum", in -> in[0].maximum(in[1]), () -> new Tensor[] {rand(3, 4), rand(3, 4).add(0.05)}),
                op("minimum", in -> in[0].minimum(in[1]), () -> new Tensor[] {rand(3, 4), rand(3, 4).add(0.05)}),
                op("add constant", in -> in[0].add(2.5), () -> new Tensor[] {rand(5)}),
                op("mul constant", in -> in[0].mul(-1.5), () -> new Tensor[] {rand(5)}),
                op("rsub", in -> in[0].rsub(1), () -> new Tensor[] {rand(5)}),
                op("neg", in -> in[0].neg(), () -> new Tensor[] {rand(5)}),
                op("exp", in -> in[0].exp(), () -> new Tensor[] {rand(3, 4)}),
                op("log", in -> in[0].log(), () -> new Tensor[] {positive(3, 4)}),
                op("sqrt", in -> in[0].sqrt(), () -> new Tensor[] {positive(3, 4)}),
                op("square", in -> in[0].square(), () -> new Tensor[] {rand(3, 4)}),
                op("pow 2.5", in -> in[0].pow(2.5), () -> new Tensor[] {positive(3, 4)}),
                op("abs", in -> in[0].abs(), () -> new Tensor[] {awayFromZero(3, 4)}),
                op("sin", in -> in[0].sin(), () -> new Tensor[] {rand(3, 4).mul(3)}),
                op("cos", in -> in[0].cos(), () -> new Tensor[] {rand(3, 4).mul(3)}),
                op("tanh", in -> in[0].tanh(), () -> new Tensor[] {rand(3, 4).mul(2)}),
                op("sigmoid", in -> in[0].sigmoid(), () -> new Tensor[] {rand(3, 4).mul(3)}),
                op("relu", in -> in[0].relu(), () -> new Tensor[] {awayFromZero(3, 4)}),
                op("silu", in -> in[0].silu(), () -> new Tensor[] {rand(3, 4).mul(3)}),
                op("gelu", in -> in[0].gelu(), () -> new Tensor[] {rand(3, 4).mul(3)}),
                op("clamp", in -> in[0].clamp(-0.5, 0.5), () -> new Tensor[] {Tensor.vector(-0.9f, -0.3f, 0.1f, 0.45f, 0.8f)}),
                op("sum", in -> in[0].sum(), () -> new Tensor[] {rand(3, 4)}),
                op("mean", in -> in[0].mean(), () -> new Tensor[] {rand(3, 4)}),
                op("sum axis 0", in -> in[0].sum(0, false), () -> new Tensor[] {rand(3, 4, 2)}),
                op("sum axis -1 keep", in -> in[0].sum(-1, true), () -> new Tensor[] {rand(3, 4, 2)}),
                op("mean axis 1", in -> in[0].mean(1, false), () -> new Tensor[] {rand(3, 4, 2)}),
                op("max axis 1", in -> in[0].max(1, false), () -> new Tensor[] {Tensor.arange(12).reshape(3, 4).mul(0.37).sin()}),
                op("logSumExp", in -> in[0].logSumExp(1, false), () -> new Tensor[] {rand(3, 5).mul(3)}),
                op("softmax", in -> in[0].softmax(-1), () -> new Tensor[] {rand(3, 5).mul(2)}),
                op("softmax axis 0", in -> in[0].softmax(0), () -> new Tensor[] {rand(3, 5).mul(2)}),
                op("logSoftmax", in -> in[0].logSoftmax(1), () -> new Tensor[] {rand(3, 5).mul(2)}),
                op("reshape", in -> in[0].reshape(4, -1).mul(in[0].reshape(4, 3)), () -> new Tensor[] {rand(2, 6)}),
                op("flatten", in -> in[0].flatten().square(), () -> new Tensor[] {rand(2, 3, 2)}),
                op("transpose", in -> in[0].transpose().mul(in[1]), () -> new Tensor[] {rand(3, 4), rand(4, 3)}),
                op("permute", in -> in[0].permute(2, 0, 1).square(), () -> new Tensor[] {rand(2, 3, 4)}),
                op("slice", in -> in[0].slice(1, 1, 3).square(), () -> new Tensor[] {rand(3, 4)}),
                op("concat", in -> Tensor.concat(1, in[0], in[1]).square(), () -> new Tensor[] {rand(2, 3), rand(2, 2)}),
                op("stack", in -> Tensor.stack(0, in[0], in[1]).square(), () -> new Tensor[] {rand(2, 3), rand(2, 3)}),
                op("broadcastTo", in -> in[0].broadcastTo(2, 3, 4).square(), () -> new Tensor[] {rand(3, 1)}),
                op("sumTo", in -> in[0].sumTo(3, 1).square(), () -> new Tensor[] {rand(2, 3, 4)}),
                op("rows with repeats", in -> in[0].rows(new int[] {2, 0, 2}).square(), () -> new Tensor[] {rand(3, 4)}),
                op("pick", in -> in[0].pick(new int[] {1, 0, 3}).square(), () -> new Tensor[] {rand(3, 4)}),
                op("matmul 2d", in -> in[0].matmul(in[1]), () -> new Tensor[] {rand(3, 4), rand(4, 5)}),
                op("matmul batched x matrix", in -> in[0].matmul(in[1]), () -> new Tensor[] {rand(2, 3, 4), rand(4, 5)}),
                op("matmul batched", in -> in[0].matmul(in[1]), () -> new Tensor[] {rand(2, 3, 4), rand(2, 4, 5)}),
                op("matmul batch broadcast", in -> in[0].matmul(in[1]), () -> new Tensor[] {rand(3, 4), rand(2, 4, 5)}),
                op("complex mul abs2", in -> ComplexTensor.of(in[0], in[1]).mul(ComplexTensor.expi(in[2])).abs2(),
                        () -> new Tensor[] {rand(2, 4), rand(2, 4), rand(2, 4)}),
                op("complex matmul", in -> ComplexTensor.of(in[0], in[1]).matmul(ComplexTensor.of(in[2], in[3])).re(),
                        () -> new Tensor[] {rand(2, 3), rand(2, 3), rand(3, 2), rand(3, 2)}),
                op("fft intensity", in -> ComplexTensor.polar(in[0], in[1]).fft().abs2(),
                        () -> new Tensor[] {positive(2, 8), rand(2, 8)}),
                op("ifft imaginary part", in -> ComplexTensor.of(in[0], in[1]).ifft().im(),
                        () -> new Tensor[] {rand(3, 6), rand(3, 6)}),
                op("fft then ifft", in -> ComplexTensor.of(in[0], in[1]).fft().mul(ComplexTensor.expi(in[0])).ifft().abs2(),
                        () -> new Tensor[] {rand(5), rand(5)}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ops")
    void autogradGradientMatchesFiniteDifferences(String name, GradCheck.Computation f, Supplier<Tensor[]> inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs.get());
        assertTrue(r.passed(), name + ": " + r);
    }

    @Test
    void gradCheckDetectsAWrongVjp() {
        Function wrong = Function.of("wrongCube", in -> in[0].pow(3), (in, out, g) -> new Tensor[] {g.mul(in[0].square())});
        GradCheck.Result r = GradCheck.check(in -> wrong.apply(in[0]), rand(4));
        assertTrue(!r.passed(), "a VJP off by a factor 3 must fail: " + r);
    }

    @Test
    void customFunctionVjpIsUsed() {
        Function cube = Function.of("cube", in -> in[0].pow(3), (in, out, g) -> new Tensor[] {g.mul(in[0].square()).mul(3)});
        GradCheck.Result r = GradCheck.check(in -> cube.apply(in[0]).mul(in[1]), rand(4), rand(4));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void aForwardsResidualsReachItsBackward() {
        // the residual is x² (computed once by the forward); the backward uses it instead of recomputing
        Function cube = Function.of("cube", in -> {
            Tensor sq = in[0].square();
            return new Function.Saved<>(sq.mul(in[0]), sq);
        }, (Tensor sq, Tensor g) -> new Tensor[] {g.mul(sq).mul(3)});
        GradCheck.Result r = GradCheck.check(in -> cube.apply(in[0]).mul(in[1]), rand(4), rand(4));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void everyCallKeepsItsOwnResiduals() {
        // two calls before either backward: each backward must see its own call's residual, not the last one's
        Function scaleBySeen = Function.of("timesFirstElement",
                in -> new Function.Saved<>(in[0].mul(in[0].array()[0]), in[0].array()[0]),
                (Float first, Tensor g) -> new Tensor[] {g.mul(first)});
        Tensor a = Tensor.wrap(new float[] {2f, 1f}, 2).requiresGrad(true), b = Tensor.wrap(new float[] {5f, 1f}, 2).requiresGrad(true);
        Tensor ya = scaleBySeen.apply(a), yb = scaleBySeen.apply(b);
        ya.add(yb).sum().backward();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {2f, 2f}, a.grad().toArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {5f, 5f}, b.grad().toArray());
    }

    @Test
    void aForwardReturningNoOutputIsNamed() {
        Function broken = Function.of("broken", in -> new Function.Saved<>(null, 1), (Integer r, Tensor g) -> new Tensor[] {g});
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> broken.apply(rand(2)));
        assertTrue(e.getMessage().contains("'broken'"), e.getMessage());
    }
}
