package io.github.wbczoo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Copies of one source cell are not independent images: with groups, intervals resample whole
 * groups. A hand-built sample of 40 cells with 10 identical copies each, 28 cells right: the
 * cluster bootstrap over its 400 images must equal the image bootstrap over one image per cell
 * (the same draws, computed without groups), sit where the binomial over 40 cells puts it, and be
 * far wider than the image bootstrap, which takes the 400 copies as 400 independent images.
 */
class ClusterBootstrapTest {
    static final int CELLS = 40;
    static final int COPIES = 10;
    static final int RIGHT = 28;

    /** Cell c's copies: true class c % 4; predicted right for the first 28 cells, else the next class. */
    static double[] row(int cell) {
        int truth = cell % 4;
        int answer = cell < RIGHT ? truth : (truth + 1) % 4;
        double[] p = {0.1, 0.1, 0.1, 0.1};
        p[answer] = 0.7;
        return p;
    }

    static Predictions clustered() {
        int n = CELLS * COPIES;
        int[] truth = new int[n];
        double[][] probs = new double[n][];
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int cell = i % CELLS; // copies interleaved, as a shuffled split would hold them
            truth[i] = cell % 4;
            probs[i] = row(cell);
            groups.add("cell-" + cell);
        }
        return Predictions.of(truth, probs).withGroups(groups);
    }

    static Predictions onePerCell() {
        int[] truth = new int[CELLS];
        double[][] probs = new double[CELLS][];
        for (int c = 0; c < CELLS; c++) {
            truth[c] = c % 4;
            probs[c] = row(c);
        }
        return Predictions.of(truth, probs);
    }

    @Test
    void theClusterIntervalIsTheOneOfTheCellsAndTheImageIntervalIsNarrower() {
        BootstrapIntervals cluster = BootstrapIntervals.of(clustered(), 2000, 7L, 0.95);
        BootstrapIntervals cells = BootstrapIntervals.of(onePerCell(), 2000, 7L, 0.95);

        assertThat(cluster.clustered()).isTrue();
        assertThat(cluster.groups()).isEqualTo(CELLS);
        // the same seed draws the same cells: identical resampled accuracies, so identical intervals
        assertThat(cluster.accuracy().lower()).isEqualTo(cells.accuracy().lower());
        assertThat(cluster.accuracy().upper()).isEqualTo(cells.accuracy().upper());
        // and where the binomial over 40 cells puts it: 0.7 +- 1.96 * sqrt(0.7 * 0.3 / 40) = 0.558 .. 0.842
        assertThat(cluster.accuracy().lower()).isCloseTo(0.558, offset(0.03));
        assertThat(cluster.accuracy().upper()).isCloseTo(0.842, offset(0.03));
        // 400 images taken as independent: 0.7 +- 1.96 * sqrt(0.21 / 400) = 0.655 .. 0.745, a third as wide
        assertThat(cluster.accuracyImages().lower()).isCloseTo(0.655, offset(0.015));
        assertThat(cluster.accuracyImages().upper()).isCloseTo(0.745, offset(0.015));
        assertThat(cluster.accuracyImages().width()).isLessThan(cluster.accuracy().width() / 2);
        // balanced accuracy and macro AUROC come from the same cell draws: the one-per-cell sample's intervals again
        assertThat(cluster.balancedAccuracy().lower()).isEqualTo(cells.balancedAccuracy().lower());
        assertThat(cluster.balancedAccuracy().upper()).isEqualTo(cells.balancedAccuracy().upper());
        assertThat(cluster.macroAuc().lower()).isCloseTo(cells.macroAuc().lower(), offset(1e-12));
        assertThat(cluster.macroAuc().upper()).isCloseTo(cells.macroAuc().upper(), offset(1e-12));
        assertThat(cluster.macroAuc().lower()).isLessThan(cluster.macroAuc().upper());
        for (io.github.wbczoo.core.CellClass c : io.github.wbczoo.core.ClassSet.BCCD.classes()) {
            assertThat(cluster.precision(c).lower()).as("precision %s", c).isEqualTo(cells.precision(c).lower());
            assertThat(cluster.f1(c).upper()).as("F1 %s", c).isEqualTo(cells.f1(c).upper());
        }
    }

    @Test
    void theSplitReportsImagesCellsAndTheCellView() {
        SplitEvaluation s = new Evaluator(EvaluationSettings.defaults().withResamples(500)).evaluate("TEST", clustered());
        assertThat(s.n()).isEqualTo(400);
        assertThat(s.cellsKnown()).isTrue();
        assertThat(s.cells()).isEqualTo(CELLS);
        assertThat(s.cellAccuracy()).isCloseTo(RIGHT / (double) CELLS, offset(1e-12));
        String json = EvaluationReport.builder("tiny").split(s).build().toJson();
        assertThat(json).contains("\"cells\" : 40").contains("\"accuracyCiImages\"").contains("\"resampled\" : \"cells\"");
        assertThat(EvaluationReport.builder("tiny").split(s).build().toMarkdown())
                .contains("## TEST (400 images / 40 cells)").contains("Intervals resample the 40 source cells");

        // two splits with cells in common (as TEST and TEST_SIMPLE are): the comparison says so
        SplitEvaluation simple = new Evaluator(EvaluationSettings.defaults().withResamples(500)).evaluate("TEST_SIMPLE",
                onePerCell().withGroups(java.util.stream.IntStream.range(0, CELLS).mapToObj(c -> "cell-" + c).toList()));
        SplitComparison c = SplitComparison.of(s, simple);
        assertThat(c.sharedCells()).isEqualTo(CELLS);
        assertThat(c.summary()).contains("The two splits share 40 source cells (TEST has 40, TEST_SIMPLE 40): this compares"
                + " copies of the same cells, not two independent test populations.");

        SplitEvaluation plain = new Evaluator(EvaluationSettings.defaults().withResamples(500)).evaluate("TEST", onePerCell());
        assertThat(plain.cellsKnown()).isFalse();
        assertThat(plain.cellAccuracy()).isNull();
        assertThat(plain.bootstrap().accuracyImages()).isEqualTo(plain.bootstrap().accuracy());
    }
}
