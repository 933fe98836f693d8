/**
 * Optional ND4J interop: {@link org.pnn4j.nd4j.Nd4jTensors} converts {@code INDArray} ↔ {@link org.pnn4j.tensor.Tensor},
 * {@link org.pnn4j.nd4j.Nd4jDatasets} builds a pnn4j {@link org.pnn4j.data.Dataset} from feature and label
 * {@code INDArray}s. A module of its own (pnn4j-nd4j) so that nothing else carries ND4J; it depends on pnn4j-dsl and
 * ND4J's native backend, and nothing depends on it.
 */
package org.pnn4j.nd4j;
