package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.util.Arrays;

/**
 * How many images of each true class (rows) were called each class (columns), in
 * {@link CellClass} order. The diagonal holds the correct calls.
 *
 * <p>Usage: {@code ConfusionMatrix m = ConfusionMatrix.of(predictions); long missed = m.support(MONOCYTE) - m.count(MONOCYTE, MONOCYTE);}
 */
public final class ConfusionMatrix {
    private final long[][] counts;
    private final ClassSet classes;

    private ConfusionMatrix(ClassSet classes, long[][] counts) {
        this.classes = classes;
        this.counts = counts;
    }

    /** Counts the model's top-ranked class against the truth. */
    public static ConfusionMatrix of(Predictions predictions) {
        return of(predictions.classes(), predictions.trueClassIndices(), predictions.predictedClassIndices());
    }

    /** Counts pairs of BCCD class indices (see {@link #of(ClassSet, int[], int[])}). */
    public static ConfusionMatrix of(int[] trueClasses, int[] predictedClasses) {
        return of(ClassSet.BCCD, trueClasses, predictedClasses);
    }

    /** Counts pairs of class indices; both arrays must have the same length. */
    public static ConfusionMatrix of(ClassSet classes, int[] trueClasses, int[] predictedClasses) {
        if (trueClasses.length != predictedClasses.length) {
            throw new IllegalArgumentException("Expected as many predictions as labels: " + trueClasses.length
                    + " labels but " + predictedClasses.length + " predictions");
        }
        long[][] c = new long[classes.size()][classes.size()];
        for (int i = 0; i < trueClasses.length; i++) {
            c[trueClasses[i]][predictedClasses[i]]++;
        }
        return new ConfusionMatrix(classes, c);
    }

    /** A BCCD matrix from explicit counts (see {@link #ofCounts(ClassSet, long[][])}). */
    public static ConfusionMatrix ofCounts(long[][] counts) {
        return ofCounts(ClassSet.BCCD, counts);
    }

    /** A matrix from explicit counts, rows = true class, columns = predicted class. */
    public static ConfusionMatrix ofCounts(ClassSet classes, long[][] counts) {
        if (counts.length != classes.size()) {
            throw new IllegalArgumentException("Expected a " + classes.size() + "x" + classes.size() + " matrix, got "
                    + counts.length + " rows");
        }
        long[][] copy = new long[classes.size()][];
        for (int r = 0; r < counts.length; r++) {
            if (counts[r].length != classes.size()) {
                throw new IllegalArgumentException("Expected " + classes.size() + " columns in row " + r + ", got "
                        + counts[r].length);
            }
            for (long v : counts[r]) {
                if (v < 0) {
                    throw new IllegalArgumentException("Counts cannot be negative, row " + r + ": " + Arrays.toString(counts[r]));
                }
            }
            copy[r] = counts[r].clone();
        }
        return new ConfusionMatrix(classes, copy);
    }

    /** The classes of the rows and columns. */
    public ClassSet classes() {
        return classes;
    }

    /** Images of class {@code actual} that the model called {@code predicted}. */
    public long count(CellClass actual, CellClass predicted) {
        return counts[column(actual)][column(predicted)];
    }

    /** Images whose true class is {@code c} (the row sum; "support" in Rao's Table 1). */
    public long support(CellClass c) {
        return Arrays.stream(counts[column(c)]).sum();
    }

    /** Images the model called {@code c} (the column sum). */
    public long predictedCount(CellClass c) {
        long sum = 0;
        for (long[] row : counts) {
            sum += row[column(c)];
        }
        return sum;
    }

    /** Correct calls of class {@code c}: true positives. */
    public long truePositives(CellClass c) {
        return counts[column(c)][column(c)];
    }

    /** A class's row and column, by its name in this matrix's classes (so another set's index is never trusted). */
    private int column(CellClass c) {
        return classes.get(c.name()).index();
    }

    /** All images. */
    public long total() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    /** All correct calls (the diagonal). */
    public long correct() {
        long sum = 0;
        for (int i = 0; i < classes.size(); i++) {
            sum += counts[i][i];
        }
        return sum;
    }

    /** A copy of the counts, rows = true class, columns = predicted class. */
    public long[][] counts() {
        long[][] copy = new long[classes.size()][];
        for (int r = 0; r < classes.size(); r++) {
            copy[r] = counts[r].clone();
        }
        return copy;
    }

    /**
     * Each row divided by its sum: the share of each true class given each answer (the diagonal
     * is the recall). A class with no images has a row of NaN: there is nothing to divide.
     */
    public double[][] rowNormalised() {
        double[][] out = new double[classes.size()][classes.size()];
        for (int r = 0; r < classes.size(); r++) {
            long sum = Arrays.stream(counts[r]).sum();
            for (int c = 0; c < classes.size(); c++) {
                out[r][c] = sum == 0 ? Double.NaN : (double) counts[r][c] / sum;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && Arrays.deepEquals(counts, m.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ConfusionMatrix(rows = true, columns = predicted)");
        for (long[] row : counts) {
            sb.append('\n').append(Arrays.toString(row));
        }
        return sb.toString();
    }
}
