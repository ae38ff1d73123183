package io.github.wbczoo.core;

import java.util.Objects;

/**
 * What a model needs its input to look like: size, channel layout and normalisation. Every
 * {@link WbcModel} carries one and saves it in its model file, so preprocessing at prediction
 * time is always the preprocessing the model was trained with.
 *
 * <p>Usage: {@code DataConfig c = new DataConfig(60, 80, 3, ChannelLayout.NCHW, Normalization.divideBy255());}
 *
 * @param height        input height in pixels ("80x60" in the papers is width 80, height 60)
 * @param width         input width in pixels
 * @param channels      3 for RGB (the only colour mode BCCD has)
 * @param layout        how a batch is laid out for the network
 * @param normalization how 0-255 pixel values become inputs
 */
public record DataConfig(int height, int width, int channels, ChannelLayout layout, Normalization normalization) {

    public DataConfig {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("Input size must be positive, got height " + height + " x width " + width);
        }
        if (channels != 3) {
            throw new IllegalArgumentException("Only RGB input (3 channels) is supported, got " + channels);
        }
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(normalization, "normalization");
    }

    /** RGB input of the given size in DL4J's NCHW layout. */
    public static DataConfig rgb(int height, int width, Normalization normalization) {
        return new DataConfig(height, width, 3, ChannelLayout.NCHW, normalization);
    }

    public DataConfig withSize(int newHeight, int newWidth) {
        return new DataConfig(newHeight, newWidth, channels, layout, normalization);
    }

    public DataConfig withLayout(ChannelLayout newLayout) {
        return new DataConfig(height, width, channels, newLayout, normalization);
    }

    public DataConfig withNormalization(Normalization newNormalization) {
        return new DataConfig(height, width, channels, layout, newNormalization);
    }

    /** Values in one image: height x width x channels. */
    public int valuesPerImage() {
        return height * width * channels;
    }

    /** The shape of a batch of {@code batch} images in this config's layout. */
    public long[] batchShape(int batch) {
        return switch (layout) {
            case NCHW -> new long[] {batch, channels, height, width};
            case NHWC -> new long[] {batch, height, width, channels};
            case FLAT -> new long[] {batch, (long) valuesPerImage()};
        };
    }

    /** "80x60" style: width x height, as the papers write it. */
    public String sizeLabel() {
        return width + "x" + height;
    }
}
