package io.github.wbczoo.data;

import io.github.wbczoo.core.CellClass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.DataRequest;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.TrainingData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Every normalisation and layout against values worked out by hand on synthetic solid-colour
 * PNGs (kept at their own 8x6 size, so no resampling blurs the arithmetic), and z-score
 * statistics fitted on the training part only.
 */
class NormalizationPipelineTest {
    @TempDir
    static Path tmp;
    private static CellImageDataset data;

    /** TEST_SIMPLE / EOSINOPHIL / image 0 has this colour. */
    private static final int R = 10;
    private static final int G = 160;
    private static final int B = 200;

    /** Green varies with the image index and the split, so training-only statistics are distinguishable. */
    static int[] colour(Split split, CellClass c, int index) {
        return new int[] {10 + 60 * c.index() + 20 * index, 20 + 70 * Split.bccd().indexOf(split) + 10 * index, 200 - 7 * index};
    }

    @BeforeAll
    static void write() {
        data = TestDatasets.open(TestDatasets.synthetic(tmp, 4, NormalizationPipelineTest::colour));
    }

    private static float[] firstPixel(Normalization n, ChannelLayout layout) {
        DataConfig config = new DataConfig(TestDatasets.H, TestDatasets.W, 3, layout, n);
        DataSet batch = data.iterator(Split.TEST_SIMPLE, config, 4).next();
        assertThat(batch.getExampleMetaData(LabeledImage.class).get(0).relativeName())
                .isEqualTo("TEST_SIMPLE/EOSINOPHIL/_0_000.png");
        INDArray x = batch.getFeatures();
        int y = 5;
        int col = 7; // the last pixel, to check the layout arithmetic
        return switch (layout) {
            case NCHW -> new float[] {x.getFloat(0, 0, y, col), x.getFloat(0, 1, y, col), x.getFloat(0, 2, y, col)};
            case NHWC -> new float[] {x.getFloat(0, y, col, 0), x.getFloat(0, y, col, 1), x.getFloat(0, y, col, 2)};
            case FLAT -> {
                int at = (y * TestDatasets.W + col) * 3;
                yield new float[] {x.getFloat(0, at), x.getFloat(0, at + 1), x.getFloat(0, at + 2)};
            }
        };
    }

    @Test
    void rawKeepsPixelValues() {
        assertThat(firstPixel(Normalization.raw(), ChannelLayout.NCHW)).containsExactly(10f, 160f, 200f);
    }

    @Test
    void divideBy255InEveryLayout() {
        float[] expected = {10f / 255f, 160f / 255f, 200f / 255f};
        for (ChannelLayout layout : ChannelLayout.values()) {
            assertThat(firstPixel(Normalization.divideBy255(), layout)).as("%s", layout).containsExactly(expected);
        }
    }

    @Test
    void zScoreWithGivenStatistics() {
        float[] v = firstPixel(Normalization.zScore(new float[] {100, 110, 120}, new float[] {50, 60, 70}), ChannelLayout.NHWC);
        assertThat(v[0]).isCloseTo(-1.8f, within(1e-6f));          // (10 - 100) / 50
        assertThat(v[1]).isCloseTo(0.833333f, within(1e-6f));      // (160 - 110) / 60
        assertThat(v[2]).isCloseTo(1.142857f, within(1e-6f));      // (200 - 120) / 70
    }

    @Test
    void featurewiseCenterSubtractsTheMeanAfterScaling() {
        float[] v = firstPixel(Normalization.featurewiseCenter(new float[] {0.1f, 0.2f, 0.3f}), ChannelLayout.FLAT);
        assertThat(v[0]).isCloseTo(-0.0607843f, within(1e-6f));    // 10/255 - 0.1
        assertThat(v[1]).isCloseTo(0.4274510f, within(1e-6f));     // 160/255 - 0.2
        assertThat(v[2]).isCloseTo(0.4843137f, within(1e-6f));     // 200/255 - 0.3
    }

    @Test
    void imagenetSwapsToBgrAndSubtractsTheCaffeMeans() {
        float[] v = firstPixel(Normalization.imagenet(), ChannelLayout.NCHW);
        assertThat(v[0]).isCloseTo(B - 103.939f, within(1e-4f));
        assertThat(v[1]).isCloseTo(G - 116.779f, within(1e-4f));
        assertThat(v[2]).isCloseTo(R - 123.68f, within(1e-4f));
    }

    @Test
    void zScoreStatisticsComeFromTheTrainingPartOnlyAndAreComputedOnce() {
        DataConfig unfitted = DataConfig.rgb(TestDatasets.H, TestDatasets.W, Normalization.zScore());
        DataRequest request = new DataRequest(unfitted, SplitPolicy.validationFraction(0.5), Augmentation.NONE, 4, 9, 0);
        // Its own dataset, so no other test's prefetching changes the decode count below.
        CellImageDataset data = TestDatasets.open(tmp);
        TrainingData d = data.trainingData(request);
        SplitPlan plan = data.splits(SplitPolicy.validationFraction(0.5), 9);
        // By hand: every pixel of a solid image has its colour, so the statistics are those of the colours.
        double[] sum = new double[3];
        double[] sumSq = new double[3];
        for (LabeledImage i : plan.train()) {
            int index = Integer.parseInt(i.file().getFileName().toString().substring(3, 6));
            int[] rgb = colour(i.folder(), i.label(), index);
            for (int c = 0; c < 3; c++) {
                sum[c] += rgb[c];
                sumSq[c] += (double) rgb[c] * rgb[c];
            }
        }
        int n = plan.train().size();
        assertThat(n).isEqualTo(8);
        float[] mean = d.dataConfig().normalization().mean();
        float[] std = d.dataConfig().normalization().std();
        for (int c = 0; c < 3; c++) {
            double m = sum[c] / n;
            assertThat((double) mean[c]).as("mean %d", c).isCloseTo(m, within(1e-4));
            assertThat((double) std[c]).as("std %d", c).isCloseTo(Math.sqrt(sumSq[c] / n - m * m), within(1e-3));
        }
        // Green of the training part is 20 or 30 (TRAIN, indices 0-3); TEST and TEST_SIMPLE (90+, 160+) are not in it.
        assertThat(mean[1]).isBetween(20f, 50f);
        // The batches use the fitted statistics.
        DataSet batch = d.validation().next();
        LabeledImage first = batch.getExampleMetaData(LabeledImage.class).get(0);
        int index = Integer.parseInt(first.file().getFileName().toString().substring(3, 6));
        int red = colour(first.folder(), first.label(), index)[0];
        assertThat(batch.getFeatures().getFloat(0, 0, 0, 0)).isCloseTo((red - mean[0]) / std[0], within(1e-5f));
        // Computed once: a second request decodes nothing and gets the same statistics.
        while (d.validation().hasNext()) {
            d.validation().next(); // let the prefetched batches finish
        }
        long decodes = data.decodes();
        assertThat(decodes).isEqualTo(16); // the 8 training images for the statistics, then the 8 of validation
        assertThat(data.trainingData(request).dataConfig()).isEqualTo(d.dataConfig());
        assertThat(data.decodes()).isEqualTo(decodes);
    }

    @Test
    void featurewiseCenterIsFittedFromTheSameStatistics() {
        DataConfig unfitted = DataConfig.rgb(TestDatasets.H, TestDatasets.W, Normalization.featurewiseCenter());
        TrainingData d = data.trainingData(new DataRequest(unfitted, SplitPolicy.validationFraction(0.5), Augmentation.NONE,
                4, 9, 0));
        float[][] stats = data.channelStatistics(data.splits(SplitPolicy.validationFraction(0.5), 9).train(),
                TestDatasets.H, TestDatasets.W);
        assertThat(d.dataConfig().normalization().mean()[2]).isCloseTo(stats[0][2] / 255f, within(1e-6f));
    }

    @Test
    void unfittedConfigsAreRejectedForEvaluation() {
        DataConfig unfitted = DataConfig.rgb(TestDatasets.H, TestDatasets.W, Normalization.zScore());
        assertThatThrownBy(() -> data.iterator(Split.TEST, unfitted, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The data config's Z_SCORE normalisation has no statistics yet: fit it on the"
                        + " training split first");
    }

    @Test
    void labelsAreOneHotInClassOrder() {
        DataConfig config = DataConfig.rgb(TestDatasets.H, TestDatasets.W, Normalization.raw());
        BccdIterator it = data.iterator(Split.TEST, config, 16);
        DataSet batch = it.next();
        List<LabeledImage> rows = batch.getExampleMetaData(LabeledImage.class);
        assertThat(rows).hasSize(16);
        for (int i = 0; i < rows.size(); i++) {
            float[] label = batch.getLabels().getRow(i).toFloatVector();
            float[] expected = new float[4];
            expected[rows.get(i).label().index()] = 1f;
            assertThat(label).containsExactly(expected);
        }
        assertThat(it.getLabels()).containsExactly("EOSINOPHIL", "LYMPHOCYTE", "MONOCYTE", "NEUTROPHIL");
        assertThat(it.hasNext()).isFalse();
    }
}
