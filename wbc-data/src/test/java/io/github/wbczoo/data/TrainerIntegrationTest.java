package io.github.wbczoo.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wbczoo.core.Augmentation;
import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.DataRequest;
import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.SplitPolicy;
import io.github.wbczoo.core.TrainingData;
import io.github.wbczoo.core.TrainingHistory;
import io.github.wbczoo.core.WbcModel;
import io.github.wbczoo.core.train.ProgressReporter;
import io.github.wbczoo.core.train.Trainer;
import io.github.wbczoo.core.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The iterators feed the core Trainer: epochs, known sizes for the progress bar, fitted config. */
class TrainerIntegrationTest {

    @Test
    void trainsATinyNetworkForTwoEpochs(@TempDir Path tmp) {
        CellImageDataset data = TestDatasets.open(TestDatasets.synthetic(tmp, 4, TestDatasets::colour));
        DataConfig config = new DataConfig(TestDatasets.H, TestDatasets.W, 3, ChannelLayout.FLAT, Normalization.zScore());
        TrainingData d = data.trainingData(new DataRequest(config, SplitPolicy.validationFraction(0.5),
                Augmentation.kerasInception(), 4, 1, 0));
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(config.valuesPerImage())).build());
        net.init();
        WbcModel model = WbcModel.of("tiny", net, d.dataConfig());
        List<Long> expected = new ArrayList<>();
        long[] seen = new long[1];
        ProgressReporter progress = new ProgressReporter() {
            @Override
            public void epochStarted(int epoch, int epochs, long expectedImages) {
                expected.add(expectedImages);
            }

            @Override
            public void batchFinished(int images, double loss) {
                seen[0] += images;
            }

            @Override
            public void epochFinished(EpochRecord record, int epochs) {
            }
        };
        TrainingHistory h = Trainer.fit(model, d.train(), d.validation(),
                TrainingConfig.defaults().withEpochs(2).withProgress(progress));
        assertThat(h.epochs()).hasSize(2);
        assertThat(expected).containsExactly(8L, 8L);
        assertThat(seen[0]).isEqualTo(16);
        assertThat(((BccdIterator) d.train()).epoch()).isEqualTo(1);
        assertThat(h.last().valAccuracy()).isBetween(0.0, 1.0);
        assertThat(model.dataConfig().normalization().isFitted()).isTrue();
    }
}
