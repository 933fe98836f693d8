package org.pnn4j.train;

import java.util.List;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Tensor;

/** Central finite differences in situ; see {@link Method#finiteDifferences(double)}. */
final class FiniteDifferences implements Method {
    private final double h;

    FiniteDifferences(double h) {
        if (!(h > 0) || Double.isInfinite(h)) throw new IllegalArgumentException("finite-difference step h must be positive and finite, got " + h);
        this.h = h;
    }

    @Override
    public StepResult step(Step model) {
        Step s = model.on(PhysicalLayer.withModes(model.model(), l -> PhysicalLayer.Mode.PHYSICAL));
        List<Parameter> ps = Steps.trainable(s.parameters());
        Tensor[] out = new Tensor[1];
        double value = Steps.physicalLoss(s, out);
        if (!Double.isFinite(value)) return new StepResult(value, out[0], "loss is " + value);
        float[][] grads = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            Parameter p = ps.get(i);
            float[] w = p.value().array();
            grads[i] = new float[w.length];
            float step = (float) h * Steps.scale(p);
            for (int j = 0; j < w.length; j++) {
                float w0 = w[j];
                w[j] = clampTo(p, w0 + step);
                float up = w[j];
                double plus = Steps.physicalLoss(s, null);
                w[j] = clampTo(p, w0 - step);
                float down = w[j];
                double minus = Steps.physicalLoss(s, null);
                w[j] = w0;
                grads[i][j] = up == down ? 0f : (float) ((plus - minus) / ((double) up - down));
                if (!Float.isFinite(grads[i][j])) return new StepResult(value, out[0], "finite-difference gradient of '" + p.name() + "' is not finite");
            }
        }
        Steps.stepWithEstimate(s, ps, grads);
        return new StepResult(value, out[0], null);
    }

    private static float clampTo(Parameter p, float v) {
        return p.bounded() ? Math.max(p.floatLo(), Math.min(p.floatHi(), v)) : v;
    }

    @Override
    public String describe() {
        return "finiteDifferences(" + h + ")";
    }
}
