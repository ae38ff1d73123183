package io.github.wbczoo.eval;

import io.github.wbczoo.core.BccdClasses;
import io.github.wbczoo.core.CellClass;
import io.github.wbczoo.core.ClassSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.evaluation.EvaluationAveraging;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.classification.ROCMultiClass;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Our metrics against DL4J's own Evaluation and ROCMultiClass (exact mode) on random predictions,
 * and AUROC with tied scores against the Mann-Whitney statistic (DL4J gets ties wrong, see below).
 */
class Dl4jAgreementTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void countingMetricsMatchDl4jEvaluation(long seed) {
        Predictions p = Fixtures.random(600, seed, 0.8);
        Evaluation dl4j = new Evaluation(ClassSet.BCCD.size());
        dl4j.eval(oneHot(p), probabilities(p));
        ClassificationMetrics ours = ClassificationMetrics.of(ConfusionMatrix.of(p));

        assertThat(ours.accuracy()).isCloseTo(dl4j.accuracy(), within(1e-12));
        for (CellClass c : ClassSet.BCCD.classes()) {
            int i = c.index();
            assertThat(ours.of(c).precision()).as("precision %s", c).isCloseTo(dl4j.precision(i), within(1e-12));
            assertThat(ours.of(c).recall()).as("recall %s", c).isCloseTo(dl4j.recall(i), within(1e-12));
            assertThat(ours.of(c).f1()).as("f1 %s", c).isCloseTo(dl4j.f1(i), within(1e-12));
            assertThat(ours.of(c).support()).isEqualTo(dl4j.classCount(i));
            for (CellClass q : ClassSet.BCCD.classes()) {
                assertThat(ours.confusion().count(c, q)).isEqualTo(dl4j.getConfusionMatrix().getCount(i, q.index()));
            }
        }
        assertThat(ours.macro().precision()).isCloseTo(dl4j.precision(EvaluationAveraging.Macro), within(1e-12));
        assertThat(ours.macro().recall()).isCloseTo(dl4j.recall(EvaluationAveraging.Macro), within(1e-12));
        assertThat(ours.macro().f1()).isCloseTo(dl4j.f1(EvaluationAveraging.Macro), within(1e-12));
        assertThat(ours.balancedAccuracy()).isCloseTo(dl4j.recall(EvaluationAveraging.Macro), within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void aurocMatchesDl4jExactRoc(long seed) {
        Predictions p = Fixtures.random(500, seed, 0.7);
        assertAurocMatchesDl4j(p);
    }

    @ParameterizedTest
    @ValueSource(longs = {6, 7})
    void withManyTiedScoresAurocIsTheMannWhitneyStatistic(long seed) {
        // every row is one of six templates, so each class's scores take only a few distinct values
        double[][] templates = {
            {0.7, 0.1, 0.1, 0.1}, {0.1, 0.7, 0.1, 0.1}, {0.1, 0.1, 0.7, 0.1}, {0.1, 0.1, 0.1, 0.7},
            {0.4, 0.4, 0.1, 0.1}, {0.25, 0.25, 0.25, 0.25}};
        java.util.Random r = new java.util.Random(seed);
        int n = 300;
        int[] truth = new int[n];
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            truth[i] = r.nextInt(ClassSet.BCCD.size());
            rows[i] = templates[r.nextDouble() < 0.5 ? truth[i] : r.nextInt(templates.length)];
        }
        Predictions p = Predictions.of(truth, rows);
        RocAnalysis ours = RocAnalysis.of(p);
        for (CellClass c : ClassSet.BCCD.classes()) {
            assertThat(ours.of(c).auc()).as("AUROC %s", c).isCloseTo(mannWhitney(p, c), within(1e-12));
        }
    }

    /**
     * Why ties are not checked against DL4J: its exact ROC (M2.1) orders tied scores by input order,
     * so two images with the same score give AUROC 1 or 0 depending on which comes first; the
     * right answer (and scikit-learn's) is 0.5.
     */
    @Test
    void dl4jExactRocDependsOnTheOrderOfTiedScoresAndOursDoesNot() {
        org.nd4j.evaluation.classification.ROC positiveFirst = new org.nd4j.evaluation.classification.ROC(0);
        positiveFirst.eval(Nd4j.createFromArray(1.0, 0.0).reshape(2, 1), Nd4j.createFromArray(0.5, 0.5).reshape(2, 1));
        org.nd4j.evaluation.classification.ROC negativeFirst = new org.nd4j.evaluation.classification.ROC(0);
        negativeFirst.eval(Nd4j.createFromArray(0.0, 1.0).reshape(2, 1), Nd4j.createFromArray(0.5, 0.5).reshape(2, 1));
        assertThat(positiveFirst.calculateAUC()).isNotEqualTo(negativeFirst.calculateAUC());

        assertThat(RocCurve.of(BccdClasses.EOSINOPHIL, new double[] {0.5, 0.5}, new boolean[] {true, false}).auc()).isEqualTo(0.5);
        assertThat(RocCurve.of(BccdClasses.EOSINOPHIL, new double[] {0.5, 0.5}, new boolean[] {false, true}).auc()).isEqualTo(0.5);
    }

    /** P(score of a random positive > score of a random negative) + P(equal) / 2, by counting all pairs. */
    private static double mannWhitney(Predictions p, CellClass c) {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < p.size(); i++) {
            for (int j = 0; j < p.size(); j++) {
                if (p.trueClass(i).equals(c) && !p.trueClass(j).equals(c)) {
                    double a = p.probability(i, c);
                    double b = p.probability(j, c);
                    wins += a > b ? 1 : a == b ? 0.5 : 0;
                    pairs++;
                }
            }
        }
        return wins / pairs;
    }

    private static void assertAurocMatchesDl4j(Predictions p) {
        ROCMultiClass dl4j = new ROCMultiClass(0);
        dl4j.eval(oneHot(p), probabilities(p));
        RocAnalysis ours = RocAnalysis.of(p);
        for (CellClass c : ClassSet.BCCD.classes()) {
            assertThat(ours.of(c).auc()).as("AUROC %s", c).isCloseTo(dl4j.calculateAUC(c.index()), within(1e-9));
        }
        assertThat(ours.macroAuc()).isCloseTo(dl4j.calculateAverageAUC(), within(1e-9));
    }

    static INDArray oneHot(Predictions p) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, p.size(), ClassSet.BCCD.size());
        for (int i = 0; i < p.size(); i++) {
            labels.putScalar(i, p.trueClass(i).index(), 1.0);
        }
        return labels;
    }

    static INDArray probabilities(Predictions p) {
        double[][] rows = new double[p.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = p.probabilities(i);
        }
        return Nd4j.createFromArray(rows);
    }
}
