package io.github.wbczoo.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Objects;

/**
 * How pixel values (0-255, RGB) become network inputs. Part of a model's {@link DataConfig}, so it
 * is saved with the model and applied again at prediction time.
 *
 * <p>Statistics-based kinds ({@link Kind#Z_SCORE}, {@link Kind#FEATUREWISE_CENTER}) start
 * unfitted; the data pipeline computes them on the training split only and stores them here.
 *
 * <p>Usage: {@code Normalization n = Normalization.zScore(); float v = n.fitted(mean, std).apply(128f, 0);}
 */
public final class Normalization {

    /** The kinds of normalisation the papers use. */
    public enum Kind {
        /** Raw pixel values 0-255 (Sarkar's U-net encoder). */
        RAW,
        /** Divide by 255, giving 0-1 (the Keras recipes). */
        DIVIDE_255,
        /** Per-channel (x - mean) / std with statistics of the training split (Chen & Zhu). */
        Z_SCORE,
        /** Keras {@code featurewise_center}: subtract the training split's per-channel mean, after dividing by 255. */
        FEATUREWISE_CENTER,
        /** Keras VGG16 {@code preprocess_input} ("caffe"): RGB to BGR, subtract the ImageNet BGR means, no scaling. */
        IMAGENET
    }

    /** ImageNet channel means in BGR order, as Keras' VGG16 preprocessing uses them. */
    static final float[] IMAGENET_BGR_MEAN = {103.939f, 116.779f, 123.68f};

    private final Kind kind;
    private final float[] mean;
    private final float[] std;
    /** {@link #apply} of every byte value, by channel, made on first use (not part of the JSON or equality). */
    private volatile float[][] byteTables = new float[0][];

    @JsonCreator
    private Normalization(@JsonProperty("kind") Kind kind,
                          @JsonProperty("mean") float[] mean,
                          @JsonProperty("std") float[] std) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.mean = mean == null ? null : mean.clone();
        this.std = std == null ? null : std.clone();
        if (std != null) {
            for (float s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("Standard deviations must be positive, got " + Arrays.toString(std));
                }
            }
        }
        if (mean != null && std != null && mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " channels but std has " + std.length);
        }
    }

    public static Normalization raw() {
        return new Normalization(Kind.RAW, null, null);
    }

    public static Normalization divideBy255() {
        return new Normalization(Kind.DIVIDE_255, null, null);
    }

    /** Per-channel z-score whose statistics the data pipeline fills in from the training split. */
    public static Normalization zScore() {
        return new Normalization(Kind.Z_SCORE, null, null);
    }

    /** Per-channel z-score with known statistics, on the 0-255 scale. */
    public static Normalization zScore(float[] mean, float[] std) {
        return new Normalization(Kind.Z_SCORE, Objects.requireNonNull(mean, "mean"), Objects.requireNonNull(std, "std"));
    }

    /** Keras featurewise centering whose mean the data pipeline fills in from the training split. */
    public static Normalization featurewiseCenter() {
        return new Normalization(Kind.FEATUREWISE_CENTER, null, null);
    }

    /** Keras featurewise centering with a known per-channel mean on the 0-1 scale. */
    public static Normalization featurewiseCenter(float[] mean) {
        return new Normalization(Kind.FEATUREWISE_CENTER, Objects.requireNonNull(mean, "mean"), null);
    }

    public static Normalization imagenet() {
        return new Normalization(Kind.IMAGENET, null, null);
    }

    @JsonProperty("kind")
    public Kind kind() {
        return kind;
    }

    /** Per-channel means (0-255 scale for z-score, 0-1 scale for centering), or null when not fitted or not used. */
    @JsonProperty("mean")
    public float[] mean() {
        return mean == null ? null : mean.clone();
    }

    /** Per-channel standard deviations on the 0-255 scale (z-score only), or null. */
    @JsonProperty("std")
    public float[] std() {
        return std == null ? null : std.clone();
    }

    /** Whether this normalisation needs statistics of the training split. */
    @JsonIgnore
    public boolean needsStatistics() {
        return kind == Kind.Z_SCORE || kind == Kind.FEATUREWISE_CENTER;
    }

    /** Whether it can be applied: either it needs no statistics or they are set. */
    @JsonIgnore
    public boolean isFitted() {
        return switch (kind) {
            case Z_SCORE -> mean != null && std != null;
            case FEATUREWISE_CENTER -> mean != null;
            default -> true;
        };
    }

    /** The same kind without statistics, to fit them again on other training images (kinds that need none: itself). */
    public Normalization unfitted() {
        return switch (kind) {
            case Z_SCORE -> zScore();
            case FEATUREWISE_CENTER -> featurewiseCenter();
            default -> this;
        };
    }

    /**
     * This normalisation with statistics from per-channel means and standard deviations of the
     * training pixels on the 0-255 scale. Kinds that need no statistics return themselves.
     */
    public Normalization fitted(float[] channelMean255, float[] channelStd255) {
        return switch (kind) {
            case Z_SCORE -> zScore(channelMean255, channelStd255);
            case FEATUREWISE_CENTER -> {
                float[] m = new float[channelMean255.length];
                for (int c = 0; c < m.length; c++) {
                    m[c] = channelMean255[c] / 255f;
                }
                yield featurewiseCenter(m);
            }
            default -> this;
        };
    }

    /**
     * Normalises one pixel value in 0-255 of RGB channel {@code channel}. For {@link Kind#IMAGENET}
     * the result belongs at BGR position {@link #outputChannel(int, int)}.
     */
    public float apply(float value, int channel) {
        return switch (kind) {
            case RAW -> value;
            case DIVIDE_255 -> value / 255f;
            case Z_SCORE -> (value - requireFitted(mean)[channel]) / std[channel];
            case FEATUREWISE_CENTER -> value / 255f - requireFitted(mean)[channel];
            case IMAGENET -> value - IMAGENET_BGR_MEAN[2 - channel];
        };
    }

    /**
     * {@link #apply} to every value of channel {@code channel} of an HWC image, written to
     * {@code out[outOffset + p * outStride]} for pixel {@code p}: the same arithmetic, with the
     * choice of kind and the channel's statistics taken once per channel instead of once per value
     * (this loop runs for every pixel of every batch in training, evaluation and prediction).
     */
    void applyChannel(float[] hwc, int channel, int channels, float[] out, int outOffset, int outStride) {
        int pixels = hwc.length / channels;
        int o = outOffset;
        switch (kind) {
            case RAW -> {
                for (int p = 0, i = channel; p < pixels; p++, i += channels, o += outStride) {
                    out[o] = hwc[i];
                }
            }
            case DIVIDE_255 -> {
                for (int p = 0, i = channel; p < pixels; p++, i += channels, o += outStride) {
                    out[o] = hwc[i] / 255f;
                }
            }
            case Z_SCORE -> {
                float m = requireFitted(mean)[channel];
                float s = std[channel];
                for (int p = 0, i = channel; p < pixels; p++, i += channels, o += outStride) {
                    out[o] = (hwc[i] - m) / s;
                }
            }
            case FEATUREWISE_CENTER -> {
                float m = requireFitted(mean)[channel];
                for (int p = 0, i = channel; p < pixels; p++, i += channels, o += outStride) {
                    out[o] = hwc[i] / 255f - m;
                }
            }
            case IMAGENET -> {
                float m = IMAGENET_BGR_MEAN[2 - channel];
                for (int p = 0, i = channel; p < pixels; p++, i += channels, o += outStride) {
                    out[o] = hwc[i] - m;
                }
            }
        }
    }

    /**
     * {@link #applyChannel(float[], int, int, float[], int, int)} for unsigned bytes (the data cache's
     * form): a byte has 256 values, so each is normalised once by {@link #apply} into a table and the
     * pixels are looked up, bit for bit what the float path gives, without a float copy of the image.
     * Written through a buffer so a batch can be filled in ND4J's off-heap memory directly (measured 4.6
     * against 8.2 ms for 32 images at 320x240 through a Java array and a bulk copy).
     */
    void applyChannel(byte[] hwc, int channel, int channels, java.nio.FloatBuffer out, int outOffset, int outStride) {
        float[] table = byteTable(channel);
        int pixels = hwc.length / channels;
        for (int p = 0, i = channel, o = outOffset; p < pixels; p++, i += channels, o += outStride) {
            out.put(o, table[hwc[i] & 0xFF]);
        }
    }

    /** The channel's 256 normalised byte values, made once per normalisation instead of once per image. */
    private float[] byteTable(int channel) {
        float[][] tables = byteTables;
        if (channel < tables.length) {
            return tables[channel];
        }
        float[][] grown = Arrays.copyOf(tables, channel + 1);
        for (int ch = tables.length; ch <= channel; ch++) {
            grown[ch] = new float[256];
            for (int v = 0; v < 256; v++) {
                grown[ch][v] = apply(v, ch);
            }
        }
        byteTables = grown; // a race only makes the same tables twice
        return grown[channel];
    }

    /** Where RGB channel {@code channel} goes in the network input: swapped to BGR for {@link Kind#IMAGENET}. */
    public int outputChannel(int channel, int channels) {
        return kind == Kind.IMAGENET && channels == 3 ? 2 - channel : channel;
    }

    private float[] requireFitted(float[] stats) {
        if (stats == null) {
            throw new IllegalStateException(kind + " normalisation has no statistics yet: compute them on the"
                    + " training split first (the data pipeline does this when a model is fitted)");
        }
        return stats;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && kind == n.kind && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(mean), Arrays.hashCode(std));
    }

    @Override
    public String toString() {
        String s = kind.name().toLowerCase(java.util.Locale.ROOT);
        if (mean != null) {
            s += " mean=" + Arrays.toString(mean);
        }
        if (std != null) {
            s += " std=" + Arrays.toString(std);
        }
        return s;
    }
}
