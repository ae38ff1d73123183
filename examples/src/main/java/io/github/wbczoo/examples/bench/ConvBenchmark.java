package io.github.wbczoo.examples.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.github.wbczoo.core.WbcBackend;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * How fast one 3x3, 64-to-64 convolution runs at 60x80 with batch 32, forward and as a training
 * step, with DL4J's layer helpers on and off in the same JVM, and their ratio. The training step
 * counts 3x the forward FLOPs (forward, input gradient, weight gradient).
 *
 * <p>Usage: {@code ConvBenchmark.Result r = ConvBenchmark.run(3, 10);}
 */
public final class ConvBenchmark {
    static final int BATCH = 32;
    static final int CHANNELS = 64;
    static final int HEIGHT = 60;
    static final int WIDTH = 80;

    private ConvBenchmark() {
    }

    /** GFLOPS of one path. */
    public record PathResult(@JsonProperty("forwardGflops") double forwardGflops,
                             @JsonProperty("trainGflops") double trainGflops,
                             @JsonProperty("forwardMs") double forwardMs,
                             @JsonProperty("trainStepMs") double trainStepMs) {
    }

    /** Both paths and the speed-up of the helpers. */
    public record Result(@JsonProperty("shape") String shape,
                         @JsonProperty("helpersOn") PathResult helpersOn,
                         @JsonProperty("helpersOff") PathResult helpersOff,
                         @JsonProperty("forwardRatio") double forwardRatio,
                         @JsonProperty("trainRatio") double trainRatio) {
    }

    /** FLOPs of one forward pass: 2 per multiply-add. */
    static double forwardFlops() {
        return 2.0 * BATCH * HEIGHT * WIDTH * CHANNELS * CHANNELS * 9;
    }

    public static Result run(int warmup, int runs) {
        WbcBackend.init();
        String before = System.getProperty(WbcBackend.HELPERS_DISABLE_PROPERTY);
        try {
            PathResult on = measure(false, warmup, runs);
            PathResult off = measure(true, warmup, Math.max(1, runs / 2));
            return new Result("3x3 conv " + CHANNELS + "->" + CHANNELS + " at " + WIDTH + "x" + HEIGHT + ", batch " + BATCH,
                    on, off, on.forwardGflops() / off.forwardGflops(), on.trainGflops() / off.trainGflops());
        } finally {
            System.setProperty(WbcBackend.HELPERS_DISABLE_PROPERTY, before == null ? "false" : before);
        }
    }

    private static PathResult measure(boolean disableHelpers, int warmup, int runs) {
        // DL4J reads the property when a layer is created, so each path gets its own network.
        System.setProperty(WbcBackend.HELPERS_DISABLE_PROPERTY, Boolean.toString(disableHelpers));
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1).updater(new Sgd(1e-6)).dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(CHANNELS).convolutionMode(ConvolutionMode.Same)
                        .dataFormat(CNN2DFormat.NCHW).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(HEIGHT, WIDTH, CHANNELS)).build());
        net.init();
        INDArray x = Nd4j.rand(DataType.FLOAT, BATCH, CHANNELS, HEIGHT, WIDTH);
        INDArray y = Nd4j.rand(DataType.FLOAT, BATCH, 1);
        double fwd = Timing.medianSeconds(warmup, runs, () -> net.output(x));
        double train = Timing.medianSeconds(warmup, runs, () -> net.fit(x, y));
        // The dense head is ~0.01% of the FLOPs; the conv dominates both timings.
        return new PathResult(forwardFlops() / fwd / 1e9, 3 * forwardFlops() / train / 1e9, fwd * 1e3, train * 1e3);
    }
}
