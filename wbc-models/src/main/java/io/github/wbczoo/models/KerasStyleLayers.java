package io.github.wbczoo.models;

import io.github.wbczoo.core.layers.ActivatedBatchNormalization;
import io.github.wbczoo.core.layers.DnnlRelu;
import io.github.wbczoo.core.layers.IndexedMaxPooling;
import io.github.wbczoo.core.layers.ReusingConvolutionLayer;
import io.github.wbczoo.core.layers.ReusingDenseLayer;
import io.github.wbczoo.core.layers.ReusingDepthwiseConvolution2D;
import io.github.wbczoo.core.DataConfig;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * DL4J layer configurations with the defaults of the Keras layers the papers used, so a
 * Keras {@code Sequential} model translates line by line: glorot-uniform weights, zero biases,
 * Keras batch-norm momentum and epsilon, dropout given as the Keras drop rate. Every setting is
 * put on the layer itself (not only on the network defaults) so layers wrapped in a
 * {@code FrozenLayer} keep them too.
 *
 * <p>Usage: {@code list.layer(KerasStyleLayers.conv("block1_conv1", 64, 3, Activation.RELU))}
 */
final class KerasStyleLayers {
    /** Keras {@code BatchNormalization} defaults (DL4J's own are decay 0.9, eps 1e-5). */
    static final double KERAS_BN_MOMENTUM = 0.99;
    static final double KERAS_BN_EPSILON = 1e-3;

    private KerasStyleLayers() {
    }

    /**
     * A Keras-style {@code Sequential}: the seed, optimiser and floating-point type for every
     * layer, glorot-uniform weights and zero biases by default.
     */
    static NeuralNetConfiguration.ListBuilder sequential(long seed, IUpdater updater, DataType dataType) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0)
                .list();
    }

    /** Finishes a {@link #sequential} model for RGB input of the config's size (NCHW) and initialises its weights. */
    static MultiLayerNetwork init(NeuralNetConfiguration.ListBuilder layers, DataConfig input) {
        MultiLayerConfiguration conf = layers
                .setInputType(InputType.convolutional(input.height(), input.width(), input.channels()))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    /** {@code Conv2D(nOut, k, padding='same', activation=...)} with a bias. */
    static ConvolutionLayer conv(String name, int nOut, int kernel, Activation activation) {
        return ReusingConvolutionLayer.of(new ConvolutionLayer.Builder(kernel, kernel)
                .name(name)
                .nOut(nOut)
                .stride(1, 1)
                .convolutionMode(ConvolutionMode.Same)
                .activation(activation)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0)
                .hasBias(true)
                .build());
    }

    /**
     * {@code SeparableConv2D(nOut, k, padding='same')}: a depthwise k x k convolution without bias,
     * then a pointwise 1x1 convolution with bias, no activation (batch norm and ReLU follow).
     */
    /**
     * The depthwise half of Keras' {@code SeparableConv2D}: a k x k kernel per input channel, no
     * bias. Paired with {@link #pointwiseConv}, this is the same maths and parameter count as DL4J's
     * {@code SeparableConvolution2D}, which measured 10-20x slower end to end (bench/NOTES.md).
     */
    static DepthwiseConvolution2D depthwiseConv(String name, int kernel) {
        return ReusingDepthwiseConvolution2D.of(new DepthwiseConvolution2D.Builder(kernel, kernel)
                .name(name)
                .depthMultiplier(1)
                .stride(1, 1)
                .convolutionMode(ConvolutionMode.Same)
                .activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .hasBias(false)
                .build());
    }

    /** The pointwise half of {@code SeparableConv2D}: a 1x1 convolution with bias, glorot-uniform as in Keras. */
    static ConvolutionLayer pointwiseConv(String name, int nOut) {
        return ReusingConvolutionLayer.of(new ConvolutionLayer.Builder(1, 1)
                .name(name)
                .nOut(nOut)
                .stride(1, 1)
                .convolutionMode(ConvolutionMode.Same)
                .activation(Activation.IDENTITY)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0)
                .hasBias(true)
                .build());
    }

    /** {@code MaxPooling2D(2)}: Keras' default padding is 'valid' (floor), DL4J's Truncate. */
    static SubsamplingLayer maxPool2x2Valid(String name) {
        return maxPool(name, ConvolutionMode.Truncate);
    }

    /** {@code MaxPooling2D(2, padding='same')}: odd sizes round up. */
    static SubsamplingLayer maxPool2x2Same(String name) {
        return maxPool(name, ConvolutionMode.Same);
    }

    private static SubsamplingLayer maxPool(String name, ConvolutionMode mode) {
        return IndexedMaxPooling.of(new SubsamplingLayer.Builder(PoolingType.MAX)
                .name(name)
                .kernelSize(2, 2)
                .stride(2, 2)
                .convolutionMode(mode)
                .build());
    }

    /** {@code GlobalAveragePooling2D()}. */
    static GlobalPoolingLayer globalAveragePool(String name) {
        return new GlobalPoolingLayer.Builder(PoolingType.AVG).name(name).build();
    }

    /** {@code BatchNormalization()} with Keras' momentum 0.99 and epsilon 1e-3; gamma 1, beta 0 (computed through oneDNN directly). */
    static BatchNormalization batchNorm(String name) {
        return ActivatedBatchNormalization.of(new BatchNormalization.Builder()
                .name(name)
                .decay(KERAS_BN_MOMENTUM)
                .eps(KERAS_BN_EPSILON)
                .build());
    }

    /** {@code Activation(...)} as its own layer, e.g. the ReLU after a batch norm (a ReLU's gradient through oneDNN, {@link DnnlRelu}). */
    static ActivationLayer activation(String name, Activation activation) {
        ActivationLayer.Builder b = new ActivationLayer.Builder().name(name);
        return (activation == Activation.RELU ? b.activation(new DnnlRelu()) : b.activation(activation)).build();
    }

    /** {@code Dense(n, activation=...)}. */
    static DenseLayer dense(String name, int nOut, Activation activation) {
        return ReusingDenseLayer.of(new DenseLayer.Builder()
                .name(name)
                .nOut(nOut)
                .activation(activation)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0)
                .hasBias(true)
                .build());
    }

    /**
     * {@code Dropout(rate)}: Keras takes the fraction to drop; DL4J's {@link Dropout} takes the
     * probability to keep, so the two are easy to confuse.
     */
    static DropoutLayer dropout(String name, double rate) {
        if (!(rate > 0 && rate < 1)) {
            throw new IllegalArgumentException("Dropout rate must be in (0, 1), got " + rate);
        }
        return new DropoutLayer.Builder(new Dropout(1.0 - rate)).name(name).build();
    }

    /**
     * The 4-class output: {@code Dense(4)} whose activation is softmax, so the network's output is
     * always class probabilities. The loss decides how training sees it (see {@link UnetEncoder.Loss}).
     */
    static OutputLayer softmaxOutput(String name, int nOut, ILossFunction loss) {
        return new OutputLayer.Builder(loss)
                .name(name)
                .nOut(nOut)
                .activation(Activation.SOFTMAX)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0)
                .hasBias(true)
                .build();
    }
}
