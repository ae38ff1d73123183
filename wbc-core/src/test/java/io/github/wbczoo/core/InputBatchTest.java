package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A batch filled image by image straight into ND4J's buffer holds exactly what the one-array path
 * ({@link InputTensors#writeImage} into a Java array, then one copy) gives, from floats or bytes, from
 * several threads, and in a reused array; a reused array of the wrong shape is refused.
 */
class InputBatchTest {
    private static final DataConfig CONFIG = new DataConfig(6, 5, 3, ChannelLayout.NCHW,
            Normalization.zScore(new float[] {120.5f, 99f, 180.25f}, new float[] {30f, 41.5f, 12f}));

    @Test
    void imagesPutFromSeveralThreadsEqualTheOneArrayPath() {
        int n = 9;
        List<byte[]> images = images(n, 1);
        float[] expected = new float[n * CONFIG.valuesPerImage()];
        for (int i = 0; i < n; i++) {
            InputTensors.writeImage(images.get(i), CONFIG, expected, i * CONFIG.valuesPerImage());
        }
        InputBatch batch = new InputBatch(CONFIG, n);
        IntStream.range(0, n).parallel().forEach(i -> batch.put(i, images.get(i)));
        assertThat(batch.array().shape()).containsExactly(9, 3, 6, 5);
        assertThat(batch.array().data().asFloat()).containsExactly(expected);

        InputBatch fromFloats = new InputBatch(CONFIG, n);
        for (int i = 0; i < n; i++) {
            fromFloats.put(i, toFloats(images.get(i)));
        }
        assertThat(fromFloats.array()).isEqualTo(batch.array());
    }

    @Test
    void reusedArrayIsOverwrittenCompletely() {
        INDArray old = Nd4j.valueArrayOf(CONFIG.batchShape(2), Float.NaN, DataType.FLOAT);
        List<byte[]> images = images(2, 2);
        InputBatch reused = new InputBatch(CONFIG, old);
        InputBatch fresh = new InputBatch(CONFIG, 2);
        for (int i = 0; i < 2; i++) {
            reused.put(i, images.get(i));
            fresh.put(i, images.get(i));
        }
        assertThat(reused.array()).isSameAs(old).isEqualTo(fresh.array());
    }

    @Test
    void refusesArraysItCannotFill() {
        assertThatThrownBy(() -> new InputBatch(CONFIG, Nd4j.create(DataType.FLOAT, 2, 3, 6, 4)))
                .hasMessage("Cannot reuse a FLOAT array of shape [2, 3, 6, 4] for a batch of shape [2, 3, 6, 5]:"
                        + " it must be a whole C-order float array of that shape");
        assertThatThrownBy(() -> new InputBatch(CONFIG, Nd4j.create(DataType.DOUBLE, 2, 3, 6, 5)))
                .hasMessageStartingWith("Cannot reuse a DOUBLE array");
        INDArray view = Nd4j.create(DataType.FLOAT, 4, 3, 6, 5).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
        assertThatThrownBy(() -> new InputBatch(CONFIG, view)).hasMessageStartingWith("Cannot reuse a FLOAT array of shape [2, 3, 6, 5]");
        assertThatThrownBy(() -> new InputBatch(CONFIG, 0)).hasMessage("A batch needs at least one image, got 0");
        assertThatThrownBy(() -> new InputBatch(CONFIG, 2).put(2, new byte[90])).hasMessage("Image 2 of a batch of 2");
        assertThatThrownBy(() -> new InputBatch(CONFIG, 2).put(0, new byte[89]))
                .hasMessage("Image has 89 values but the model expects 6x5x3 = 90; resize it to 5x6 first");
    }

    private static List<byte[]> images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[CONFIG.valuesPerImage()];
            for (int k = 0; k < b.length; k++) {
                b[k] = (byte) r.nextInt(256);
            }
            out.add(b);
        }
        return out;
    }

    private static float[] toFloats(byte[] b) {
        float[] f = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            f[i] = b[i] & 0xFF;
        }
        return f;
    }
}
