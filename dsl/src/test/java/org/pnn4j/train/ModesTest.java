package org.pnn4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pnn4j.Pnn.linear;
import static org.pnn4j.Pnn.physical;
import static org.pnn4j.Pnn.substrate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pnn4j.Network;
import org.pnn4j.Pnn;
import org.pnn4j.data.Split;
import org.pnn4j.data.Synthetic;
import org.pnn4j.nn.Layer;
import org.pnn4j.nn.Optimizer;
import org.pnn4j.physics.PhysicalLayer;
import org.pnn4j.physics.PhysicalLayer.Mode;
import org.pnn4j.tensor.Tensor;

/** Modes are passed (views of the model), never flipped on the user's layers; one walk finds every physical layer. */
class ModesTest {
    private static Split moons() {
        return Synthetic.moons(200, 0.1, 3).split(0.25, 3);
    }

    @Test
    void networkModeReachesThePhysicalLayersOfEveryCompositeLayer() {
        // a LocalNetwork inside a Network: Network.mode used to look for PhysicalLayer and Network only, and missed it
        LocalNetwork local = LocalNetwork.of(2, LocalNetwork.block(Pnn.pendula(4), linear(4, 4)));
        Network net = Network.of(local);
        net.mode(Mode.IDEAL);
        List<PhysicalLayer> found = PhysicalLayer.in(net);
        assertEquals(1, found.size());
        assertSame(local.blocks().get(0).physical(), found.get(0));
        assertEquals(Mode.IDEAL, found.get(0).mode());
        assertEquals(Mode.IDEAL, local.blocks().get(0).physical().mode(), "before: Mode.PHYSICS_AWARE, the LocalNetwork was skipped");
        assertEquals(found, Steps.physicalLayers(net), "the trainer's walk and the network's are one");
    }

    @Test
    void aMethodRunsItsModeWithoutChangingTheLayersOwnMode() {
        // the substrate's model looks at the layer while the step runs: the layer keeps the user's mode throughout
        List<Mode> seen = new ArrayList<>();
        PhysicalLayer[] layer = new PhysicalLayer[1];
        var s = substrate("watched-gain", (x, t) -> {
            seen.add(layer[0].mode());
            return x.mul(t.get("g")).tanh();
        }).io(4, 4).inputRange(-10, 10).param("g", 0.1, 5, 4);
        layer[0] = physical(s);
        Network net = Network.of(linear(2, 4), layer[0], linear(4, 2)).initialize(1);
        Trainer.of(net).method(Method.inSilico()).optimizer(Optimizer.adam(0.02)).epochs(1).seed(1).fit(moons().train());
        assertTrue(!seen.isEmpty(), "the model ran");
        assertTrue(seen.stream().allMatch(m -> m == Mode.PHYSICS_AWARE), "modes seen during in-silico steps: " + seen.subList(0, 3));
        assertEquals(0, layer[0].physicalCalls(), "in silico never queries the device");
    }

    @Test
    void aViewSharesParametersAndCountersAndLeavesTheNetworkAsItWas() {
        Network net = Network.of(linear(2, 4), physical(MethodsTest.saturableGain()), linear(4, 2)).initialize(3);
        PhysicalLayer p = PhysicalLayer.in(net).get(0);
        Tensor x = moons().test().features();
        Network ideal = net.withModes(Mode.IDEAL);
        assertEquals(Mode.PHYSICS_AWARE, p.mode());
        assertSame(net.parameters().get(2), ideal.parameters().get(2), "same Parameter objects");
        Tensor viaView = ideal.predict(x);
        assertEquals(0, p.physicalCalls());
        Tensor viaFlip = net.mode(Mode.IDEAL).predict(x);
        assertArrayEquals(viaFlip.toArray(), viaView.toArray());
        net.mode(Mode.PHYSICS_AWARE);
        net.withModes(Mode.PHYSICAL).predict(x);
        assertEquals(1, p.physicalCalls(), "a view's device calls count on the layer");
        assertEquals(x.dim(0), p.physicalSamples());
        assertSame(net, PhysicalLayer.withModes(net, l -> l.mode()), "no mode changes: the model itself");
    }

    @Test
    void aCompositeLayerThatCannotBeRebuiltIsNamed() {
        PhysicalLayer inner = physical(MethodsTest.saturableGain());
        Layer wrapper = new Layer() {
            @Override
            public Tensor forward(Tensor x) {
                return inner.forward(x);
            }

            @Override
            public int[] outputShape(int[] in) {
                return inner.outputShape(in);
            }

            @Override
            public List<Layer> children() {
                return List.of(inner);
            }

            @Override
            public List<org.pnn4j.nn.Parameter> parameters() {
                return inner.parameters();
            }

            @Override
            public String describe() {
                return "wrapper(" + inner.describe() + ")";
            }
        };
        Network net = Network.of(linear(2, 4), wrapper, linear(4, 2));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Trainer.of(net).method(Method.inSilico()).epochs(1).fit(moons().train()));
        assertTrue(e.getMessage().contains("wrapper(saturable-gain)") && e.getMessage().contains("withChildren"), e.getMessage());
        assertEquals(Mode.PHYSICS_AWARE, inner.mode());
    }
}
