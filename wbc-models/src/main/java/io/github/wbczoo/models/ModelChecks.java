package io.github.wbczoo.models;

import io.github.wbczoo.core.ChannelLayout;
import io.github.wbczoo.core.DataConfig;

/**
 * Validation shared by the convolutional builders, with messages that name the model, the bad
 * setting and what would work.
 *
 * <p>Usage: {@code ModelChecks.requireMinimumSize(this, 32, "its five 2x2 poolings");} in a builder's {@code validate()}
 */
final class ModelChecks {
    private ModelChecks() {
    }

    /** DL4J convolutions here are built for channels-first batches. */
    static void requireNchw(ModelBuilder<?> builder) {
        ChannelLayout layout = builder.dataConfig().layout();
        if (layout != ChannelLayout.NCHW) {
            throw new IllegalArgumentException(builder.name() + " takes NCHW image batches, got layout " + layout);
        }
    }

    /** Both sides of the input must be at least {@code min} pixels; {@code why} says what needs them. */
    static void requireMinimumSize(ModelBuilder<?> builder, int min, String why) {
        DataConfig d = builder.dataConfig();
        if (d.height() < min || d.width() < min) {
            throw new IllegalArgumentException(builder.name() + ": input " + d.sizeLabel() + " (width x height) is too small; "
                    + why + " need at least " + min + "x" + min);
        }
    }

    /** A dropout rate: 0 (no dropout) or in (0, 1), as Keras' {@code Dropout(rate)}. */
    static void requireDropoutRate(ModelBuilder<?> builder, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(builder.name() + ": dropout rate must be in [0, 1) (0 = no dropout), got " + rate);
        }
    }
}
