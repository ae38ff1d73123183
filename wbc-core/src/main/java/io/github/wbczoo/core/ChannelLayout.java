package io.github.wbczoo.core;

/**
 * How an image batch is laid out as an array.
 *
 * <p>Usage: {@code new DataConfig(60, 80, 3, ChannelLayout.NCHW, Normalization.divideBy255())}
 */
public enum ChannelLayout {
    /** [batch, channels, height, width]: DL4J's default for convolutional layers. */
    NCHW,
    /** [batch, height, width, channels]: the Keras/TensorFlow order. */
    NHWC,
    /** [batch, height * width * channels], pixels row by row, channels innermost: for dense networks. */
    FLAT
}
