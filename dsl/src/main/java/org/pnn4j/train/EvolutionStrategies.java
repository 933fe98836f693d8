package org.pnn4j.train;

import java.util.Arrays;
import java.util.List;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Tensor;

/** Antithetic evolution strategies with rank fitness shaping, in situ; see {@link Method#evolutionStrategies(double, int)}. */
final class EvolutionStrategies implements Method {
    private final double sigma;
    private final int population;

    EvolutionStrategies(double sigma, int population) {
        if (!(sigma > 0) || Double.isInfinite(sigma))
            throw new IllegalArgumentException("evolution-strategies perturbation size sigma must be positive and finite, got " + sigma
                    + " (a fraction of each parameter's range, e.g. 0.02)");
        if (population < 1)
            throw new IllegalArgumentException("evolution-strategies population must be >= 1 antithetic pair, got " + population);
        this.sigma = sigma;
        this.population = population;
    }

    /** Device forward passes one step costs: two per antithetic pair. */
    int callsPerStep() {
        return 2 * population;
    }

    @Override
    public StepResult step(Step model) {
        Step s = model.on(PhysicalLayer.withModes(model.model(), l -> PhysicalLayer.Mode.PHYSICAL));
        List<Parameter> ps = Steps.trainable(s.parameters());
        float[][] w0 = new float[ps.size()][];
        float[][][] eps = new float[population][ps.size()][];
        for (int i = 0; i < ps.size(); i++) w0[i] = ps.get(i).snapshot();
        for (int k = 0; k < population; k++)
            for (int i = 0; i < ps.size(); i++) {
                eps[k][i] = new float[w0[i].length];
                for (int j = 0; j < w0[i].length; j++) eps[k][i][j] = (float) s.rng().nextGaussian();
            }
        double[] losses = new double[2 * population]; // [2k] = L(θ + σ s ε_k), [2k+1] = L(θ − σ s ε_k)
        for (int k = 0; k < population; k++)
            for (int sign = 0; sign < 2; sign++) {
                perturb(ps, w0, eps[k], (float) (sign == 0 ? sigma : -sigma));
                losses[2 * k + sign] = Steps.physicalLoss(s, null);
            }
        restore(ps, w0);
        double mean = 0;
        for (double l : losses) mean += l / losses.length;
        for (double l : losses)
            if (!Double.isFinite(l)) return new StepResult(mean, null, "perturbed loss is " + l);
        double[] u = centredRanks(losses);
        // ĝ_j = 1/(2nσ s) Σ_k (u₊ − u₋) ε_kj: the shaped estimate of dL/dθ_j (Salimans et al. 2017), in θ's own units
        float[][] grads = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            grads[i] = new float[w0[i].length];
            double norm = 1.0 / (2 * population * sigma * Steps.scale(ps.get(i)));
            for (int k = 0; k < population; k++) {
                double d = (u[2 * k] - u[2 * k + 1]) * norm;
                for (int j = 0; j < grads[i].length; j++) grads[i][j] += (float) (d * eps[k][i][j]);
            }
        }
        Steps.stepWithEstimate(s, ps, grads);
        return new StepResult(mean, null, null);
    }

    /**
     * Centred ranks of {@code losses}: the smallest gets −0.5, the largest +0.5, evenly spaced between (ties by index).
     * Makes the update invariant to any monotone transform of the loss and robust to outliers in the device's readings.
     */
    static double[] centredRanks(double[] losses) {
        int n = losses.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(losses[a], losses[b]));
        double[] u = new double[n];
        for (int r = 0; r < n; r++) u[order[r]] = n == 1 ? 0 : (double) r / (n - 1) - 0.5;
        return u;
    }

    private static void perturb(List<Parameter> ps, float[][] w0, float[][] eps, float sig) {
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            float sc = Steps.scale(p);
            float[] w = p.value().array();
            for (int j = 0; j < w.length; j++) w[j] = w0[i][j] + sig * sc * eps[i][j];
            Steps.clamp(p);
        }
    }

    private static void restore(List<Parameter> ps, float[][] w0) {
        for (int i = 0; i < ps.size(); i++) System.arraycopy(w0[i], 0, ps.get(i).value().array(), 0, w0[i].length);
    }

    @Override
    public String describe() {
        return "evolutionStrategies(" + sigma + ", " + population + ")";
    }
}
