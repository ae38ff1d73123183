package io.github.wbczoo.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-channel loops that build every input batch give bit for bit what {@link Normalization#apply}
 * gives value by value, for every kind and layout, and the bulk copy into ND4J equals ND4J's own.
 */
class NormalizationLoopTest {
    private static final List<Normalization> ALL = List.of(Normalization.raw(), Normalization.divideBy255(),
            Normalization.zScore(new float[] {120.5f, 99f, 180.25f}, new float[] {30f, 41.5f, 12f}),
            Normalization.featurewiseCenter(new float[] {0.4f, 0.5f, 0.6f}), Normalization.imagenet());

    @Test
    void channelLoopsEqualValueByValueInEveryLayout() {
        SplittableRandom r = new SplittableRandom(3);
        int h = 5;
        int w = 7;
        float[] hwc = new float[h * w * 3];
        for (int i = 0; i < hwc.length; i++) {
            hwc[i] = r.nextInt(256);
        }
        for (Normalization n : ALL) {
            for (ChannelLayout layout : List.of(ChannelLayout.NCHW, ChannelLayout.NHWC, ChannelLayout.FLAT)) {
                DataConfig config = new DataConfig(h, w, 3, layout, n);
                float[] out = new float[hwc.length + 4];
                InputTensors.writeImage(hwc, config, out, 4);
                for (int p = 0; p < h * w; p++) {
                    for (int ch = 0; ch < 3; ch++) {
                        int oc = n.outputChannel(ch, 3);
                        int at = 4 + (layout == ChannelLayout.NCHW ? oc * h * w + p : p * 3 + oc);
                        assertThat(Float.floatToIntBits(out[at])).as("%s %s pixel %d channel %d", n, layout, p, ch)
                                .isEqualTo(Float.floatToIntBits(n.apply(hwc[p * 3 + ch], ch)));
                    }
                }
            }
        }
    }

    @Test
    void bytePathEqualsFloatPathForEveryValueKindAndLayout() {
        int h = 16;
        int w = 16;
        byte[] bytes = new byte[h * w * 3];
        float[] floats = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            int v = (i * 7 + i / 3) % 256; // every value 0-255 in every channel
            bytes[i] = (byte) v;
            floats[i] = v;
        }
        for (Normalization n : ALL) {
            for (ChannelLayout layout : List.of(ChannelLayout.NCHW, ChannelLayout.NHWC, ChannelLayout.FLAT)) {
                DataConfig config = new DataConfig(h, w, 3, layout, n);
                float[] fromFloats = new float[bytes.length + 2];
                float[] fromBytes = new float[bytes.length + 2];
                InputTensors.writeImage(floats, config, fromFloats, 2);
                InputTensors.writeImage(bytes, config, fromBytes, 2);
                for (int i = 0; i < fromFloats.length; i++) {
                    assertThat(Float.floatToIntBits(fromBytes[i])).as("%s %s value %d", n, layout, i)
                            .isEqualTo(Float.floatToIntBits(fromFloats[i]));
                }
            }
        }
        DataConfig config = new DataConfig(h, w, 3, ChannelLayout.NCHW, Normalization.raw());
        assertThatThrownBy(() -> InputTensors.writeImage(new byte[5], config, new float[768], 0))
                .hasMessage("Image has 5 values but the model expects 16x16x3 = 768; resize it to 16x16 first");
    }

    @Test
    void bulkCopyEqualsNd4jsOwnCreate() {
        float[] v = {1.5f, -2f, 3.25f, 4f, 5f, 6f};
        assertThat(InputTensors.floatArray(v, new long[] {2, 3})).isEqualTo(Nd4j.create(v, new long[] {2, 3}, 'c'));
        assertThatThrownBy(() -> InputTensors.floatArray(v, new long[] {2, 2}))
                .hasMessage("6 values do not fill shape [2, 2]");
    }
}
