package io.github.wbczoo.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.TinyModelsAccess;
import io.github.wbczoo.core.WbcModel;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Every option of {@link TrainingConfig} changes the run it says it changes. */
class TrainingConfigTest {
    private static final TrainingConfig QUIET = TrainingConfig.defaults().withProgress(ProgressReporter.silent());

    /** A network with dropout, so the seed of the training random numbers matters. */
    private static WbcModel withDropout() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Adam(1e-2)).list()
                .layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).dropOut(0.5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(12)).build());
        net.init();
        return WbcModel.of("dropout", net, new DataConfig(2, 2, 3, ChannelLayout.FLAT, Normalization.raw()));
    }

    private static WbcModel train(TrainingConfig config) {
        WbcModel m = withDropout();
        Trainer.fit(m, TinyModelsAccess.separable(8, 8, 1), TinyModelsAccess.separable(4, 16, 2), config);
        return m;
    }

    @Test
    void epochsIsTheEpochToReach() {
        assertThat(train(QUIET.withEpochs(3)).history().epochs()).extracting(EpochRecord::epoch).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> QUIET.withEpochs(0)).hasMessage("epochs must be positive, got 0");
    }

    @Test
    void theSeedDecidesTheDropoutMasks() {
        WbcModel a = train(QUIET.withEpochs(1).withSeed(5));
        WbcModel b = train(QUIET.withEpochs(1).withSeed(5));
        WbcModel c = train(QUIET.withEpochs(1).withSeed(6));
        assertThat(a.network().params()).isEqualTo(b.network().params());
        assertThat(a.network().params()).isNotEqualTo(c.network().params());
    }

    @Test
    void callbacksRunAfterEveryEpochInOrder() {
        List<String> calls = new ArrayList<>();
        TrainingCallback first = new TrainingCallback() {
            @Override
            public void onEpochEnd(EpochRecord epoch, TrainingContext context) {
                calls.add("first " + epoch.epoch());
            }
        };
        TrainingCallback second = new TrainingCallback() {
            @Override
            public void onEpochEnd(EpochRecord epoch, TrainingContext context) {
                calls.add("second " + epoch.epoch());
            }
        };
        train(QUIET.withEpochs(2).withCallbacks(List.of(first, second)));
        assertThat(calls).containsExactly("first 1", "second 1", "first 2", "second 2");
    }

    @Test
    void progressHearsEveryBatchAndEpoch() {
        List<String> heard = new ArrayList<>();
        ProgressReporter p = new ProgressReporter() {
            @Override
            public void batchFinished(int images, double loss) {
                heard.add("batch " + images);
            }

            @Override
            public void validationBatchFinished(int images) {
                heard.add("validation " + images);
            }

            @Override
            public void epochFinished(EpochRecord record, int epochs) {
                heard.add("epoch " + record.epoch() + "/" + epochs);
            }
        };
        train(QUIET.withEpochs(1).withProgress(p));
        // 32 training images in batches of 8, 16 validation images in one batch
        assertThat(heard).containsExactly("batch 8", "batch 8", "batch 8", "batch 8", "validation 16", "epoch 1/1");
    }

    @Test
    void trainingAccuracyIsMeasuredOnlyWhenAskedFor() {
        assertThat(train(QUIET.withEpochs(1).withTrainAccuracy(false)).history().last().trainAccuracy()).isNaN();
        assertThat(train(QUIET.withEpochs(1).withTrainAccuracy(true)).history().last().trainAccuracy()).isBetween(0.0, 1.0);
    }
}
