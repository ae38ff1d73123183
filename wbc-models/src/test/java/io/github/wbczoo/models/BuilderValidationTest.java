package io.github.wbczoo.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.ChannelLayout;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.AdaDelta;

/** {@code build()} fails early, naming the setting and what is allowed, instead of a DL4J error deep inside. */
class BuilderValidationTest {

    @Test
    void myCnnRejectsInputTooSmallForItsStridePyramid() {
        // 4 stages each halve twice: the last needs 3 px in, so 11, 43 and 171 going back
        assertThat(WbcModels.myCnn(MyCnn.V9).minimumInputSize()).isEqualTo(171);
        assertThat(WbcModels.myCnn(MyCnn.V0).minimumInputSize()).isEqualTo(43);
        assertThat(WbcModels.myCnn(MyCnn.V20).minimumInputSize()).isEqualTo(11);
        assertThatThrownBy(() -> WbcModels.myCnn(MyCnn.V9).inputSize(170, 320).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("myCnn.v9").hasMessageContaining("at least 171x171").hasMessageContaining("320x170");
        assertThat(WbcModels.myCnn(MyCnn.V9).inputSize(171, 171).build().trainableParams()).isEqualTo(753_780L);
    }

    @Test
    void unknownVariantsListTheValidOnes() {
        assertThatThrownBy(() -> WbcModels.myCnn().variant("v21"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v21").hasMessageContaining("v0, v1, v2").hasMessageContaining("v20");
        assertThatThrownBy(() -> WbcModels.autoencoder().variant("v4"))
                .hasMessageContaining("v1, original, v2, v3");
        assertThatThrownBy(() -> WbcModels.inceptionBottleneck(4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3, 5 or 7").hasMessageContaining("4");
    }

    @Test
    void dropoutMustBeARateAndOnlyForVariantsWithDropout() {
        assertThatThrownBy(() -> WbcModels.myCnn(MyCnn.V17).dropout(1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1)").hasMessageContaining("1.0");
        assertThatThrownBy(() -> WbcModels.myCnn(MyCnn.V17).dropout(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WbcModels.myCnn(MyCnn.V4).dropout(0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no dropout").hasMessageContaining("v17");
        assertThatThrownBy(() -> WbcModels.autoencoder().headDropout(1.5).inputSize(6, 8).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("headDropout");
        assertThatThrownBy(() -> new MyCnn.Variant("x", List.of(MyCnn.Stage.square(8, 2)), List.of(16), false, false, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resNetNeedsThirtyTwoPixels() {
        assertThatThrownBy(() -> WbcModels.resNet18().inputSize(31, 64).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32x32");
    }

    @Test
    void layoutsMustFitTheNetwork() {
        assertThatThrownBy(() -> WbcModels.autoencoder().layout(ChannelLayout.NCHW).inputSize(6, 8).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FLAT");
        assertThatThrownBy(() -> WbcModels.inceptionParaA().layout(ChannelLayout.FLAT).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NCHW");
        assertThatThrownBy(() -> WbcModels.myCnn().layout(ChannelLayout.NHWC).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NCHW");
    }

    @Test
    void recipeKnobsAreChecked() {
        assertThatThrownBy(() -> WbcModels.resNet18().batchSize(0).build()).hasMessageContaining("batchSize");
        assertThatThrownBy(() -> WbcModels.inceptionParaB().filters(0).build()).hasMessageContaining("filters");
        assertThatThrownBy(() -> WbcModels.inceptionParaB().learningRate(0.5))
                .as("Adadelta has no learning rate in DL4J").hasMessageContaining("AdaDelta");
        assertThatThrownBy(() -> WbcModels.myCnn().dataType(DataType.HALF)).hasMessageContaining("FLOAT or DOUBLE");
        assertThat(WbcModels.inceptionParaB().updater(new AdaDelta()).recipe().updater()).isEqualTo(new AdaDelta());
    }

    @Test
    void theAutoencoderRefusesSizesBeyondWhatAnArrayCanHold() {
        assertThatThrownBy(() -> WbcModels.autoencoder().inputSize(960, 1280).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("autoencoder.v1").hasMessageContaining("parameters").hasMessageContaining("inputSize");
    }

    @Test
    void aBuilderThatKeepsTheLastWeightsSaysSoInItsRecipe() {
        assertThat(WbcModels.create("myCnn.v9").recipe().bestWeightsMonitor()).isEqualTo("val_accuracy");
        assertThat(WbcModels.create("myCnn.v9").bestWeightsMonitor(null).recipe().bestWeightsMonitor())
                .as("no monitor: the last epoch's weights, not val_accuracy's best").isNull();
    }
}
