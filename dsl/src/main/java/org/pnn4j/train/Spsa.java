package org.pnn4j.train;

import java.util.List;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;

/** Simultaneous-perturbation stochastic approximation in situ; see {@link Method#spsa(double, double)}. */
final class Spsa implements Method {
    private final double a, c, alpha, gamma, stabilityA;

    Spsa(double a, double c, double alpha, double gamma, double stabilityA) {
        if (!(a > 0) || Double.isInfinite(a) || !(c > 0) || Double.isInfinite(c))
            throw new IllegalArgumentException("SPSA gains a and c must be positive and finite, got a = " + a + ", c = " + c);
        if (!(alpha >= 0) || !(gamma >= 0) || !(stabilityA >= 0))
            throw new IllegalArgumentException("SPSA exponents and stability constant must be >= 0, got alpha = " + alpha
                    + ", gamma = " + gamma + ", A = " + stabilityA + " (Spall's values: 0.602, 0.101, 0)");
        this.a = a;
        this.c = c;
        this.alpha = alpha;
        this.gamma = gamma;
        this.stabilityA = stabilityA;
    }

    @Override
    public StepResult step(Step model) {
        Step s = model.on(PhysicalLayer.withModes(model.model(), l -> PhysicalLayer.Mode.PHYSICAL));
        List<Parameter> ps = Steps.trainable(s.parameters());
        double ak = a / Math.pow(s.index() + 1 + stabilityA, alpha), ck = c / Math.pow(s.index() + 1, gamma);
        float[][] w0 = new float[ps.size()][], delta = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            w0[i] = ps.get(i).snapshot();
            delta[i] = new float[w0[i].length];
            for (int j = 0; j < delta[i].length; j++) delta[i][j] = s.rng().nextDouble() < 0.5 ? -1f : 1f;
        }
        perturb(ps, w0, delta, (float) ck);
        double plus = Steps.physicalLoss(s, null);
        perturb(ps, w0, delta, (float) -ck);
        double minus = Steps.physicalLoss(s, null);
        restore(ps, w0);
        double mean = (plus + minus) / 2;
        if (!Double.isFinite(plus) || !Double.isFinite(minus)) return new StepResult(mean, null, "perturbed loss is " + (Double.isFinite(plus) ? minus : plus));
        double coef = (plus - minus) / (2 * ck);
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            float sc = Steps.scale(p);
            float[] w = p.value().array();
            for (int j = 0; j < w.length; j++) w[j] -= (float) (ak * sc * coef * delta[i][j]);
            Steps.clamp(p);
        }
        return new StepResult(mean, null, null);
    }

    private static void perturb(List<Parameter> ps, float[][] w0, float[][] delta, float ck) {
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            float sc = Steps.scale(p);
            float[] w = p.value().array();
            for (int j = 0; j < w.length; j++) w[j] = w0[i][j] + ck * sc * delta[i][j];
            Steps.clamp(p);
        }
    }

    private static void restore(List<Parameter> ps, float[][] w0) {
        for (int i = 0; i < ps.size(); i++) System.arraycopy(w0[i], 0, ps.get(i).value().array(), 0, w0[i].length);
    }

    @Override
    public String describe() {
        return "spsa(" + a + ", " + c + ", " + alpha + ", " + gamma + ", " + stabilityA + ")";
    }
}
