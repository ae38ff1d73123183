package io.github.wbczoo.data;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A split folder of a dataset: BCCD's three ({@link #TRAIN}, {@link #TEST}, {@link #TEST_SIMPLE},
 * in the order they are listed and reported) or any other a lab's data has ({@code val},
 * {@code external}, ...). A folder named {@code train} or {@code training} (any case) is
 * {@link #TRAIN}, the one training and validation are drawn from; {@code test} is {@link #TEST}.
 *
 * <p>Usage: {@code BccdIterator test = dataset.iterator(Split.TEST, model.dataConfig(), 32);}
 */
public final class Split implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** BCCD: 9,957 augmented, balanced images; any dataset: the part training and validation are drawn from. */
    public static final Split TRAIN = new Split("TRAIN");
    /** BCCD: 2,487 augmented, balanced images, the usual test set. */
    public static final Split TEST = new Split("TEST");
    /** BCCD: 71 un-augmented originals with the natural class mix. */
    public static final Split TEST_SIMPLE = new Split("TEST_SIMPLE");

    private static final List<Split> BCCD = List.of(TRAIN, TEST, TEST_SIMPLE);

    private final String name;

    private Split(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** BCCD's three, in order. */
    public static List<Split> bccd() {
        return BCCD;
    }

    /**
     * The split a folder of this name is: {@link #TRAIN} for {@code train}/{@code training},
     * {@link #TEST} for {@code test}, {@link #TEST_SIMPLE} for {@code test_simple} (any case), else
     * a split of its own name.
     */
    public static Split named(String folderName) {
        String n = Objects.requireNonNull(folderName, "folderName").strip();
        if (n.isEmpty()) {
            throw new IllegalArgumentException("A split needs a name");
        }
        String upper = n.toUpperCase(Locale.ROOT).replace('-', '_');
        return switch (upper) {
            case "TRAIN", "TRAINING" -> TRAIN;
            case "TEST" -> TEST;
            case "TEST_SIMPLE" -> TEST_SIMPLE;
            default -> new Split(n);
        };
    }

    /** The name as reports show it, e.g. {@code TEST_SIMPLE} or {@code val}. */
    public String name() {
        return name;
    }

    /** The folder name on disk for BCCD's splits, e.g. {@code TEST_SIMPLE}. */
    public String folderName() {
        return name;
    }

    /** Parses one of BCCD's split names case-insensitively ({@code "test_simple"}); fails listing the valid names. */
    public static Split fromName(String name) {
        String wanted = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Split s : BCCD) {
            if (s.name.equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown split '" + name + "'; expected one of TRAIN, TEST, TEST_SIMPLE");
    }

    @Serial
    private Object readResolve() {
        return named(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Split s && s.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
