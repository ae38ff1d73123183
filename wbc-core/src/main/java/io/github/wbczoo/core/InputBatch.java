package io.github.wbczoo.core;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network input batch filled image by image straight into ND4J's off-heap buffer. Each image is
 * normalised by {@link InputTensors#writeImage} (bytes straight into the buffer, floats into a
 * per-thread scratch array copied in with one bulk copy), so no batch-sized Java array is allocated,
 * zeroed and copied again: at 320x240 and
 * batch 32 that array is 29 MB, and building it cost a small network's evaluation about a fifth of
 * its time (bench/NOTES.md, section 17). Different images may be put from different threads.
 *
 * <p>Usage: {@code InputBatch b = new InputBatch(config, 2); b.put(0, hwc0); b.put(1, hwc1); INDArray x = b.array();}
 */
public final class InputBatch {
    private static final ThreadLocal<float[]> SCRATCH = new ThreadLocal<>();

    private final DataConfig config;
    private final int size;
    private final int perImage;
    private final INDArray array;
    private final FloatBuffer buffer;

    /**
     * An uninitialised batch of {@code size} images laid out as {@code config} says; put every
     * image before reading {@link #array()}.
     */
    public InputBatch(DataConfig config, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("A batch needs at least one image, got " + size);
        }
        this.config = config;
        this.size = size;
        this.perImage = config.valuesPerImage();
        this.array = Nd4j.createUninitialized(DataType.FLOAT, config.batchShape(size), 'c');
        this.buffer = array.data().asNioFloat();
    }

    /**
     * A batch written into {@code reused}, an earlier batch's array that nothing reads any more (what
     * {@link InputBatchPool} hands out): reusing memory spares ND4J's first touch of fresh memory.
     *
     * @throws IllegalArgumentException unless {@code reused} is a whole float array of shape {@link DataConfig#batchShape}
     */
    InputBatch(DataConfig config, INDArray reused) {
        long[] shape = config.batchShape((int) reused.size(0));
        if (reused.dataType() != DataType.FLOAT || reused.isView() || reused.ordering() != 'c'
                || !java.util.Arrays.equals(reused.shape(), shape) || reused.data().length() != reused.length()) {
            throw new IllegalArgumentException("Cannot reuse a " + reused.dataType() + " array of shape "
                    + java.util.Arrays.toString(reused.shape()) + " for a batch of shape " + java.util.Arrays.toString(shape)
                    + ": it must be a whole C-order float array of that shape");
        }
        this.config = config;
        this.size = (int) reused.size(0);
        this.perImage = config.valuesPerImage();
        this.array = reused;
        this.buffer = reused.data().asNioFloat();
    }

    /** Normalises image {@code index}, given as HWC 0-255 values at the config's size, into the batch. */
    public void put(int index, float[] hwc) {
        checkIndex(index);
        float[] normalised = scratch();
        InputTensors.writeImage(hwc, config, normalised, 0);
        buffer.put(index * perImage, normalised); // absolute bulk put: safe for distinct images on several threads
    }

    /** As {@link #put(int, float[])} for unsigned HWC bytes (the data cache's form); the same values. */
    public void put(int index, byte[] hwc) {
        checkIndex(index);
        InputTensors.writeImage(hwc, config, buffer, index * perImage); // straight into the batch: no copy
    }

    /** The batch: shape {@link DataConfig#batchShape}({@code size}). */
    public INDArray array() {
        return array;
    }

    /** How many images the batch holds. */
    public int size() {
        return size;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("Image " + index + " of a batch of " + size);
        }
    }

    private float[] scratch() {
        float[] s = SCRATCH.get();
        if (s == null || s.length != perImage) {
            s = new float[perImage];
            SCRATCH.set(s);
        }
        return s;
    }
}
