package org.pnn4j.physics;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A substrate whose model holds learned state, such as a data-driven twin fitted to the device's measurements (and
 * refitted during training): checkpoints save that state with the network's parameters, so a resumed run continues
 * with the twin it had, not a fresh one. Implemented by the substrates a twin serves as ({@code org.pnn4j.twin}).
 */
public interface StatefulModel {
    /**
     * Writes the model's learned state.
     *
     * @throws IOException if {@code out} fails
     */
    void saveModel(DataOutput out) throws IOException;

    /**
     * Restores what {@link #saveModel} wrote, on a model of the same architecture.
     *
     * @throws IOException              if {@code in} fails or ends early
     * @throws IllegalArgumentException if the saved state belongs to a model of another shape (the message says which)
     */
    void restoreModel(DataInput in) throws IOException;
}
