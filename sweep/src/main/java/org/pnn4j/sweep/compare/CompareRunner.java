package org.pnn4j.sweep.compare;

import java.util.List;
import java.util.Set;
import org.pnn4j.sweep.Experiments;
import org.pnn4j.sweep.Trial;
import org.pnn4j.sweep.TrialOutcome;
import org.pnn4j.sweep.TrialRunner;

/**
 * The trials of {@code experiment=compare}, with every other experiment handed to {@link Experiments}: the runner of
 * {@code ./pnn4j compare} and of {@code ./pnn4j sweep} (so a grid file may hold compare trials too).
 *
 * <p>Settings of {@code experiment=compare}: {@code method} (a name of {@link Catalog#METHODS}), {@code substrate} (a
 * name of {@link Catalog#SUBSTRATES}), {@code budget} (device calls, a whole number &ge; 1), {@code seed}. The trial
 * is {@link CompareTrial#run} on {@link Task#vowels()}.
 *
 * <p>Why a runner here rather than a case of {@link Experiments}: the comparison's package depends on the sweep
 * package (trials, outcomes, the engine), never the other way, so the packages keep pointing one way.
 */
public final class CompareRunner implements TrialRunner {
    private static final long serialVersionUID = 1L;
    /** The value of {@code experiment} this runner handles itself. */
    public static final String EXPERIMENT = "compare";
    private static final Set<String> SETTINGS = Set.of("experiment", "method", "substrate", "budget", "seed");
    private final Experiments others = new Experiments();

    /** The comparison's trials, and {@link Experiments}' for every other experiment. */
    public CompareRunner() {}

    /**
     * @throws IllegalArgumentException naming the setting, its value and the accepted values: an unknown setting,
     *                                  method or substrate, or a budget that is not a whole number &ge; 1
     */
    @Override
    public void validate(Trial t) {
        if (!EXPERIMENT.equals(t.get("experiment", null))) {
            try {
                others.validate(t);
            } catch (IllegalArgumentException e) {
                // the list of experiments there does not know this one
                throw new IllegalArgumentException(e.getMessage().replace("experiment must be one of [", "experiment must be one of [compare, "), e);
            }
            return;
        }
        for (String name : t.config().keySet())
            if (!SETTINGS.contains(name))
                throw new IllegalArgumentException("trial " + t.describe() + ": experiment compare has no setting '" + name + "'; its settings are "
                        + SETTINGS.stream().sorted().toList());
        for (String name : List.of("method", "substrate", "budget"))
            if (!t.config().containsKey(name))
                throw new IllegalArgumentException("trial " + t.describe() + ": experiment compare needs a " + name);
        Catalog.method(t.get("method", ""));
        Catalog.substrate(t.get("substrate", ""));
        budget(t.get("budget", ""));
    }

    @Override
    public TrialOutcome run(Trial t) throws Exception {
        if (!EXPERIMENT.equals(t.get("experiment", null))) return others.run(t);
        validate(t);
        return CompareTrial.run(Catalog.method(t.get("method", "")), Catalog.substrate(t.get("substrate", "")), budget(t.get("budget", "")), t.seed(),
                Task.vowels());
    }

    /**
     * A budget of device calls from its text.
     *
     * @throws IllegalArgumentException if it is not a whole number &ge; 1, naming the value
     */
    public static long budget(String text) {
        long b;
        try {
            b = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a budget is a whole number of device calls, at least 1; got '" + text + "'");
        }
        if (b < 1) throw new IllegalArgumentException("a budget is a whole number of device calls, at least 1; got " + b);
        return b;
    }
}
