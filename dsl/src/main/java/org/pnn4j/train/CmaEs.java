package org.pnn4j.train;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;

/**
 * Separable CMA-ES with mirrored sampling and pairwise selection, in situ; see {@link Method#cmaEs(double, int)}.
 *
 * <p>State (in double precision, saved by checkpoints): the mean m, the step size σ, the diagonal covariance c, the
 * evolution paths p_σ and p_c, the generation count, and the parameter values the method last wrote (to tell when
 * someone else moved the parameters, which restarts the search from them).
 */
final class CmaEs implements StatefulMethod {
    private static final int STATE_MAGIC = 0x434D4131; // "CMA1"
    private final double sigma0;
    private final int pairs;
    // the search state; null before the first step
    private double[] mean, diag, pathSigma, pathC;
    private double sigma;
    private long generation;
    private float[] written;

    CmaEs(double sigma0, int pairs) {
        if (!(sigma0 > 0) || Double.isInfinite(sigma0))
            throw new IllegalArgumentException("CMA-ES initial step size sigma must be positive and finite, got " + sigma0
                    + " (a fraction of each parameter's range, e.g. 0.02)");
        if (pairs < 1) throw new IllegalArgumentException("CMA-ES needs at least 1 mirrored pair per generation, got " + pairs);
        this.sigma0 = sigma0;
        this.pairs = pairs;
    }

    /** Device forward passes one step costs: two per mirrored pair. */
    int callsPerStep() {
        return 2 * pairs;
    }

    /** The current step size σ (a fraction of each parameter's range), or NaN before the first step. */
    double sigma() {
        return mean == null ? Double.NaN : sigma;
    }

    /** The current diagonal of the covariance, or null before the first step. */
    double[] covarianceDiagonal() {
        return diag == null ? null : diag.clone();
    }

    /** Recombination weights w_1 ≥ … ≥ w_μ (sum 1) for μ = ⌈p/2⌉ of the p pair winners (Hansen's log weights). */
    static double[] weights(int winners) {
        int mu = (winners + 1) / 2;
        double[] w = new double[mu];
        double sum = 0;
        for (int i = 0; i < mu; i++) sum += w[i] = Math.log(mu + 0.5) - Math.log(i + 1);
        for (int i = 0; i < mu; i++) w[i] /= sum;
        return w;
    }

    @Override
    public StepResult step(Step model) {
        Step s = model.on(PhysicalLayer.withModes(model.model(), l -> PhysicalLayer.Mode.PHYSICAL));
        List<Parameter> ps = Steps.trainable(s.parameters());
        float[] x0 = flatten(ps);
        int n = x0.length;
        if (n == 0)
            throw new IllegalArgumentException("CMA-ES found no trainable parameter in " + s.model().describe() + "; nothing to search");
        if (mean == null || mean.length != n || !Arrays.equals(written, x0)) restart(x0);
        double[] scale = scales(ps, n);
        double[] w = weights(pairs);
        int mu = w.length;
        double muEff = 0;
        for (double v : w) muEff += v * v;
        muEff = 1 / muEff;
        // Hansen's constants (tutorial 2016) with the covariance rates of sep-CMA (Ros & Hansen 2008) times (n + 2)/3
        double cSigma = (muEff + 2) / (n + muEff + 5);
        double dSigma = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + cSigma;
        double cc = (4 + muEff / n) / (n + 4 + 2 * muEff / n);
        double c1 = Math.min(1, 2 / ((n + 1.3) * (n + 1.3) + muEff) * (n + 2) / 3.0);
        double cMu = Math.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((n + 2.0) * (n + 2.0) + muEff) * (n + 2) / 3.0);
        cMu = Math.max(0, cMu);
        double chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        double[][] z = new double[pairs][n];
        for (int k = 0; k < pairs; k++) for (int j = 0; j < n; j++) z[k][j] = s.rng().nextGaussian();
        double[] plus = new double[pairs], minus = new double[pairs];
        for (int k = 0; k < pairs; k++) {
            plus[k] = evaluate(s, ps, z[k], 1, scale);
            minus[k] = evaluate(s, ps, z[k], -1, scale);
        }
        write(ps, toFloat(mean, ps));
        double loss = 0;
        for (int k = 0; k < pairs; k++) loss += (plus[k] + minus[k]) / (2 * pairs);
        for (int k = 0; k < pairs; k++)
            if (!Double.isFinite(plus[k]) || !Double.isFinite(minus[k]))
                return new StepResult(loss, null, "perturbed loss is " + (Double.isFinite(plus[k]) ? minus[k] : plus[k]));
        // pairwise selection (Brockhoff et al. 2010): only the better of each mirrored pair competes, so under random
        // selection the selected steps are still N(0, C) and the step-size control stays unbiased
        double[] f = new double[pairs];
        double[] sign = new double[pairs];
        for (int k = 0; k < pairs; k++) {
            sign[k] = plus[k] <= minus[k] ? 1 : -1;
            f[k] = Math.min(plus[k], minus[k]);
        }
        Integer[] order = new Integer[pairs];
        for (int k = 0; k < pairs; k++) order[k] = k;
        Arrays.sort(order, (a, b) -> Double.compare(f[a], f[b]));
        double[] zw = new double[n], yw = new double[n], rankMu = new double[n];
        for (int i = 0; i < mu; i++) {
            int k = order[i];
            for (int j = 0; j < n; j++) {
                double zj = sign[k] * z[k][j], yj = Math.sqrt(diag[j]) * zj;
                zw[j] += w[i] * zj;
                yw[j] += w[i] * yj;
                rankMu[j] += w[i] * yj * yj;
            }
        }
        for (int j = 0; j < n; j++) mean[j] += sigma * scale[j] * yw[j];
        double psNorm = 0, a = Math.sqrt(cSigma * (2 - cSigma) * muEff);
        for (int j = 0; j < n; j++) {
            pathSigma[j] = (1 - cSigma) * pathSigma[j] + a * zw[j];
            psNorm += pathSigma[j] * pathSigma[j];
        }
        psNorm = Math.sqrt(psNorm);
        generation++;
        boolean hSigma = psNorm / Math.sqrt(1 - Math.pow(1 - cSigma, 2.0 * generation)) < (1.4 + 2.0 / (n + 1)) * chiN;
        double b = hSigma ? Math.sqrt(cc * (2 - cc) * muEff) : 0;
        for (int j = 0; j < n; j++) {
            pathC[j] = (1 - cc) * pathC[j] + b * yw[j];
            double stall = hSigma ? 0 : cc * (2 - cc) * diag[j];
            diag[j] = (1 - c1 - cMu) * diag[j] + c1 * (pathC[j] * pathC[j] + stall) + cMu * rankMu[j];
        }
        sigma *= Math.exp(Math.min(1, cSigma / dSigma * (psNorm / chiN - 1)));
        clampMean(ps);
        write(ps, toFloat(mean, ps));
        return new StepResult(loss, null, null);
    }

    private void restart(float[] x0) {
        int n = x0.length;
        mean = new double[n];
        for (int j = 0; j < n; j++) mean[j] = x0[j];
        diag = new double[n];
        Arrays.fill(diag, 1);
        pathSigma = new double[n];
        pathC = new double[n];
        sigma = sigma0;
        generation = 0;
        written = x0.clone();
    }

    /** L(m ± σ·s⊙√c⊙z) on the batch, every physical layer on its device. */
    private double evaluate(Step s, List<Parameter> ps, double[] z, int sign, double[] scale) {
        double[] x = new double[mean.length];
        for (int j = 0; j < x.length; j++) x[j] = mean[j] + sign * sigma * scale[j] * Math.sqrt(diag[j]) * z[j];
        write(ps, toFloat(x, ps));
        return Steps.physicalLoss(s, null);
    }

    private void clampMean(List<Parameter> ps) {
        int j = 0;
        for (Parameter p : ps)
            for (int e = 0; e < p.size(); e++, j++)
                if (p.bounded()) mean[j] = Math.max(p.lo(), Math.min(p.hi(), mean[j]));
    }

    private static double[] scales(List<Parameter> ps, int n) {
        double[] sc = new double[n];
        int j = 0;
        for (Parameter p : ps) {
            float v = Steps.scale(p);
            for (int e = 0; e < p.size(); e++) sc[j++] = v;
        }
        return sc;
    }

    private static float[] flatten(List<Parameter> ps) {
        int n = 0;
        for (Parameter p : ps) n += p.size();
        float[] x = new float[n];
        int j = 0;
        for (Parameter p : ps) {
            float[] v = p.value().array();
            System.arraycopy(v, 0, x, j, v.length);
            j += v.length;
        }
        return x;
    }

    private static float[] toFloat(double[] x, List<Parameter> ps) {
        float[] f = new float[x.length];
        for (int j = 0; j < x.length; j++) f[j] = (float) x[j];
        return f;
    }

    /** Sets the parameters to {@code x} (clamped into their ranges) and remembers what was written. */
    private void write(List<Parameter> ps, float[] x) {
        int j = 0;
        for (Parameter p : ps) {
            float[] v = p.value().array();
            System.arraycopy(x, j, v, 0, v.length);
            Steps.clamp(p);
            j += v.length;
        }
        written = flatten(ps);
    }

    @Override
    public void saveState(DataOutput out) throws IOException {
        out.writeInt(STATE_MAGIC);
        out.writeBoolean(mean != null);
        if (mean == null) return;
        out.writeInt(mean.length);
        for (double[] a : new double[][] {mean, diag, pathSigma, pathC}) for (double v : a) out.writeDouble(v);
        out.writeDouble(sigma);
        out.writeLong(generation);
        for (float v : written) out.writeFloat(v);
    }

    @Override
    public void restoreState(DataInput in) throws IOException {
        int magic = in.readInt();
        if (magic != STATE_MAGIC)
            throw new IllegalArgumentException("the saved method state is not a CMA-ES state (tag " + Integer.toHexString(magic) + ")");
        if (!in.readBoolean()) {
            mean = diag = pathSigma = pathC = null;
            written = null;
            return;
        }
        int n = in.readInt();
        if (n < 0) throw new IllegalArgumentException("the saved CMA-ES state has a negative dimension " + n + "; the file is damaged");
        double[][] a = new double[4][n];
        for (double[] row : a) for (int j = 0; j < n; j++) row[j] = in.readDouble();
        double sig = in.readDouble();
        long gen = in.readLong();
        float[] wr = new float[n];
        for (int j = 0; j < n; j++) wr[j] = in.readFloat();
        mean = a[0];
        diag = a[1];
        pathSigma = a[2];
        pathC = a[3];
        sigma = sig;
        generation = gen;
        written = wr;
    }

    @Override
    public String describe() {
        return "cmaEs(" + sigma0 + ", " + pairs + ")";
    }
}
