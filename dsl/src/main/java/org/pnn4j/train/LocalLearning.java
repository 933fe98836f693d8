package org.pnn4j.train;

import java.util.List;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Tensor;

/** Physical local learning; see {@link Method#localLearning(int, double)} and {@link LocalNetwork}. */
final class LocalLearning implements Method {
    private final int innerSteps;
    private final double tau;

    LocalLearning(int innerSteps, double tau) {
        if (innerSteps < 1) throw new IllegalArgumentException("local learning needs at least 1 inner step per block, got " + innerSteps);
        if (!(tau > 0) || Double.isInfinite(tau)) throw new IllegalArgumentException("goodness temperature tau must be positive and finite, got " + tau);
        this.innerSteps = innerSteps;
        this.tau = tau;
    }

    @Override
    public StepResult step(Step s) {
        if (!(s.model() instanceof LocalNetwork net))
            throw new IllegalArgumentException("Method.localLearning() trains a LocalNetwork (blocks of a physical layer and a "
                    + "digital layer), got " + s.model().describe() + "; build the model with LocalNetwork.of(classes, block(...), ...)");
        int[] y = s.batch().labels();
        if (y == null) throw new IllegalArgumentException("local learning needs class labels; the batch is a regression batch");
        int k = net.classes();
        int[] wrong = new int[y.length];
        for (int i = 0; i < y.length; i++) wrong[i] = (y[i] + 1 + s.rng().nextInt(k - 1)) % k;
        Tensor hPos = net.embed(s.batch().x(), y), hNeg = net.embed(s.batch().x(), wrong);
        double total = 0;
        for (int b = 0; b < net.blocks().size(); b++) {
            LocalNetwork.Block block = net.blocks().get(b);
            PhysicalLayer device = block.physical().inMode(PhysicalLayer.Mode.PHYSICAL);
            Tensor inPos, inNeg;
            try (Grad.Scope off = Grad.off()) {
                inPos = net.digitalInput(b, device.forward(net.physicalInput(b, hPos)), hPos);
                inNeg = net.digitalInput(b, device.forward(net.physicalInput(b, hNeg)), hNeg);
            }
            List<Parameter> ps = Steps.trainable(block.digital().parameters());
            double first = Double.NaN;
            for (int t = 0; t < innerSteps; t++) {
                Tensor gPos = net.goodness(b, block.digital().forward(inPos));
                Tensor gNeg = net.goodness(b, block.digital().forward(inNeg));
                Tensor loss = gPos.sub(gNeg).mul(-tau).exp().add(1).log().mean();
                double v = loss.item();
                if (!Double.isFinite(v)) return new StepResult(v, null, "local loss of block " + (b + 1) + " is " + v);
                if (t == 0) first = v;
                loss.backward();
                s.optimizer().step(ps);
                for (Parameter p : ps) {
                    for (var c : p.constraints()) c.project(p);
                    p.zeroGrad();
                }
            }
            total += first;
            try (Grad.Scope off = Grad.off()) {
                hPos = net.nextInput(b, block.digital().forward(inPos));
                hNeg = net.nextInput(b, block.digital().forward(inNeg));
            }
        }
        return new StepResult(total, null, null);
    }

    @Override
    public String describe() {
        return "localLearning(" + innerSteps + ", " + tau + ")";
    }
}
