package org.pnn4j.twin;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * A twin's error on a set of measurements, per output: mean squared error (in the output unit squared), R² = 1 −
 * mse / variance of the measured output over the set, and that variance.
 *
 * @param substrate the substrate's name
 * @param label     what was measured, e.g. "held-out settings" or "fresh settings (20 device calls)"
 * @param settings  parameter settings in the set
 * @param rows      (setting, input) rows in the set
 * @param mse       mean squared error per output
 * @param r2        R² per output (NaN where the measured output does not vary)
 * @param variance  variance of the measured output per output, over the set
 */
public record Diagnosis(String substrate, String label, int settings, long rows, double[] mse, double[] r2, double[] variance) {
    /** The mean of R² over the outputs whose measured value varies (NaN if none does). */
    public double meanR2() {
        double s = 0;
        int n = 0;
        for (double v : r2)
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        return n == 0 ? Double.NaN : s / n;
    }

    /** 1 − R² pooled over outputs: Σ mse / Σ variance (NaN when nothing varies); 0 is a perfect twin. */
    public double relativeError() {
        double a = 0, b = 0;
        for (int j = 0; j < mse.length; j++) {
            a += mse[j];
            b += variance[j];
        }
        return b > 0 ? a / b : Double.NaN;
    }

    /**
     * Σ mse / Σ {@code referenceVariance} over outputs: the error relative to a fixed scale, e.g. the output variance
     * over all the twin's data ({@link DigitalTwin#outputVariance()}), for sets in which the output hardly varies (one
     * parameter setting).
     *
     * @throws IllegalArgumentException if the reference has another length than the outputs
     */
    public double relativeError(double[] referenceVariance) {
        if (referenceVariance.length != mse.length)
            throw new IllegalArgumentException("reference variance has " + referenceVariance.length + " outputs, the diagnosis " + mse.length);
        double a = 0, b = 0;
        for (int j = 0; j < mse.length; j++) {
            a += mse[j];
            b += referenceVariance[j];
        }
        return b > 0 ? a / b : Double.NaN;
    }

    /** The diagnosis as a table with columns output, mse, r2, named after the substrate and the label. */
    public Table table() {
        IntColumn output = IntColumn.create("output");
        DoubleColumn m = DoubleColumn.create("mse"), r = DoubleColumn.create("r2");
        for (int j = 0; j < mse.length; j++) {
            output.append(j);
            m.append(mse[j]);
            r.append(r2[j]);
        }
        return Table.create("twin diagnostics (" + substrate + ", " + label + ")", output, m, r);
    }
}
