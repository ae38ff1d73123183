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
        int n = hwcImages.size();
        int per = config.valuesPerImage();
        float[] out = new float[n * per];
        for (int i = 0; i < n; i++) {
            writeImage(hwcImages.get(i), config, out, i * per);
        }
        return floatArray(out, config.batchShape(n));
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
        int h = config.height();
        int w = config.width();
        int c = config.channels();
        if (hwc.length != h * w * c) {
            throw new IllegalArgumentException("Image has " + hwc.length + " values but the model expects "
                    + h + "x" + w + "x" + c + " = " + (h * w * c) + "; resize it to " + config.sizeLabel() + " first");
        }
        Normalization norm = config.normalization();
        int plane = h * w;
        for (int ch = 0; ch < c; ch++) {
            int oc = norm.outputChannel(ch, c);
            if (config.layout() == ChannelLayout.NCHW) {
                norm.applyChannel(hwc, ch, c, out, offset + oc * plane, 1);
            } else {
                norm.applyChannel(hwc, ch, c, out, offset + oc, c);
            }
        }
    }
}
