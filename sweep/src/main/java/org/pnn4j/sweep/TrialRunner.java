package org.pnn4j.sweep;

import java.io.Serializable;

/**
 * What a trial does: trains and evaluates from the trial's configuration. Runs inside a Spark task, possibly on
 * another machine, so an implementation is serializable and depends only on the trial (its seed included), never on
 * which thread, executor or order it runs in. {@link Experiments} is the built-in one.
 */
@FunctionalInterface
public interface TrialRunner extends Serializable {
    /**
     * Runs {@code trial}.
     *
     * @return what the trial measured
     * @throws Exception anything: the sweep records the trial as failed, with the exception's message, and goes on
     */
    TrialOutcome run(Trial trial) throws Exception;

    /**
     * Checks a trial's configuration before the sweep starts (on the driver), so that a misspelt setting fails at
     * once rather than on every executor. The default accepts everything.
     *
     * @throws IllegalArgumentException naming the setting, its value and the accepted ones
     */
    default void validate(Trial trial) {}
}
