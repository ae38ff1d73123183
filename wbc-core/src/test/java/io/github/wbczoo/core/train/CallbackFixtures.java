package io.github.wbczoo.core.train;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;
import io.github.wbczoo.core.EpochRecord;
import io.github.wbczoo.core.Normalization;
import io.github.wbczoo.core.WbcModel;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Drives callbacks epoch by epoch with chosen metric values, without real training. */
final class CallbackFixtures {
    private CallbackFixtures() {
    }

    static WbcModel model(double lr) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).updater(new Adam(lr)).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(3)).build());
        net.init();
        return WbcModel.of("fixture", net, new DataConfig(1, 1, 3, ChannelLayout.FLAT, Normalization.raw()));
    }

    static TrainingContext context(WbcModel model, int epochs) {
        return new TrainingContext(model, epochs);
    }

    /** An epoch whose validation loss and accuracy are given; the rest does not matter here. */
    static EpochRecord epoch(int n, double valLoss, double valAccuracy) {
        return new EpochRecord(n, 1.0, 0.5, valLoss, valAccuracy, 0.1, 100, 1);
    }
}
