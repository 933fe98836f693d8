package org.pnn4j.train;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A {@link Method} that keeps state between steps beyond the parameters, the optimizer and the run's random stream
 * (CMA-ES's mean, step size, covariance and evolution paths). {@link Trainer#checkpoint} saves it and
 * {@link Trainer#resumeFrom} restores it into the method of the resumed run (matched by {@link #describe()}), so the
 * continuation is bit-identical ({@link Checkpoint}, format version 4).
 */
public interface StatefulMethod extends Method {
    /**
     * Writes the state to {@code out}.
     *
     * @throws IOException if {@code out} fails
     */
    void saveState(DataOutput out) throws IOException;

    /**
     * Replaces the state with one {@link #saveState} wrote.
     *
     * @throws IOException              if {@code in} fails or ends early
     * @throws IllegalArgumentException if the bytes are not a state of this method
     */
    void restoreState(DataInput in) throws IOException;
}
