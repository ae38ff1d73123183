package io.github.wbczoo.eval;

import io.github.wbczoo.core.ClassSet;
import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.TrainingHistory;
import java.util.Random;

/** Hand-made and random predictions shared by the tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** Predictions whose top class is {@code predicted[i]} with probability 0.7 (0.1 for the others). */
    static Predictions fromClasses(int[] truth, int[] predicted) {
        double[][] rows = new double[truth.length][];
        for (int i = 0; i < truth.length; i++) {
            rows[i] = oneHotish(predicted[i], 0.7);
        }
        return Predictions.of(truth, rows);
    }

    static double[] oneHotish(int top, double p) {
        double[] row = new double[ClassSet.BCCD.size()];
        java.util.Arrays.fill(row, (1 - p) / (ClassSet.BCCD.size() - 1));
        row[top] = p;
        return row;
    }

    /** Softmax of Gaussian scores with the true class boosted by {@code signal}: accuracy grows with it. */
    static Predictions random(int n, long seed, double signal) {
        return random(n, seed, signal, new double[] {0.25, 0.25, 0.25, 0.25});
    }

    /** As {@link #random(int, long, double)} with class frequencies {@code classShares}. */
    static Predictions random(int n, long seed, double signal, double[] classShares) {
        Random r = new Random(seed);
        int[] truth = new int[n];
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            truth[i] = draw(r, classShares);
            double[] z = new double[ClassSet.BCCD.size()];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < z.length; c++) {
                z[c] = r.nextGaussian() + (c == truth[i] ? signal : 0);
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < z.length; c++) {
                z[c] = Math.exp(z[c] - max);
                sum += z[c];
            }
            for (int c = 0; c < z.length; c++) {
                z[c] /= sum;
            }
            rows[i] = z;
        }
        return Predictions.of(truth, rows);
    }

    private static int draw(Random r, double[] shares) {
        double u = r.nextDouble();
        double acc = 0;
        for (int c = 0; c < shares.length; c++) {
            acc += shares[c];
            if (u < acc) {
                return c;
            }
        }
        return shares.length - 1;
    }

    /** TEST_SIMPLE's class mix: 13 eosinophils, 6 lymphocytes, 4 monocytes, 48 neutrophils. */
    static final double[] TEST_SIMPLE_SHARES = {13 / 71.0, 6 / 71.0, 4 / 71.0, 48 / 71.0};

    /** A plausible 12-epoch history with a learning-rate reduction at epoch 8. */
    static TrainingHistory history() {
        TrainingHistory h = new TrainingHistory();
        for (int e = 1; e <= 12; e++) {
            double lr = e < 8 ? 1e-3 : 3e-4;
            h.add(new EpochRecord(e, 1.3 * Math.exp(-0.25 * e) + 0.05, 0.95 - 0.6 * Math.exp(-0.35 * e),
                    1.2 * Math.exp(-0.2 * e) + 0.2, 0.88 - 0.55 * Math.exp(-0.3 * e), lr, 120, 30));
        }
        return h;
    }
}
