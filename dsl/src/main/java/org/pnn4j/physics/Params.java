package org.pnn4j.physics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pnn4j.nn.Parameter;
import org.pnn4j.tensor.Tensor;

/** Parameter values by name, as a substrate's model and device receive them. */
public final class Params {
    private final String owner;
    private final Map<String, Tensor> values;

    private Params(String owner, Map<String, Tensor> values) {
        this.owner = owner;
        this.values = Collections.unmodifiableMap(values);
    }

    /** Values for substrate {@code owner} (the name appears in errors). */
    public static Params of(String owner, Map<String, Tensor> values) {
        return new Params(owner, new LinkedHashMap<>(values));
    }

    /** The current values of {@code parameters}, by name (the tensors are the parameters' own leaves). */
    public static Params of(String owner, List<Parameter> parameters) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Parameter p : parameters) m.put(p.name(), p.value());
        return new Params(owner, m);
    }

    /**
     * The value named {@code name}.
     *
     * @throws IllegalArgumentException naming the substrate and the parameters it has
     */
    public Tensor get(String name) {
        Tensor t = values.get(name);
        if (t == null)
            throw new IllegalArgumentException("substrate '" + owner + "' has no parameter '" + name + "'; it has " + values.keySet());
        return t;
    }

    /** The names, in declaration order. */
    public Set<String> names() {
        return values.keySet();
    }

    /** The same names with every value detached from the autograd graph. */
    public Params detached() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, v.detach()));
        return new Params(owner, m);
    }

    @Override
    public String toString() {
        return owner + values.keySet();
    }
}
