package org.pnn4j.tensor;

/** One recorded op on the autograd graph: its inputs and how to turn the output's gradient into theirs. */
final class Node {
    /** Vector-Jacobian product of one op: the gradient w.r.t. each input (null where none is needed). */
    interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    final String op;
    final Tensor[] inputs;
    final Backward backward;

    Node(String op, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }
}
