package org.pnn4j.sweep.compare;

import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.scale;
import static org.pnn4j.Pnn.tanh;
import static org.pnn4j.Pnn.toRange;

import org.pnn4j.Network;
import org.pnn4j.Reproductions;
import org.pnn4j.data.Dataset;
import org.pnn4j.nn.Layer;
import org.pnn4j.physics.EquilibriumSubstrate;
import org.pnn4j.physics.Substrate;
import org.pnn4j.tensor.Rng;
import org.pnn4j.train.Evaluation;
import org.pnn4j.train.ForwardForwardNetwork;
import org.pnn4j.train.LocalNetwork;

/** The networks the compared methods train, built around a substrate. */
public final class Networks {
    private Networks() {}

    /**
     * A network ready to train, with the data in the form it takes.
     *
     * @param model the network
     * @param train training set as the network takes it
     * @param test  test set as the network takes it
     */
    public record Built(Layer model, Dataset train, Dataset test) {
        /** Test accuracy with every physical layer on its device (noise and reality gap included), in [0, 1]. */
        public double deviceAccuracy() {
            return model instanceof Network ? Evaluation.physical(model, test).accuracy() : Evaluation.of(model, test).accuracy();
        }

        /** Test accuracy with every physical layer on its ideal model, in [0, 1]; NaN for a network without a model-only inference (local learning). */
        public double modelAccuracy() {
            return model instanceof Network ? Evaluation.ideal(model, test).accuracy() : Double.NaN;
        }
    }

    /**
     * {@code linear(features, in), squash, physical(substrate), linear(out, classes)}, initialized from {@code seed};
     * the device is the substrate's simulated device of seed 0 (the same device for every seed). The squash is
     * {@code tanh()} where [−1, 1] lies in the substrate's input range (as {@code ./pnn4j reproduce methods}' pendula
     * network), else {@code toRange(substrate)}. On {@code pendula(16)} this is {@code reproduce methods}' network.
     */
    public static Built feedForward(ComparedSubstrate entry, Task task, long seed) {
        Substrate s = entry.substrate().get();
        Network net = Network.of(linear(task.features(), s.inputSize()), squash(s), physical(s), linear(s.outputSize(), task.classes())).initialize(seed);
        return new Built(net, task.train(), task.test());
    }

    /** {@code tanh()} where [−1, 1] lies in the substrate's input range, else {@code toRange(substrate)}. */
    private static Layer squash(Substrate s) {
        return s.inputMin() <= -1 && s.inputMax() >= 1 ? tanh() : toRange(s);
    }

    /**
     * Physical local learning's network (Momeni et al. 2023, the wiring of its reference code,
     * {@link LocalNetwork.Wiring#SAMPLE_NORM}): two blocks, each the substrate (devices of seeds 1 and 2) followed by
     * {@code linear(out + in, in)} on [P(h), h], on the samples with {@code classes} leading label slots.
     *
     * @throws NotApplicableException when the substrate does not take exactly classes + features inputs: the first
     *                                block's physical layer takes the label-embedded sample as it is
     */
    public static Built local(ComparedSubstrate entry, Task task, long seed) {
        Substrate s = entry.substrate().get();
        int in = s.inputSize(), out = s.outputSize(), need = task.classes() + task.features();
        if (in != need)
            throw new NotApplicableException("local learning feeds the label-embedded sample (" + task.classes() + " label slots + " + task.features()
                    + " features = " + need + " values) into the first physical layer; " + entry.label() + " takes " + in + " inputs");
        LocalNetwork net = LocalNetwork.of(task.classes(), seed,
                LocalNetwork.block(physical(s, 1), linear(out + in, in)),
                LocalNetwork.block(physical(s, 2), linear(out + in, in))).withWiring(LocalNetwork.Wiring.SAMPLE_NORM);
        net.initialize(new Rng(seed));
        return new Built(net, Reproductions.padLabels(task.train(), task.classes()), Reproductions.padLabels(task.test(), task.classes()));
    }

    /**
     * The forward-forward counterpart of {@link #feedForward} ({@link ForwardForwardNetwork}): {@code linear(classes +
     * features, in), squash, physical(substrate), linear(out, classes), tanh()}, the one-hot label in front of the
     * features; the two linear layers are its goodness blocks, the substrate a fixed transform between them. On
     * {@code pendula(16)} this is {@code reproduce methods}' forward-forward network. Accuracy: the label of largest
     * total goodness, with the device in the loop ({@code classes} device calls per batch).
     */
    public static Built forwardForward(ComparedSubstrate entry, Task task, long seed) {
        Substrate s = entry.substrate().get();
        ForwardForwardNetwork net = ForwardForwardNetwork.of(task.classes(), linear(task.classes() + task.features(), s.inputSize()), squash(s),
                physical(s), linear(s.outputSize(), task.classes()), tanh());
        net.initialize(seed);
        return new Built(net, task.train(), task.test());
    }

    /**
     * The network equilibrium propagation and coupled learning train: the substrate, which must settle to an
     * equilibrium ({@link EquilibriumSubstrate}), takes the features as they are (its input voltages; no trainable
     * layer may come before it), then {@code scale(20)} on its output voltages as the logits when it has one output
     * per class (as {@code reproduce methods}' resistor network, whose gains these are), else {@code linear(out,
     * classes)}. The other methods on the same substrate train {@link #feedForward}'s network, with a digital input
     * layer; {@code reproduce methods}' second table compares them all on this one.
     *
     * @throws NotApplicableException when the substrate does not settle or does not take one input per feature
     */
    public static Built equilibrium(ComparedSubstrate entry, Task task, long seed) {
        Substrate s = entry.substrate().get();
        if (!(s instanceof EquilibriumSubstrate))
            throw new NotApplicableException("equilibrium propagation and coupled learning need a substrate that settles to an equilibrium (an "
                    + "EquilibriumSubstrate such as a resistor network); " + entry.label() + " is feed-forward");
        if (s.inputSize() != task.features())
            throw new NotApplicableException("the equilibrium network takes the " + task.features() + " features as its input voltages; "
                    + entry.label() + " takes " + s.inputSize() + " inputs");
        Layer readout = s.outputSize() == task.classes() ? scale(20) : linear(s.outputSize(), task.classes());
        Network net = Network.of(physical(s), readout).initialize(seed);
        return new Built(net, task.train(), task.test());
    }
}
