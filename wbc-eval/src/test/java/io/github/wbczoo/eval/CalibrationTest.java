package io.github.wbczoo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CalibrationTest {

    @Test
    void eceWeighsEachBinsGapByItsShareOfImages() {
        // confidences 0.95 (right), 0.95 (wrong), 0.55 (right), 0.40 (wrong; exactly on the edge of bin (1/3, 0.4])
        Predictions p = Predictions.of(new int[] {0, 1, 2, 1}, new double[][] {
            {0.95, 0.02, 0.02, 0.01},
            {0.95, 0.02, 0.02, 0.01},
            {0.15, 0.15, 0.55, 0.15},
            {0.40, 0.30, 0.20, 0.10}});
        Calibration c = Calibration.of(p, 15);
        assertThat(c.bins()).hasSize(15);
        ReliabilityBin top = c.bins().get(14);
        assertThat(top.count()).isEqualTo(2);
        assertThat(top.accuracy()).isEqualTo(0.5);
        assertThat(top.confidence()).isCloseTo(0.95, within(1e-12));
        assertThat(c.bins().get(8).count()).isEqualTo(1);   // (0.533, 0.6]
        assertThat(c.bins().get(5).count()).isEqualTo(1);   // (0.333, 0.4]: 0.4 * 15 rounds to 6.000000000000001
        assertThat(c.bins().get(6).count()).isZero();
        assertThat(c.bins().get(6).confidence()).isNull();
        // 2/4 * |0.5 - 0.95| + 1/4 * |1 - 0.55| + 1/4 * |0 - 0.40|
        assertThat(c.expectedCalibrationError()).isCloseTo(0.225 + 0.1125 + 0.1, within(1e-12));
        assertThat(c.maximumCalibrationError()).isCloseTo(0.45, within(1e-12));
    }

    @Test
    void binsAreHalfOpenOnTheLeft() {
        assertThat(Calibration.binOf(1.0, 15)).isEqualTo(14);
        assertThat(Calibration.binOf(14 / 15.0, 15)).isEqualTo(13);
        assertThat(Calibration.binOf(Math.nextUp(14 / 15.0), 15)).isEqualTo(14);
        assertThat(Calibration.binOf(0.0, 15)).isZero();
        for (int b = 1; b <= 15; b++) {
            double edge = (double) b / 15;
            assertThat(Calibration.binOf(edge, 15)).as("edge %d/15", b).isEqualTo(b - 1);
        }
    }

    @Test
    void perfectlyCalibratedPredictionsHaveZeroError() {
        // four images at confidence 0.75, three of them right
        double[] row = Fixtures.oneHotish(0, 0.75);
        Predictions p = Predictions.of(new int[] {0, 0, 0, 1}, new double[][] {row, row, row, row});
        assertThat(Calibration.of(p, 15).expectedCalibrationError()).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void rejectsZeroBins() {
        assertThatThrownBy(() -> Calibration.of(Fixtures.random(10, 1, 1), 0)).hasMessageContaining("at least one");
    }
}
