package org.pnn4j.train;

import java.util.ArrayList;
import java.util.List;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Parameter;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.tensor.Grad;
import org.pnn4j.tensor.Tensor;

/** Readout-only training (reservoir computing, extreme learning machine); see {@link Method#readoutOnly()}. */
final class ReadoutOnly implements Method {
    /** The model's layers as a sequence: its children, or the model itself when it has none. */
    static List<Layer> sequence(Layer model) {
        return model.children().isEmpty() ? List.of(model) : model.children();
    }

    /**
     * Index in {@code layers} of the readout: the last digital (non-physical) layer with a trainable parameter.
     *
     * @throws IllegalArgumentException if there is none, saying what the model is and what to add
     */
    static int readout(Layer model, List<Layer> layers) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Layer l = layers.get(i);
            if (l instanceof PhysicalLayer) continue;
            for (Parameter p : l.parameters()) if (p.trainable()) return i;
        }
        throw new IllegalArgumentException("readout-only training needs a digital layer with trainable parameters (the readout, "
                + "e.g. linear(16, 7) after the physical layers), but " + model.describe() + " has none among its "
                + layers.size() + " top-level layer(s); add a readout layer at the end of the network");
    }

    @Override
    public StepResult step(Step model) {
        Step s = model.on(PhysicalLayer.withModes(model.model(), l -> PhysicalLayer.Mode.PHYSICAL));
        List<Layer> layers = sequence(s.model());
        int r = readout(s.model(), layers);
        for (int i = r + 1; i < layers.size(); i++)
            if (layers.get(i) instanceof PhysicalLayer p)
                throw new IllegalArgumentException("readout-only training needs the readout after the last physical layer, but "
                        + p.describe() + " (layer " + (i + 1) + ") follows the readout " + layers.get(r).describe()
                        + " (layer " + (r + 1) + "); a gradient would have to pass through the device. End the network with a digital readout");
        Tensor h = s.batch().x();
        try (Grad.Scope off = Grad.off()) { // the reservoir: physical layers on their devices, nothing recorded
            for (int i = 0; i < r; i++) h = layers.get(i).forward(h);
        }
        Tensor out = h.detach();
        for (int i = r; i < layers.size(); i++) out = layers.get(i).forward(out);
        Tensor loss = s.lossOf(out);
        double value = loss.item();
        Tensor output = out.detach();
        if (!Double.isFinite(value)) return new StepResult(value, output, "loss is " + value);
        List<Parameter> ps = new ArrayList<>();
        for (int i = r; i < layers.size(); i++)
            if (!(layers.get(i) instanceof PhysicalLayer)) ps.addAll(Steps.trainable(layers.get(i).parameters()));
        String problem = Steps.stepOn(s, loss, ps, "gradient");
        return new StepResult(value, output, problem);
    }

    @Override
    public String describe() {
        return "readoutOnly()";
    }
}
