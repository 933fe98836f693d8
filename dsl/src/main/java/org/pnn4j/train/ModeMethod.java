package org.pnn4j.train;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import org.pnn4j.physics.PhysicalLayer;

/**
 * Back-propagation with the physical layers run in one mode for each step (on a view of the model): {@link Method#inSilico()} (IDEAL)
 * and {@link Method#physicsAware()} (PHYSICS_AWARE). How a layer's mode for the step is chosen, first rule that
 * applies:
 * <ol>
 *   <li>a per-layer override given with {@link #with(PhysicalLayer, PhysicalLayer.Mode)};</li>
 *   <li>a layer the user set to {@link PhysicalLayer.Mode#FROZEN} stays frozen (its parameters are not trained);</li>
 *   <li>otherwise the method's mode.</li>
 * </ol>
 * So a network can mix PAT, IDEAL and FROZEN layers: {@code Method.physicsAware().with(layer2, IDEAL)}. A step runs
 * on a view of the model with these modes ({@link PhysicalLayer#withModes}); the layers' own modes are never changed
 * (validation runs in them). After the update, every bounded
 * physical parameter is clamped into its physical range, since a device cannot be set outside it.
 */
public final class ModeMethod implements Method {
    private final String name;
    private final PhysicalLayer.Mode mode;
    private final Map<PhysicalLayer, PhysicalLayer.Mode> overrides;

    ModeMethod(String name, PhysicalLayer.Mode mode, Map<PhysicalLayer, PhysicalLayer.Mode> overrides) {
        this.name = name;
        this.mode = mode;
        this.overrides = overrides;
    }

    /** This method with {@code layer} run in {@code layerMode} during its steps (a new method; this one is unchanged). */
    public ModeMethod with(PhysicalLayer layer, PhysicalLayer.Mode layerMode) {
        Map<PhysicalLayer, PhysicalLayer.Mode> m = new IdentityHashMap<>(overrides);
        m.put(Objects.requireNonNull(layer, "layer"), Objects.requireNonNull(layerMode, "layerMode"));
        return new ModeMethod(name, mode, m);
    }

    /** The mode layers without an override or a user freeze run in. */
    public PhysicalLayer.Mode mode() {
        return mode;
    }

    /** The mode {@code layer} runs in during this method's steps (the rules in the class description). */
    public PhysicalLayer.Mode modeFor(PhysicalLayer layer) {
        PhysicalLayer.Mode o = overrides.get(layer);
        if (o != null) return o;
        return layer.mode() == PhysicalLayer.Mode.FROZEN ? PhysicalLayer.Mode.FROZEN : mode;
    }

    @Override
    public StepResult step(Step s) {
        StepResult r = Steps.backprop(s.on(PhysicalLayer.withModes(s.model(), this::modeFor)));
        if (r.problem() == null) Steps.clampPhysical(s.model());
        return r;
    }

    @Override
    public String describe() {
        return overrides.isEmpty() ? name : name + " with " + overrides.size() + " layer override(s)";
    }

    @Override
    public String toString() {
        return describe();
    }
}
