package io.github.wbczoo.core;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The four white blood cell types, in the order every model's output uses.
 *
 * <p>Usage: {@code WbcClass c = WbcClass.fromName("monocyte"); int column = c.index();}
 */
public enum WbcClass {
    EOSINOPHIL,
    LYMPHOCYTE,
    MONOCYTE,
    NEUTROPHIL;

    /** Number of classes; the width of every model's output. */
    public static final int COUNT = values().length;

    /** Column of this class in a model's output and in one-hot labels. */
    public int index() {
        return ordinal();
    }

    /** The class at an output column. */
    public static WbcClass ofIndex(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("Class index " + index + " is out of range 0.." + (COUNT - 1));
        }
        return values()[index];
    }

    /** Parses a class name case-insensitively ({@code "Monocyte"}, {@code "MONOCYTE"}); fails listing the valid names. */
    public static WbcClass fromName(String name) {
        String wanted = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (WbcClass c : values()) {
            if (c.name().equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown white blood cell class '" + name + "'; expected one of "
                + names().stream().collect(Collectors.joining(", ")));
    }

    /** The class names in output order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
