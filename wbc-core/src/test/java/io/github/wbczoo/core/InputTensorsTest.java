package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Pixel values after each normalisation, against values worked out by hand. */
class InputTensorsTest {
    /** One 1x2 image: pixel 0 = (10, 20, 30), pixel 1 = (200, 100, 50). */
    private static final float[] IMAGE = {10, 20, 30, 200, 100, 50};

    private static INDArray encode(Normalization n, ChannelLayout layout) {
        return InputTensors.batch(List.of(IMAGE), new DataConfig(1, 2, 3, layout, n));
    }

    @Test
    void rawKeepsValues() {
        INDArray x = encode(Normalization.raw(), ChannelLayout.NHWC);
        assertThat(x.shape()).containsExactly(1, 1, 2, 3);
        assertThat(x.getFloat(0, 0, 1, 0)).isEqualTo(200f);
    }

    @Test
    void divideBy255InNchw() {
        INDArray x = encode(Normalization.divideBy255(), ChannelLayout.NCHW);
        assertThat(x.shape()).containsExactly(1, 3, 1, 2);
        assertThat(x.getFloat(0, 0, 0, 1)).isCloseTo(200f / 255f, within(1e-7f)); // red of pixel 1
        assertThat(x.getFloat(0, 2, 0, 0)).isCloseTo(30f / 255f, within(1e-7f)); // blue of pixel 0
    }

    @Test
    void zScoreUsesPerChannelStatistics() {
        Normalization z = Normalization.zScore(new float[] {100, 50, 40}, new float[] {50, 25, 10});
        INDArray x = encode(z, ChannelLayout.NCHW);
        assertThat(x.getFloat(0, 0, 0, 0)).isCloseTo(-1.8f, within(1e-6f)); // (10 - 100) / 50
        assertThat(x.getFloat(0, 1, 0, 1)).isCloseTo(2.0f, within(1e-6f)); // (100 - 50) / 25
        assertThat(x.getFloat(0, 2, 0, 1)).isCloseTo(1.0f, within(1e-6f)); // (50 - 40) / 10
    }

    @Test
    void featurewiseCenterSubtractsMeanAfterScaling() {
        Normalization c = Normalization.featurewiseCenter().fitted(new float[] {51, 102, 25.5f}, new float[] {1, 1, 1});
        assertThat(c.mean()).containsExactly(0.2f, 0.4f, 0.1f);
        INDArray x = encode(c, ChannelLayout.FLAT);
        assertThat(x.shape()).containsExactly(1, 6);
        assertThat(x.getFloat(0, 3)).isCloseTo(200f / 255f - 0.2f, within(1e-6f));
        assertThat(x.getFloat(0, 5)).isCloseTo(50f / 255f - 0.1f, within(1e-6f));
    }

    @Test
    void imagenetSwapsToBgrAndSubtractsCaffeMeans() {
        INDArray x = encode(Normalization.imagenet(), ChannelLayout.NHWC);
        // channel 0 is now blue: 30 - 103.939; channel 2 is red: 10 - 123.68
        assertThat(x.getFloat(0, 0, 0, 0)).isCloseTo(30f - 103.939f, within(1e-4f));
        assertThat(x.getFloat(0, 0, 0, 1)).isCloseTo(20f - 116.779f, within(1e-4f));
        assertThat(x.getFloat(0, 0, 0, 2)).isCloseTo(10f - 123.68f, within(1e-4f));
    }

    @Test
    void flatLayoutIsRowMajorWithChannelsInnermost() {
        INDArray x = encode(Normalization.raw(), ChannelLayout.FLAT);
        assertThat(x.toFloatVector()).containsExactly(IMAGE);
    }

    @Test
    void unfittedStatisticsFailClearly() {
        assertThatThrownBy(() -> encode(Normalization.zScore(), ChannelLayout.NCHW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Z_SCORE normalisation has no statistics yet");
    }

    @Test
    void wrongImageSizeNamesBothSizes() {
        DataConfig c = new DataConfig(60, 80, 3, ChannelLayout.NCHW, Normalization.raw());
        assertThatThrownBy(() -> InputTensors.batch(List.of(IMAGE), c))
                .hasMessage("Image has 6 values but the model expects 60x80x3 = 14400; resize it to 80x60 first");
    }

    @Test
    void dataConfigSurvivesJson() throws JsonProcessingException {
        DataConfig c = new DataConfig(240, 320, 3, ChannelLayout.NHWC,
                Normalization.zScore(new float[] {1, 2, 3}, new float[] {4, 5, 6}));
        String json = Json.mapper().writeValueAsString(c);
        assertThat(Json.mapper().readValue(json, DataConfig.class)).isEqualTo(c);
    }

    @Test
    void badConfigsAreRejected() {
        assertThatThrownBy(() -> new DataConfig(0, 80, 3, ChannelLayout.NCHW, Normalization.raw()))
                .hasMessage("Input size must be positive, got height 0 x width 80");
        assertThatThrownBy(() -> Normalization.zScore(new float[] {1, 2, 3}, new float[] {1, 0, 1}))
                .hasMessage("Standard deviations must be positive, got [1.0, 0.0, 1.0]");
    }
}
