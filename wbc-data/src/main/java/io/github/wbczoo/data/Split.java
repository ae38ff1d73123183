package io.github.wbczoo.data;

import java.util.Locale;

/**
 * The three image folders of the Kaggle BCCD set ({@code dataset2-master/images/TRAIN}, ...), in
 * the order they are listed and reported.
 *
 * <p>Usage: {@code BccdIterator test = dataset.iterator(Split.TEST, model.dataConfig(), 32);}
 */
public enum Split {
    /** 9,957 augmented, balanced images (validation is drawn from these). */
    TRAIN,
    /** 2,487 augmented, balanced images: the usual test set. */
    TEST,
    /** 71 un-augmented originals with the natural class mix. */
    TEST_SIMPLE;

    /** The folder name on disk, e.g. {@code TEST_SIMPLE}. */
    public String folderName() {
        return name();
    }

    /** Parses a split name case-insensitively ({@code "test_simple"}); fails listing the valid names. */
    public static Split fromName(String name) {
        String wanted = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Split s : values()) {
            if (s.name().equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown split '" + name + "'; expected one of TRAIN, TEST, TEST_SIMPLE");
    }
}
