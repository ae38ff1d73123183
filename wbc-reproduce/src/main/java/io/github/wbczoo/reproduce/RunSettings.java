package io.github.wbczoo.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a reproduction run changes from the papers' recipes: epochs and images per class (to
 * shorten it), the seed, ImageNet weights for the VGG16 models, and the bootstrap resamples.
 *
 * <p>Usage: {@code new RunSettings(2, 100, null, 42, null, 1000)} (2 epochs, 100 training images per class)
 *
 * @param epochs            epochs for every experiment, or null for each recipe's
 * @param limitPerClass     training images per class, or null (or 0) for all
 * @param testLimitPerClass test images per class of each test split, or null (or 0) for all; for smoke
 *                          tests only, as the figures then rest on a few images
 * @param seed              seed of initialisation, split, shuffling, augmentation and bootstrap
 * @param vgg16Weights      Keras or DL4J VGG16 ImageNet weights for the VGG16 experiments, or null
 * @param resamples         bootstrap resamples per interval
 */
public record RunSettings(Integer epochs, Integer limitPerClass, Integer testLimitPerClass, long seed, Path vgg16Weights,
                          int resamples) {

    public RunSettings {
        if (epochs != null && epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (limitPerClass != null && limitPerClass < 0) {
            throw new IllegalArgumentException("--limit-per-class must be 0 (all) or positive, got " + limitPerClass);
        }
        if (testLimitPerClass != null && testLimitPerClass < 0) {
            throw new IllegalArgumentException("--test-limit-per-class must be 0 (all) or positive, got " + testLimitPerClass);
        }
        if (resamples < 2) {
            throw new IllegalArgumentException("--resamples must be at least 2, got " + resamples);
        }
    }

    /** Whether the run is shorter than the papers' recipes. */
    public boolean shortened() {
        return epochs != null || positive(limitPerClass) || positive(testLimitPerClass);
    }

    /** What shortens it, e.g. {@code --epochs 2, --limit-per-class 100}. */
    public String shortening() {
        List<String> parts = new ArrayList<>();
        if (epochs != null) {
            parts.add("--epochs " + epochs);
        }
        if (positive(limitPerClass)) {
            parts.add("--limit-per-class " + limitPerClass);
        }
        if (positive(testLimitPerClass)) {
            parts.add("--test-limit-per-class " + testLimitPerClass);
        }
        return String.join(", ", parts);
    }

    /** One line for the table, e.g. {@code epochs: each recipe's; training images: all; test images: all; seed 42}. */
    public String describe() {
        return String.format(Locale.ROOT, "epochs: %s; training images: %s; test images: %s; seed %d%s",
                epochs == null ? "each recipe's" : epochs.toString(),
                positive(limitPerClass) ? "at most " + limitPerClass + " per class" : "all",
                positive(testLimitPerClass) ? "at most " + testLimitPerClass + " per class" : "all", seed,
                vgg16Weights == null ? "" : "; VGG16 weights " + vgg16Weights.getFileName());
    }

    private static boolean positive(Integer n) {
        return n != null && n > 0;
    }
}
