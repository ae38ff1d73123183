package io.github.wbczoo.eval;

import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a model said about every image of one split: the true class, the probability of each
 * class (in {@link CellClass} order) and, when known, the image file. Everything in wbc-eval is
 * computed from this, so evaluation needs no network and can be tested on hand-made numbers.
 *
 * <p>Usage: {@code Predictions p = Predictions.of(new int[] {0, 1}, new double[][] {{.7, .1, .1, .1}, {.2, .5, .2, .1}});}
 */
public final class Predictions {
    /** How far a row may sum from 1 (float softmax outputs are off by about 1e-7). */
    static final double SUM_TOLERANCE = 1e-3;

    private final int[] trueClasses;
    private final double[][] probabilities;
    private final List<Path> paths;
    private final ClassSet classes;
    /** Each image's group (source cell, patient, slide), null entries being groups of one; null when none is known. */
    private final List<String> groups;

    private Predictions(ClassSet classes, int[] trueClasses, double[][] probabilities, List<Path> paths) {
        this(classes, trueClasses, probabilities, paths, null);
    }

    private Predictions(ClassSet classes, int[] trueClasses, double[][] probabilities, List<Path> paths, List<String> groups) {
        this.groups = groups;
        this.classes = classes;
        this.trueClasses = trueClasses;
        this.probabilities = probabilities;
        this.paths = paths;
    }

    /**
     * Predictions for BCCD's four classes without image paths.
     *
     * @param trueClasses   the true class index of each image (0 = EOSINOPHIL ... 3 = NEUTROPHIL)
     * @param probabilities one row of four probabilities per image
     */
    public static Predictions of(int[] trueClasses, double[][] probabilities) {
        return of(ClassSet.BCCD, trueClasses, probabilities, null);
    }

    /** Predictions for BCCD's four classes with the image file of each row (see {@link #of(ClassSet, int[], double[][], List)}). */
    public static Predictions of(int[] trueClasses, double[][] probabilities, List<Path> paths) {
        return of(ClassSet.BCCD, trueClasses, probabilities, paths);
    }

    /**
     * Predictions with the image file of each row.
     *
     * @param paths the image of each row, in row order; null when unknown (entries may be null too)
     * @throws IllegalArgumentException naming expected and actual sizes when the inputs do not line up,
     *                                  or the row that is not a probability distribution
     */
    public static Predictions of(ClassSet classes, int[] trueClasses, double[][] probabilities, List<Path> paths) {
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(trueClasses, "trueClasses");
        Objects.requireNonNull(probabilities, "probabilities");
        int n = trueClasses.length;
        if (probabilities.length != n) {
            throw new IllegalArgumentException("Expected one probability row per label: " + n + " labels but "
                    + probabilities.length + " probability rows");
        }
        if (paths != null && paths.size() != n) {
            throw new IllegalArgumentException("Expected one image path per label: " + n + " labels but "
                    + paths.size() + " paths");
        }
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            if (trueClasses[i] < 0 || trueClasses[i] >= classes.size()) {
                throw new IllegalArgumentException("Label " + i + " is class index " + trueClasses[i]
                        + "; expected 0.." + (classes.size() - 1) + " (" + classes + ")");
            }
            rows[i] = checkedRow(i, probabilities[i], classes);
        }
        List<Path> pathCopy = paths == null ? Collections.nCopies(n, null) : Collections.unmodifiableList(new ArrayList<>(paths));
        return new Predictions(classes, trueClasses.clone(), rows, pathCopy);
    }

    /**
     * Predictions for BCCD's four classes from ND4J arrays (see {@link #of(ClassSet, INDArray, INDArray, List)}).
     */
    public static Predictions of(INDArray labels, INDArray probabilities, List<Path> paths) {
        return of(ClassSet.BCCD, labels, probabilities, paths);
    }

    /**
     * Predictions from ND4J arrays as a DL4J iterator and network give them.
     *
     * @param labels        one-hot labels [n, classes], or class indices [n] or [n, 1]
     * @param probabilities network output [n, classes]
     * @param paths         image of each row, or null
     */
    public static Predictions of(ClassSet classes, INDArray labels, INDArray probabilities, List<Path> paths) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(probabilities, "probabilities");
        if (probabilities.rank() != 2 || probabilities.size(1) != classes.size()) {
            throw new IllegalArgumentException("Expected probabilities of shape [n, " + classes.size() + "] (classes " + classes
                    + "), got " + Arrays.toString(probabilities.shape()));
        }
        int n = (int) probabilities.size(0);
        int[] indices = classIndices(labels, n, classes);
        double[][] rows = probabilities.toDoubleMatrix();
        return of(classes, indices, rows, paths);
    }

    private static int[] classIndices(INDArray labels, int n, ClassSet classes) {
        long[] shape = labels.shape();
        boolean oneHot = labels.rank() == 2 && shape[1] == classes.size();
        boolean indices = labels.rank() == 1 || (labels.rank() == 2 && shape[1] == 1);
        if ((!oneHot && !indices) || shape[0] != n) {
            throw new IllegalArgumentException("Expected labels of shape [" + n + ", " + classes.size() + "] (one-hot) or ["
                    + n + "] (class indices), got " + Arrays.toString(shape));
        }
        int[] out = new int[n];
        if (oneHot) {
            double[][] rows = labels.toDoubleMatrix();
            for (int i = 0; i < n; i++) {
                out[i] = argMax(rows[i]);
                if (rows[i][out[i]] != 1.0) {
                    throw new IllegalArgumentException("Label row " + i + " is not one-hot: " + Arrays.toString(rows[i]));
                }
            }
        } else {
            double[] values = labels.reshape(n).toDoubleVector();
            for (int i = 0; i < n; i++) {
                out[i] = (int) values[i];
                if (out[i] != values[i]) {
                    throw new IllegalArgumentException("Label " + i + " is " + values[i] + ", not a class index");
                }
            }
        }
        return out;
    }

    private static double[] checkedRow(int i, double[] row, ClassSet classes) {
        if (row == null || row.length != classes.size()) {
            throw new IllegalArgumentException("Probability row " + i + " has " + (row == null ? "no" : row.length)
                    + " values; expected " + classes.size() + " (" + classes + ")");
        }
        double sum = 0;
        for (double p : row) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("Probability row " + i + " has a value outside [0, 1]: "
                        + Arrays.toString(row) + ". If these are logits, apply softmax first.");
            }
            sum += p;
        }
        if (Math.abs(sum - 1) > SUM_TOLERANCE) {
            throw new IllegalArgumentException("Probability row " + i + " sums to " + sum + ", not 1: "
                    + Arrays.toString(row) + ". If these are logits or scores, apply softmax first.");
        }
        return row.clone();
    }

    /** Index of the largest value; the first one wins a tie, as {@code Prediction.of} and DL4J's argmax do. */
    static int argMax(double[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * These predictions with the group of each image (its source cell, patient or slide; null
     * entries are groups of one): intervals then resample whole groups, since copies of one cell
     * are not independent images.
     */
    public Predictions withGroups(List<String> imageGroups) {
        if (imageGroups == null) {
            return new Predictions(classes, trueClasses, probabilities, paths, null);
        }
        if (imageGroups.size() != size()) {
            throw new IllegalArgumentException("Expected one group per image: " + size() + " images but " + imageGroups.size()
                    + " groups");
        }
        return new Predictions(classes, trueClasses, probabilities, paths,
                Collections.unmodifiableList(new ArrayList<>(imageGroups)));
    }

    /**
     * The predictions of several classifiers on the same images, averaged: what an ensemble of them
     * predicts (equal weights). Images, true classes, paths and groups must agree; those of the first are kept.
     *
     * <p>Usage: {@code Predictions both = Predictions.mean(List.of(fromModelA, fromModelB));}
     */
    public static Predictions mean(List<Predictions> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("Nothing to average: no predictions given");
        }
        Predictions first = members.get(0);
        for (Predictions m : members) {
            if (m.size() != first.size() || !Arrays.equals(m.trueClasses, first.trueClasses) || !m.classes.equals(first.classes)
                    || !Objects.equals(m.paths, first.paths)) {
                throw new IllegalArgumentException("Predictions to average must cover the same images, in the same order,"
                        + " with the same classes: " + first.size() + " and " + m.size() + " images");
            }
        }
        double[][] mean = new double[first.size()][first.classes.size()];
        for (Predictions m : members) {
            for (int i = 0; i < mean.length; i++) {
                for (int k = 0; k < mean[i].length; k++) {
                    mean[i][k] += m.probabilities[i][k];
                }
            }
        }
        for (double[] row : mean) {
            for (int k = 0; k < row.length; k++) {
                row[k] /= members.size();
            }
        }
        return new Predictions(first.classes, first.trueClasses, mean, first.paths, first.groups);
    }

    /** Whether groups are known (see {@link #withGroups}). */
    public boolean hasGroups() {
        return groups != null;
    }

    /** Each image's group, or null when none are known. */
    public List<String> groups() {
        return groups;
    }

    /**
     * The group of each image as a dense index 0..G-1 in order of first appearance; without groups
     * every image is its own group.
     */
    public int[] groupIndices() {
        int[] out = new int[size()];
        java.util.Map<String, Integer> index = new java.util.HashMap<>();
        int next = 0;
        for (int i = 0; i < out.length; i++) {
            String g = groups == null ? null : groups.get(i);
            if (g == null) {
                out[i] = next++;
            } else {
                Integer k = index.get(g);
                if (k == null) {
                    k = next++;
                    index.put(g, k);
                }
                out[i] = k;
            }
        }
        return out;
    }

    /** Number of groups: source cells (or patients, slides) when known, else images. */
    public int groupCount() {
        int[] g = groupIndices();
        return g.length == 0 ? 0 : Arrays.stream(g).max().getAsInt() + 1;
    }

    /** Number of groups (cells when known, else images) with at least one image that {@code which} selects. */
    public long groupCount(java.util.function.IntPredicate which) {
        int[] group = groupIndices();
        return java.util.stream.IntStream.range(0, size()).filter(which).map(i -> group[i]).distinct().count();
    }

    /** Number of images. */
    public int size() {
        return trueClasses.length;
    }

    /** The true class of image {@code i}. */
    public CellClass trueClass(int i) {
        return classes.get(trueClasses[i]);
    }

    /** The class the model ranked first for image {@code i}. */
    public CellClass predictedClass(int i) {
        return classes.get(argMax(probabilities[i]));
    }

    /** The probability the model gave class {@code c} for image {@code i}. */
    public double probability(int i, CellClass c) {
        c = classes.get(c.name()); // by name: a class of another set with the same name is this set's column
        return probabilities[i][c.index()];
    }

    /** A copy of image {@code i}'s probabilities, in {@link CellClass} order. */
    public double[] probabilities(int i) {
        return probabilities[i].clone();
    }

    /** The probability of the predicted class: the model's confidence. */
    public double confidence(int i) {
        return probabilities[i][argMax(probabilities[i])];
    }

    /** The image file of row {@code i}, or null when unknown. */
    public Path path(int i) {
        return paths.get(i);
    }

    /** True class indices of all images (a copy). */
    public int[] trueClassIndices() {
        return trueClasses.clone();
    }

    /** Predicted class indices of all images. */
    public int[] predictedClassIndices() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = argMax(probabilities[i]);
        }
        return out;
    }

    /** The classes of the label indices and probability columns. */
    public ClassSet classes() {
        return classes;
    }

    /** The scores of one class for every image (for its one-vs-rest ROC curve). */
    public double[] scores(CellClass c) {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = probabilities[i][c.index()];
        }
        return out;
    }

    /** Collects predictions one image at a time, e.g. batch by batch from an iterator. */
    public static final class Builder {
        private final ClassSet classSet;
        private final List<Integer> classes = new ArrayList<>();
        private final List<double[]> rows = new ArrayList<>();
        private final List<Path> paths = new ArrayList<>();

        private Builder(ClassSet classSet) {
            this.classSet = Objects.requireNonNull(classSet, "classes");
        }

        /** Adds one image; {@code path} may be null. */
        public Builder add(CellClass trueClass, double[] probabilities, Path path) {
            classes.add(classSet.get(trueClass.name()).index());
            rows.add(probabilities.clone());
            paths.add(path);
            return this;
        }

        public int size() {
            return classes.size();
        }

        /** Validates every row and builds the predictions. */
        public Predictions build() {
            int[] c = classes.stream().mapToInt(Integer::intValue).toArray();
            return of(classSet, c, rows.toArray(new double[0][]), paths);
        }
    }

    /** A new builder for BCCD's four classes. */
    public static Builder builder() {
        return new Builder(ClassSet.BCCD);
    }

    /** A new builder for these classes. */
    public static Builder builder(ClassSet classes) {
        return new Builder(classes);
    }
}
