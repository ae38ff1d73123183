package io.github.wbczoo.models;

import io.github.wbczoo.core.layers.ActivatedBatchNormalization;
import io.github.wbczoo.core.layers.DnnlRelu;
import io.github.wbczoo.core.layers.IndexedMaxPooling;
import io.github.wbczoo.core.layers.ReusingConvolutionLayer;
import io.github.wbczoo.core.layers.ReusingDenseLayer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Layer recipes in PyTorch/Keras terms, so the family builders read like the papers' code:
 * a PyTorch {@code Conv2d(k, stride, padding)} is {@link #conv}, a Keras {@code padding='same'}
 * convolution is {@link #sameConv}, and so on. Input sizes ({@code nIn}) are left to DL4J's
 * input-type inference.
 *
 * <p>Usage: {@code graph.addLayer("stage1_conv", Layers.conv(16, 3, 3, 2, 1, 1, Activation.RELU, PyTorchInit.DEFAULT, true), "input")}
 */
final class Layers {
    private Layers() {
    }

    /**
     * PyTorch {@code Conv2d}: explicit zero padding, output size floor((in + 2p - k) / s) + 1.
     */
    static ConvolutionLayer conv(int nOut, int kernelH, int kernelW, int stride, int padH, int padW,
                                 Activation activation, IWeightInit init, boolean bias) {
        return ReusingConvolutionLayer.of(new ConvolutionLayer.Builder(kernelH, kernelW)
                .stride(stride, stride)
                .padding(padH, padW)
                .convolutionMode(ConvolutionMode.Truncate)
                .nOut(nOut)
                .hasBias(bias)
                .activation(activation)
                .weightInit(init)
                .build());
    }

    /** Keras {@code Conv2D(padding='same')} with stride 1: the output keeps the input's size. */
    static ConvolutionLayer sameConv(int nOut, int kernelH, int kernelW, Activation activation, IWeightInit init) {
        return ReusingConvolutionLayer.of(new ConvolutionLayer.Builder(kernelH, kernelW)
                .stride(1, 1)
                .convolutionMode(ConvolutionMode.Same)
                .nOut(nOut)
                .activation(activation)
                .weightInit(init)
                .build());
    }

    /**
     * Batch norm with PyTorch's defaults (eps 1e-5, momentum 0.1 = DL4J decay 0.9, gamma 1, beta 0), then an
     * activation. DL4J's own batch norm ignores its activation; {@link ActivatedBatchNormalization}
     * applies it, and computes through oneDNN directly.
     */
    static BatchNormalization batchNorm(Activation activation) {
        BatchNormalization bn = new BatchNormalization.Builder()
                .eps(1e-5)
                .decay(0.9)
                .activation(activation)
                .build();
        return ActivatedBatchNormalization.of(bn);
    }

    /** PyTorch {@code MaxPool2d(k, stride, padding)}, floor mode. */
    static SubsamplingLayer maxPool(int kernel, int stride, int padding) {
        return IndexedMaxPooling.of(new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(kernel, kernel)
                .stride(stride, stride)
                .padding(padding, padding)
                .convolutionMode(ConvolutionMode.Truncate)
                .build());
    }

    /** Keras {@code MaxPooling2D(pool_size=k, strides=1, padding='same')}: the output keeps the input's size. */
    static SubsamplingLayer maxPoolStride1Same(int kernel) {
        return IndexedMaxPooling.of(new SubsamplingLayer.Builder(PoolingType.MAX)
                .kernelSize(kernel, kernel)
                .stride(1, 1)
                .convolutionMode(ConvolutionMode.Same)
                .build());
    }

    /** A ReLU layer of its own (after an addition); its gradient is one oneDNN pass ({@link DnnlRelu}). */
    static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(new DnnlRelu()).build();
    }

    /** A fully connected layer. */
    static DenseLayer dense(int nOut, Activation activation, IWeightInit init) {
        return ReusingDenseLayer.of(new DenseLayer.Builder().nOut(nOut).activation(activation).weightInit(init).build());
    }

    /**
     * Dropout of a fraction {@code rate} of the activations (PyTorch's and Keras' meaning; DL4J's
     * {@link Dropout} takes the retain probability, hence 1 - rate).
     */
    static DropoutLayer dropout(double rate) {
        return new DropoutLayer.Builder(new Dropout(1.0 - rate)).build();
    }

    /** The 4-class softmax layer trained with cross-entropy (PyTorch {@code CrossEntropyLoss} on logits, Keras {@code categorical_crossentropy}). */
    static OutputLayer softmaxHead(int classes, IWeightInit init) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes)
                .activation(Activation.SOFTMAX)
                .weightInit(init)
                .build();
    }
}
