package io.github.wbczoo.core;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns resized RGB pixels into a network input batch: applies the config's normalisation and
 * lays the values out as the config says. The one place where pixels become inputs, used by the
 * data pipeline for training and by {@link WbcModel#predict} for new images, so the two can
 * never disagree.
 *
 * <p>Usage: {@code INDArray x = InputTensors.batch(List.of(ImageResizer.resizeRgb(img, 60, 80)), config);}
 */
public final class InputTensors {
    private InputTensors() {
    }

    /**
     * A float batch from images given as HWC 0-255 arrays already at the config's size.
     *
     * @throws IllegalArgumentException if an image has the wrong number of values
     */
    public static INDArray batch(List<float[]> hwcImages, DataConfig config) {
        InputBatch batch = new InputBatch(config, hwcImages.size());
        for (int i = 0; i < hwcImages.size(); i++) {
            batch.put(i, hwcImages.get(i));
        }
        return batch.array();
    }

    /**
     * A float array of this shape (C order) holding {@code values}, copied in one bulk copy:
     * {@code Nd4j.create(float[], ...)} copies value by value, which cost as much CPU as the
     * normalisation itself on BCCD-sized batches (profiled in {@code ./wbc evaluate}).
     */
    public static INDArray floatArray(float[] values, long[] shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
        if (a.length() != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + java.util.Arrays.toString(shape));
        }
        a.data().asNioFloat().put(values);
        return a;
    }

    /** Normalises one HWC 0-255 image into {@code out} at {@code offset}, in the config's layout. */
    public static void writeImage(float[] hwc, DataConfig config, float[] out, int offset) {
        checkSize(hwc.length, config);
        Normalization norm = config.normalization();
        forEachChannel(config, offset, (ch, start, stride) -> norm.applyChannel(hwc, ch, config.channels(), out, start, stride));
    }

    /** As {@link #writeImage(float[], DataConfig, float[], int)} for unsigned HWC bytes (the data cache's form); the same values. */
    public static void writeImage(byte[] hwc, DataConfig config, float[] out, int offset) {
        writeImage(hwc, config, java.nio.FloatBuffer.wrap(out), offset);
    }

    /** As {@link #writeImage(byte[], DataConfig, float[], int)} into a buffer (absolute writes: its position is not used). */
    public static void writeImage(byte[] hwc, DataConfig config, java.nio.FloatBuffer out, int offset) {
        checkSize(hwc.length, config);
        Normalization norm = config.normalization();
        forEachChannel(config, offset, (ch, start, stride) -> norm.applyChannel(hwc, ch, config.channels(), out, start, stride));
    }

    /** Where one input channel's values go: the first at {@code start}, then one every {@code stride}. */
    private interface ChannelTarget {
        void write(int channel, int start, int stride);
    }

    /** Each input channel with its place in the config's layout (BGR order swaps them for ImageNet's). */
    private static void forEachChannel(DataConfig config, int offset, ChannelTarget target) {
        int c = config.channels();
        Normalization norm = config.normalization();
        for (int ch = 0; ch < c; ch++) {
            int oc = norm.outputChannel(ch, c);
            if (config.layout() == ChannelLayout.NCHW) {
                target.write(ch, offset + oc * config.height() * config.width(), 1);
            } else {
                target.write(ch, offset + oc, c);
            }
        }
    }

    private static void checkSize(int values, DataConfig config) {
        int h = config.height();
        int w = config.width();
        int c = config.channels();
        if (values != h * w * c) {
            throw new IllegalArgumentException("Image has " + values + " values but the model expects "
                    + h + "x" + w + "x" + c + " = " + (h * w * c) + "; resize it to " + config.sizeLabel() + " first");
        }
    }
}
